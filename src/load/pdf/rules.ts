// Ruling lines → table grids. Borders arrive as stroked lines, thin filled rectangles (Word) or the
// edges of shaded cells; they are snapped into rulings, grouped by touching, and every group with
// rulings both ways becomes a grid whose missing inner segments mark merged cells.
import type { HSeg, PageGraphics, Rect, VSeg } from './types.ts';

/** Coordinates closer than this (pt) are one ruling / one grid line. */
const SNAP = 2.5;
/** Pieces of one ruling may be drawn with gaps this small (pt) between them. */
const JOIN = 2;
const MAX_RULINGS = 4000;
/** More shaded boxes than this on a page are a vector chart or drawing. */
const MAX_FILLS = 400;

export interface Grid {
  /** Column boundaries, left to right. */
  xs: number[];
  /** Row boundaries, top to bottom. */
  ys: number[];
  /** h[i][j]: a rule runs along ys[i] between xs[j] and xs[j+1]. */
  h: boolean[][];
  /** v[i][j]: a rule runs along xs[j] between ys[i] and ys[i+1]. */
  v: boolean[][];
  /** drawn[j]: a drawn rule (not only the edge of a shaded box) runs somewhere along xs[j]. */
  drawn: boolean[];
  /** One cell bounded by four drawn rules: a framed box rather than a table. */
  frame?: true;
}

