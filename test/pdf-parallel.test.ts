// Pages of a PDF read on several threads (src/load/pdf/parallel.ts) must give exactly what reading
// them one by one gives: the same blocks, text and warnings, the same records, the same error.
// Checked on corpus files whose tables run across pages (the stitching after the threads) and on a
// PDF written here whose fourth page cannot be read.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { ExtractorPool } from '../src/extractor/pool.ts';
import type { TableBlock } from '../src/blocks.ts';
import { ExtractionError } from '../src/errors.ts';
import { layout, loadPdf } from '../src/load/pdf.ts';
import { openPdf } from '../src/load/pdf/document.ts';
import { readPage, type PageFacts } from '../src/load/pdf/page.ts';
import { lastParallelRead, PARALLEL_MIN_PAGES, PDF_THREADS_ENV, pageThreads, readPagesInParallel } from '../src/load/pdf/parallel.ts';
import { imagePdf, scanPages } from '../scripts/scan/scan.ts';
import { ocrStats } from '../src/ocr/engine.ts';
import { extractBytes } from './helpers/extract.ts';
import { buildPdf, corpus, XIJING, ZHOUKOU } from './helpers/pdf.ts';

const cases = (name: string) => fileURLToPath(new URL(`../../shared/corpus/cases/${name}`, import.meta.url));
const B11 = 'B11-crosspage-repeated-header.pdf';
const QIANDONGNAN = '黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf';
const SLOW = 600_000;

const crossPage = (blocks: { type: string }[]) => blocks.filter((b): b is TableBlock => b.type === 'table' && (b as TableBlock).span.pageEnd !== undefined);

const saved = process.env[PDF_THREADS_ENV];
afterEach(() => {
  if (saved === undefined) delete process.env[PDF_THREADS_ENV];
  else process.env[PDF_THREADS_ENV] = saved;
});

