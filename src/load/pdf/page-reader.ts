// A thread that reads pages of long PDFs (see parallel.ts), one document after another: for each it
// opens its own copy, reads the pages it claims from the shared counter and sends back each page's
// facts, or the error that page gave. The loader's thread does everything that needs more than one
// page. Kept between documents, so that pdfjs' code stays compiled.
import { parentPort } from 'node:worker_threads';
import { openPdf } from './document.ts';
import { pageError, readClaimedPages, threadCpuMs, type ReaderJob, type ReaderMessage } from './parallel.ts';

const send = (m: ReaderMessage) => parentPort!.postMessage(m);

async function read({ job, bytes, claims, perClaim }: ReaderJob): Promise<void> {
  const cpu0 = threadCpuMs();
  try {
    const doc = await openPdf(bytes);
    try {
      await readClaimedPages(doc, claims, perClaim, (m) => {
        if ('error' in m) return send({ job, page: m.page, error: m.error });
        const now = threadCpuMs();
        send({ job, page: m.page, facts: m.facts, cpuMs: now === null || cpu0 === null ? null : now - cpu0 });
      });
    } finally {
      await doc.destroy();
    }
    send({ job, done: true });
  } catch (e) {
    send({ job, failed: pageError(e) });
  }
}

// One document at a time: the loader hands a thread its next only after its `done`.
parentPort!.on('message', (job: ReaderJob) => void read(job));
