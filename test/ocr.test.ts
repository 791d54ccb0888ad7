// OCR of scanned pages and images, on scanned copies of corpus PDFs made here (scripts/scan/scan.ts):
// the copy must give what the born-digital file gives — the same chapter tree, the same captioned
// tables — with every record made from OCR text saying so in its provenance.
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { beforeAll, describe, expect, it } from 'vitest';
import { compare } from '../scripts/scan-corpus.ts';
import { imagePdf, scannedCopy, scanPages } from '../scripts/scan/scan.ts';
import type { LoadedDocument } from '../src/blocks.ts';
import { loadDocument } from '../src/load/index.ts';
import { loadPdf } from '../src/load/pdf.ts';
import { ocrStats } from '../src/ocr/engine.ts';
import type { DocResult } from '../src/pipeline.ts';
import type { AnyRecord, SectionRecord, TableRecord } from '../src/schema/records.ts';
import { extractBytes } from './helpers/extract.ts';
import { corpus, ZHOUKOU } from './helpers/pdf.ts';

const QIANDONGNAN = '黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf';
// OCR is slow on a loaded machine (10 CPU s a page at 300 dpi); every test here reads at most two pages.
const SLOW = 600_000;

const headings = (rs: AnyRecord[], pages: number) => rs.filter((r): r is SectionRecord => r.kind === 'section' && (r.provenance.page ?? 0) <= pages).map((r) => ({ number: r.number, title: r.title.replace(/\s+/g, ''), level: r.level }));
const tables = (rs: AnyRecord[], pages: number) => rs.filter((r): r is TableRecord => r.kind === 'table' && (r.provenance.page ?? 0) <= pages);

describe('scanned copy of 周口市统计公报2023.pdf, pages 1–2 at 300 dpi', () => {
  let born: DocResult;
  let bornDoc: LoadedDocument;
  let scan: DocResult;
  beforeAll(async () => {
    const buf = readFileSync(corpus(ZHOUKOU));
    born = await extractBytes(buf, ZHOUKOU);
    bornDoc = await loadDocument(buf, 'pdf', { ocr: 'never' });
    scan = await extractBytes(await scannedCopy(buf, [1, 2], { dpi: 300 }), 'zhoukou-scan.pdf');
  }, SLOW);

  it('gives the same chapter tree as the born-digital file', () => {
    expect(scan.status).toBe('ok');
    expect(headings(scan.records, 2)).toEqual(headings(born.records, 2));
  });

  it('gives the same captioned tables, their ruled cells read right', () => {
    const a = tables(born.records, 2);
    const b = tables(scan.records, 2);
    expect(b.map((t) => [t.number, t.title])).toEqual(a.map((t) => [t.number, t.title]));
    const c = compare(born, bornDoc, scan, 2);
    expect(c.cells.total).toBeGreaterThan(20);
    expect(c.cells.same / c.cells.total).toBeGreaterThanOrEqual(0.9);
    expect(c.charAccuracy).toBeGreaterThanOrEqual(0.95);
  });

  it('marks every record made from OCR text with its source and confidence', () => {
    const made = scan.records.filter((r) => r.kind !== 'document' && r.kind !== 'warning');
    expect([...new Set(made.map((r) => r.kind))]).toEqual(expect.arrayContaining(['section', 'table']));
    for (const r of made) {
      expect(r.provenance.source, r.id).toBe('ocr');
      expect(r.provenance.confidence, r.id).toBeGreaterThan(0.5);
      expect(r.provenance.confidence, r.id).toBeLessThanOrEqual(1);
      expect(r.provenance.page, r.id).toBeGreaterThanOrEqual(1);
      const [x0, y0, x1, y1] = r.provenance.bbox!;
      // Boxes are in PDF points on the A4 page, as for a text layer.
      expect(x0).toBeGreaterThanOrEqual(0);
      expect(x1).toBeLessThanOrEqual(596);
      expect(y1).toBeLessThanOrEqual(842);
      expect(x1).toBeGreaterThan(x0);
      expect(y1).toBeGreaterThan(y0);
    }
    // The born-digital file's records carry no OCR marks.
    expect(born.records.some((r) => r.provenance.source !== undefined)).toBe(false);
  });
});

describe('scanned copy of 黔东南…统计公报.pdf, page 1 at 150 dpi as a PNG image', () => {
  let born: DocResult;
  let bornDoc: LoadedDocument;
  let image: DocResult;
  beforeAll(async () => {
    const buf = readFileSync(corpus(QIANDONGNAN));
    born = await extractBytes(buf, QIANDONGNAN);
    bornDoc = await loadDocument(buf, 'pdf', { ocr: 'never' });
    const [page] = await scanPages(buf, [1], { dpi: 150 });
    const { default: sharp } = await import('sharp');
    const png = await sharp(page!.jpeg).withMetadata({ density: 150 }).png().toBuffer();
    image = await extractBytes(png, 'qiandongnan-page1.png');
  }, SLOW);

  it('reads an image file as one page with the same headings as the born-digital page', () => {
    expect(image.status).toBe('ok');
    expect(image.format).toBe('image');
    expect(headings(image.records, 1)).toEqual(headings(born.records, 1));
    // At 150 dpi the small marks between figures (、，) are what the recogniser drops: 0.925 measured.
    expect(compare(born, bornDoc, image, 1).charAccuracy).toBeGreaterThanOrEqual(0.9);
  });
});

