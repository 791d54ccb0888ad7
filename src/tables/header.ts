// Header rows → column paths. Shared by both grid builders: with known merges the header's extent
// is read off the spans; a flattened export needs its sub-rows aligned under their parents.
import type { TableColumn } from '../schema/records.ts';
import type { Anchor, Grid } from './grid.ts';
import { isLabelRow } from './labels.ts';
import { splitUnit } from './values.ts';

/** The cells that start in row r, left to right. */
export function ownCells(slots: (Anchor | null)[][], r: number): Anchor[] {
  const out: Anchor[] = [];
  for (const a of slots[r] ?? []) if (a && a.row === r && out[out.length - 1] !== a) out.push(a);
  return out;
}

/**
 * How many rows a header with known merges takes: the first row if it holds labels, every row its
 * cells reach down into, and a row of labels under a cell spanning several columns.
 */
export function headerRowsKnown(slots: (Anchor | null)[][], width: number): number {
  if (slots.length === 0 || !isLabelRow(ownCells(slots, 0).map((a) => a.text))) return 0;
  let h = 1;
  for (;;) {
    for (let r = 0; r < h; r++) for (const a of slots[r]!) if (a) h = Math.max(h, a.row + a.rowSpan);
    if (h >= slots.length - 1 || !isLabelRow(ownCells(slots, h).map((a) => a.text)) || !splitsAbove(slots, h, width)) return Math.min(h, slots.length);
    h++;
  }
}

/** A cell ending above row h spans columns that row h labels separately. */
function splitsAbove(slots: (Anchor | null)[][], h: number, width: number): boolean {
  for (let c = 0; c < width; c++) {
    const a = slots[h - 1]![c];
    if (!a || a.col !== c || a.colSpan < 2 || a.row + a.rowSpan !== h) continue;
    const under = new Set(slots[h]!.slice(c, c + a.colSpan).filter((b) => b && b.text.trim() !== ''));
    if (under.size >= 2) return true;
  }
  return false;
}

/**
 * Flattened export: a merged header cell is printed once and the row below it carries its
 * sub-labels, with an empty cell under every parent that merely continues downwards. Returns how
 * many children each parent covers. `cont[i]` marks a parent that is itself such a continuation,
 * which can only sit over another empty cell.
 */
export function alignSubRow(cont: boolean[], children: string[]): number[] {
  const n = cont.length;
  const m = children.length;
  return (m <= 200 && dpAlign(cont, children)) || evenSplit(m, n);
}

interface Unit {
  start: number;
  len: number;
  empty: boolean;
}

const INF = Number.POSITIVE_INFINITY;

function dpAlign(cont: boolean[], children: string[]): number[] | null {
  const n = cont.length;
  const units: Unit[] = [];
  children.forEach((t, i) => {
    const empty = t.trim() === '';
    const last = units[units.length - 1];
    if (!empty && last && !last.empty) last.len++;
    else units.push({ start: i, len: 1, empty });
  });
  const U = units.length;
  const cost: number[][] = Array.from({ length: U + 1 }, () => new Array<number>(n + 1).fill(INF));
  const back: ({ u: number; p: number; sizes: number[] } | null)[][] = Array.from({ length: U + 1 }, () => new Array(n + 1).fill(null));
  cost[0]![0] = 0;
  const relax = (u: number, p: number, from: { u: number; p: number }, add: number, sizes: number[]) => {
    const c = cost[from.u]![from.p]! + add;
    if (p <= n && c < cost[u]![p]!) { cost[u]![p] = c; back[u]![p] = { ...from, sizes }; }
  };
  for (let u = 0; u < U; u++) {
    for (let p = 0; p < n; p++) {
      if (cost[u]![p] === INF) continue;
      const unit = units[u]!;
      const from = { u, p };
      if (unit.empty) relax(u + 1, p + 1, from, 0, [1]);
      else {
        for (let g = 1; g <= Math.min(unit.len, n - p); g++) {
          const sizes = evenSplit(unit.len, g);
          let add = splitCost(children.slice(unit.start, unit.start + unit.len), sizes);
          for (let q = p; q < p + g; q++) if (cont[q]) add += 10;
          relax(u + 1, p + g, from, add, sizes);
        }
      }
      // Last resort: one parent over several runs (a sub-row with a gap in it).
      let len = unit.len;
      for (let v = u + 1; v < U; v++) {
        len += units[v]!.len;
        relax(v + 1, p + 1, from, 5 * (v - u) + (cont[p] ? 10 : 0), [len]);
      }
    }
  }
  if (cost[U]![n] === INF) return null;
  const out: number[][] = [];
  for (let u = U, p = n; u > 0; ) {
    const b = back[u]![p]!;
    out.unshift(b.sizes);
    u = b.u;
    p = b.p;
  }
  return out.flat();
}

/** A run of sub-labels shared by several parents: best when it repeats (2022年 2023年 | 2022年 2023年). */
function splitCost(texts: string[], sizes: number[]): number {
  if (sizes.length === 1) return 0;
  if (sizes.some((s) => s !== sizes[0])) return 2;
  const size = sizes[0]!;
  for (let i = size; i < texts.length; i++) if (texts[i]!.trim() !== texts[i - size]!.trim()) return 1;
  return 0;
}

function evenSplit(m: number, n: number): number[] {
  const base = Math.floor(m / n);
  const rem = m % n;
  return Array.from({ length: n }, (_, i) => base + (i < rem ? 1 : 0));
}

/** One column per leaf: the header texts above it, top down, with the unit taken out. */
export function columnsOf(grid: Grid): TableColumn[] {
  const columns: TableColumn[] = [];
  for (let c = 0; c < grid.width; c++) {
    const path: string[] = [];
    let unit: string | null = null;
    let prev: Anchor | null = null;
    for (let r = 0; r < grid.header; r++) {
      const a = grid.slots[r]![c] ?? null;
      if (!a || a === prev) continue;
      prev = a;
      const label = splitUnit(a.text);
      const text = tidy(label.text);
      if (text && text !== path[path.length - 1]) path.push(text);
      if (label.unit) unit = label.unit;
    }
    columns.push({ path: path.length > 0 ? path : [String(c + 1)], unit });
  }
  return columns;
}

/** Spaces set between Chinese characters to pad a cell ("项  目") are not part of the name. */
function tidy(s: string): string {
  return s.replace(/\s+/g, (sp, at: number, all: string) => (/[A-Za-z0-9]/.test(all[at - 1] ?? '') && /[A-Za-z0-9]/.test(all[at + sp.length] ?? '') ? ' ' : ''));
}
