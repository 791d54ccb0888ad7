// Measures OCR on scanned copies of the corpus's born-digital PDFs, made here:
//   npx tsx scripts/scan-corpus.ts [--pages N] [--out DIR] [--only NAME]
//   npx tsx scripts/scan-corpus.ts --scan '300 dpi' --only 周口     (one setting, one file)
// For each PDF, its first N pages (default 3, and one more so that a paragraph running on is joined
// as in the original) are drawn at 150 and 300 dpi, and at 300 dpi with scanner noise and a 1.5°
// skew, wrapped as image-only PDFs (kept in DIR when given), extracted with OCR, and compared with
// the born-digital file's extraction of the blocks lying wholly on the first N pages:
//   body text  1 − edit distance / length over the paragraphs, text between them free (scan.ts: bodyAccuracy)
//   all text   1 − edit distance / length over every block's text (whitespace ignored)
//   headings   F1 of the section titles found on those pages
//   cells      share of ruled-table cells read the same (tables matched in order)
//   CPU s/page CPU seconds of OCR extraction per page scanned
// and, per setting, body-text accuracy pooled over the files (weighted by their characters).
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { qualityReport } from '../pipelines/quality-report.ts';
import type { Block, LoadedDocument } from '../src/blocks.ts';
import { formatOf, loadDocument } from '../src/load/index.ts';
import { buildRecords, extractBuffer, type DocResult } from '../src/pipeline.ts';
import type { SectionRecord, TableRecord } from '../src/schema/records.ts';
import { bodyAccuracy, charAccuracy, headingsF1, scannedCopy, type ScanOptions } from './scan/scan.ts';

const EXTERNAL = fileURLToPath(new URL('../../shared/corpus/external/', import.meta.url));
export const SCAN_CORPUS = ['西京学院2023届毕业生就业质量年度报告.pdf', '周口市统计公报2023.pdf', '黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf', 'hzq2024_working.pdf'];

export const SCAN_SETTINGS: { name: string; opts: ScanOptions }[] = [
  { name: '150 dpi', opts: { dpi: 150 } },
  { name: '300 dpi', opts: { dpi: 300 } },
  { name: '300 dpi noisy, 1.5° skew', opts: { dpi: 300, noise: true, rotate: 1.5, seed: 7 } },
];

export interface Comparison {
  /** Over all text of the blocks (paragraphs, tables, captions): text in the original's pictures counts against it. */
  charAccuracy: number;
  /** Over body text (bodyAccuracy): the paragraphs, with text OCR found between them free. */
  bodyAccuracy: number;
  /** Characters of body text compared (whitespace left out). */
  bodyChars: number;
  headings: { precision: number; recall: number; f1: number };
  cells: { same: number; total: number };
}

/** A block lies wholly on the first `pages` pages (a paragraph running on to the next page does not). */
const within = (b: Block, pages: number) => b.type !== 'pagebreak' && (b.span.page ?? 1) <= pages && (b.span.pageEnd ?? b.span.page ?? 1) <= pages;
const blockText = (d: LoadedDocument, b: Block) => d.text.slice(b.span.charStart, b.span.charEnd);

/**
 * What the born-digital extraction and the OCR extraction agree on over their first `pages` pages.
 * Text is compared block by block over the blocks lying wholly on those pages, on both sides: a
 * paragraph that runs on to the next page is left out of both (the scanned copy should hold one
 * page more than `pages`, so that it joins that paragraph as the original does). `bornDoc` and
 * `scannedDoc` are the two LoadedDocuments, `born` and `scanned` their records.
 */
