// PDF: pages per second of the whole pipeline (file → records) against pdfjs-dist's own pass over
// the same file (getTextContent and getOperatorList on every page, nothing else) and pdftotext
// (Debian poppler-utils) where installed, in the same process, median of several runs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getDocument } from '../src/load/pdfjs.ts';
import { qualityReport } from '../pipelines/quality-report.ts';
import { extractBuffer } from '../src/pipeline.ts';
import { cpuTime, hasCommand, median, table, time } from './stats.ts';

const EXTERNAL = fileURLToPath(new URL('../../shared/corpus/external/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const pdfjsDir = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));

async function barePdfjs(buf: Buffer): Promise<number> {
  const doc = await getDocument({
    data: new Uint8Array(buf),
    cMapUrl: `${pdfjsDir}/cmaps/`,
    cMapPacked: true,
    standardFontDataUrl: `${pdfjsDir}/standard_fonts/`,
    useSystemFonts: false,
    isEvalSupported: false,
    disableFontFace: true,
  }).promise;
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

export async function benchPdf(): Promise<void> {
  // BENCH_PDF=西京 times only the files whose name contains it.
  const only = process.env.BENCH_PDF;
  const files = readdirSync(EXTERNAL).filter((f) => f.endsWith('.pdf') && (!only || f.includes(only))).sort();
  const poppler = hasCommand('pdftotext', '-v');
  const rows: string[][] = [];
  for (const f of files) {
    const buf = readFileSync(EXTERNAL + f);
    const pages = await barePdfjs(buf);
    await extractBuffer(buf, f, 'warmup', qualityReport);
    const ours: number[] = [];
    const bare: number[] = [];
    const pt: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await cpuTime(() => extractBuffer(buf, f, 'bench', qualityReport)));
      bare.push(await cpuTime(() => barePdfjs(buf)));
      if (poppler) pt.push(await time(() => execFileSync('pdftotext', ['-layout', EXTERNAL + f, '-'], { stdio: ['ignore', 'ignore', 'ignore'] })));
    }
    const pps = (ms: number) => (pages / (ms / 1000)).toFixed(1);
    const [o, b] = [median(ours), median(bare)];
    rows.push([f.length > 24 ? `${f.slice(0, 22)}…` : f, String(pages), pps(o), pps(b), (o / b).toFixed(2), poppler ? pps(median(pt)) : '—']);
  }
  console.log(`\n## PDF (pages per CPU second, median of ${RUNS} runs; pdftotext in wall time, a process of its own)\n`);
  console.log(table(['file', 'pages', 'pipeline', 'bare pdfjs pass', 'ratio', poppler ? 'pdftotext' : 'pdftotext (not installed)'], rows));
  await benchLongPdf();
}

/** The 97-page report of the corpus, and the same joined with itself (qpdf) up to 4×. */
const LONG = '西京学院2023届毕业生就业质量年度报告.pdf';

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
    let base = 0;
    for (const k of [1, 2, 4]) {
      const file = path.join(dir, `long${k}.pdf`);
      execFileSync('qpdf', ['--empty', '--pages', ...Array.from({ length: k }, () => EXTERNAL + LONG), '--', file]);
      const buf = readFileSync(file);
      const r = await extractBuffer(buf, `long${k}.pdf`, 'warmup', qualityReport);
      const pages = 97 * k;
      const ms = await cpuTime(() => extractBuffer(buf, `long${k}.pdf`, 'bench', qualityReport));
      const per = ms / pages;
      if (!base) base = per;
      rows.push([`×${k}`, String(pages), r.status, ms.toFixed(0), per.toFixed(1), (per / base).toFixed(2)]);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(`\n## Linear in pages: the 97-page report joined with itself (CPU ms, one run after a warm-up)\n`);
  console.log(table(['copies', 'pages', 'status', 'ms', 'ms per page', 'per page vs ×1'], rows));
}
