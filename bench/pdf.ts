// PDF: pages per second of the whole pipeline (file → records) against pdfjs-dist's own pass over
// the same file (getTextContent and getOperatorList on every page, nothing else) and pdftotext
// (Debian poppler-utils) where installed, in the same process, median of several runs; then the
// 97-page report read on one thread and on two, in wall time beside the load of the machine.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import os, { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openPdf } from '../src/load/pdf/document.ts';
import { qualityReport } from '../pipelines/quality-report.ts';
import { ExtractorPool } from '../src/extractor/pool.ts';
import { lastParallelRead, PDF_THREADS_ENV, threadCpuMs } from '../src/load/pdf/parallel.ts';
import { extractBuffer } from '../src/pipeline.ts';
import { cpuTime, hasCommand, median, restoreEnv, table, time, withEnv } from './stats.ts';

const EXTERNAL = fileURLToPath(new URL('../../shared/corpus/external/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);

/**
 * Text content and operator list of every page of a document opened as the loader opens it
 * (src/load/pdf/document.ts). `drawable`: pictures decoded and glyph outlines compiled as pdfjs does
 * by default (the pass as shipped), or neither, as the loader reads pages for layout.
 */
async function barePdfjs(buf: Buffer, drawable = true): Promise<number> {
  const doc = await openPdf(new Uint8Array(buf), drawable ? 'drawing' : 'layout');
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    await page.getTextContent();
    await page.getOperatorList();
    page.cleanup();
  }
  const n = doc.numPages;
  await doc.destroy();
  return n;
}

// BENCH_PDF=西京 times only the files whose name contains it.
const only = process.env.BENCH_PDF;

export async function benchPdf(): Promise<void> {
  const files = readdirSync(EXTERNAL).filter((f) => f.endsWith('.pdf') && (!only || f.includes(only))).sort();
  const poppler = hasCommand('pdftotext', '-v');
  const rows: string[][] = [];
  // Per CPU second, against pdfjs' pass on one thread: the pipeline on one thread too.
  await withEnv(PDF_THREADS_ENV, '1', async () => {
    for (const f of files) {
      const buf = readFileSync(EXTERNAL + f);
      const pages = await barePdfjs(buf);
      await extractBuffer(buf, f, 'warmup', qualityReport);
      const ours: number[] = [];
      const bare: number[] = [];
      const boxes: number[] = [];
      const pt: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        ours.push(await cpuTime(() => extractBuffer(buf, f, 'bench', qualityReport)));
        bare.push(await cpuTime(() => barePdfjs(buf)));
        boxes.push(await cpuTime(() => barePdfjs(buf, false)));
        if (poppler) pt.push(await time(() => execFileSync('pdftotext', ['-layout', EXTERNAL + f, '-'], { stdio: ['ignore', 'ignore', 'ignore'] })));
      }
      const pps = (ms: number) => (pages / (ms / 1000)).toFixed(1);
      const [o, b, x] = [median(ours), median(bare), median(boxes)];
      rows.push([f.length > 24 ? `${f.slice(0, 22)}…` : f, String(pages), pps(o), pps(b), (o / b).toFixed(2), pps(x), (o / x).toFixed(2), poppler ? pps(median(pt)) : '—']);
    }
  });
  console.log(`\n## PDF (pages per CPU second, pipeline on one thread, median of ${RUNS} runs; pdftotext in wall time, a process of its own)\n`);
  console.log(table(['file', 'pages', 'pipeline', 'bare pdfjs pass', 'ratio', 'bare pass for layout (not drawable)', 'ratio', poppler ? 'pdftotext' : 'pdftotext (not installed)'], rows));
  if (!only || LONG.includes(only)) await benchPdfThreads();
  await benchLongPdf();
}

