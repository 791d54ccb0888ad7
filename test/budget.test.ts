// Bounded work per document: hostile inputs end as error records with the limit they hit, in
// little time, and the documents beside them in the batch are extracted. Extraction runs in a
// process of its own (src/extractor/pool.ts) that is killed past its time or memory limit; the
// loaders refuse what would exhaust them before they start (src/load/pdf/limits.ts,
// src/load/docx/xml-limits.ts).
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { main } from '../src/cli.ts';
import { ExtractorPool } from '../src/extractor/pool.ts';
import { extractBuffer } from '../src/pipeline.ts';
import { AnyRecord } from '../src/schema/records.ts';
import { Store } from '../src/store/store.ts';
import { seedPath } from './helpers/corpus.ts';
import { docxDeclaringHugeBody, docxWithBody, nestedContentControls, nestedParagraphs, pdfBomb, pdfManyPages } from './helpers/hostile.ts';

const seed = (p: string) => readFileSync(seedPath(p));
const code = async (buf: Buffer, name: string) => (await extractBuffer(buf, name, 'doc', qualityReport)).error?.code ?? 'ok';

describe('loader limits', () => {
  it('refuses a PDF whose content stream inflates to 64 MiB, and 50 pages sharing it', async () => {
    const one = pdfBomb(64 * 2 ** 20);
    expect(one.length).toBeLessThan(200_000);
    const r = await extractBuffer(one, 'bomb.pdf', 'bomb', qualityReport);
    expect(r.error).toMatchObject({ code: 'DECOMPRESSION_LIMIT' });
    expect(r.error!.message).toContain('decodes to more than 32 MiB');
    expect(await code(pdfBomb(64 * 2 ** 20, 50), 'shared.pdf')).toBe('DECOMPRESSION_LIMIT');
  });

  it('reads a PDF whose streams stay under the limits', async () => {
    const r = await extractBuffer(pdfBomb(2 * 2 ** 20, 3), 'spaces.pdf', 'spaces', qualityReport);
    expect(r.status).toBe('ok');
  });

  it('refuses a PDF with a 10 000-page tree before reading a page', async () => {
    const r = await extractBuffer(pdfManyPages(10_000), 'pages.pdf', 'pages', qualityReport);
    expect(r.error).toMatchObject({ code: 'TOO_MANY_PAGES' });
    expect(r.error!.message).toContain('10,000 pages');
  });

  it('refuses Word XML nested 100 000 deep (content controls) or 1 000 000 deep (paragraphs) as TOO_DEEP, never a stack overflow', async () => {
    const controls = await extractBuffer(await docxWithBody(nestedContentControls(100_000)), 'sdt.docx', 'sdt', qualityReport);
    expect(controls.error).toMatchObject({ code: 'TOO_DEEP', message: 'word/document.xml nests its elements more than 256 deep' });
    expect(await code(await docxWithBody(nestedParagraphs(1_000_000)), 'paras.docx')).toBe('TOO_DEEP');
    // 100 content controls (200 elements) deep is within the limit and read.
    expect(await code(await docxWithBody(nestedContentControls(100)), 'ok.docx')).toBe('ok');
  });

  it('refuses a document.xml of 150 MB by its declared size, before inflating it', async () => {
    const r = await extractBuffer(await docxDeclaringHugeBody(150_000_000), 'huge.docx', 'huge', qualityReport);
    expect(r.error).toMatchObject({ code: 'TOO_LARGE' });
    expect(r.error!.message).toContain('word/document.xml is 143 MB uncompressed');
  });

  it('refuses Word XML with more elements than a reader could finish as TOO_COMPLEX', async () => {
    const many = '<w:p><w:r><w:t>一</w:t></w:r></w:p>'.repeat(700_000);
    expect(await code(await docxWithBody(many), 'many.docx')).toBe('TOO_COMPLEX');
  });
});

