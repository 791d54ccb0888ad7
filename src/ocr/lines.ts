// From the detector's text map to the line images the recogniser reads: boxes found as PaddleOCR's
// DB post-processing finds them (contours of the map, their minimum-area rectangles grown by the
// unclip ratio), each box's line frame, the frame widened over ink the detector left out, and the
// line cut from the page.
//
// The detector's map ends a line where its strong strokes end: a line's last mark, when it is a
// small one — ，、。；” after a figure or a word at the line's end — or its first, when it is “ or
// （, falls outside the box, and the recogniser never sees it (measured on 黔东南…统计公报.pdf p. 1 at
// 300 dpi: every line ending in ，、。” lost that mark, "22.5%、22.1%" read as "22.5%22.1%"). A reader
// reads a line to its last inked mark: the frame is widened over ink that touches the line's band
// and that no other box holds, up to a gap no wider than a space.
import { createRequire } from 'node:module';
import { INK, type GreyImage, type RgbaImage } from './bitmap.ts';

type Point = [number, number];
/** A detected box's corners in page pixels: top-left, top-right, bottom-right, bottom-left. */
export type Quad = [Point, Point, Point, Point];

/**
 * A line as the recogniser reads it: from `origin`, `length` pixels along the reading direction
 * (`along`, a unit vector) and `thickness` pixels across it (`across`). A horizontal box reads
 * left to right; a box at least COLUMN_RATIO times taller than wide is a column, read top to
 * bottom and turned a quarter counter-clockwise, as PaddleOCR turns it.
 */
export interface LineFrame {
  origin: Point;
  along: Point;
  across: Point;
  length: number;
  thickness: number;
  column: boolean;
}

/** PaddleOCR's det_db_unclip_ratio: how far a text kernel is grown into its box (area × ratio / perimeter). */
const UNCLIP_RATIO = 1.5;
/** Kernels and boxes with a shorter side than this (map pixels) are specks (PaddleOCR's min_size, +2 after growing). */
const MIN_SIDE = 3;
/** PaddleOCR turns a crop this much taller than wide a quarter turn before recognition. */
const COLUMN_RATIO = 1.5;

interface Cv {
  Mat: new (rows: number, cols: number, type: number) => CvMat;
  MatVector: new () => { size(): number; get(i: number): CvMat; delete(): void };
  CV_8UC1: number;
  CV_32SC2: number;
  RETR_LIST: number;
  CHAIN_APPROX_SIMPLE: number;
  matFromArray(rows: number, cols: number, type: number, data: number[]): CvMat;
  findContours(src: CvMat, contours: unknown, hierarchy: CvMat, mode: number, method: number): void;
  minAreaRect(m: CvMat): { center: { x: number; y: number }; size: { width: number; height: number }; angle: number };
}
interface CvMat {
  data: Uint8Array;
  delete(): void;
}
interface ClipperLib {
  ClipperOffset: new () => { AddPath(path: { X: number; Y: number }[], join: number, end: number): void; Execute(out: { X: number; Y: number }[][], delta: number): void };
  JoinType: { jtRound: number };
  EndType: { etClosedPolygon: number };
}

let libs: Promise<{ cv: Cv; clipper: ClipperLib }> | null = null;

/** OpenCV (a WebAssembly build, ready only after its runtime initialises) and Clipper, as @gutenye/ocr-common uses them. */
function loadLibs(): Promise<{ cv: Cv; clipper: ClipperLib }> {
  return (libs ??= (async () => {
    const common = createRequire(createRequire(import.meta.url).resolve('@gutenye/ocr-common'));
    const cv = common('@techstark/opencv-js') as Cv & { onRuntimeInitialized?: () => void };
    if (typeof cv.Mat !== 'function') await new Promise<void>((resolve) => (cv.onRuntimeInitialized = resolve));
    return { cv, clipper: common('js-clipper') as ClipperLib };
  })());
}

/**
 * The text boxes of a detection map (`map`: one byte per pixel, non-zero where text is, `mapWidth`
 * × `mapHeight`), in pixels of the page the map was computed from (`sx`, `sy`: page pixels per map
 * pixel). Each box is the minimum-area rectangle of a kernel grown by UNCLIP_RATIO, as PaddleOCR's
 * DBPostProcess makes it. Every OpenCV object is freed: the WebAssembly heap does not shrink, so
 * what a page leaks stays for the life of the process.
 */
