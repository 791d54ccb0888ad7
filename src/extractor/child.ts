// The process one document's extraction runs in (see pool.ts): it takes one request at a time
// from its parent over IPC, extracts, and answers with the result and its resident memory. The
// parent may kill it at any moment; it exits by itself when the parent goes away.
import { readFileSync } from 'node:fs';
import { recordOutlines, recordsJson } from '../output/extraction.ts';
import { extractBuffer } from '../pipeline.ts';
import { grantPdfThreads } from '../load/pdf/threads.ts';
import { onDocumentProgress } from './progress.ts';
import type { ChildReply, ChildRequest } from './pool.ts';

const send = (m: ChildReply) => process.send!(m);

/** The most resident memory this process has held (VmHWM, Linux); the current figure where that cannot be read. */
function peakResidentMb(): number {
  try {
    const kb = /VmHWM:\s+(\d+)/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) / 1024;
  } catch {
    // not Linux
  }
  return process.memoryUsage.rss() / 2 ** 20;
}

process.on('message', (m: ChildRequest) => {
  void (async () => {
    try {
      onDocumentProgress((p) => send({ id: m.id, progress: p }));
      // One document at a time here: this document's share of the cores.
      grantPdfThreads(m.pdfThreads);
      const bytes = Buffer.from(m.bytes.buffer, m.bytes.byteOffset, m.bytes.byteLength);
      const result = await extractBuffer(bytes, m.sourcePath, m.docId, m.pipeline);
      // Serialized here, where documents are extracted in parallel, rather than in the parent that
      // writes them all: the parent reuses these strings for every output (src/output/extraction.ts).
      // The records go as JSON only (with the outline the outputs read), never also as objects.
      const { records: _records, ...rest } = result;
      send({ id: m.id, result: rest, json: recordsJson(result), outline: recordOutlines(result), rssMb: process.memoryUsage.rss() / 2 ** 20, peakRssMb: peakResidentMb() });
    } catch (e) {
      // extractBuffer turns a bad document into a result; only a fault of this process lands here.
      send({ id: m.id, crash: (e as Error).stack ?? String(e) });
    } finally {
      onDocumentProgress(null);
    }
  })();
});
process.on('disconnect', () => process.exit(0));
send({ ready: true });
