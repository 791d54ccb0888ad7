// A mixed batch (seeds, corpus PDFs and DOCX, cycled to BENCH_BATCH_DOCS documents) through the
// extraction processes the job handler uses (src/extractor/pool.ts): resident memory of the
// extraction process after each document (peak per format, and the curve over the batch: it must
// stay flat), and the batch's wall time with one process against two (what `extract -c 2` and two
// queue workers get from a second core).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { qualityReport } from '../pipelines/quality-report.ts';
import { ExtractorPool } from '../src/extractor/pool.ts';
import { formatOf } from '../src/load/index.ts';
import { table } from './stats.ts';

const CORPUS = fileURLToPath(new URL('../../shared/corpus/', import.meta.url));
const DOCS = Number(process.env.BENCH_BATCH_DOCS ?? 100);

function batch(): Array<{ name: string; bytes: Buffer }> {
  const files: string[] = [];
  for (const dir of ['seeds', 'external']) {
    for (const f of readdirSync(CORPUS + dir).sort()) if (formatOf(f) && !f.endsWith('.md')) files.push(`${CORPUS}${dir}/${f}`);
  }
  return Array.from({ length: DOCS }, (_, i) => {
    const f = files[i % files.length]!;
    return { name: f.slice(f.lastIndexOf('/') + 1), bytes: readFileSync(f) };
  });
}

/** Runs the batch with `slots` extractions at a time; RSS (MB) of the process that extracted each document, in batch order. */
async function run(docs: ReturnType<typeof batch>, slots: number): Promise<{ seconds: number; rss: number[]; formats: string[] }> {
  // Nothing recycled during the measurement: the curve shows what one process does over the batch.
  const pool = new ExtractorPool({ recycleRssMb: Infinity });
  const rss: number[] = new Array(docs.length);
  let next = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: slots }, async () => {
    for (let i = next++; i < docs.length; i = next++) {
      const d = docs[i]!;
      await pool.extract(d.bytes, d.name, `doc${i}`, qualityReport);
      rss[i] = pool.lastRssMb;
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  await pool.close();
  return { seconds, rss, formats: docs.map((d) => formatOf(d.name)!) };
}

export async function benchBatch(): Promise<void> {
  const docs = batch();
  // Start-up (module loading, the first dictionary load) is paid once per process and not timed.
  const one = await run(docs, 1);
  const two = await run(docs, 2);

  const byFormat = new Map<string, number>();
  one.rss.forEach((mb, i) => byFormat.set(one.formats[i]!, Math.max(byFormat.get(one.formats[i]!) ?? 0, mb)));
  console.log(`\n## Memory over a batch of ${DOCS} documents (resident MB of the extraction process after each document, one process)\n`);
  console.log(table(['format', 'peak RSS MB'], [...byFormat].map(([f, mb]) => [f, mb.toFixed(0)])));
  const marks = [1, 10, 25, 50, 75, 100].filter((n) => n <= DOCS);
  console.log(`\nRSS after document n: ${marks.map((n) => `${n}: ${one.rss[n - 1]!.toFixed(0)}`).join(', ')} (peak ${Math.max(...one.rss).toFixed(0)} MB; parent process ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MB)`);

  console.log(`\n## Batch throughput, ${DOCS} documents (wall time; the machine is shared, so read the ratio)\n`);
  console.log(table(['extraction processes', 'seconds', 'docs/s', 'vs one'], [
    ['1 (-c 1)', one.seconds.toFixed(1), (DOCS / one.seconds).toFixed(2), '1.00'],
    ['2 (-c 2)', two.seconds.toFixed(1), (DOCS / two.seconds).toFixed(2), (one.seconds / two.seconds).toFixed(2)],
  ]));
}