export async function findBoxes(map: Uint8Array, mapWidth: number, mapHeight: number, sx: number, sy: number): Promise<Quad[]> {
  const { cv, clipper } = await loadLibs();
  const src = new cv.Mat(mapHeight, mapWidth, cv.CV_8UC1);
  const contours = new cv.MatVector();
  const hierarchy = new cv.Mat(0, 0, cv.CV_8UC1);
  const out: Quad[] = [];
  try {
    src.data.set(map);
    cv.findContours(src, contours, hierarchy, cv.RETR_LIST, cv.CHAIN_APPROX_SIMPLE);
    for (let i = 0; i < contours.size(); i++) {
      const cnt = contours.get(i);
      let kernel: { points: Quad; side: number };
      try {
        kernel = miniBox(cv.minAreaRect(cnt));
      } finally {
        cnt.delete();
      }
      if (kernel.side < MIN_SIDE) continue;
      const grown = unclip(clipper, kernel.points);
      if (grown.length < 3) continue;
      const m = cv.matFromArray(grown.length, 1, cv.CV_32SC2, grown.flat().map(Math.round));
      let box: { points: Quad; side: number };
      try {
        box = miniBox(cv.minAreaRect(m));
      } finally {
        m.delete();
      }
      if (box.side < MIN_SIDE + 2) continue;
      const q = box.points.map(([x, y]) => [x * sx, y * sy] as Point) as Quad;
      // PaddleOCR drops boxes no more than 3 page pixels wide or high once clipped to the page.
      const w = Math.floor(Math.hypot(q[1][0] - q[0][0], q[1][1] - q[0][1]));
      const h = Math.floor(Math.hypot(q[3][0] - q[0][0], q[3][1] - q[0][1]));
      if (w <= 3 || h <= 3) continue;
      out.push(q);
    }
  } finally {
    src.delete();
    contours.delete();
    hierarchy.delete();
  }
  return out;
}

/** A rotated rectangle's corners ordered top-left, top-right, bottom-right, bottom-left (PaddleOCR's get_mini_boxes), and its shorter side. */
function miniBox(r: { center: { x: number; y: number }; size: { width: number; height: number }; angle: number }): { points: Quad; side: number } {
  const t = (r.angle * Math.PI) / 180;
  const [c, s] = [Math.cos(t), Math.sin(t)];
  const [dx, dy] = [r.size.width / 2, r.size.height / 2];
  const { x, y } = r.center;
  const pts: Point[] = [
    [x - dx * c + dy * s, y - dx * s - dy * c],
    [x + dx * c + dy * s, y + dx * s - dy * c],
    [x + dx * c - dy * s, y + dx * s + dy * c],
    [x - dx * c - dy * s, y - dx * s + dy * c],
  ].sort((a, b) => a[0]! - b[0]!) as Point[];
  const [l0, l1] = pts[1]![1] > pts[0]![1] ? [pts[0]!, pts[1]!] : [pts[1]!, pts[0]!];
  const [r0, r1] = pts[3]![1] > pts[2]![1] ? [pts[2]!, pts[3]!] : [pts[3]!, pts[2]!];
  return { points: [l0, r0, r1, l1], side: Math.min(r.size.width, r.size.height) };
}

/** The polygon grown outward by area × UNCLIP_RATIO / perimeter (PaddleOCR's unclip, with Clipper's round joins). */
function unclip(clipper: ClipperLib, q: Quad): Point[] {
  let area = 0;
  let perimeter = 0;
  for (let i = 0; i < 4; i++) {
    const a = q[(i + 3) % 4]!;
    const b = q[i]!;
    area += a[1] * b[0] - a[0] * b[1];
    perimeter += Math.hypot(a[0] - b[0], a[1] - b[1]);
  }
  if (perimeter === 0) return [];
  const offset = new clipper.ClipperOffset();
  offset.AddPath(q.map(([X, Y]) => ({ X, Y })), clipper.JoinType.jtRound, clipper.EndType.etClosedPolygon);
  const grown: { X: number; Y: number }[][] = [];
  offset.Execute(grown, (Math.abs(area / 2) * UNCLIP_RATIO) / perimeter);
  return (grown[0] ?? []).map((p) => [p.X, p.Y]);
}

/** Two boxes of one line overlap when they share at least this share of the lower one's height. */
const SAME_LINE = 0.5;

/**
 * Boxes of one line that overlap, as one box. The detector grows each text kernel by UNCLIP_RATIO,
 * so kernels less than about an em apart — a letter-spaced heading such as 黔东南 p. 1's "一、综　合"
 * at 300 dpi — give boxes that overlap, and the character under the overlap is cut into both and
 * read twice ("一、综" + "宗合"). A reader sees one line: the union of the two boxes is read once,
 * and a gap within it still parts words (src/ocr/page.ts). Columns (boxes much taller than wide)
 * are left as they are.
 */
