// The page stage: one page of a pdfjs document → the layout facts every later stage reads (text runs,
// horizontal rules, shaded boxes, pictures, ruled grids), computed once, in the page's reading frame.
// Nothing here looks at another page, so pages can be read in any order or in parallel; what needs
// several pages (running headers, tables and paragraphs carried over) comes after, in the loader.
//
// The reading frame is the page turned so that its text stands upright: a landscape table printed
// sideways on a portrait page is read as the landscape page it is, and vertical writing (竖排, columns
// right to left) as rows top to bottom. Boxes are turned back to the page as displayed for provenance.
import type * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
import { readGraphics } from './graphics.ts';
import { applyBoldMarks, fontFace, toRuns, verticalRuns, type FontFace } from './items.ts';
import { findGrids, horizontalRules } from './rules.ts';
import { buildTable, standsUnderChart, type PTable } from './tables.ts';
import { apply, multiply, type Box, type HSeg, type Matrix, type PageGraphics, type Rect, type Run } from './types.ts';

/**
 * A page is read turned when at least this share of its characters runs in one other direction:
 * a few rotated labels (a table's sideways row header) leave the page as it is.
 */
const TURNED_SHARE = 0.5;

export interface PageFacts {
  page: number;
  /** Size of the reading frame, in points. */
  width: number;
  height: number;
  /** Reading frame → the page as displayed (top-left origin); null when the text already stands upright. */
  toPage: Matrix | null;
  /** The page as displayed (after /Rotate), for provenance. */
  pageWidth: number;
  pageHeight: number;
  /** Every text run of the page. */
  runs: Run[];
  /** Tables drawn with rules (or shaded cells) both ways, and the runs they did not take. */
  tables: PTable[];
  free: Run[];
  /** Horizontal rules and filled boxes, for tables that have no vertical rules. */
  rules: HSeg[];
  fills: Rect[];
  images: Rect[];
  /** No text-showing operator and no text item: a scan, a picture, or an empty page. */
  noText: boolean;
  /** Resolution of the page's largest picture (pixels per inch as printed): a scan's own resolution. */
  imageDpi: number | null;
  /** Set when the page's text was read by OCR. */
  ocr?: OcrPageInfo;
}

/** How a page was read by OCR. */
export interface OcrPageInfo {
  /** The bitmap's resolution. */
  dpi: number;
  /** Nearly no ink: recognition was skipped. */
  blank: boolean;
  /** Recognition ran past the page's time limit: the text is what was read until then. */
  timedOut: boolean;
  /** Why the page went to OCR. */
  reason: 'no-text-layer' | 'unusable-text-layer' | 'always' | 'image';
}

export async function readPage(doc: pdfjs.PDFDocumentProxy, p: number): Promise<PageFacts> {
  const page = await doc.getPage(p);
  const viewport = page.getViewport({ scale: 1 });
  const display = viewport.transform as Matrix;
  const content = await page.getTextContent();
  const ops = await page.getOperatorList();
  // Fonts reach commonObjs with the operator list; their PostScript names carry the weight.
  const faces = new Map<string, FontFace>();
  const faceOf = (name: string): FontFace => {
    let f = faces.get(name);
    if (!f) {
      let obj: unknown = null;
      try {
        obj = page.commonObjs.has(name) ? page.commonObjs.get(name) : null;
      } catch {
        obj = null;
      }
      faces.set(name, (f = fontFace(obj as Parameters<typeof fontFace>[0])));
    }
    return f;
  };
  const vertical = (name: string) => {
    try {
      return page.commonObjs.has(name) && (page.commonObjs.get(name) as { vertical?: boolean }).vertical === true;
    } catch {
      return false;
    }
  };

  let graphics = readGraphics(ops.fnArray, ops.argsArray, display, vertical);
  let runs = toRuns(content.items, content.styles, display, faceOf);
  const glyphs = graphics.verticalGlyphs;
  const noText = graphics.textOps === 0 && runs.length === 0 && glyphs.length === 0;

  const turn = readingTurn(runs, glyphs.length);
  let toPage: Matrix | null = null;
  let [width, height] = [viewport.width, viewport.height];
  if (turn) {
    const R = turnMatrix(turn, width, height);
    const frame = multiply(R, display);
    toPage = invert(R);
    if (turn % 2 === 1) [width, height] = [height, width];
    graphics = readGraphics(ops.fnArray, ops.argsArray, frame, vertical);
    runs = toRuns(content.items, content.styles, frame, faceOf);
    if (glyphs.length > 0) runs = [...runs.filter((r) => !r.vertical), ...verticalRuns(glyphs).map((r) => turnRun(r, R))];
  } else if (glyphs.length > 0) {
    runs = [...runs.filter((r) => !r.vertical), ...verticalRuns(glyphs)];
  }
  applyBoldMarks(runs, graphics.boldMarks);
  page.cleanup();
  return { ...pageLayout(p, width, height, runs, graphics), toPage, pageWidth: viewport.width, pageHeight: viewport.height, noText, imageDpi: graphics.imageDpi };
}

