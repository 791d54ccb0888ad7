// A page bitmap → the same page facts the text layer gives (src/load/pdf/page.ts): OCR boxes become
// text runs in points, ruled lines found in the bitmap become rule segments, and the table, line
// and paragraph stages take it from there, unchanged.
import { reportOcrPage } from '../extractor/progress.ts';
import { pageLayout, type OcrPageInfo, type PageFacts } from '../load/pdf/page.ts';
import type { PageGraphics, Run } from '../load/pdf/types.ts';
import { isCjk } from '../text/normalize.ts';
import { isBlankPage, ruledLines, toGrey, type RgbaImage } from './bitmap.ts';
import { OcrPageTimeout, recognizePage, type OcrBox } from './engine.ts';

/**
 * A detected box is this much taller than the glyphs it holds (the detector's box is the text
 * kernel grown by PaddleOCR's unclip ratio): measured on 周口市统计公报2023.pdf rendered at 300 dpi,
 * where 10.5–16 pt body and heading lines give boxes 1.0–1.1 em high. Sizes only need to be
 * consistent within a document (body size, heading ratio, line pitch), not exact.
 */
const BOX_EM = 1.05;
/** A box at least this much taller than wide holding several characters is a column of them (vertical writing, or one character per row of a table column). */
const COLUMN_RATIO = 1.5;

export interface OcrPageResult {
  facts: PageFacts;
  /** Boxes read (the page's text as OCR saw it, in reading-frame points). */
  boxes: number;
}

/**
 * Reads one page bitmap. `dpi` is the bitmap's resolution; `size` the page as displayed, in points
 * (for a PDF page, its own size; for an image, the bitmap at `dpi`). Never throws for a page that
 * ran out of time: its facts hold what was read, with `ocr.timedOut`.
 */
export async function ocrPage(image: RgbaImage, dpi: number, pageNo: number, size: { width: number; height: number }, reason: OcrPageInfo['reason'], deadline: number): Promise<OcrPageResult> {
  const scale = 72 / dpi;
  const grey = toGrey(image);
  const info: OcrPageInfo = { dpi, blank: isBlankPage(grey), timedOut: false, reason };
  let boxes: OcrBox[] = [];
  if (!info.blank) {
    // The document's time limit grows by a page's worth now that the page's recognition starts.
    reportOcrPage();
    try {
      boxes = await recognizePage(image, deadline);
    } catch (e) {
      if (!(e instanceof OcrPageTimeout)) throw e;
      boxes = e.partial;
      info.timedOut = true;
    }
  }
  const runs = boxes.flatMap((b) => toRuns(b, scale));
  const { hSegs, vSegs } = info.blank ? { hSegs: [], vSegs: [] } : ruledLines(grey, scale);
  const graphics: PageGraphics = { hSegs, vSegs, fills: [], images: [], boldMarks: [], textOps: 0, imageDpi: dpi, verticalGlyphs: [] };
  const layout = pageLayout(pageNo, size.width, size.height, runs, graphics);
  return { facts: { ...layout, toPage: null, pageWidth: size.width, pageHeight: size.height, noText: runs.length === 0, imageDpi: dpi, ocr: info }, boxes: boxes.length };
}

/** One OCR box → text runs in points: one run, or one per character for a column of characters. */
export function toRuns(b: OcrBox, scale: number): Run[] {
  const [x0, top, x1, bottom] = b.box.map((v) => v * scale) as [number, number, number, number];
  const chars = [...b.text.replace(/\s+/g, '')];
  const w = x1 - x0;
  const h = bottom - top;
  if (chars.length > 1 && h >= COLUMN_RATIO * w && chars.length * w >= 0.6 * h) {
    // A column read top to bottom: each character stands on its own row (a table column whose
    // cells the detector joined, or vertical writing); the row stage puts each with its neighbours.
    const step = h / chars.length;
    return chars.map((ch, k) => run(ch, x0, top + k * step, x1, top + (k + 1) * step, w / BOX_EM, b.confidence));
  }
  return [run(b.text.trim(), x0, top, x1, bottom, h / BOX_EM, b.confidence)];
}

function run(str: string, x0: number, top: number, x1: number, bottom: number, size: number, confidence: number): Run {
  const cjk = isCjk(str[0]);
  return {
    str,
    x0,
    x1,
    top,
    bottom,
    // The baseline of CJK text sits near the bottom of its box; of Latin text and figures, a little higher.
    base: bottom - (cjk ? 0.12 : 0.2) * size,
    size: Math.round(size * 2) / 2,
    bold: false,
    hei: false,
    vertical: false,
    rotated: false,
    spaceBefore: false,
    spaceAfter: false,
    symbol: false,
    confidence: Math.round(confidence * 1000) / 1000,
  };
}
