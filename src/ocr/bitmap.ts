// Page bitmaps for OCR: what a scanned page looks like before any model reads it. Everything here
// is plain pixel arithmetic on one grey channel: is the page blank, where are its ruled lines.
import type { HSeg, VSeg } from '../load/pdf/types.ts';

/** An RGBA bitmap, 4 bytes per pixel, rows top to bottom (as a canvas or sharp's raw output gives it). */
export interface RgbaImage {
  data: Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
}

/** A grey bitmap, one byte per pixel (0 black, 255 white). */
export interface GreyImage {
  data: Uint8Array;
  width: number;
  height: number;
}

export function toGrey(img: RgbaImage): GreyImage {
  const { width, height, data } = img;
  const out = new Uint8Array(width * height);
  for (let i = 0, j = 0; j < out.length; i += 4, j++) {
    // Transparent pixels are paper: a PNG scan with an alpha channel shows white where it is clear.
    const a = data[i + 3]! / 255;
    const y = 0.299 * data[i]! + 0.587 * data[i + 1]! + 0.114 * data[i + 2]!;
    out[j] = Math.round(y * a + 255 * (1 - a));
  }
  return { data: out, width, height };
}

/**
 * A pixel darker than this is ink. Scans put paper at 200–255 and print at 0–120; a fixed threshold
 * is enough for ruled lines and blank-page detection, which only need ink against paper.
 */
export const INK = 140;

/**
 * Share of ink pixels below which a page is blank: a scanned empty page still shows dust, a punched
 * hole's shadow or a page number's worth of ink; one line of text is 0.1–0.3 % of an A4 page.
 */
const BLANK_INK_SHARE = 0.0005;

/**
 * A scanned page with next to no ink: no text to recognise. Dark borders from the scanner's lid
 * (a band along the edges) are left out by looking only at the inner 90 % of the page.
 */
export function isBlankPage(g: GreyImage): boolean {
  const mx = Math.floor(g.width * 0.05);
  const my = Math.floor(g.height * 0.05);
  let ink = 0;
  let all = 0;
  for (let y = my; y < g.height - my; y++) {
    const row = y * g.width;
    for (let x = mx; x < g.width - mx; x++) {
      all++;
      if (g.data[row + x]! < INK) ink++;
    }
  }
  return all === 0 || ink / all < BLANK_INK_SHARE;
}

/**
 * A ruled line is a run of ink at least this long (in points): longer than any character or word
 * (a table's narrowest column is wider), so text strokes never read as rules.
 */
const MIN_RULE_PT = 24;
/** Thicker than this (points) an ink band is a filled box or a picture, not a rule. */
const MAX_RULE_PT = 3;
/** A scanned line wavers and breaks: gaps up to this many pixels within a run are bridged. */
const RUN_GAP_PX = 2;

/**
 * The ruled lines of a page bitmap: long runs of ink along rows (horizontal rules) and columns
 * (vertical rules), each band of adjacent runs merged into one segment at its centre, in points
 * (`scale` = points per pixel). These are the same segments the table stage reads from a PDF's
 * vector drawing, so a scanned ruled table is found the way a born-digital one is.
 */
export function ruledLines(g: GreyImage, scale: number): { hSegs: HSeg[]; vSegs: VSeg[] } {
  const minLen = Math.max(8, Math.round(MIN_RULE_PT / scale));
  const maxThick = Math.max(2, Math.round(MAX_RULE_PT / scale));
  const h = bands(g, true, minLen, maxThick);
  const v = bands(g, false, minLen, maxThick);
  return {
    hSegs: h.map((s) => ({ y: s.at * scale, x0: s.from * scale, x1: s.to * scale, rule: true })),
    vSegs: v.map((s) => ({ x: s.at * scale, y0: s.from * scale, y1: s.to * scale, rule: true })),
  };
}

interface Band {
  first: number;
  last: number;
  from: number;
  to: number;
}

/**
 * Long ink runs per row (or column); runs on neighbouring lines that overlap are one rule drawn a
 * few pixels thick. A band thicker than `maxThick` is a filled area and is dropped. Each rule is
 * returned at the centre of its band.
 */