/** Grids of rulings and shaded cells on a page; `text` are the boxes of its text runs. */
export function findGrids(g: PageGraphics, pageWidth: number, pageHeight: number, text: readonly Rect[] = []): Grid[] {
  const hs: HSeg[] = [...g.hSegs];
  const vs: VSeg[] = [...g.vSegs];
  for (const f of cellFills(g.fills, pageWidth * pageHeight, text)) {
    hs.push({ y: f.top, x0: f.x0, x1: f.x1 }, { y: f.bottom, x0: f.x0, x1: f.x1 });
    vs.push({ x: f.x0, y0: f.top, y1: f.bottom }, { x: f.x1, y0: f.top, y1: f.bottom });
  }
  const H = mergeH(hs);
  const V = mergeV(vs);
  // Thousands of distinct rulings are a map or a technical drawing, not tables.
  if (H.length < 2 || V.length < 1 || H.length + V.length > MAX_RULINGS) return [];

  // Union-find over rulings that touch.
  const parent = Array.from({ length: H.length + V.length }, (_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!;
    return i;
  };
  const byY = H.map((h, i) => ({ h, i })).sort((a, b) => a.h.y - b.h.y);
  const ys = byY.map((e) => e.h.y);
  for (let j = 0; j < V.length; j++) {
    const v = V[j]!;
    for (let k = lowerBound(ys, v.y0 - SNAP); k < byY.length && byY[k]!.h.y <= v.y1 + SNAP; k++) {
      const { h, i } = byY[k]!;
      if (v.x >= h.x0 - SNAP && v.x <= h.x1 + SNAP) parent[find(i)] = find(H.length + j);
    }
  }
  const groups = new Map<number, { h: HSeg[]; v: VSeg[] }>();
  const group = (i: number) => {
    const r = find(i);
    let e = groups.get(r);
    if (!e) groups.set(r, (e = { h: [], v: [] }));
    return e;
  };
  H.forEach((h, i) => group(i).h.push(h));
  V.forEach((v, j) => group(H.length + j).v.push(v));

  const grids: Grid[] = [];
  for (const { h, v } of groups.values()) {
    // Drawn rules both ways, one of them between columns: shaded boxes inside a frame are a bar chart.
    let left = Infinity;
    let right = -Infinity;
    for (const s of h) [left, right] = [Math.min(left, s.x0), Math.max(right, s.x1)];
    for (const s of v) [left, right] = [Math.min(left, s.x), Math.max(right, s.x)];
    if (h.filter((s) => s.rule).length < 2 || !v.some((s) => s.rule && s.x > left + SNAP && s.x < right - SNAP)) {
      // A rectangle drawn round some text and nothing inside it: a framed box (a 案例 box, a note).
      const frame = h.filter((s) => s.rule).length === 2 && v.filter((s) => s.rule).length === 2 ? toGrid(h, v) : null;
      if (frame && frame.xs.length === 2 && frame.ys.length === 2 && frame.h[0]![0] && frame.h[1]![0] && frame.v[0]![0] && frame.v[0]![1]) grids.push({ ...frame, frame: true });
      continue;
    }
    const grid = toGrid(h, v);
    if (grid && grid.xs.length >= 3 && grid.ys.length >= 2) grids.push(grid);
  }
  return grids;
}

/** Horizontal rules drawn on the page (not edges of shaded boxes), pieces joined: a three-line table's top, header and bottom lines. */
export function horizontalRules(g: PageGraphics, minLength = 20): HSeg[] {
  return mergeH(g.hSegs.filter((s) => s.rule === true)).filter((s) => s.x1 - s.x0 >= minLength);
}

/**
 * Shaded rectangles whose edges are cell borders: not page-sized backgrounds; not a highlight lying
 * within another shaded box (Word shades a cell and, again, each line of its paragraph); and holding
 * text, or touching a box that does (an empty cell of a shaded row). A chart's bars and a decorative
 * panel hold no text of their own.
 */
function cellFills(fills: readonly Rect[], pageArea: number, text: readonly Rect[]): Rect[] {
  const big = fills.filter((f) => (f.x1 - f.x0) * (f.bottom - f.top) < 0.5 * pageArea);
  if (big.length > MAX_FILLS) return []; // a vector chart or drawing, not a table
  const area = (f: Rect) => (f.x1 - f.x0) * (f.bottom - f.top);
  const within = (f: Rect, o: Rect) => o.x0 <= f.x0 + 0.5 && o.x1 >= f.x1 - 0.5 && o.top <= f.top + 0.5 && o.bottom >= f.bottom - 0.5;
  const cells = big.filter((f, i) => !big.some((o, j) => j !== i && within(f, o) && (area(o) > area(f) + 1 || j < i)));
  const holds = cells.map((f) => text.some((t) => {
    const cx = (t.x0 + t.x1) / 2;
    const cy = (t.top + t.bottom) / 2;
    return cx > f.x0 && cx < f.x1 && cy > f.top && cy < f.bottom;
  }));
  const touch = (a: Rect, b: Rect) => a.x0 <= b.x1 + SNAP && b.x0 <= a.x1 + SNAP && a.top <= b.bottom + SNAP && b.top <= a.bottom + SNAP;
  return cells.filter((f, i) => holds[i] || cells.some((o, j) => holds[j] && touch(f, o)));
}

function mergeH(segs: HSeg[]): HSeg[] {
  const sorted = [...segs].sort((a, b) => a.y - b.y);
  const out: HSeg[] = [];
  for (const band of bands(sorted, (s) => s.y)) {
    const y = band.reduce((t, s) => t + s.y, 0) / band.length;
    band.sort((a, b) => a.x0 - b.x0);
    let cur: HSeg | null = null;
    for (const s of band) {
      if (cur && s.x0 <= cur.x1 + JOIN) {
        cur.x1 = Math.max(cur.x1, s.x1);
        cur.rule ||= s.rule === true;
      } else out.push((cur = { y, x0: s.x0, x1: s.x1, rule: s.rule === true }));
    }
  }
  return out.filter((s) => s.x1 - s.x0 >= 4);
}

function mergeV(segs: VSeg[]): VSeg[] {
  const sorted = [...segs].sort((a, b) => a.x - b.x);
  const out: VSeg[] = [];
  for (const band of bands(sorted, (s) => s.x)) {
    const x = band.reduce((t, s) => t + s.x, 0) / band.length;
    band.sort((a, b) => a.y0 - b.y0);
    let cur: VSeg | null = null;
    for (const s of band) {
      if (cur && s.y0 <= cur.y1 + JOIN) {
        cur.y1 = Math.max(cur.y1, s.y1);
        cur.rule ||= s.rule === true;
      } else out.push((cur = { x, y0: s.y0, y1: s.y1, rule: s.rule === true }));
    }
  }
  return out.filter((s) => s.y1 - s.y0 >= 4);
}

/** Consecutive items (sorted by key) whose keys chain within SNAP. */
function bands<T>(sorted: T[], key: (t: T) => number): T[][] {
  const out: T[][] = [];
  let cur: T[] = [];
  for (const s of sorted) {
    if (cur.length && key(s) - key(cur[cur.length - 1]!) > SNAP) {
      out.push(cur);
      cur = [];
    }
    cur.push(s);
  }
  if (cur.length) out.push(cur);
  return out;
}

function snapValues(values: number[]): number[] {
  const sorted = [...values].sort((a, b) => a - b);
  return bands(sorted, (x) => x).map((b) => b.reduce((t, x) => t + x, 0) / b.length);
}

function toGrid(H: HSeg[], V: VSeg[]): Grid | null {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const h of H) {
    minX = Math.min(minX, h.x0);
    maxX = Math.max(maxX, h.x1);
    minY = Math.min(minY, h.y);
    maxY = Math.max(maxY, h.y);
  }
  for (const v of V) {
    minX = Math.min(minX, v.x);
    maxX = Math.max(maxX, v.x);
    minY = Math.min(minY, v.y0);
    maxY = Math.max(maxY, v.y1);
  }
  const xs = snapValues([minX, maxX, ...V.map((v) => v.x)]);
  const ys = snapValues([minY, maxY, ...H.map((h) => h.y)]);
  // Outer bounds may have been pulled inwards by averaging with a nearby ruling; the table spans them all.
  xs[0] = Math.min(xs[0]!, minX);
  xs[xs.length - 1] = Math.max(xs[xs.length - 1]!, maxX);
  ys[0] = Math.min(ys[0]!, minY);
  ys[ys.length - 1] = Math.max(ys[ys.length - 1]!, maxY);
  if (xs.length < 2 || ys.length < 2) return null;

  const h = ys.map((y) =>
    xs.slice(0, -1).map((x0, j) => {
      const x1 = xs[j + 1]!;
      const m = Math.min(3, (x1 - x0) / 4);
      return H.some((s) => Math.abs(s.y - y) <= SNAP && s.x0 <= x0 + m && s.x1 >= x1 - m);
    }),
  );
  const v = ys.slice(0, -1).map((y0, i) => {
    const y1 = ys[i + 1]!;
    const m = Math.min(3, (y1 - y0) / 4);
    return xs.map((x) => V.some((s) => Math.abs(s.x - x) <= SNAP && s.y0 <= y0 + m && s.y1 >= y1 - m));
  });
  const drawn = xs.map((x) => V.some((s) => s.rule === true && Math.abs(s.x - x) <= SNAP));
  return { xs, ys, h, v, drawn };
}

