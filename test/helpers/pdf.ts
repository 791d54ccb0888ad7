// Loading the corpus PDFs once per test file, and reading blocks back.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { LoadedDocument, ParagraphBlock, TableBlock } from '../../src/blocks.ts';
import { loadPdf } from '../../src/load/pdf.ts';

export const corpus = (name: string) => fileURLToPath(new URL(`../../../shared/corpus/external/${name}`, import.meta.url));
export const XIJING = '西京学院2023届毕业生就业质量年度报告.pdf';
export const ZHOUKOU = '周口市统计公报2023.pdf';
export const HZQ = 'hzq2023_working.pdf';
export const REPORT = 'research_report_1f978cd81fb7260c8f7644039ec2c054.pdf';
export const REPORT_KEY = 'cleaned_research_report_1f978cd81fb7260c8f7644039ec2c054.md';

const cache = new Map<string, Promise<LoadedDocument>>();
export function load(name: string): Promise<LoadedDocument> {
  let p = cache.get(name);
  if (!p) cache.set(name, (p = loadPdf(readFileSync(corpus(name)))));
  return p;
}

export const paragraphs = (d: LoadedDocument) => d.blocks.filter((b): b is ParagraphBlock => b.type === 'paragraph');
export const tables = (d: LoadedDocument) => d.blocks.filter((b): b is TableBlock => b.type === 'table');
export const squeeze = (s: string) => s.replace(/\s+/g, '');
export const cellTexts = (t: TableBlock, r: number) => t.rows[r]!.cells.map((c) => c.text);

/** A minimal PDF writer for synthetic pages (shared with scripts/scan). */
export { buildPdf } from '../../scripts/pdf-writer.ts';
