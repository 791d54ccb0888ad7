// Scanned copies of born-digital PDFs, made here: pages drawn to bitmaps (optionally with scanner
// noise and a slight skew), JPEG-encoded and wrapped as image-only PDFs, so OCR can be measured
// against the text layer the original still has. Used by scripts/scan-corpus.ts, the OCR tests
// and the OCR benchmark; nothing it makes is kept in the repository.
import { createRequire } from 'node:module';
import path from 'node:path';
import * as pdfjs from '../../src/load/pdfjs.ts';
import { buildPdf } from '../pdf-writer.ts';

const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json')).split(path.sep).join('/');

export interface ScanOptions {
  dpi: number;
  /** Degrees clockwise the sheet lies askew on the scanner glass. */
  rotate?: number;
  /** Scanner noise: grey speckle and a dirty background; the same seed gives the same page. */
  noise?: boolean;
  seed?: number;
  /** JPEG quality, 0–100. */
  quality?: number;
}

export interface ScannedPage {
  jpeg: Buffer;
  widthPx: number;
  heightPx: number;
  /** The page's size in points, as the original printed it. */
  widthPt: number;
  heightPt: number;
}

async function open(buf: Buffer): Promise<pdfjs.PDFDocumentProxy> {
  return pdfjs.getDocument({ data: new Uint8Array(buf), cMapUrl: `${PDFJS_DIR}/cmaps/`, cMapPacked: true, standardFontDataUrl: `${PDFJS_DIR}/standard_fonts/`, isEvalSupported: false, disableFontFace: true, verbosity: 0 }).promise;
}

/** Pages (1-based) of a PDF as a scanner would give them. */
export async function scanPages(buf: Buffer, pages: number[], opts: ScanOptions): Promise<ScannedPage[]> {
  const { createCanvas } = await import('@napi-rs/canvas');
  const doc = await open(buf);
  const out: ScannedPage[] = [];
  try {
    for (const p of pages) {
      const page = await doc.getPage(p);
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: opts.dpi / 72 });
      const w = Math.round(viewport.width);
      const h = Math.round(viewport.height);
      const sheet = createCanvas(w, h);
      const sctx = sheet.getContext('2d');
      sctx.fillStyle = '#ffffff';
      sctx.fillRect(0, 0, w, h);
      await page.render({ canvasContext: sctx, canvas: sheet, viewport } as unknown as Parameters<pdfjs.PDFPageProxy['render']>[0]).promise;
      page.cleanup();
      const scan = createCanvas(w, h);
      const ctx = scan.getContext('2d');
      ctx.fillStyle = '#ffffff';
      ctx.fillRect(0, 0, w, h);
      if (opts.rotate) {
        ctx.translate(w / 2, h / 2);
        ctx.rotate((opts.rotate * Math.PI) / 180);
        ctx.translate(-w / 2, -h / 2);
      }
      ctx.drawImage(sheet, 0, 0);
      ctx.setTransform(1, 0, 0, 1, 0, 0);
      if (opts.noise) addNoise(ctx, w, h, opts.seed ?? p);
      out.push({ jpeg: scan.toBuffer('image/jpeg', opts.quality ?? 85), widthPx: w, heightPx: h, widthPt: base.width, heightPt: base.height });
    }
  } finally {
    await doc.destroy();
  }
  return out;
}