/**
 * Without the columns that hold no text and are bounded only by the edges of shaded boxes (a header
 * shading that runs a little past the last column): the columns a table has are the ones its text or
 * its rules show. Each such column is merged into its neighbour.
 */
export function withoutEmptyShadedColumns(grid: Grid, text: readonly Rect[]): Grid {
  let g = grid;
  for (let j = g.xs.length - 2; j >= 0 && g.xs.length > 3; j--) {
    const [x0, x1] = [g.xs[j]!, g.xs[j + 1]!];
    const [top, bottom] = [g.ys[0]!, g.ys[g.ys.length - 1]!];
    if (text.some((t) => (t.x0 + t.x1) / 2 > x0 && (t.x0 + t.x1) / 2 < x1 && (t.top + t.bottom) / 2 > top && (t.top + t.bottom) / 2 < bottom)) continue;
    // Remove an inner boundary that no rule draws; the outer edges stay.
    const last = g.xs.length - 1;
    const inner = [j, j + 1].find((k) => k > 0 && k < last && !g.drawn[k]);
    if (inner === undefined) continue;
    g = removeBoundary(g, inner);
  }
  return g;
}

function removeBoundary(g: Grid, k: number): Grid {
  // Cells either side of the boundary become one: a rule runs along a row line if it ran along either part.
  const h = g.h.map((row) => [...row.slice(0, k - 1), row[k - 1]! || row[k]!, ...row.slice(k + 1)]);
  const v = g.v.map((row) => row.filter((_, j) => j !== k));
  return { xs: g.xs.filter((_, j) => j !== k), ys: g.ys, h, v, drawn: g.drawn.filter((_, j) => j !== k) };
}

function lowerBound(sorted: number[], x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