/**
 * The 97-page report on one thread and on two (src/load/pdf/parallel.ts): wall time of the whole
 * pipeline in this process, median of PDF_RUNS runs taken in turns, with the machine's load average
 * at each (wall time means something only on a quiet machine); CPU time of the loader's thread from
 * file to records (what bounds the wall time on idle cores, whatever the load), of the process and
 * of each reading thread; against the bare pdfjs pass and pdftotext in wall time; then the peak
 * resident memory of an extraction process (src/extractor/pool.ts) reading it each way.
 */
async function benchPdfThreads(): Promise<void> {
  const runs = Number(process.env.PDF_RUNS ?? Math.max(RUNS, 5));
  const buf = readFileSync(EXTERNAL + LONG);
  const saved = process.env[PDF_THREADS_ENV];
  const modes = ['1', '2'];
  const wall = new Map<string, number[]>(modes.map((m) => [m, []]));
  const cpu = new Map<string, number[]>(modes.map((m) => [m, []]));
  const load = new Map<string, number[]>(modes.map((m) => [m, []]));
  const mainCpu = new Map<string, number[]>(modes.map((m) => [m, []]));
  const perThread: number[][] = [];
  const pagesPerThread: number[][] = [];
  const bare: number[] = [];
  const pt: number[] = [];
  const poppler = hasCommand('pdftotext', '-v');
  let reference: string | null = null;
  try {
    for (const m of modes) {
      process.env[PDF_THREADS_ENV] = m;
      await extractBuffer(buf, LONG, 'warmup', qualityReport);
    }
    for (let i = 0; i < runs; i++) {
      for (const m of modes) {
        process.env[PDF_THREADS_ENV] = m;
        load.get(m)!.push(os.loadavg()[0]!);
        const c0 = process.cpuUsage();
        const m0 = threadCpuMs();
        const t0 = performance.now();
        const r = await extractBuffer(buf, LONG, 'bench', qualityReport);
        wall.get(m)!.push(performance.now() - t0);
        const m1 = threadCpuMs();
        mainCpu.get(m)!.push(m0 === null || m1 === null ? NaN : m1 - m0);
        const c = process.cpuUsage(c0);
        cpu.get(m)!.push((c.user + c.system) / 1000);
        const json = r.records.map((x) => JSON.stringify(x)).join('\n');
        if (reference === null) reference = json;
        else if (json !== reference) throw new Error(`records of ${LONG} on ${m} thread(s) differ from one thread's`);
        if (m === '2') {
          perThread.push(lastParallelRead.threads.map((t) => t.cpuMs ?? NaN));
          pagesPerThread.push(lastParallelRead.threads.map((t) => t.pages));
        }
      }
      bare.push(await time(() => barePdfjs(buf)));
      if (poppler) pt.push(await time(() => execFileSync('pdftotext', ['-layout', EXTERNAL + LONG, '-'], { stdio: ['ignore', 'ignore', 'ignore'] })));
    }
  } finally {
    restoreEnv(PDF_THREADS_ENV, saved);
  }
  const rss = new Map<string, number>();
  for (const m of modes) {
    // The extraction process inherits the setting; a fresh one each way, so its peak is this document's.
    process.env[PDF_THREADS_ENV] = m;
    const pool = new ExtractorPool();
    try {
      const r = await pool.extract(buf, LONG, 'bench-rss', qualityReport);
      if (r.status !== 'ok') throw new Error(`${LONG} failed in the extraction process: ${r.error?.message}`);
      rss.set(m, pool.lastPeakRssMb);
    } finally {
      await pool.close();
    }
  }
  restoreEnv(PDF_THREADS_ENV, saved);

  const pages = 97;
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const pps = (ms: number) => (pages / (ms / 1000)).toFixed(1);
  const loads = (m: string) => `${Math.min(...load.get(m)!).toFixed(1)}–${Math.max(...load.get(m)!).toFixed(1)}`;
  const column = (k: number) => median(perThread.map((t) => t[k] ?? NaN));
  const threadCpu = perThread[0]!.map((_, k) => `${s(column(k))} (${median(pagesPerThread.map((t) => t[k] ?? 0))} p.)`).join(' + ');
  const one = median(wall.get('1')!);
  const two = median(wall.get('2')!);
  console.log(`\n## The ${pages}-page report on one thread and on two (wall s, median of ${runs} runs in turns; ${os.availableParallelism()} cores; load average as each run started)\n`);
  console.log(
    table(
      ['reader', 'wall s', 'pages/s', 'vs 1 thread', "CPU s, loader's thread (vs 1 thread)", 'CPU s (process)', 'CPU s per reading thread (pages)', 'peak RSS MB (extraction process)', 'load'],
      [
        ['pipeline, 1 thread', s(one), pps(one), '1.00', `${s(median(mainCpu.get('1')!))} (1.00)`, s(median(cpu.get('1')!)), '—', rss.get('1')!.toFixed(0), loads('1')],
        ['pipeline, 2 threads', s(two), pps(two), (one / two).toFixed(2), `${s(median(mainCpu.get('2')!))} (${(median(mainCpu.get('1')!) / median(mainCpu.get('2')!)).toFixed(2)})`, s(median(cpu.get('2')!)), threadCpu, rss.get('2')!.toFixed(0), loads('2')],
        ['bare pdfjs pass (1 thread)', s(median(bare)), pps(median(bare)), (one / median(bare)).toFixed(2), '—', '—', '—', '—', ''],
        ['pdftotext -layout', poppler ? s(median(pt)) : '—', poppler ? pps(median(pt)) : '(not installed)', poppler ? (one / median(pt)).toFixed(2) : '—', '—', '—', '—', '—', ''],
      ],
    ),
  );
}