describe('a PDF read on several threads', () => {
  it('hands over pages read on other threads unchanged: B11 and 黔东南 read wholly off this thread lay out as read here', async () => {
    for (const buf of [readFileSync(cases(B11)), readFileSync(corpus(QIANDONGNAN))]) {
      const doc = await openPdf(new Uint8Array(buf));
      try {
        const read = await readPagesInParallel(doc, buf, 2, { readHere: false });
        expect(lastParallelRead.threads.reduce((n, t) => n + t.pages, 0)).toBe(doc.numPages);
        const here: PageFacts[] = [];
        for (let p = 1; p <= doc.numPages; p++) here.push(await readPage(doc, p));
        expect(read).toEqual(here);
        expect(JSON.stringify(layout(read as PageFacts[]))).toBe(JSON.stringify(await loadPdf(buf, { threads: 1 })));
      } finally {
        await doc.destroy();
      }
    }
  }, SLOW);

  it('gives B11 (a table over three pages under a repeated header) exactly as read in order, on 2 and 3 threads', async () => {
    const buf = readFileSync(cases(B11));
    const one = await loadPdf(buf, { threads: 1 });
    expect(crossPage(one.blocks)).toHaveLength(1);
    for (const threads of [2, 3]) expect(await loadPdf(buf, { threads })).toEqual(one);
  });

  it('gives 黔东南 (21 pages, 16 tables joined over pages) the same blocks and text', async () => {
    const buf = readFileSync(corpus(QIANDONGNAN));
    const one = await loadPdf(buf, { threads: 1 });
    const two = await loadPdf(buf, { threads: 2 });
    expect(crossPage(one.blocks).length).toBeGreaterThan(0);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  }, SLOW);

  it('gives the 97-page 西京学院 report the same records, byte for byte, as reading page by page', async () => {
    const buf = readFileSync(corpus(XIJING));
    process.env[PDF_THREADS_ENV] = '1';
    const one = await extractBytes(buf, XIJING);
    process.env[PDF_THREADS_ENV] = '2';
    const two = await extractBytes(buf, XIJING);
    expect(one.status).toBe('ok');
    // 表2-1 runs over pp.40–41: one table record across the threads' page claims.
    expect(one.records.some((r) => r.kind === 'table' && r.provenance.page === 40 && r.provenance.pageEnd === 41)).toBe(true);
    expect(two.records.map((r) => JSON.stringify(r))).toEqual(one.records.map((r) => JSON.stringify(r)));
  }, SLOW);

  it('reads scanned pages by OCR as in order: two pages scanned from 周口 p.1 at 150 dpi', async () => {
    // Two pages on two threads; the scanned one is read by OCR in the loader's thread, whichever read its page.
    const zk = readFileSync(corpus(ZHOUKOU));
    const [scan] = await scanPages(zk, [1], { dpi: 150 });
    const pdf = imagePdf([scan!, scan!]);
    const before = ocrStats.pages;
    const one = await loadPdf(pdf, { threads: 1 });
    expect(ocrStats.pages - before).toBe(2);
    const two = await loadPdf(pdf, { threads: 2 });
    expect(ocrStats.pages - before).toBe(4);
    expect(one.blocks.some((b) => b.span.source === 'ocr' && b.span.page === 2)).toBe(true);
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
  }, SLOW);

  it('fails on the same page with the same error as reading in order', async () => {
    // Six pages; the fourth entry of the page tree points at an object the file does not hold.
    const page = (content: number) => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 11 0 R >> >> /Contents ${content} 0 R >>`;
    const text = (s: string) => {
      const b = Buffer.from(`BT /F1 12 Tf 72 700 Td (${s}) Tj ET`, 'latin1');
      return Buffer.concat([Buffer.from(`<< /Length ${b.length} >>\nstream\n`), b, Buffer.from('\nendstream')]);
    };
    const pdf = buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R 99 0 R 6 0 R 7 0 R] /Count 6 >>',
      page(8),
      page(9),
      page(10),
      page(8),
      page(9),
      text('one'),
      text('two'),
      text('three'),
      '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    ]);
    const failure = async (threads: number) => {
      try {
        await loadPdf(pdf, { threads });
      } catch (e) {
        expect(e).toBeInstanceOf(ExtractionError);
        return { code: (e as ExtractionError).code, message: (e as ExtractionError).message };
      }
      throw new Error('loadPdf did not throw');
    };
    const one = await failure(1);
    expect(one.code).toBe('CORRUPT_PDF');
    expect(one.message).toMatch(/kid reference/);
    expect(await failure(2)).toEqual(one);
    expect(await failure(3)).toEqual(one);
  });
});

describe('the budget of a PDF read on several threads', () => {
  const pools: ExtractorPool[] = [];
  afterAll(async () => {
    await Promise.all(pools.map((p) => p.close()));
  });

  it('ends 西京学院 past a 48 MB heap with the same TOO_COMPLEX record on two threads as on one', async () => {
    // The extraction process passes its heap limit on to its reading threads: whichever runs out, the record is the same.
    const buf = readFileSync(corpus(XIJING));
    const records: unknown[] = [];
    for (const threads of ['1', '2']) {
      process.env[PDF_THREADS_ENV] = threads;
      const pool = new ExtractorPool({ budget: { heapMb: 48 } });
      pools.push(pool);
      const r = await pool.extract(buf, XIJING, 'xijing', qualityReport);
      expect(r.error).toEqual({ code: 'TOO_COMPLEX', message: 'extraction needed more than its heap limit of 48 MB' });
      records.push(r.records);
    }
    expect(records[1]).toEqual(records[0]);
  }, SLOW);
});

describe('how many threads read a PDF', () => {
  it('one below the page threshold, else the free cores or $VETREPORT_PDF_THREADS', () => {
    delete process.env[PDF_THREADS_ENV];
    expect(pageThreads(PARALLEL_MIN_PAGES - 1)).toBe(1);
    expect(pageThreads(97)).toBeGreaterThanOrEqual(1);
    process.env[PDF_THREADS_ENV] = '1';
    expect(pageThreads(97)).toBe(1);
    process.env[PDF_THREADS_ENV] = '2';
    expect(pageThreads(97)).toBe(2);
    expect(pageThreads(PARALLEL_MIN_PAGES - 1)).toBe(1);
  });
});