describe('time and memory budget of one document', () => {
  const pools: ExtractorPool[] = [];
  afterAll(async () => { await Promise.all(pools.map((p) => p.close())); });

  it('stops an extraction past its time limit as TIMEOUT, and the next document is extracted by a fresh process', async () => {
    const pool = new ExtractorPool();
    pools.push(pool);
    const big = Buffer.concat(Array.from({ length: 8 }, () => seed('000')));
    const r = await pool.extract(big, 'big.txt', 'big', qualityReport, { timeLimitMs: 1 });
    expect(r.status).toBe('failed');
    expect(r.error!.code).toBe('TIMEOUT');
    expect(r.records).toEqual([expect.objectContaining({ kind: 'error', code: 'TIMEOUT', docId: 'big' })]);
    expect(r.sha256).toMatch(/^[0-9a-f]{64}$/);
    const next = await pool.extract(seed('001'), 'next.txt', 'next', qualityReport);
    expect(next.status).toBe('ok');
    expect(next.records.filter((x) => x.kind === 'section').length).toBeGreaterThan(3);
  });

  it('stops an extraction past its heap limit as TOO_COMPLEX', async () => {
    const pool = new ExtractorPool({ budget: { heapMb: 96 } });
    pools.push(pool);
    const huge = Buffer.concat(Array.from({ length: 64 }, () => seed('000')));
    const r = await pool.extract(huge, 'huge.txt', 'huge', qualityReport);
    expect(r.error).toMatchObject({ code: 'TOO_COMPLEX' });
    expect(r.error!.message).toContain('heap limit of 96 MB');
    expect((await pool.extract(seed('004'), 'next.txt', 'next', qualityReport)).status).toBe('ok');
  });

  it('gives the same records in its own process as in this one', async () => {
    const pool = new ExtractorPool();
    pools.push(pool);
    const buf = seed('001');
    expect(await pool.extract(buf, 'a.txt', 'a', qualityReport)).toEqual(await extractBuffer(buf, 'a.txt', 'a', qualityReport));
    // Two extractions that each load nodejieba's dictionary: past 60 s on a loaded machine.
  }, 180_000);
});

describe('a batch with hostile documents', () => {
  it('ends each hostile document as its error record and extracts the rest', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-budget-'));
    const inputs = path.join(dir, 'in');
    mkdirSync(inputs);
    copyFileSync(seedPath('001'), path.join(inputs, 'good.txt'));
    writeFileSync(path.join(inputs, 'bomb.pdf'), pdfBomb(64 * 2 ** 20, 50));
    writeFileSync(path.join(inputs, 'pages.pdf'), pdfManyPages(10_000));
    writeFileSync(path.join(inputs, 'nested.docx'), await docxWithBody(nestedContentControls(100_000)));
    writeFileSync(path.join(inputs, 'huge.docx'), await docxDeclaringHugeBody(150_000_000));
    // A table exported one cell per line: once quadratic, now read in well under a second.
    writeFileSync(path.join(inputs, 'cells.txt'), Array.from({ length: 100_000 }, (_, i) => `单元${i}`).join('\n'));

    const root = path.join(dir, 'store');
    expect(await main(['extract', inputs, '--store', root, '--quiet'])).toBe(1);
    const store = new Store(root);
    const text = await store.runRecords((await store.runs())[0]!);
    const records = text.split('\n').filter((l) => l.trim()).map((l) => AnyRecord.parse(JSON.parse(l)));
    const errors = Object.fromEntries(records.flatMap((x) => (x.kind === 'error' ? [[x.docId, x.code]] : [])));
    expect(errors).toEqual({ bomb: 'DECOMPRESSION_LIMIT', pages: 'TOO_MANY_PAGES', nested: 'TOO_DEEP', huge: 'TOO_LARGE' });
    expect(records.filter((x) => x.docId === 'good' && x.kind === 'section').length).toBeGreaterThan(5);
    expect(records.some((x) => x.docId === 'cells' && x.kind === 'document')).toBe(true);
  }, 120_000);
});
