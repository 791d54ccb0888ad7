// Reading a PDF's pages on several threads must change nothing: for every PDF of the shared corpus
// (external and cases), the loaded document (blocks, text, warnings) read page by page is compared
// byte for byte with the same read on 2 and 3 threads, and with every page read off the loader's
// thread (so each page crosses threads); for PDFs long enough to be read in parallel by default,
// the records of the whole pipeline too. Exits 1 on any difference.
//   tsx scripts/pdf-threads-check.ts            (CORPUS=/path/to/corpus to read another copy)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { qualityReport } from '../pipelines/quality-report.ts';
import { layout, loadPdf } from '../src/load/pdf.ts';
import { openPdf } from '../src/load/pdf/document.ts';
import type { PageFacts } from '../src/load/pdf/page.ts';
import { PARALLEL_MIN_PAGES, PDF_THREADS_ENV, readPagesInParallel } from '../src/load/pdf/parallel.ts';
import { extractBuffer } from '../src/pipeline.ts';

const CORPUS = process.env.CORPUS ?? fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const files = ['external', 'cases'].flatMap((dir) =>
  readdirSync(path.join(CORPUS, dir))
    .filter((f) => f.endsWith('.pdf'))
    .sort()
    .map((f) => path.join(CORPUS, dir, f)),
);

/** The document with every page read on other threads, laid out here. */
async function offThread(buf: Buffer): Promise<string> {
  const doc = await openPdf(new Uint8Array(buf));
  try {
    const read = await readPagesInParallel(doc, buf, 2, { readHere: false });
    const failed = read.find((r) => !r || r instanceof Error);
    if (failed !== undefined) return `error: ${failed instanceof Error ? failed.message : 'a page was not read'}`;
    return JSON.stringify(layout(read as PageFacts[]));
  } finally {
    await doc.destroy();
  }
}

async function records(buf: Buffer, name: string, threads: string): Promise<string> {
  process.env[PDF_THREADS_ENV] = threads;
  const r = await extractBuffer(buf, name, 'check', qualityReport);
  return r.records.map((x) => JSON.stringify(x)).join('\n');
}

let differ = 0;
const yes = (same: boolean) => {
  if (!same) differ++;
  return same ? 'same' : 'DIFFERENT';
};
console.log(['file', 'pages', '2 threads', '3 threads', 'all off-thread', 'records (2 threads)'].join('\t'));
for (const file of files) {
  const buf = readFileSync(file);
  const one = await loadPdf(buf, { threads: 1 });
  const ref = JSON.stringify(one);
  const two = JSON.stringify(await loadPdf(buf, { threads: 2 }));
  const three = JSON.stringify(await loadPdf(buf, { threads: 3 }));
  const off = await offThread(buf);
  let rec = `— (under ${PARALLEL_MIN_PAGES} pages)`;
  if ((one.pageCount ?? 0) >= PARALLEL_MIN_PAGES) rec = yes((await records(buf, path.basename(file), '1')) === (await records(buf, path.basename(file), '2')));
  console.log([path.relative(CORPUS, file), one.pageCount, yes(two === ref), yes(three === ref), yes(off === ref), rec].join('\t'));
}
console.log(differ === 0 ? `\nall ${files.length} PDFs: identical` : `\n${differ} differences`);
process.exit(differ === 0 ? 0 : 1);