/** The 97-page report of the corpus, and the same joined with itself (qpdf) up to 4×. */
const LONG = '西京学院2023届毕业生就业质量年度报告.pdf';

/** Runs of each joined copy: one run of the 388-page file swung by a third from run to run (garbage collection, the machine). */
const LONG_RUNS = Number(process.env.BENCH_LONG_RUNS ?? 3);

/**
 * Linear in pages: the 97-page report ×1, ×2, ×4 (388 pages), joined at bench time with qpdf
 * (CI installs it), CPU ms per page against ×1's. Stitching across pages (furniture, tables over
 * pages, paragraphs) must not grow with the square of the page count.
 */
async function benchLongPdf(): Promise<void> {
  if (!hasCommand('qpdf', '--version')) {
    console.log('\n(400-page PDF: qpdf is not installed)');
    return;
  }
  const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-bench-pdf-'));
  const rows: string[][] = [];
  try {
    // On one thread: a second reading thread is used or not by the load average of the moment, and
    // its extra CPU would read as growth with size.
    await withEnv(PDF_THREADS_ENV, '1', async () => {
      let base = 0;
      for (const k of [1, 2, 4]) {
        const file = path.join(dir, `long${k}.pdf`);
        execFileSync('qpdf', ['--empty', '--pages', ...Array.from({ length: k }, () => EXTERNAL + LONG), '--', file]);
        const buf = readFileSync(file);
        const r = await extractBuffer(buf, `long${k}.pdf`, 'warmup', qualityReport);
        const pages = 97 * k;
        const runs: number[] = [];
        for (let i = 0; i < LONG_RUNS; i++) runs.push(await cpuTime(() => extractBuffer(buf, `long${k}.pdf`, 'bench', qualityReport)));
        const ms = median(runs);
        const per = ms / pages;
        if (!base) base = per;
        rows.push([`×${k}`, String(pages), r.status, ms.toFixed(0), per.toFixed(1), (per / base).toFixed(2)]);
      }
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n## Linear in pages: the 97-page report joined with itself (CPU ms, one thread, median of ${LONG_RUNS} after a warm-up)\n`);
  console.log(table(['copies', 'pages', 'status', 'ms', 'ms per page', 'per page vs ×1'], rows));
}
