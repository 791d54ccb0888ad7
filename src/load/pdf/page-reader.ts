// A thread that reads pages of a long PDF (see parallel.ts): it opens its own copy of the document,
// reads the pages it claims from the shared counter and sends back each page's facts, or the error
// that page gave. The loader's thread does everything that needs more than one page.
import { parentPort, workerData } from 'node:worker_threads';
import { openPdf } from './document.ts';
import { pageError, readClaimedPages, threadCpuMs, type ReaderData, type ReaderMessage } from './parallel.ts';

const { bytes, claims, perClaim } = workerData as ReaderData;
const send = (m: ReaderMessage) => parentPort!.postMessage(m);

try {
  const doc = await openPdf(bytes);
  let pages = 0;
  try {
    pages = await readClaimedPages(doc, claims, perClaim, send);
  } finally {
    await doc.destroy();
  }
  send({ done: { pages, cpuMs: threadCpuMs() } });
} catch (e) {
  send({ failed: pageError(e) });
}
