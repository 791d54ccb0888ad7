// Reading order on a page. Rows holding a wide stretch of unbroken text (a full-width paragraph line,
// a wide table or image) cut the page into segments; inside a segment a gutter is a vertical strip
// no text crosses, with prose ending just left of it and starting just right of it. Segments with
// gutters are read column by column, everything else top to bottom.
import { groupRows, makeLine, splitAtGaps } from './lines.ts';
import { MARKER } from './paragraphs.ts';
import type { Line, Run } from './types.ts';

/** Something laid out on the page besides text: a table or an image, by index. */
export interface PlacedObject {
  id: number;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

export type RegionItem = { kind: 'line'; line: Line } | { kind: 'object'; id: number; top: number };

export interface Region {
  items: RegionItem[];
  /** Left/right edges of the text in this region (for indents and full lines). */
  left: number;
  right: number;
  /** True when the region runs across the page's full text width. */
  spanning: boolean;
}

const PROSE = /[\u3400-\u9fff]|[A-Za-z]{2}/;
/** Runs closer than this (ems) belong to one stretch of text when looking for wide rows. */
const STRETCH_GAP_EM = 0.8;
/** A row or object this wide (share of the page's text width) cannot sit in a column. */
const WIDE = 0.85;

interface Entry {
  top: number;
  x0: number;
  x1: number;
  wide: boolean;
  row?: Run[];
  object?: PlacedObject;
}

export function readingOrder(runs: readonly Run[], objects: readonly PlacedObject[]): Region[] {
  const rows = groupRows(runs.filter((r) => !r.rotated));
  let left = Infinity;
  let right = -Infinity;
  for (const row of rows) for (const r of row) [left, right] = [Math.min(left, r.x0), Math.max(right, r.x1)];
  for (const o of objects) [left, right] = [Math.min(left, o.x0), Math.max(right, o.x1)];
  const span = Math.max(1, right - left);

  const entries: Entry[] = [
    ...rows.map((row) => ({
      top: Math.min(...row.map((r) => r.top)),
      x0: row[0]!.x0,
      x1: Math.max(...row.map((r) => r.x1)),
      wide: splitAtGaps(row, STRETCH_GAP_EM).some((f) => f[f.length - 1]!.x1 - f[0]!.x0 >= WIDE * span),
      row,
    })),
    ...objects.map((o) => ({ top: o.top, x0: o.x0, x1: o.x1, wide: o.x1 - o.x0 >= WIDE * span, object: o })),
  ].sort((a, b) => a.top - b.top);

  const regions: Region[] = [];
  const full = (items: RegionItem[]) => {
    const last = regions[regions.length - 1];
    if (last?.spanning) last.items.push(...items);
    else regions.push({ items, left, right, spanning: true });
  };
  const finish = () => {
    for (const r of regions) [r.left, r.right] = edges(r.items, r.left, r.right);
    return regions;
  };
  const toItem = (e: Entry, runsOf?: Run[]): RegionItem =>
    e.object ? { kind: 'object', id: e.object.id, top: e.object.top } : { kind: 'line', line: makeLine(runsOf ?? e.row!) };

  let segment: Entry[] = [];
  const place = (segment: Entry[]) => {
    if (segment.length === 0) return;
    const gutters = findGutters(segment.flatMap((e) => (e.row ? [e.row] : [])));
    if (gutters.length === 0) {
      // A short two-column stretch inside a page of full-width text: the rows that straddle the
      // likely gutter (a centred caption, a box) bound it; try the stretch between them alone.
      const g = likelyGutter(segment);
      const runs = g === null ? [] : splitAtCrossing(segment, g);
      if (runs.length > 1) {
        for (const run of runs) place(run);
        return;
      }
      full(segment.map((e) => toItem(e)));
    } else {
      const column = (x: number) => gutters.filter((g) => x > g).length;
      const cols = new Map<number, RegionItem[]>();
      const add = (c: number, it: RegionItem) => cols.set(c, [...(cols.get(c) ?? []), it]);
      for (const e of segment) {
        if (e.object) {
          add(column((e.object.x0 + e.object.x1) / 2), toItem(e));
          continue;
        }
        const parts = new Map<number, Run[]>();
        for (const r of e.row!) {
          const c = column((r.x0 + r.x1) / 2);
          parts.set(c, [...(parts.get(c) ?? []), r]);
        }
        for (const [c, rs] of parts) add(c, toItem(e, rs));
      }
      for (const c of [...cols.keys()].sort((a, b) => a - b)) {
        // A row's part in one column is ordered by its own top, not by its row's (which other columns' text may raise).
        const items = cols.get(c)!.sort((a, b) => itemTop(a) - itemTop(b));
        regions.push({ items, left, right, spanning: false });
      }
    }
  };
  const flush = () => {
    place(segment);
    segment = [];
  };
  for (const e of entries) {
    if (e.wide) {
      flush();
      full([toItem(e)]);
    } else segment.push(e);
  }
  flush();
  return finish();
}

/** The middle of the widest inner gap shared by rows that hold text on both sides of it, if any. */
function likelyGutter(segment: Entry[]): number | null {
  const mids: number[] = [];
  for (const e of segment) {
    if (!e.row || e.row.length < 2) continue;
    const rs = [...e.row].sort((a, b) => a.x0 - b.x0);
    let best: [number, number] | null = null;
    for (let k = 1; k < rs.length; k++) {
      const gap = rs[k]!.x0 - rs[k - 1]!.x1;
      if (gap >= 1.5 * rs[k]!.size && (!best || gap > best[1] - best[0])) best = [rs[k - 1]!.x1, rs[k]!.x0];
    }
    if (best && PROSE.test(rs.map((r) => r.str).join(''))) mids.push((best[0] + best[1]) / 2);
  }
  if (mids.length < 2) return null;
  mids.sort((a, b) => a - b);
  return mids[mids.length >> 1]!;
}

/** Consecutive entries none of which straddles x = g, and the straddling entries between them. */
function splitAtCrossing(segment: Entry[], g: number): Entry[][] {
  const crosses = (e: Entry) => (e.row ? e.row.some((r) => r.x0 < g - 1 && r.x1 > g + 1) : e.x0 < g && e.x1 > g);
  const out: Entry[][] = [];
  let cur: Entry[] = [];
  let curCrossing: boolean | null = null;
  for (const e of segment) {
    const c = crosses(e);
    if (curCrossing !== null && c !== curCrossing) {
      out.push(cur);
      cur = [];
    }
    cur.push(e);
    curCrossing = c;
  }
  if (cur.length) out.push(cur);
  return out.flatMap((run) => (run.some(crosses) ? [run] : cutTrailingHeading(run, g)));
}

/**
 * Below the last row with text on both sides, a numbered heading on the left starts the full-width
 * text after the columns (a new section), not more of the left column.
 */
function cutTrailingHeading(run: Entry[], g: number): Entry[][] {
  const both = (e: Entry) => e.row !== undefined && e.row.some((r) => r.x1 <= g) && e.row.some((r) => r.x0 >= g);
  let last = -1;
  run.forEach((e, k) => { if (both(e)) last = k; });
  if (last < 0) return [run];
  const cut = run.findIndex((e, k) => k > last && e.row !== undefined && MARKER.test(e.row.map((r) => r.str).join('').trim()));
  return cut < 0 ? [run] : [run.slice(0, cut), run.slice(cut)];
}

/** Lines standing out past a column's edge: a stray wide line may, most lines may not. */
const STRAY_SHARE = 0.1;

/**
 * The column's text edges: the outermost x0 / x1 that at least two lines share (within 3 pt), so a
 * centred heading or a stray wide line does not move them — unless more than a stray line or two
 * reach past it (a short page of one-line paragraphs and headings), when the outermost line decides.
 */
function edges(items: RegionItem[], left: number, right: number): [number, number] {
  const lines = items.flatMap((it) => (it.kind === 'line' ? [it.line] : []));
  if (lines.length === 0) return [left, right];
  const need = Math.min(2, lines.length);
  const stray = Math.max(1, Math.floor(STRAY_SHARE * lines.length));
  // values sorted from the outermost inwards; `past(v)`: how many lines reach beyond v by over an em.
  const pick = (values: number[], past: (v: number) => number) =>
    values.find((v) => values.filter((x) => Math.abs(x - v) <= 3).length >= need && past(v) <= stray) ?? values[0]!;
  const x0s = lines.map((l) => l.x0).sort((a, b) => a - b);
  const x1s = lines.map((l) => l.x1).sort((a, b) => b - a);
  return [
    pick(x0s, (v) => lines.filter((l) => l.x0 < v - l.size).length),
    pick(x1s, (v) => lines.filter((l) => l.x1 > v + l.size).length),
  ];
}

function itemTop(it: RegionItem): number {
  return it.kind === 'line' ? it.line.top : it.top;
}

/** x positions of column gutters among these rows, left to right (usually none). */
export function findGutters(rows: Run[][]): number[] {
  if (rows.length < 4) return [];
  let minX = Infinity;
  let maxX = -Infinity;
  const sizes: number[] = [];
  for (const row of rows) {
    for (const r of row) {
      minX = Math.min(minX, r.x0);
      maxX = Math.max(maxX, r.x1);
      sizes.push(r.size);
    }
  }
  const origin = Math.floor(minX);
  const width = Math.ceil(maxX) - origin + 2;
  const cover = new Uint16Array(width);
  const stamp = new Int32Array(width).fill(-1);
  rows.forEach((row, k) => {
    for (const r of row) {
      for (let b = Math.max(0, Math.floor(r.x0) - origin); b < Math.min(width, Math.ceil(r.x1) - origin); b++) {
        if (stamp[b] === k) continue;
        stamp[b] = k;
        cover[b]!++;
      }
    }
  });
  sizes.sort((a, b) => a - b);
  const em = sizes[sizes.length >> 1] ?? 10;
  const allowance = Math.max(1, Math.round(rows.length * 0.04));

  const gutters: number[] = [];
  const end = width - 2;
  let b = 1;
  while (b < end) {
    if (cover[b]! > allowance) {
      b++;
      continue;
    }
    let e = b;
    while (e < end && cover[e]! <= allowance) e++;
    if (e - b >= Math.max(6, 0.6 * em) && e < end) {
      const g = origin + strongest(cover, b, e);
      if (isGutter(rows, origin + b, origin + e, g)) gutters.push(g);
    }
    b = e;
  }
  return dropEmptyColumns(rows, gutters);
}

/** A "column" holding no prose (a strip of bullets hanging left of the text) belongs to the column on its right. */
function dropEmptyColumns(rows: Run[][], gutters: number[]): number[] {
  let gs = [...gutters];
  for (let changed = true; changed && gs.length > 0; ) {
    changed = false;
    for (let k = 0; k <= gs.length; k++) {
      const lo = k === 0 ? -Infinity : gs[k - 1]!;
      const hi = k === gs.length ? Infinity : gs[k]!;
      const prose = rows.some((row) => row.some((r) => (r.x0 + r.x1) / 2 > lo && (r.x0 + r.x1) / 2 < hi && PROSE.test(r.str)));
      if (prose) continue;
      gs = gs.filter((_, i) => i !== (k < gs.length ? k : k - 1));
      changed = true;
      break;
    }
  }
  return gs;
}

/** Middle of the least-covered stretch inside [b, e). */
function strongest(cover: Uint16Array, b: number, e: number): number {
  let min = Infinity;
  for (let k = b; k < e; k++) min = Math.min(min, cover[k]!);
  let bestStart = b;
  let bestLen = 0;
  for (let k = b; k < e; ) {
    if (cover[k] !== min) {
      k++;
      continue;
    }
    let j = k;
    while (j < e && cover[j] === min) j++;
    if (j - k > bestLen) {
      bestLen = j - k;
      bestStart = k;
    }
    k = j;
  }
  return bestStart + bestLen / 2;
}

function isGutter(rows: Run[][], g0: number, g1: number, g: number): boolean {
  let leftTotal = 0;
  let rightTotal = 0;
  let crossing = 0;
  const nearLeft: number[] = [];
  const nearRight: number[] = [];
  let sideBySide = 0;
  for (const row of rows) {
    if (row.some((r) => r.x0 < g - 1 && r.x1 > g + 1)) {
      crossing++;
      continue;
    }
    const left = row.filter((r) => (r.x0 + r.x1) / 2 < g);
    const right = row.filter((r) => (r.x0 + r.x1) / 2 >= g);
    if (left.length) {
      leftTotal++;
      const last = left[left.length - 1]!;
      if (last.x1 >= g0 - 2.5 * last.size && PROSE.test(last.str)) nearLeft.push(last.top);
    }
    if (right.length) {
      rightTotal++;
      const first = right[0]!;
      if (first.x0 <= g1 + 1.5 * first.size && PROSE.test(first.str + (right[1]?.str ?? ''))) nearRight.push(first.top);
    }
    if (left.length && right.length && PROSE.test(left.map((r) => r.str).join('')) && PROSE.test(right.map((r) => r.str).join(''))) sideBySide++;
  }
  if (nearLeft.length < 3 || nearRight.length < 3) return false;
  // One side may be ragged (a sidebar of short items) when the other is a clean column edge.
  const strong = nearLeft.length >= 0.6 * leftTotal || nearRight.length >= 0.6 * rightTotal;
  if (!strong && (nearLeft.length < 0.3 * leftTotal || nearRight.length < 0.3 * rightTotal)) return false;
  if (crossing > 0.15 * rows.length) return false;
  // Columns stand side by side: the two sides' prose overlaps vertically (rows with prose on both
  // sides of the gutter show it directly, even when one column is much shorter).
  if (sideBySide >= 2 && crossing === 0) return true;
  const lo = Math.max(Math.min(...nearLeft), Math.min(...nearRight));
  const hi = Math.min(Math.max(...nearLeft), Math.max(...nearRight));
  const shorter = Math.min(Math.max(...nearLeft) - Math.min(...nearLeft), Math.max(...nearRight) - Math.min(...nearRight));
  return shorter > 0 && hi - lo >= 0.5 * shorter;
}
