// A page bitmap → the same page facts the text layer gives (src/load/pdf/page.ts): OCR boxes become
// text runs in points, ruled lines found in the bitmap become rule segments, and the table, line
// and paragraph stages take it from there, unchanged.
import { reportOcrPage } from '../extractor/progress.ts';
import { pageLayout, type OcrPageInfo, type PageFacts } from '../load/pdf/page.ts';
import type { PageGraphics, Run } from '../load/pdf/types.ts';
import { isCjk } from '../text/normalize.ts';
import { isBlankPage, ruledLines, skewAngle, toGrey, type RgbaImage } from './bitmap.ts';
import { OcrPageTimeout, recognizePage, type OcrBox, type OcrChar } from './engine.ts';

/**
 * A detected box is this much taller than the glyphs it holds (the detector's box is the text
 * kernel grown by PaddleOCR's unclip ratio): measured on 周口市统计公报2023.pdf rendered at 300 dpi,
 * where 10.5–16 pt body and heading lines give boxes 1.0–1.1 em high. Sizes only need to be
 * consistent within a document (body size, heading ratio, line pitch), not exact.
 */
const BOX_EM = 1.05;
/** A skew below this (degrees) moves a line's end by less than a quarter of a line over a page width. */
const MIN_DESKEW_DEG = 0.3;
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
 * ran past `cpuLimitMs` of CPU time: its facts hold what was read, with `ocr.timedOut`.
 */
export async function ocrPage(image: RgbaImage, dpi: number, pageNo: number, size: { width: number; height: number }, reason: OcrPageInfo['reason'], cpuLimitMs: number): Promise<OcrPageResult> {
  const scale = 72 / dpi;
  let grey = toGrey(image);
  // Whether a page is blank does not depend on how straight it lies: a blank page is not measured for skew.
  const info: OcrPageInfo = { dpi, blank: isBlankPage(grey), timedOut: false, reason };
  // A sheet scanned askew is turned straight first: its rules are then rows and columns of ink, and
  // its lines' boxes as tall as their text.
  const skew = info.blank ? 0 : skewAngle(grey);
  if (Math.abs(skew) >= MIN_DESKEW_DEG) {
    image = await straighten(image, skew);
    grey = toGrey(image);
  }
  let boxes: OcrBox[] = [];
  if (!info.blank) {
    // The document's time limit grows by a page's worth now that the page's recognition starts.
    reportOcrPage(pageNo);
    try {
      boxes = await recognizePage(image, cpuLimitMs, grey);
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
  return words(b, x0, x1, h / BOX_EM).map((w) => run(w.text, w.x0, top, w.x1, bottom, h / BOX_EM, b.confidence));
}

/**
 * Wider than this (in ems, between the inked sides of two characters) a gap is a space: the
 * recogniser reads "表1 2023年…" as 表12023年…, dropping the space that tells a caption's number
 * from its title. Characters of one word stand 0–0.3 em apart (CJK punctuation inks only half its
 * em); the recogniser places a character within about 0.15 em.
 */
const SPACE_EM = 0.6;

/** Half the width of a character, in ems: full-width (CJK) characters are square, others about half as wide. */
function halfWidth(ch: string): number {
  return isCjk(ch) || /[\uff00-\uffef]/.test(ch) ? 0.5 : 0.28;
}

/**
 * A horizontal box's text split where the recogniser placed a space, each word with its extent.
 * Spaces the recogniser itself read are kept as the split points they are.
 */
function words(b: OcrBox, x0: number, x1: number, em: number): { text: string; x0: number; x1: number }[] {
  const width = x1 - x0;
  const out: { text: string; x0: number; x1: number }[] = [];
  let cur: OcrChar[] = [];
  const flush = () => {
    const real = cur.filter((c) => c.ch.trim() !== '');
    if (real.length > 0) {
      const first = real[0]!;
      const last = real[real.length - 1]!;
      out.push({
        text: real.map((c) => c.ch).join(''),
        x0: Math.max(x0, x0 + first.at * width - halfWidth(first.ch) * em),
        x1: Math.min(x1, x0 + last.at * width + halfWidth(last.ch) * em),
      });
    }
    cur = [];
  };
  for (const c of b.chars) {
    const prev = cur[cur.length - 1];
    if (c.ch.trim() === '') {
      flush();
      continue;
    }
    if (prev && (c.at - prev.at) * width - (halfWidth(prev.ch) + halfWidth(c.ch)) * em > SPACE_EM * em) flush();
    cur.push(c);
  }
  flush();
  if (out.length === 0) return [{ text: b.text.trim(), x0, x1 }];
  // The outer words keep the box's edges: the detector measures where the text begins and ends better.
  out[0]!.x0 = x0;
  out[out.length - 1]!.x1 = x1;
  return out;
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

/** The image turned by `-skew` degrees about its centre, on white, cut back to its own size. */
async function straighten(image: RgbaImage, skew: number): Promise<RgbaImage> {
  const sharp = (await import('sharp')).default;
  const turned = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .rotate(-skew, { background: '#ffffff' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  const left = Math.max(0, Math.floor((turned.info.width - image.width) / 2));
  const top = Math.max(0, Math.floor((turned.info.height - image.height) / 2));
  const { data, info } = await sharp(turned.data, { raw: { width: turned.info.width, height: turned.info.height, channels: 4 } })
    .extract({ left, top, width: Math.min(image.width, turned.info.width), height: Math.min(image.height, turned.info.height) })
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}
