// Shapes passed between the PDF loader's stages. All coordinates are PDF points with the origin at
// the page's top-left corner (y grows downwards): the space span bboxes are reported in.

export type Box = [number, number, number, number];

/** One pdfjs text item after clean-up: a run of glyphs in one font on one baseline. */
export interface Run {
  str: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** Baseline (for vertical writing: the top of the column). */
  base: number;
  size: number;
  /** Explicit weight: Bold/Heavy/Black/粗 in the font name, pdfjs font flags, fill+stroke or double-struck text. */
  bold: boolean;
  /** A Hei (黑体) face: bold-looking in a Song body, but some documents set everything in it. */
  hei: boolean;
  /** Vertical writing mode (Identity-V fonts). */
  vertical: boolean;
  /** Neither upright nor vertical writing (rotated labels); kept for table cells only. */
  rotated: boolean;
  /** For rotated runs set along a page edge: quarter turns clockwise of the baseline (1: text runs downwards, 2: upside down, 3: upwards). */
  turn?: 1 | 2 | 3;
  /** pdfjs' own string had whitespace at its start / end. */
  spaceBefore: boolean;
  spaceAfter: boolean;
  /** Only Private Use Area glyphs: a bullet or dingbat from a symbol font, shown as •. */
  symbol: boolean;
  /** Private Use Area characters the text layer gave here and `str` leaves out or shows as •: glyphs without a Unicode mapping (how the loader tells an unusable text layer). */
  unmapped?: number;
  /** Read by OCR: the recogniser's mean character probability (0–1). Absent for the text layer. */
  confidence?: number;
}

export interface Line {
  runs: Run[];
  text: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  base: number;
  /** Size carrying the most characters. */
  size: number;
  chars: number;
  boldChars: number;
  heiChars: number;
  /** Widest gap between neighbouring runs, in ems: a tab stop or an unruled table's gutter when large. */
  maxGapEm: number;
}

export interface HSeg {
  y: number;
  x0: number;
  x1: number;
  /** Drawn as a line (not the edge of a shaded box). */
  rule?: boolean;
}

export interface VSeg {
  x: number;
  y0: number;
  y1: number;
  rule?: boolean;
}

export interface Rect {
  x0: number;
  top: number;
  x1: number;
  bottom: number;
}

export interface PageGraphics {
  hSegs: HSeg[];
  vSegs: VSeg[];
  /** Filled rectangles too big to be rules: cell shading, boxes, backgrounds. */
  fills: Rect[];
  images: Rect[];
  /** Where text was painted fill+stroke (Word's and WPS's synthetic bold). */
  boldMarks: { x0: number; x1: number; base: number }[];
  /** Text-showing operators met: a page with none has no text layer, whatever pdfjs' text content says. */
  textOps: number;
  /** Pixels per inch of the largest picture as printed (its pixel width over its printed width), or null. */
  imageDpi: number | null;
  /** Glyphs of vertical-writing fonts, read here because pdfjs' text content drops some of them. */
  verticalGlyphs: { ch: string; x: number; y: number; size: number; bold: boolean }[];
}

/** 6-element affine matrix as pdfjs uses it: [a, b, c, d, e, f]. */
export type Matrix = [number, number, number, number, number, number];

export function multiply(m: ArrayLike<number>, n: ArrayLike<number>): Matrix {
  return [
    m[0]! * n[0]! + m[2]! * n[1]!,
    m[1]! * n[0]! + m[3]! * n[1]!,
    m[0]! * n[2]! + m[2]! * n[3]!,
    m[1]! * n[2]! + m[3]! * n[3]!,
    m[0]! * n[4]! + m[2]! * n[5]! + m[4]!,
    m[1]! * n[4]! + m[3]! * n[5]! + m[5]!,
  ];
}

export function apply(m: ArrayLike<number>, x: number, y: number): [number, number] {
  return [m[0]! * x + m[2]! * y + m[4]!, m[1]! * x + m[3]! * y + m[5]!];
}
