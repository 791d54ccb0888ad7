// Image files (.png, .jpg, .tif: a scanned or photographed report) → the block stream, by OCR. Each
// image (each page of a multi-page TIFF) is one page, read as a scanned PDF page is and laid out
// by the PDF loader's layout stage. Decoded with sharp (a registry package with prebuilt binaries).
import type { LoadedDocument } from '../blocks.ts';
import { ExtractionError } from '../errors.ts';
import { OCR_PAGE_CPU_MS } from '../extractor/budget.ts';
import { reportPageCount } from '../extractor/progress.ts';
import type { OcrMode } from '../ocr/mode.ts';
import { checkPageCount } from './pdf/limits.ts';
import type { PageFacts } from './pdf/page.ts';

/**
 * Largest image decoded, in pixels (read from the file's header, before any decoding): an A1 sheet
 * at 300 dpi is 70 million. Decoded as RGBA a page takes 4 bytes a pixel, and the recogniser's
 * input more; past this a single image would exhaust the extraction process.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;
/** Without a resolution in the file, an image is taken to be a page this wide (A4, inches). */
const ASSUMED_PAGE_WIDTH_IN = 8.27;
/** A resolution in the file outside these bounds (dpi) is a placeholder (72, 96 from screen tools) or wrong. */
const MIN_DPI = 100;
const MAX_DPI = 1200;

export interface ImageOptions {
  ocr?: OcrMode;
}

export async function loadImage(buf: Buffer, opts: ImageOptions = {}): Promise<LoadedDocument> {
  if (buf.length === 0) throw new ExtractionError('EMPTY_FILE', 'the image file is empty (0 bytes)');
  if (opts.ocr === 'never') throw new ExtractionError('OCR_DISABLED', 'an image has no text layer: it can only be read by OCR, which --ocr never turns off');
  const sharp = (await import('sharp')).default;
  let meta: import('sharp').Metadata;
  try {
    // Reads the header only: nothing is decoded yet.
    meta = await sharp(buf, { limitInputPixels: false }).metadata();
  } catch (e) {
    throw new ExtractionError('CORRUPT_IMAGE', `the image could not be read: ${(e as Error).message}`);
  }
  const { width, height } = meta;
  if (!width || !height) throw new ExtractionError('CORRUPT_IMAGE', 'the image header gives no size');
  if (width * height > MAX_IMAGE_PIXELS) {
    throw new ExtractionError('TOO_LARGE', `the image is ${width} × ${height} pixels (${((width * height) / 1e6).toFixed(0)} million), above the limit of ${MAX_IMAGE_PIXELS / 1e6} million`);
  }
  const count = meta.pages ?? 1;
  checkPageCount(count);
  reportPageCount(count);

  const { ocrPage } = await import('../ocr/page.ts');
  const { layout } = await import('./pdf.ts');
  const pages: PageFacts[] = [];
  for (let k = 0; k < count; k++) {
    let raw: { data: Buffer; info: import('sharp').OutputInfo };
    try {
      // .rotate() turns a photo upright by its EXIF orientation; white shows through transparency.
      raw = await sharp(buf, { page: k, limitInputPixels: MAX_IMAGE_PIXELS }).rotate().flatten({ background: '#ffffff' }).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    } catch (e) {
      throw new ExtractionError('CORRUPT_IMAGE', `the image could not be decoded${count > 1 ? ` (page ${k + 1})` : ''}: ${(e as Error).message}`);
    }
    const { info } = raw;
    const dpi = resolution(meta.density, info.width);
      const size = { width: (info.width * 72) / dpi, height: (info.height * 72) / dpi };
    const read = await ocrPage({ data: raw.data, width: info.width, height: info.height }, dpi, k + 1, size, 'image', OCR_PAGE_CPU_MS);
    pages.push(read.facts);
  }
  return layout(pages);
}

/** The image's resolution: as its file says when plausible, else as if it were an A4 page's width. */
function resolution(density: number | undefined, pixelWidth: number): number {
  if (density && density >= MIN_DPI && density <= MAX_DPI) return density;
  return Math.max(MIN_DPI, Math.min(MAX_DPI, pixelWidth / ASSUMED_PAGE_WIDTH_IN));
}