/**
 * The facts of a page read from its text runs and drawing, in its reading frame: ruled tables and
 * the runs they leave, rules, fills, pictures. Shared by the text layer and OCR, whose runs and
 * rules (found in the page bitmap) are the same kinds of thing.
 */
export function pageLayout(p: number, width: number, height: number, runs: Run[], graphics: PageGraphics): Pick<PageFacts, 'page' | 'width' | 'height' | 'runs' | 'tables' | 'free' | 'rules' | 'fills' | 'images'> {
  // Tables first: their cells are content even at the page edge, where running headers are looked for.
  const tables: PTable[] = [];
  let free = runs;
  for (const grid of findGrids(graphics, width, height, runs)) {
    const t = buildTable(grid, free, p);
    if (!t) continue;
    const used = new Set(t.used);
    free = free.filter((r) => !used.has(r));
    // A chart's data table is part of the chart (a figure), as the text of a pictured chart is.
    if (!standsUnderChart(t.table, graphics.fills, runs)) tables.push(t.table);
  }
  return { page: p, width, height, runs, tables, free, rules: horizontalRules(graphics), fills: graphics.fills, images: graphics.images };
}

/**
 * Quarter turns that make the page's text stand upright: vertical writing is read turned by one
 * (its columns become rows, the rightmost first), sideways text by the turn most of its characters share.
 */
export function readingTurn(runs: readonly Run[], verticalGlyphs: number): 0 | 1 | 2 | 3 {
  let total = verticalGlyphs;
  const turned = [0, 0, 0, 0];
  for (const r of runs) {
    if (r.vertical) continue;
    total += r.str.length;
    if (r.turn) turned[r.turn]! += r.str.length;
  }
  if (total === 0) return 0;
  if (verticalGlyphs >= TURNED_SHARE * total) return 1;
  const best = ([1, 2, 3] as const).reduce((a, b) => (turned[b]! > turned[a]! ? b : a));
  return turned[best]! >= TURNED_SHARE * total ? best : 0;
}

/** Display coordinates (top-left origin, y down) → a frame turned back by `turn` quarter turns. */
function turnMatrix(turn: 1 | 2 | 3, w: number, h: number): Matrix {
  if (turn === 1) return [0, -1, 1, 0, 0, w];
  if (turn === 3) return [0, 1, -1, 0, h, 0];
  return [-1, 0, 0, -1, w, h];
}

function invert(m: Matrix): Matrix {
  const det = m[0] * m[3] - m[1] * m[2];
  const a = m[3] / det;
  const b = -m[1] / det;
  const c = -m[2] / det;
  const d = m[0] / det;
  return [a, b, c, d, -(a * m[4] + c * m[5]), -(b * m[4] + d * m[5])];
}

/** A box through a matrix: the axis-aligned box around its turned corners. */
export function mapBox(m: Matrix, b: Box): Box {
  const pts = [apply(m, b[0], b[1]), apply(m, b[2], b[1]), apply(m, b[0], b[3]), apply(m, b[2], b[3])];
  const xs = pts.map((q) => q[0]);
  const ys = pts.map((q) => q[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

/** A column of vertical writing as the row it reads as in the turned frame. */
function turnRun(r: Run, R: Matrix): Run {
  const [x0, top, x1, bottom] = mapBox(R, [r.x0, r.top, r.x1, r.bottom]);
  return { ...r, x0, x1, top, bottom, base: bottom - 0.12 * r.size, vertical: false };
}