export function compare(born: DocResult, bornDoc: LoadedDocument, scanned: DocResult, scannedDoc: LoadedDocument, pages: number): Comparison {
  const onPages = (r: { provenance: { page?: number; pageEnd?: number } }) => (r.provenance.page ?? Infinity) <= pages;
  const truth = bornDoc.blocks.filter((b) => within(b, pages));
  const read = scannedDoc.blocks.filter((b) => within(b, pages)).map((b) => blockText(scannedDoc, b)).join('');
  const acc = charAccuracy(read, truth.map((b) => blockText(bornDoc, b)).join(''));
  const body = bodyAccuracy(read, truth.filter((b) => b.type === 'paragraph').map((b) => blockText(bornDoc, b)));
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
  return { charAccuracy: acc, bodyAccuracy: body, bodyChars: truth.filter((b) => b.type === 'paragraph').reduce((n, b) => n + blockText(bornDoc, b).replace(/\s+/g, '').length, 0), headings: headingsF1(titles(scanned), titles(born)), cells: { same, total } };
}

/** A table's cell texts, row by row (the header rows first), whitespace removed. */
export function tableCells(t: TableRecord): string[] {
  return [...t.headerRows, ...t.rows].flatMap((r) => r.map((c) => c.text.replace(/\s+/g, '')));
}

/** A scanned copy (an image-only PDF or an image, by `name`) read as extractBuffer reads it, keeping the loaded document for compare(). */
export async function extractScan(buf: Buffer, name: string): Promise<{ doc: LoadedDocument; result: DocResult }> {
  const format = formatOf(name);
  if (format !== 'pdf' && format !== 'image') throw new Error(`${name}: a scanned copy is a .pdf or an image`);
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const doc = await loadDocument(buf, format);
  const records = buildRecords(doc, { path: name, sha256, bytes: buf.length, format }, 'scan', qualityReport);
  return { doc, result: { docId: 'scan', sourcePath: name, sha256, format, status: 'ok', records, text: doc.text, error: null } };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { pages: { type: 'string', default: '3' }, out: { type: 'string' }, only: { type: 'string' }, scan: { type: 'string' } } });
  const pages = Number(values.pages);
  if (values.out) mkdirSync(values.out, { recursive: true });
  const settings = SCAN_SETTINGS.filter((s) => !values.scan || s.name.startsWith(values.scan));
  const pooled = new Map(settings.map((s) => [s.name, { body: 0, chars: 0, f1: 0, files: 0 }]));
  console.log('| file | scan | body text char acc | all text char acc | headings F1 | ruled cells | CPU s/page |\n|---|---|---|---|---|---|---|');
  for (const name of SCAN_CORPUS.filter((n) => !values.only || n.includes(values.only))) {
    const buf = readFileSync(path.join(EXTERNAL, name));
    const born = await extractBuffer(buf, name, 'born', qualityReport);
    const bornDoc = await loadDocument(buf, 'pdf', { ocr: 'never' });
    const total = (born.records[0] as { pages?: number }).pages ?? pages;
    const n = Math.min(pages, total);
    // One page more than is compared, so that a paragraph running on to it is joined as the original joins it.
    const scanned = Array.from({ length: Math.min(n + 1, total) }, (_, k) => k + 1);
    for (const s of settings) {
      const scan = await scannedCopy(buf, scanned, s.opts);
      if (values.out) writeFileSync(path.join(values.out, `${path.basename(name, '.pdf')} ${s.name.replace(/[^\w]+/g, '-')}.pdf`), scan);
      const cpu = process.cpuUsage();
      const read = await extractScan(scan, name);
      const d = process.cpuUsage(cpu);
      const c = compare(born, bornDoc, read.result, read.doc, n);
      const p = pooled.get(s.name)!;
      p.body += c.bodyAccuracy * c.bodyChars;
      p.chars += c.bodyChars;
      p.f1 += c.headings.f1;
      p.files++;
      console.log(`| ${name.slice(0, 12)} | ${s.name} | ${c.bodyAccuracy.toFixed(3)} | ${c.charAccuracy.toFixed(3)} | ${c.headings.f1.toFixed(2)} | ${c.cells.same}/${c.cells.total} | ${((d.user + d.system) / 1e6 / scanned.length).toFixed(1)} |`);
    }
  }
  for (const [name, p] of pooled) console.log(`| all (${p.chars} body characters) | ${name} | ${(p.body / p.chars).toFixed(3)} | | ${(p.f1 / p.files).toFixed(2)} (mean) | | |`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) await main();
