// Grid + runs → table: merged cells from missing inner rules, cell texts, rows of unruled bodies
// split by baseline, and the join of a table continued on the next page.
import { joinWrapped } from '../../text/normalize.ts';
import { groupRows, makeLine } from './lines.ts';
import type { Grid } from './rules.ts';
import type { Box, Run } from './types.ts';

export interface TCell {
  /** Row range (exclusive end) in the table's rows. */
  r0: number;
  r1: number;
  /** Horizontal extent on the grid; columns are numbered only once joined tables agree on them. */
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  page: number;
  text: string;
}

export interface TRow {
  page: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
}

export interface PTable {
  page: number;
  pageEnd: number;
  /** On `page`. */
  box: Box;
  rows: TRow[];
  cells: TCell[];
  colXs: number[];
}

interface GridCell {
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  runs: Run[];
}

/** Builds the table a grid describes from the runs inside it; null when it is no table (frame, chart, box). */
export function buildTable(grid: Grid, candidates: readonly Run[], page: number): { table: PTable; used: Run[] } | null {
  const { xs, ys } = grid;
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  if (nr < 1 || nc < 2) return null;
  const box: Box = [xs[0]!, ys[0]!, xs[nc]!, ys[nr]!];
  const inside = candidates.filter((r) => {
    const cx = (r.x0 + r.x1) / 2;
    const cy = (r.top + r.bottom) / 2;
    return cx >= box[0] - 1 && cx <= box[2] + 1 && cy >= box[1] - 1 && cy <= box[3] + 1;
  });
  if (inside.length === 0) return null;

  const cells = mergeCells(grid);
  const owner: number[][] = ys.slice(0, -1).map(() => new Array<number>(nc).fill(-1));
  cells.forEach((c, k) => {
    for (let i = c.r0; i < c.r1; i++) for (let j = c.c0; j < c.c1; j++) owner[i]![j] = k;
  });
  for (const r of inside.flatMap((run) => splitAtColumns(run, xs))) {
    const i = clampIndex(ys, (r.top + r.bottom) / 2);
    const j = clampIndex(xs, (r.x0 + r.x1) / 2);
    cells[owner[i]![j]!]!.runs.push(r);
  }
  const filled = cells.filter((c) => c.runs.length > 0).length;
  // Mostly empty cells: the gridlines and bars of a vector chart, not a table.
  if (cells.length < 2 || filled < 2 || (cells.length >= 8 && filled < 0.5 * cells.length)) return null;

  const table = layoutRows(grid, cells, page, box);
  return { table, used: inside };
}

/** Greedy rectangles over the grid: extend right while no rule separates, then down likewise. */
function mergeCells(grid: Grid): GridCell[] {
  const nr = grid.ys.length - 1;
  const nc = grid.xs.length - 1;
  const seen = grid.ys.slice(0, -1).map(() => new Array<boolean>(nc).fill(false));
  const out: GridCell[] = [];
  for (let i = 0; i < nr; i++) {
    for (let j = 0; j < nc; j++) {
      if (seen[i]![j]) continue;
      let c1 = j + 1;
      while (c1 < nc && !grid.v[i]![c1] && !seen[i]![c1]) c1++;
      let r1 = i + 1;
      while (r1 < nr) {
        let open = true;
        for (let k = j; k < c1 && open; k++) if (grid.h[r1]![k] || seen[r1]![k]) open = false;
        for (let k = j + 1; k < c1 && open; k++) if (grid.v[r1]![k]) open = false;
        if (!open) break;
        r1++;
      }
      for (let a = i; a < r1; a++) for (let b = j; b < c1; b++) seen[a]![b] = true;
      out.push({ r0: i, r1, c0: j, c1, runs: [] });
    }
  }
  return out;
}

/** A run drawn across a column rule (one Tj spanning cells) is cut where the rule falls. */
function splitAtColumns(r: Run, xs: number[]): Run[] {
  if (r.vertical || r.rotated || r.str.length < 2) return [r];
  const cw = (r.x1 - r.x0) / r.str.length;
  const cuts = xs.filter((x) => x > r.x0 + 0.5 * cw && x < r.x1 - 0.5 * cw);
  if (cuts.length === 0) return [r];
  const out: Run[] = [];
  let start = 0;
  let x0 = r.x0;
  for (const x of [...cuts, r.x1]) {
    const end = x === r.x1 ? r.str.length : Math.round((x - r.x0) / cw);
    const str = r.str.slice(start, end).trim();
    if (str) out.push({ ...r, str, x0, x1: r.x0 + end * cw });
    start = end;
    x0 = r.x0 + end * cw;
  }
  return out;
}

function clampIndex(bounds: number[], v: number): number {
  let k = 0;
  while (k < bounds.length - 2 && v >= bounds[k + 1]!) k++;
  return k;
}

/** A cell's text: its lines in order, wrapped lines re-joined. */
export function cellText(runs: Run[]): string {
  return groupRows(runs)
    .map((row) => makeLine(row).text)
    .reduce((acc, t) => joinWrapped(acc, t), '');
}

/**
 * Emits rows. A grid row whose cells hold several lines aligned across columns (a three-line table's
 * unruled body) becomes one row per shared baseline; a wrapped label's extra line stays with the row above.
 */
