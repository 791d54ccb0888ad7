// A mixed batch (seeds, corpus PDFs and DOCX, cycled to BENCH_BATCH_DOCS documents) through the
// extraction processes the job handler uses (src/extractor/pool.ts), compiled as an install runs
// them (dist/, see dist.ts): resident memory of the extraction process after each document and the
// most it ever held (peak per format, and the curve over the batch: it must stay flat), and the
// batch's wall time with one process against two (what `extract -c 2` and two queue workers get
// from a second core).
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import path from 'node:path';
import { formatOf } from '../src/load/index.ts';
import { PDF_THREADS_ENV } from '../src/load/pdf/threads.ts';
import type { ExtractorPool } from '../src/extractor/pool.ts';
import type { PipelineDef } from '../src/pipeline.ts';
import { ensureDist, ROOT } from './dist.ts';
import { loadAverage, measureLoaded, table, withEnv, type LoadedRun } from './stats.ts';

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

interface Compiled {
  Pool: new (opts: { recycleRssMb: number }) => ExtractorPool;
  pipeline: PipelineDef;
}

async function compiled(): Promise<Compiled> {
  ensureDist('batch');
  const dist = (p: string) => pathToFileURL(path.join(ROOT, 'dist', p)).href;
  const { ExtractorPool: Pool } = (await import(dist('src/extractor/pool.js'))) as { ExtractorPool: Compiled['Pool'] };
  const { qualityReport } = (await import(dist('pipelines/quality-report.js'))) as { qualityReport: PipelineDef };
  return { Pool, pipeline: qualityReport };
}

interface BatchRun extends LoadedRun { rss: number[]; peak: number[]; formats: string[]; failed: number; load: string }

/** Runs the batch with `slots` extractions at a time; resident MB of the process that extracted each document after it, and its high-water mark, in batch order. */
async function run(c: Compiled, docs: ReturnType<typeof batch>, slots: number): Promise<BatchRun> {
  // Nothing recycled during the measurement: the curve shows what one process does over the batch.
  const pool = new c.Pool({ recycleRssMb: Infinity });
  const rss: number[] = new Array(docs.length);
  const peak: number[] = new Array(docs.length);
  let failed = 0;
  // Every extraction process started and warmed on the smallest document of each format before
  // the clock starts: start-up (module loading, pdfjs, mammoth, the word segmenter's dictionary)
  // is paid once per process in a long batch, not per document, and would otherwise weigh twice
  // as much with two processes as with one.
  for (const f of [...new Set(docs.map((d) => formatOf(d.name)))]) {
    const warm = docs.filter((d) => formatOf(d.name) === f).sort((a, b) => a.bytes.length - b.bytes.length)[0]!;
    await Promise.all(Array.from({ length: slots }, (_, k) => pool.extract(warm.bytes, warm.name, `warm${k}`, c.pipeline)));
  }
  let next = 0;
  const load = loadAverage();
  const m = await measureLoaded(() => Promise.all(Array.from({ length: slots }, async () => {
    for (let i = next++; i < docs.length; i = next++) {
      const d = docs[i]!;
      const r = await pool.extract(d.bytes, d.name, `doc${i}`, c.pipeline);
      if (r.status !== 'ok') failed++;
      rss[i] = pool.lastRssMb;
      peak[i] = pool.lastPeakRssMb;
    }
  })));
  await pool.close();
  return { ...m, rss, peak, formats: docs.map((d) => formatOf(d.name)!), failed, load };
}

export async function benchBatch(): Promise<void> {
  const docs = batch();
  const c = await compiled();
  // Start-up (module loading, the first dictionary load) is paid once per process and not timed.
  const one = await run(c, docs, 1);
  const two = await run(c, docs, 2);
  // One process that reads every PDF on one thread: what a second process adds to a single core,
  // apart from the second core a `-c 1` process already takes for long PDFs (src/load/pdf/threads.ts).
  const single = await withEnv(PDF_THREADS_ENV, '1', () => run(c, docs, 1));

  // The high-water mark is the process's, so a rise is charged to the document during which it happened.
  const byFormat = new Map<string, { after: number; peak: number }>();
  one.rss.forEach((mb, i) => {
    const f = one.formats[i]!;
    const e = byFormat.get(f) ?? { after: 0, peak: 0 };
    e.after = Math.max(e.after, mb);
    if (i === 0 || one.peak[i]! > one.peak[i - 1]!) e.peak = Math.max(e.peak, one.peak[i]!);
    byFormat.set(f, e);
  });
  console.log(`\n## Memory over a batch of ${DOCS} documents (resident MB of one extraction process, dist/)\n`);
  console.log(table(['format', 'documents', 'most after a document', 'high-water mark reached during one'], [...byFormat].map(([f, e]) => [f, String(one.formats.filter((x) => x === f).length), e.after.toFixed(0), e.peak ? e.peak.toFixed(0) : '—'])));
  const marks = [1, 10, 25, 50, 75, 100].filter((n) => n <= DOCS);
  console.log(`\nAfter document n (resident / high-water mark): ${marks.map((n) => `${n}: ${one.rss[n - 1]!.toFixed(0)}/${one.peak[n - 1]!.toFixed(0)}`).join(', ')} MB (parent process ${(process.memoryUsage.rss() / 2 ** 20).toFixed(0)} MB)`);

  console.log(`\n## Batch throughput, ${DOCS} documents (wall time of the batch after every extraction process has started; own CPU = this process and its extraction processes; other work = mean cores busy with the rest of the machine meanwhile)\n`);
  const row = (label: string, r: BatchRun, ratio: string) => [label, r.wallS.toFixed(1), (DOCS / r.wallS).toFixed(2), ratio, r.ownCpuS.toFixed(1), (r.ownCpuS / r.wallS).toFixed(2), r.otherCores.toFixed(2), r.load, String(r.failed), Math.max(...r.peak).toFixed(0)];
  console.log(table(['extraction processes', 'seconds', 'docs/s', 'vs one', 'own CPU s', 'cores used', 'other work, cores', 'load average at start', 'failed', 'peak MB per process'], [
    row('1 (-c 1)', one, '1.00'),
    row('2 (-c 2)', two, (one.wallS / two.wallS).toFixed(2)),
    row(`1, each PDF on one thread (${PDF_THREADS_ENV}=1)`, single, (one.wallS / single.wallS).toFixed(2)),
  ]));
  console.log(`\nTwo processes against one that reads each PDF on one thread: ${(single.wallS / two.wallS).toFixed(2)}× (its peak ${Math.max(...single.peak).toFixed(0)} MB; a \`-c 1\` process reading long PDFs on a second core uses ${(one.ownCpuS / one.wallS).toFixed(2)} cores already, so two processes can add at most ${(2 / (one.ownCpuS / one.wallS)).toFixed(2)}× to it)`);
  console.log(`\nCPU per document, two processes against one: ${(two.ownCpuS / one.ownCpuS).toFixed(2)}× (1.00: the second process costs nothing extra; the wall-time ratio can reach at most 2 ÷ this, and only when no other work takes a core)`);
}