/** Grey paper, sensor noise and dust: what a photocopied page adds to clean print. */
function addNoise(ctx: import('@napi-rs/canvas').SKRSContext2D, w: number, h: number, seed: number): void {
  const img = ctx.getImageData(0, 0, w, h);
  const d = img.data;
  let s = seed >>> 0 || 1;
  const rand = () => {
    // xorshift32: reproducible without a dependency.
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  for (let i = 0; i < d.length; i += 4) {
    const n = (rand() + rand() + rand() - 1.5) * 40 - 12;
    for (let c = 0; c < 3; c++) d[i + c] = Math.max(0, Math.min(255, d[i + c]! + n));
  }
  for (let k = 0; k < (w * h) / 4000; k++) {
    const x = Math.floor(rand() * w);
    const y = Math.floor(rand() * h);
    const i = 4 * (y * w + x);
    d[i] = d[i + 1] = d[i + 2] = 40;
  }
  ctx.putImageData(img, 0, 0);
}

/** Image-only PDF: one page per scan, the JPEG filling the page (DCTDecode, as scanners write them). */
export function imagePdf(pages: ScannedPage[]): Buffer {
  const objects: (string | Buffer)[] = [];
  const n = pages.length;
  // 1: catalog, 2: page tree, then per page: page, contents, image.
  objects.push('<< /Type /Catalog /Pages 2 0 R >>');
  objects.push(`<< /Type /Pages /Count ${n} /Kids [${pages.map((_, k) => `${3 + 3 * k} 0 R`).join(' ')}] >>`);
  pages.forEach((p, k) => {
    const [contents, image] = [4 + 3 * k, 5 + 3 * k];
    const draw = `q ${p.widthPt.toFixed(2)} 0 0 ${p.heightPt.toFixed(2)} 0 0 cm /Im0 Do Q`;
    objects.push(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${p.widthPt.toFixed(2)} ${p.heightPt.toFixed(2)}] /Resources << /XObject << /Im0 ${image} 0 R >> >> /Contents ${contents} 0 R >>`);
    objects.push(`<< /Length ${draw.length} >>\nstream\n${draw}\nendstream`);
    objects.push(Buffer.concat([Buffer.from(`<< /Type /XObject /Subtype /Image /Width ${p.widthPx} /Height ${p.heightPx} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${p.jpeg.length} >>\nstream\n`, 'latin1'), p.jpeg, Buffer.from('\nendstream', 'latin1')]));
  });
  return buildPdf(objects);
}

/** Pages `pages` of a PDF as an image-only PDF scanned with `opts`. */
export async function scannedCopy(buf: Buffer, pages: number[], opts: ScanOptions): Promise<Buffer> {
  return imagePdf(await scanPages(buf, pages, opts));
}

/** The number of pages of a PDF. */
export async function pageCount(buf: Buffer): Promise<number> {
  const doc = await open(buf);
  try {
    return doc.numPages;
  } finally {
    await doc.destroy();
  }
}

/**
 * Character accuracy of `read` against `truth`: 1 − (edit distance / length of truth), whitespace
 * ignored on both sides (OCR and text layers space CJK differently; neither is wrong).
 */
export function charAccuracy(read: string, truth: string): number {
  const a = [...read.replace(/\s+/g, '')];
  const b = [...truth.replace(/\s+/g, '')];
  if (b.length === 0) return a.length === 0 ? 1 : 0;
  return Math.max(0, 1 - editDistance(a, b) / b.length);
}

/**
 * Character accuracy on body text: 1 − (edits / length of `truth`), where `truth` is the body text
 * of the born-digital page (its paragraphs, in reading order) and `read` everything OCR read there.
 * Text `read` holds between two paragraphs of the truth costs nothing: it is what the original
 * prints only as a picture (a logo, a chart's labels, a title set as an image), or a table, which
 * the cell figure measures; the text layer has none of it to compare with. Every other edit counts:
 * a character missed, misread or added inside a paragraph. Whitespace is ignored on both sides.
 */
export function bodyAccuracy(read: string, truth: string[]): number {
  const a = [...read.replace(/\s+/g, '')];
  const paras = truth.map((t) => [...t.replace(/\s+/g, '')]).filter((t) => t.length > 0);
  const b = paras.flat();
  if (b.length === 0) return 1;
  // Positions in the truth between paragraphs (and at its ends), where added text is free.
  const free = new Uint8Array(b.length + 1);
  let at = 0;
  free[0] = 1;
  for (const p of paras) free[(at += p.length)] = 1;
  // prev[j]: edits to turn a[0..i) into b[0..j); reading a[i-1] with no truth character is free where free[j].
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [prev[0]! + (free[0] ? 0 : 1)];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + (free[j] ? 0 : 1), cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return Math.max(0, 1 - prev[b.length]! / b.length);
}

export function editDistance(a: string[], b: string[]): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length]!;
}

/** F1 of two lists of headings (each "path title"), matched exactly after whitespace is removed. */
export function headingsF1(found: string[], truth: string[]): { precision: number; recall: number; f1: number } {
  const norm = (s: string) => s.replace(/\s+/g, '');
  const pool = new Map<string, number>();
  for (const t of truth) pool.set(norm(t), (pool.get(norm(t)) ?? 0) + 1);
  let hit = 0;
  for (const f of found) {
    const k = norm(f);
    const n = pool.get(k) ?? 0;
    if (n > 0) {
      hit++;
      pool.set(k, n - 1);
    }
  }
  const precision = found.length ? hit / found.length : truth.length ? 0 : 1;
  const recall = truth.length ? hit / truth.length : 1;
  return { precision, recall, f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0 };
}