function layoutRows(grid: Grid, cells: GridCell[], page: number, box: Box): PTable {
  const { xs, ys } = grid;
  const nr = ys.length - 1;
  const rows: TRow[] = [];
  const out: TCell[] = [];
  const start: number[] = [];
  const done = new Set<GridCell>();
  const row = (top: number, bottom: number): TRow => ({ page, top, bottom, x0: box[0], x1: box[2] });

  for (let i = 0; i < nr; i++) {
    start[i] = rows.length;
    const own = cells.filter((c) => c.r0 === i);
    const split = own.length > 0 && own.every((c) => c.r1 === i + 1) && !cells.some((c) => c.r0 < i && c.r1 > i) ? subRows(own, nr) : null;
    if (!split) {
      rows.push(row(ys[i]!, ys[i + 1]!));
      continue;
    }
    const tops = split.bounds;
    tops.forEach((t, k) => rows.push(row(k === 0 ? ys[i]! : t, k + 1 < tops.length ? tops[k + 1]! : ys[i + 1]!)));
    for (const c of own) {
      done.add(c);
      split.parts.get(c)!.forEach((runs, k) => {
        const r = start[i]! + k;
        out.push({ r0: r, r1: r + 1, x0: xs[c.c0]!, x1: xs[c.c1]!, top: rows[r]!.top, bottom: rows[r]!.bottom, page, text: cellText(runs) });
      });
    }
  }
  start[nr] = rows.length;
  for (const c of cells) {
    if (done.has(c)) continue;
    out.push({ r0: start[c.r0]!, r1: start[c.r1]!, x0: xs[c.c0]!, x1: xs[c.c1]!, top: ys[c.r0]!, bottom: ys[c.r1]!, page, text: cellText(c.runs) });
  }
  out.sort((a, b) => a.r0 - b.r0 || a.x0 - b.x0);
  return { page, pageEnd: page, box, rows, cells: out, colXs: [...xs] };
}

function subRows(own: GridCell[], gridRows: number): { bounds: number[]; parts: Map<GridCell, Run[][]> } | null {
  const lines = own.flatMap((c) => groupRows(c.runs).map((runs) => ({ cell: c, runs, line: makeLine(runs) })));
  if (lines.length < 4) return null;
  const sorted = [...lines].sort((a, b) => a.line.base - b.line.base);
  const clusters: (typeof lines)[] = [];
  for (const l of sorted) {
    const last = clusters[clusters.length - 1];
    const prev = last?.[last.length - 1];
    if (prev && l.line.base - prev.line.base <= 0.5 * Math.min(prev.line.size, l.line.size)) last!.push(l);
    else clusters.push([l]);
  }
  const shared = clusters.filter((cl) => new Set(cl.map((l) => l.cell)).size >= 2);
  if (shared.length < 3 && !(shared.length === 2 && gridRows <= 3)) return null;

  // Each line goes with the last shared baseline at or above it.
  const sharedBase = shared.map((cl) => Math.min(...cl.map((l) => l.line.base)));
  const group = (base: number) => {
    let k = 0;
    while (k + 1 < sharedBase.length && base >= sharedBase[k + 1]! - 1) k++;
    return k;
  };
  const parts = new Map<GridCell, Run[][]>(own.map((c) => [c, shared.map(() => [] as Run[])]));
  const tops = shared.map(() => Infinity);
  const bottoms = shared.map(() => -Infinity);
  for (const l of lines) {
    const k = group(l.line.base);
    parts.get(l.cell)![k]!.push(...l.runs);
    tops[k] = Math.min(tops[k]!, l.line.top);
    bottoms[k] = Math.max(bottoms[k]!, l.line.bottom);
  }
  const bounds = tops.map((t, k) => (k === 0 ? t : (bottoms[k - 1]! + t) / 2));
  return { bounds, parts };
}

/** Number of leading rows that make up the header: as deep as the first row's tallest cell. */
export function headerDepth(t: PTable): number {
  let d = 1;
  for (const c of t.cells) if (c.r0 === 0) d = Math.max(d, c.r1);
  return d;
}

function rowTexts(t: PTable, from: number, to: number): string {
  return t.cells
    .filter((c) => c.r0 >= from && c.r0 < to)
    .map((c) => `${c.r0 - from}:${c.text.replace(/\s+/g, '')}`)
    .join('|');
}

/** `b` opens with the header rows `a` opened with. */
export function repeatsHeader(a: PTable, b: PTable): boolean {
  const k = headerDepth(a);
  return k < b.rows.length && rowTexts(a, 0, k) === rowTexts(b, 0, k);
}

/** `b` continues `a` on the next page: append its rows, minus a repeated header. */
export function joinTables(a: PTable, b: PTable): PTable {
  const repeated = repeatsHeader(a, b) ? headerDepth(a) : 0;
  const shift = a.rows.length - repeated;
  return {
    page: a.page,
    pageEnd: b.pageEnd,
    box: a.box,
    rows: [...a.rows, ...b.rows.slice(repeated)],
    cells: [...a.cells, ...b.cells.filter((c) => c.r0 >= repeated).map((c) => ({ ...c, r0: c.r0 + shift, r1: c.r1 + shift }))],
    colXs: [...a.colXs, ...b.colXs],
  };
}

/** Column boundaries both parts of a joined table agree on (within 3 pt). */
export function columnBounds(colXs: number[]): number[] {
  const sorted = [...colXs].sort((x, y) => x - y);
  const out: number[][] = [];
  for (const x of sorted) {
    const last = out[out.length - 1];
    if (last && x - last[last.length - 1]! <= 3) last.push(x);
    else out.push([x]);
  }
  return out.map((g) => g.reduce((s, x) => s + x, 0) / g.length);
}

export function columnIndex(bounds: number[], x: number): number {
  let best = 0;
  for (let k = 1; k < bounds.length; k++) if (Math.abs(bounds[k]! - x) < Math.abs(bounds[best]! - x)) best = k;
  return best;
}