export function mergeOverlapping(quads: Quad[]): Quad[] {
  const boxes = quads.map((q) => ({ q, b: bounds(q), column: isColumn(q) }));
  let merged = true;
  while (merged) {
    merged = false;
    outer: for (let i = 0; i < boxes.length; i++) {
      for (let k = i + 1; k < boxes.length; k++) {
        const a = boxes[i]!;
        const c = boxes[k]!;
        if (a.column || c.column) continue;
        const across = Math.min(a.b[3], c.b[3]) - Math.max(a.b[1], c.b[1]);
        const along = Math.min(a.b[2], c.b[2]) - Math.max(a.b[0], c.b[0]);
        if (along <= 0 || across < SAME_LINE * Math.min(a.b[3] - a.b[1], c.b[3] - c.b[1])) continue;
        const u: [number, number, number, number] = [Math.min(a.b[0], c.b[0]), Math.min(a.b[1], c.b[1]), Math.max(a.b[2], c.b[2]), Math.max(a.b[3], c.b[3])];
        boxes[i] = { q: [[u[0], u[1]], [u[2], u[1]], [u[2], u[3]], [u[0], u[3]]], b: u, column: false };
        boxes.splice(k, 1);
        merged = true;
        break outer;
      }
    }
  }
  return boxes.map((x) => x.q);
}

/** The axis-aligned box around a quadrilateral: [x0, y0, x1, y1]. */
export function bounds(q: Quad): [number, number, number, number] {
  const xs = q.map((p) => p[0]);
  const ys = q.map((p) => p[1]);
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
}

function isColumn(q: Quad): boolean {
  const w = Math.max(Math.hypot(q[1][0] - q[0][0], q[1][1] - q[0][1]), Math.hypot(q[2][0] - q[3][0], q[2][1] - q[3][1]));
  const h = Math.max(Math.hypot(q[3][0] - q[0][0], q[3][1] - q[0][1]), Math.hypot(q[2][0] - q[1][0], q[2][1] - q[1][1]));
  return h >= COLUMN_RATIO * w;
}

/** A box's reading frame, its corners clipped to the page first as PaddleOCR clips them. */
export function lineFrame(q: Quad, pageWidth: number, pageHeight: number): LineFrame {
  const p = q.map(([x, y]) => [Math.min(Math.max(Math.round(x), 0), pageWidth), Math.min(Math.max(Math.round(y), 0), pageHeight)] as Point) as Quad;
  const dist = (a: Point, b: Point) => Math.hypot(a[0] - b[0], a[1] - b[1]);
  const unit = (a: Point, b: Point): Point => {
    const d = dist(a, b) || 1;
    return [(b[0] - a[0]) / d, (b[1] - a[1]) / d];
  };
  const width = Math.floor(Math.max(dist(p[0], p[1]), dist(p[3], p[2])));
  const height = Math.floor(Math.max(dist(p[0], p[3]), dist(p[1], p[2])));
  const u = unit(p[0], p[1]);
  const v = unit(p[0], p[3]);
  if (height >= COLUMN_RATIO * width) return { origin: p[1], along: v, across: [-u[0], -u[1]], length: height, thickness: width, column: true };
  return { origin: p[0], along: u, across: v, length: width, thickness: height, column: false };
}

/**
 * How far a line's ink reaches past its box. A detected box is about 1.25 em thick (the kernel
 * grown by the unclip ratio, measured on 周口 and 黔东南 at 300 dpi), so an em is this share of it.
 */
const EM_PER_THICKNESS = 0.8;
/** A gap wider than this (ems) between a box's end and the next ink is a space: what lies beyond it is another word. */
const MAX_GAP_EM = 0.5;
/** The frame never grows by more than this (ems) at either end: one punctuation mark and its gap. */
const MAX_GROW_EM = 1;
/**
 * Paper shown to the recogniser beyond a line's last mark (ems), where neither another box nor a
 * rule stands: it reads a mark at the very edge of its image poorly (the 。 closing 黔东南 p. 1's
 * "比上年增长3.7%。" lay inside its box, 3 px from the end, and went unread).
 */
const MARGIN_EM = 0.3;
/** Only the middle of the band is looked at, so the strokes of the lines above and below, reaching into it, do not count. */
const BAND_INSET = 0.15;
/** A column inked over this share of the band is a ruled line (a table's column rule), not a mark of the text. */
const RULE_SHARE = 0.8;
/** Fewer ink pixels than this in a column are a speck of dust. */
const MIN_INK_PX = 2;

/**
 * The frame widened at each end over ink of its own line that the detector left out: step by
 * step outward, along the middle of the band, while ink comes back within MAX_GAP_EM, for at most
 * MAX_GROW_EM; never onto a ruled line or into another box (`others`: the page's boxes, as
 * axis-aligned [x0, y0, x1, y1]). `frame` is the line's extent (where its ink ends); `padBefore`
 * and `padAfter` the paper (pixels, up to MARGIN_EM) the recogniser should see beyond it, on which
 * no other box or rule stands. Columns are read as the detector found them.
 */