describe('when OCR runs', () => {
  it('never for a born-digital report: 21 pages read without loading the models', async () => {
    const before = { ...ocrStats };
    const doc = await loadPdf(readFileSync(corpus(QIANDONGNAN)));
    expect(doc.pageCount).toBe(21);
    expect(ocrStats.pages).toBe(before.pages);
    expect(ocrStats.modelLoads).toBe(before.modelLoads);
  });

  it('skips recognition on blank scanned pages, with one warning naming them', async () => {
    const blank = await scanPages(readFileSync(corpus(ZHOUKOU)), [1], { dpi: 150 });
    // A white sheet scanned: the same JPEG size, nothing printed.
    const { default: sharp } = await import('sharp');
    const white = await sharp({ create: { width: blank[0]!.widthPx, height: blank[0]!.heightPx, channels: 3, background: '#fdfdfd' } }).jpeg().toBuffer();
    const pages = Array.from({ length: 30 }, () => ({ ...blank[0]!, jpeg: white }));
    const before = ocrStats.pages;
    const doc = await loadPdf(imagePdf(pages));
    expect(ocrStats.pages).toBe(before);
    expect(doc.issues.map((i) => [i.code, i.message])).toEqual([['BLANK_PAGES', '30 scanned pages without ink, not sent to OCR: 1–30']]);
    expect(doc.blocks.filter((b) => b.type !== 'pagebreak')).toEqual([]);
  }, SLOW);

  it('not at all with --ocr never: a scanned page is a NO_TEXT_LAYER warning, an image an error', async () => {
    const [page] = await scanPages(readFileSync(corpus(ZHOUKOU)), [1], { dpi: 100 });
    const before = ocrStats.pages;
    const doc = await loadPdf(imagePdf([page!]), { ocr: 'never' });
    expect(doc.issues.map((i) => i.code)).toEqual(['NO_TEXT_LAYER']);
    await expect(loadDocument(page!.jpeg, 'image', { ocr: 'never' })).rejects.toMatchObject({ code: 'OCR_DISABLED' });
    expect(ocrStats.pages).toBe(before);
  });
});

/** A PNG whose header says `width` × `height`, with one empty scanline of data: nothing to decode first. */
function pngHeader(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([len, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 0; // greyscale
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(Buffer.alloc(1))), chunk('IEND', Buffer.alloc(0))]);
}

describe('bad images', () => {
  it('refuses a 20 000 × 20 000 px image by its header, before decoding it', async () => {
    const before = ocrStats.pages;
    const r = await extractBytes(pngHeader(20_000, 20_000), 'huge.png');
    expect(r.status).toBe('failed');
    expect(r.error).toEqual({ code: 'TOO_LARGE', message: 'the image is 20000 × 20000 pixels (400 million), above the limit of 100 million' });
    expect(ocrStats.pages).toBe(before);
  });

  it('reports a corrupt or truncated image as CORRUPT_IMAGE', async () => {
    const garbage = await extractBytes(Buffer.from('this is not an image at all, whatever its name says'), 'scan.jpg');
    expect(garbage.error?.code).toBe('CORRUPT_IMAGE');
    // A real header whose data stops short: the header reads, the decoding fails.
    const truncated = pngHeader(800, 600);
    const r = await extractBytes(truncated, 'truncated.png');
    expect(r.status).toBe('failed');
    expect(r.error?.code).toBe('CORRUPT_IMAGE');
    expect(r.records).toHaveLength(1);
  });
});

describe('page bitmaps', () => {
  /** A 150 dpi A4 sheet with a ruled 3 × 4 grid and bars of "text" between, drawn turned by `deg`. */
  async function sheet(deg: number) {
    const { createCanvas } = await import('@napi-rs/canvas');
    const c = createCanvas(1240, 1754);
    const ctx = c.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 1240, 1754);
    ctx.translate(620, 877);
    ctx.rotate((deg * Math.PI) / 180);
    ctx.translate(-620, -877);
    ctx.fillStyle = '#000';
    for (let y = 150; y < 700; y += 40) for (let x = 150; x < 1100; x += 26) ctx.fillRect(x, y, 20, 20);
    ctx.lineWidth = 3;
    ctx.strokeStyle = '#000';
    for (let r = 0; r <= 3; r++) { ctx.beginPath(); ctx.moveTo(150, 900 + 100 * r); ctx.lineTo(1050, 900 + 100 * r); ctx.stroke(); }
    for (let k = 0; k <= 4; k++) { ctx.beginPath(); ctx.moveTo(150 + 225 * k, 900); ctx.lineTo(150 + 225 * k, 1200); ctx.stroke(); }
    const img = ctx.getImageData(0, 0, 1240, 1754);
    return { data: img.data, width: 1240, height: 1754 };
  }

  it('finds a ruled grid as rule segments in points, and how far a sheet lies askew', async () => {
    const { ruledLines, skewAngle, toGrey, isBlankPage } = await import('../src/ocr/bitmap.ts');
    const straight = toGrey(await sheet(0));
    const { hSegs, vSegs } = ruledLines(straight, 72 / 150);
    // The grid's 4 rows of rules and 5 columns, each once, where they were drawn (150 px = 72 pt).
    const grid = hSegs.filter((s) => s.x1 - s.x0 > 400);
    expect(grid.map((s) => Math.round(s.y))).toEqual([432, 480, 528, 576]);
    expect(vSegs.filter((s) => s.y1 - s.y0 > 100).map((s) => Math.round(s.x))).toEqual([72, 180, 288, 396, 504]);
    expect(skewAngle(straight)).toBe(0);
    expect(Math.abs(skewAngle(toGrey(await sheet(1.5))) - 1.5)).toBeLessThanOrEqual(0.2);
    expect(Math.abs(skewAngle(toGrey(await sheet(-2))) + 2)).toBeLessThanOrEqual(0.2);
    expect(isBlankPage(straight)).toBe(false);
  });
});
