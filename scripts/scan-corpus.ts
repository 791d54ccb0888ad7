// Measures OCR on scanned copies of the corpus's born-digital PDFs, made here:
//   npx tsx scripts/scan-corpus.ts [--pages N] [--out DIR] [--only NAME]
// For each PDF, its first N pages (default 3) are drawn at 150 and 300 dpi, and at 300 dpi with
// scanner noise and a 1.5° skew, wrapped as image-only PDFs (kept in DIR when given), extracted
// with OCR, and compared with the born-digital file's extraction of the same pages:
//   char acc   1 − edit distance / length, over the text of each page's blocks (whitespace ignored)
//   headings   F1 of the section titles found on those pages
//   cells      share of ruled-table cells read the same (tables matched in order)
//   s/page     wall seconds of OCR extraction per page
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { qualityReport } from '../pipelines/quality-report.ts';
import type { LoadedDocument } from '../src/blocks.ts';
import { loadDocument } from '../src/load/index.ts';
import { extractBuffer, type DocResult } from '../src/pipeline.ts';
import type { SectionRecord, TableRecord } from '../src/schema/records.ts';
import { charAccuracy, headingsF1, scannedCopy, type ScanOptions } from './scan/scan.ts';

const EXTERNAL = fileURLToPath(new URL('../../shared/corpus/external/', import.meta.url));
export const SCAN_CORPUS = ['西京学院2023届毕业生就业质量年度报告.pdf', '周口市统计公报2023.pdf', '黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf', 'hzq2024_working.pdf'];

export const SCAN_SETTINGS: { name: string; opts: ScanOptions }[] = [
  { name: '150 dpi', opts: { dpi: 150 } },
  { name: '300 dpi', opts: { dpi: 300 } },
  { name: '300 dpi noisy, 1.5° skew', opts: { dpi: 300, noise: true, rotate: 1.5, seed: 7 } },
];

export interface Comparison {
  charAccuracy: number;
  headings: { precision: number; recall: number; f1: number };
  cells: { same: number; total: number };
}

/**
 * What the born-digital extraction and the OCR extraction of its first `pages` pages agree on. The
 * scanned copy holds only those pages, so its whole text is compared with the text of the blocks
 * the born-digital file's loader placed on them (`bornDoc`: its LoadedDocument).
 */
export function compare(born: DocResult, bornDoc: LoadedDocument, scanned: DocResult, pages: number): Comparison {
  const onPages = (r: { provenance: { page?: number } }) => (r.provenance.page ?? Infinity) <= pages;
  const truth = bornDoc.blocks.filter((b) => (b.span.page ?? 1) <= pages && b.type !== 'pagebreak').map((b) => bornDoc.text.slice(b.span.charStart, b.span.charEnd)).join('');
  const acc = charAccuracy(scanned.text ?? '', truth);
  const titles = (d: DocResult) => d.records.filter((r): r is SectionRecord => r.kind === 'section' && onPages(r) && !r.inferred).map((r) => `${r.number ?? ''} ${r.title}`);
  const tb = born.records.filter((r): r is TableRecord => r.kind === 'table' && onPages(r));
  const ts = scanned.records.filter((r): r is TableRecord => r.kind === 'table' && onPages(r));
  let same = 0;
  let total = 0;
  tb.forEach((t, k) => {
    const x = tableCells(t);
    const y = ts[k] ? tableCells(ts[k]!) : [];
    total += x.length;
    x.forEach((c, i) => (same += charAccuracy(y[i] ?? '', c) >= 0.999 ? 1 : 0));
  });
  return { charAccuracy: acc, headings: headingsF1(titles(scanned), titles(born)), cells: { same, total } };
}

/** A table's cell texts, row by row (the header rows first), whitespace removed. */
export function tableCells(t: TableRecord): string[] {
  return [...t.headerRows, ...t.rows].flatMap((r) => r.map((c) => c.text.replace(/\s+/g, '')));
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pages: { type: 'string', default: '3' }, out: { type: 'string' }, only: { type: 'string' } } });
  const pages = Number(values.pages);
  if (values.out) mkdirSync(values.out, { recursive: true });
  console.log('| file | scan | char acc | headings F1 | ruled cells | s/page |\n|---|---|---|---|---|---|');
  for (const name of SCAN_CORPUS.filter((n) => !values.only || n.includes(values.only))) {
    const buf = readFileSync(path.join(EXTERNAL, name));
    const born = await extractBuffer(buf, name, 'born', qualityReport);
    const bornDoc = await loadDocument(buf, 'pdf', { ocr: 'never' });
    const n = Math.min(pages, (born.records[0] as { pages?: number }).pages ?? pages);
    for (const s of SCAN_SETTINGS) {
      const scan = await scannedCopy(buf, Array.from({ length: n }, (_, k) => k + 1), s.opts);
      if (values.out) writeFileSync(path.join(values.out, `${path.basename(name, '.pdf')} ${s.name.replace(/[^\w]+/g, '-')}.pdf`), scan);
      const t0 = performance.now();
      const read = await extractBuffer(scan, name, 'scan', qualityReport);
      const secs = (performance.now() - t0) / 1000 / n;
      const c = compare(born, bornDoc, read, n);
      console.log(`| ${name.slice(0, 12)} | ${s.name} | ${c.charAccuracy.toFixed(3)} | ${c.headings.f1.toFixed(2)} | ${c.cells.same}/${c.cells.total} | ${secs.toFixed(1)} |`);
    }
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