export function widenOverInk(f: LineFrame, grey: GreyImage, others: [number, number, number, number][]): { frame: LineFrame; padBefore: number; padAfter: number } {
  if (f.column) return { frame: f, padBefore: 0, padAfter: 0 };
  const em = f.thickness * EM_PER_THICKNESS;
  const maxGap = Math.max(2, Math.round(MAX_GAP_EM * em));
  const maxGrow = Math.round(MAX_GROW_EM * em);
  const margin = Math.round(MARGIN_EM * em);
  const r0 = Math.floor(f.thickness * BAND_INSET);
  const r1 = Math.ceil(f.thickness * (1 - BAND_INSET));
  const at = (t: number, r: number): Point => [f.origin[0] + t * f.along[0] + r * f.across[0], f.origin[1] + t * f.along[1] + r * f.across[1]];
  const mid = (r0 + r1) / 2;
  const inOther = (t: number) => {
    const [x, y] = at(t, mid);
    return others.some((b) => x >= b[0] && x <= b[2] && y >= b[1] && y <= b[3]);
  };
  /** Ink pixels in the band's column at `t`, or -1 for a ruled line. */
  const inkAt = (t: number) => {
    let n = 0;
    for (let r = r0; r < r1; r++) {
      const [x, y] = at(t, r);
      const xi = Math.round(x);
      const yi = Math.round(y);
      if (xi < 0 || yi < 0 || xi >= grey.width || yi >= grey.height) continue;
      if (grey.data[yi * grey.width + xi]! < INK) n++;
    }
    return n >= RULE_SHARE * (r1 - r0) ? -1 : n;
  };
  /** How far ink reaches (`ink`), and how far paper may be kept beyond it (`paper`), stepping from `start`. */
  const reach = (start: number, step: 1 | -1) => {
    let last = 0;
    let k = 1;
    for (; k <= maxGrow + margin; k++) {
      const t = start + step * k;
      if (inOther(t)) break;
      const n = inkAt(t);
      if (n < 0) break;
      if (n >= MIN_INK_PX && k <= maxGrow) last = k;
      else if (k - last > maxGap) break;
    }
    return { ink: last, paper: Math.max(0, Math.min(k - 1, last + margin) - last) };
  };
  const before = reach(0, -1);
  const after = reach(f.length, 1);
  return { frame: { ...f, origin: at(-before.ink, 0), length: f.length + before.ink + after.ink }, padBefore: before.paper, padAfter: after.paper };
}

/** The frame lengthened by `before` and `after` pixels at its ends. */
export function padFrame(f: LineFrame, before: number, after: number): LineFrame {
  return { ...f, origin: [f.origin[0] - before * f.along[0], f.origin[1] - before * f.along[1]], length: f.length + before + after };
}

/** The frame's corners in page pixels (top-left, top-right, bottom-right, bottom-left of the line as read). */
export function frameCorners(f: LineFrame): Quad {
  const at = (t: number, r: number): Point => [f.origin[0] + t * f.along[0] + r * f.across[0], f.origin[1] + t * f.along[1] + r * f.across[1]];
  return [at(0, 0), at(f.length, 0), at(f.length, f.thickness), at(0, f.thickness)];
}

/**
 * The line cut from the page as the recogniser reads it: `length` × `thickness` pixels, bilinear,
 * edge pixels repeated past the page's border (as PaddleOCR's warpPerspective with BORDER_REPLICATE).
 */
export function cropLine(img: RgbaImage, f: LineFrame): RgbaImage {
  const w = Math.max(1, Math.round(f.length));
  const h = Math.max(1, Math.round(f.thickness));
  const out = new Uint8Array(w * h * 4);
  const { data, width, height } = img;
  for (let r = 0; r < h; r++) {
    for (let t = 0; t < w; t++) {
      const x = Math.min(Math.max(f.origin[0] + t * f.along[0] + r * f.across[0], 0), width - 1);
      const y = Math.min(Math.max(f.origin[1] + t * f.along[1] + r * f.across[1], 0), height - 1);
      const x0 = Math.floor(x);
      const y0 = Math.floor(y);
      const x1 = Math.min(x0 + 1, width - 1);
      const y1 = Math.min(y0 + 1, height - 1);
      const fx = x - x0;
      const fy = y - y0;
      const o = 4 * (r * w + t);
      const a = 4 * (y0 * width + x0);
      const b = 4 * (y0 * width + x1);
      const c = 4 * (y1 * width + x0);
      const d = 4 * (y1 * width + x1);
      for (let k = 0; k < 4; k++) {
        const top = data[a + k]! + (data[b + k]! - data[a + k]!) * fx;
        const bottom = data[c + k]! + (data[d + k]! - data[c + k]!) * fx;
        out[o + k] = Math.round(top + (bottom - top) * fy);
      }
    }
  }
  return { data: out, width: w, height: h };
}