function bands(g: GreyImage, horizontal: boolean, minLen: number, maxThick: number): { at: number; from: number; to: number }[] {
  const lines = horizontal ? g.height : g.width;
  const along = horizontal ? g.width : g.height;
  const stepLine = horizontal ? g.width : 1;
  const stepAlong = horizontal ? 1 : g.width;
  const out: { at: number; from: number; to: number }[] = [];
  let open: Band[] = [];
  const close = (b: Band) => {
    if (b.last - b.first + 1 <= maxThick) out.push({ at: (b.first + b.last + 1) / 2, from: b.from, to: b.to });
  };
  for (let l = 0; l <= lines; l++) {
    const found: { from: number; to: number }[] = [];
    if (l < lines) {
      let start = -1;
      let lastInk = -1;
      const base = l * stepLine;
      for (let i = 0; i <= along; i++) {
        const ink = i < along && g.data[base + i * stepAlong]! < INK;
        if (ink) {
          if (start < 0) start = i;
          lastInk = i;
        } else if (start >= 0 && (i === along || i - lastInk > RUN_GAP_PX)) {
          if (lastInk - start + 1 >= minLen) found.push({ from: start, to: lastInk + 1 });
          start = -1;
        }
      }
    }
    const next: Band[] = [];
    for (const r of found) {
      const b = open.find((o) => o.from < r.to && r.from < o.to && !next.includes(o));
      if (b) {
        b.last = l;
        b.from = Math.min(b.from, r.from);
        b.to = Math.max(b.to, r.to);
        next.push(b);
      } else next.push({ first: l, last: l, from: r.from, to: r.to });
    }
    for (const o of open) if (!next.includes(o)) close(o);
    open = next;
  }
  return out;
}

/** Skews within this many degrees are looked for: a sheet laid on a scanner glass by hand. */
const MAX_SKEW_DEG = 3;
const SKEW_COARSE_DEG = 0.5;
const SKEW_STEP_DEG = 0.1;
/** The skew is measured on the page scaled to about this width (pixels): text lines still stand apart, and it is quick. */
const SKEW_WIDTH = 800;

/**
 * The angle (degrees, clockwise) the page's text lines lean by, from the projection profile: the
 * page's ink summed along lines at each candidate angle; the angle whose rows alternate most sharply
 * between ink (text lines) and paper (the gaps between them) is the one the lines run at.
 */
export function skewAngle(g: GreyImage): number {
  const f = Math.max(1, Math.ceil(g.width / SKEW_WIDTH));
  const w = Math.floor(g.width / f);
  const h = Math.floor(g.height / f);
  const xs: number[] = [];
  const ys: number[] = [];
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      if (g.data[y * f * g.width + x * f]! < INK) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 100) return 0;
  const rows = new Float64Array(h + w);
  const score = (a: number) => {
    const t = Math.tan((a * Math.PI) / 180);
    rows.fill(0);
    // A point on a line leaning by a (clockwise) lies lower the further right it is.
    const shift = w * Math.abs(t);
    for (let i = 0; i < xs.length; i++) {
      const r = Math.round(ys[i]! - xs[i]! * t + shift);
      if (r >= 0 && r < rows.length) rows[r]!++;
    }
    let sum = 0;
    for (let r = 1; r < rows.length; r++) sum += (rows[r]! - rows[r - 1]!) ** 2;
    return sum;
  };
  // Coarse, then fine around the best coarse angle.
  const search = (from: number, to: number, step: number) => {
    let best = 0;
    let bestScore = -Infinity;
    for (let a = from; a <= to + 1e-9; a += step) {
      const sc = score(a);
      // Ties go to the smaller turn: a straight page stays as it is.
      if (sc > bestScore * (1 + 1e-9) || (sc >= bestScore && Math.abs(a) < Math.abs(best))) [bestScore, best] = [sc, a];
    }
    return best;
  };
  const coarse = search(-MAX_SKEW_DEG, MAX_SKEW_DEG, SKEW_COARSE_DEG);
  const a = Math.round(search(coarse - SKEW_COARSE_DEG, coarse + SKEW_COARSE_DEG, SKEW_STEP_DEG) * 10) / 10;
  return a === 0 ? 0 : a;
}
