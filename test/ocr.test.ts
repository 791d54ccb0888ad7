// OCR of scanned pages and images, on scanned copies of corpus PDFs made here (scripts/scan/scan.ts):
// the copy must give what the born-digital file gives — the same chapter tree, the same captioned
// tables — with every record made from OCR text saying so in its provenance.
import { readFileSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import { PassThrough } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { compare, extractScan } from '../scripts/scan-corpus.ts';
import { charAccuracy, imagePdf, scannedCopy, scanPages, type ScannedPage } from '../scripts/scan/scan.ts';
import type { LoadedDocument } from '../src/blocks.ts';
import { loadDocument } from '../src/load/index.ts';
import { loadPdf } from '../src/load/pdf.ts';
import { ocrStats } from '../src/ocr/engine.ts';
import { ExtractorPool } from '../src/extractor/pool.ts';
import { watchProgress, type PageProgress } from '../src/extractor/progress.ts';
import { Progress } from '../src/progress.ts';
import type { DocResult } from '../src/pipeline.ts';
import type { AnyRecord, SectionRecord, TableRecord } from '../src/schema/records.ts';
import { extractBytes } from './helpers/extract.ts';
import { buildPdf, corpus, ZHOUKOU } from './helpers/pdf.ts';

const QIANDONGNAN = '黔东南苗族侗族自治州2023年国民经济和社会发展统计公报.pdf';
// OCR is slow on a loaded machine (10 CPU s a page at 300 dpi); every test here reads at most two pages.
const SLOW = 600_000;

const headings = (rs: AnyRecord[], pages: number) => rs.filter((r): r is SectionRecord => r.kind === 'section' && (r.provenance.page ?? 0) <= pages).map((r) => ({ number: r.number, title: r.title.replace(/\s+/g, ''), level: r.level }));
const tables = (rs: AnyRecord[], pages: number) => rs.filter((r): r is TableRecord => r.kind === 'table' && (r.provenance.page ?? 0) <= pages);

describe('scanned copy of 周口市统计公报2023.pdf, pages 1–2 at 300 dpi', () => {
  let born: DocResult;
  let bornDoc: LoadedDocument;
  let scan: DocResult;
  let scanDoc: LoadedDocument;
  beforeAll(async () => {
    const buf = readFileSync(corpus(ZHOUKOU));
    born = await extractBytes(buf, ZHOUKOU);
    bornDoc = await loadDocument(buf, 'pdf', { ocr: 'never' });
    // Page 3 too, so that a paragraph running on from page 2 is joined as in the original (compare leaves it out on both sides).
    ({ doc: scanDoc, result: scan } = await extractScan(await scannedCopy(buf, [1, 2, 3], { dpi: 300 }), 'zhoukou-scan.pdf'));
  }, SLOW);

  it('gives the same chapter tree as the born-digital file', () => {
    expect(scan.status).toBe('ok');
    expect(headings(scan.records, 2)).toEqual(headings(born.records, 2));
  });

  it('gives the same captioned tables, their ruled cells read right', () => {
    const a = tables(born.records, 2);
    const b = tables(scan.records, 2);
    expect(b.map((t) => [t.number, t.title])).toEqual(a.map((t) => [t.number, t.title]));
    const c = compare(born, bornDoc, scan, scanDoc, 2);
    expect(c.cells.total).toBeGreaterThan(20);
    expect(c.cells.same / c.cells.total).toBeGreaterThanOrEqual(0.9);
    expect(c.bodyAccuracy).toBeGreaterThanOrEqual(0.97);
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
  let imageDoc: LoadedDocument;
  beforeAll(async () => {
    const buf = readFileSync(corpus(QIANDONGNAN));
    born = await extractBytes(buf, QIANDONGNAN);
    bornDoc = await loadDocument(buf, 'pdf', { ocr: 'never' });
    const [page] = await scanPages(buf, [1], { dpi: 150 });
    const { default: sharp } = await import('sharp');
    const png = await sharp(page!.jpeg).withMetadata({ density: 150 }).png().toBuffer();
    ({ doc: imageDoc, result: image } = await extractScan(png, 'qiandongnan-page1.png'));
  }, SLOW);

  it('reads an image file as one page with the same headings as the born-digital page', () => {
    expect(image.status).toBe('ok');
    expect(image.format).toBe('image');
    expect(headings(image.records, 1)).toEqual(headings(born.records, 1));
    expect(compare(born, bornDoc, image, imageDoc, 1).bodyAccuracy).toBeGreaterThanOrEqual(0.97);
    // The small marks that end a printed line, after a figure, are read: the detector's boxes end
    // before them, and each line is read to its last mark (src/ocr/lines.ts).
    const text = image.text!.replace(/\s+/g, '');
    for (const s of ['比重为20.9%，第二产业', '分别为22.5%、22.1%和55.4%', '比上年增长3.7%。', '围绕“四新”主攻“四化”']) expect(text).toContain(s);
  });
});

/** A Type 1 standard font; with `toUnicode`, its bytes mapped from 0x20 on to the code points from that one (a font without a usable Unicode mapping). */
function helvetica(toUnicode?: number): string[] {
  if (toUnicode === undefined) return ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>'];
  const cmap = `/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def
1 begincodespacerange <00> <FF> endcodespacerange
1 beginbfrange <20> <7E> <${toUnicode.toString(16).toUpperCase()}> endbfrange
endcmap CMapName currentdict /CMap defineresource pop end end`;
  return ['<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /ToUnicode 7 0 R >>', `<< /Length ${cmap.length} >>\nstream\n${cmap}\nendstream`];
}

/**
 * One A4 page: `lines` of Helvetica text (11 pt, from the top left; drawn invisibly, render mode
 * 3, when `scan` is given, as OCR software lays its text layer over a scan), over the scan's picture.
 */
function textPage(lines: string[], opts: { scan?: ScannedPage; size?: number; toUnicode?: number } = {}): Buffer {
  const size = opts.size ?? 11;
  const text = `BT ${opts.scan ? '3 Tr ' : ''}/F1 ${size} Tf ${1.4 * size} TL 72 760 Td ${lines.map((l) => `(${l}) '`).join(' ')} ET`;
  const draw = (opts.scan ? 'q 595.28 0 0 841.89 0 0 cm /Im0 Do Q ' : '') + text;
  const image = opts.scan
    ? Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${opts.scan.widthPx} /Height ${opts.scan.heightPx} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${opts.scan.jpeg.length} >>\nstream\n`, 'latin1'), opts.scan.jpeg, Buffer.from('\nendstream', 'latin1')])
    : '<< >>';
  return buildPdf([
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Count 1 /Kids [3 0 R] >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595.28 841.89] /Resources << /Font << /F1 6 0 R >>${opts.scan ? ' /XObject << /Im0 5 0 R >>' : ''} >> /Contents 4 0 R >>`,
    `<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`,
    image,
    ...helvetica(opts.toUnicode),
  ]);
}

const ocrRead = (d: LoadedDocument) => d.blocks.filter((b) => b.type !== 'pagebreak' && b.span.source === 'ocr');

describe('which pages OCR reads', () => {
  let zhoukou: ScannedPage;
  beforeAll(async () => {
    zhoukou = (await scanPages(readFileSync(corpus(ZHOUKOU)), [1], { dpi: 150 }))[0]!;
  });

  it('a page whose text layer cannot be read (a font without a Unicode mapping): what is printed, not the layer', async () => {
    // The invisible layer maps every letter to the Private Use Area: 40 unreadable characters a line.
    const hidden = Array.from({ length: 12 }, () => 'Lorem ipsum dolor sit amet consectetur ad');
    const auto = textPage(hidden, { scan: zhoukou, toUnicode: 0xe000 });
    const before = ocrStats.pages;
    const doc = await loadPdf(auto);
    expect(ocrStats.pages).toBe(before + 1);
    expect(doc.text).not.toMatch(/[\p{Co}\uFFFD]/u);
    expect(doc.text).toContain('周口市国民经济和社会发展统计公报');
    expect(ocrRead(doc).length).toBe(doc.blocks.filter((b) => b.type !== 'pagebreak').length);
    // The same layer with its letters mapped to themselves is a text layer like any other: read, not OCR'd.
    const readable = await loadPdf(textPage(hidden, { scan: zhoukou }));
    expect(ocrStats.pages).toBe(before + 1);
    expect(readable.text.replace(/\s+/g, '')).toBe(hidden.join('').replace(/\s+/g, ''));
    expect(ocrRead(readable)).toEqual([]);
  }, SLOW);

  it('--ocr always: a born-digital page is drawn and read by OCR, its text layer left aside', async () => {
    const lines = ['2023 Annual Quality Report', 'Students enrolled 17165', 'Graduates employed 96.5%'];
    const pdf = textPage(lines, { size: 14 });
    const before = ocrStats.pages;
    const layer = await loadPdf(pdf, { ocr: 'auto' });
    expect(ocrStats.pages).toBe(before);
    expect(ocrRead(layer)).toEqual([]);
    const always = await loadPdf(pdf, { ocr: 'always' });
    expect(ocrStats.pages).toBe(before + 1);
    const blocks = always.blocks.filter((b) => b.type !== 'pagebreak');
    expect(blocks.length).toBeGreaterThan(0);
    expect(ocrRead(always)).toEqual(blocks);
    // What OCR read from the drawn page is what the text layer says.
    expect(charAccuracy(always.text, layer.text)).toBeGreaterThanOrEqual(0.95);
    expect(always.text).toContain('17165');
  }, SLOW);

  it('every page of a multi-page TIFF, in order, each with its own page number', async () => {
    const buf = readFileSync(corpus(ZHOUKOU));
    const [one, two] = await scanPages(buf, [1, 2], { dpi: 150 });
    const { default: sharp } = await import('sharp');
    const grey = await Promise.all([one!, two!].map((p) => sharp(p.jpeg).greyscale().raw().toBuffer({ resolveWithObject: true })));
    const tif = multiPageTiff(grey.map((g) => ({ data: g.data, width: g.info.width, height: g.info.height })), 150);
    const r = await extractBytes(tif, 'zhoukou-p1-2.tif');
    expect(r.status).toBe('ok');
    expect(r.format).toBe('image');
    const born = await extractBytes(buf, ZHOUKOU);
    // The same chapter tree over both pages, each heading on its page, as the born-digital file gives it.
    const tree = (rs: AnyRecord[]) => headings(rs, 2).map((h, k) => ({ ...h, page: rs.filter((x) => x.kind === 'section' && (x.provenance.page ?? 0) <= 2)[k]!.provenance.page }));
    expect(tree(r.records)).toEqual(tree(born.records));
    expect(new Set(r.records.filter((x) => x.kind !== 'document').map((x) => x.provenance.page))).toEqual(new Set([1, 2]));
  }, SLOW);
});

/**
 * A baseline TIFF of 8-bit grey pages, uncompressed, one IFD per page (the layout scanners write
 * multi-page TIFF in), with its resolution in dots per inch.
 */
function multiPageTiff(pages: { data: Buffer; width: number; height: number }[], dpi: number): Buffer {
  const TAGS = 12;
  const ifdSize = 2 + TAGS * 12 + 4;
  const parts: Buffer[] = [];
  const header = Buffer.alloc(8);
  header.write('II', 0, 'latin1');
  header.writeUInt16LE(42, 2);
  header.writeUInt32LE(8, 4);
  parts.push(header);
  let offset = 8;
  pages.forEach((p, k) => {
    // IFD, then its resolution (two rationals), then its pixels.
    const ifdAt = offset;
    const resAt = ifdAt + ifdSize;
    const pixelsAt = resAt + 16;
    const next = k < pages.length - 1 ? pixelsAt + p.data.length : 0;
    const ifd = Buffer.alloc(ifdSize);
    ifd.writeUInt16LE(TAGS, 0);
    const tags: [number, number, number, number][] = [
      [256, 4, 1, p.width], // ImageWidth
      [257, 4, 1, p.height], // ImageLength
      [258, 3, 1, 8], // BitsPerSample
      [259, 3, 1, 1], // Compression: none
      [262, 3, 1, 1], // PhotometricInterpretation: black is zero
      [273, 4, 1, pixelsAt], // StripOffsets
      [277, 3, 1, 1], // SamplesPerPixel
      [278, 4, 1, p.height], // RowsPerStrip: one strip
      [279, 4, 1, p.data.length], // StripByteCounts
      [282, 5, 1, resAt], // XResolution
      [283, 5, 1, resAt + 8], // YResolution
      [296, 3, 1, 2], // ResolutionUnit: inch
    ];
    tags.forEach(([tag, type, count, value], i) => {
      const o = 2 + i * 12;
      ifd.writeUInt16LE(tag, o);
      ifd.writeUInt16LE(type, o + 2);
      ifd.writeUInt32LE(count, o + 4);
      if (type === 3) ifd.writeUInt16LE(value, o + 8);
      else ifd.writeUInt32LE(value, o + 8);
    });
    ifd.writeUInt32LE(next, 2 + TAGS * 12);
    const res = Buffer.alloc(16);
    res.writeUInt32LE(dpi, 0);
    res.writeUInt32LE(1, 4);
    res.writeUInt32LE(dpi, 8);
    res.writeUInt32LE(1, 12);
    parts.push(ifd, res, p.data);
    offset = pixelsAt + p.data.length;
  });
  return Buffer.concat(parts);
}

describe('progress of a scanned document', () => {
  it('each page sent to OCR is reported from the extraction process to the progress line', async () => {
    const pdf = await scannedCopy(readFileSync(corpus(ZHOUKOU)), [1, 2], { dpi: 150 });
    const seen: PageProgress[] = [];
    watchProgress((p) => seen.push(p));
    const pool = new ExtractorPool();
    try {
      expect((await pool.extract(pdf, 'scans/zhoukou.pdf', 'zhoukou', qualityReport)).status).toBe('ok');
    } finally {
      watchProgress(null);
      await pool.close();
    }
    expect(seen.filter((p) => p.ocrPage !== undefined).map((p) => [p.sourcePath, p.ocrPage, p.pages])).toEqual([
      ['scans/zhoukou.pdf', 1, 2],
      ['scans/zhoukou.pdf', 2, 2],
    ]);
    // On a terminal the line names the document and the page its OCR has reached.
    const terminal = Object.assign(new PassThrough(), { isTTY: true }) as unknown as NodeJS.WriteStream;
    let shown = '';
    (terminal as unknown as PassThrough).on('data', (d: Buffer) => (shown += d.toString()));
    const ci = process.env.CI;
    delete process.env.CI;
    try {
      const progress = new Progress(1, terminal);
      for (const p of seen) progress.page(p);
      progress.tick(true);
      progress.finish();
    } finally {
      if (ci !== undefined) process.env.CI = ci;
    }
    const lines = shown.split('\r').map((l) => l.trim()).filter(Boolean);
    expect(lines[0]).toMatch(/^0\/1 documents \(0 failed\), [\d.]+ docs\/s — zhoukou\.pdf: OCR page 1\/2$/);
    expect(lines[1]).toMatch(/ — zhoukou\.pdf: OCR page 2\/2$/);
    expect(lines[2]).toMatch(/^1\/1 documents \(0 failed\)/);
    expect(lines[2]).not.toContain('OCR page');
  }, SLOW);
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
