// Cell-level table diff. Rows are matched by their key (the name cell(s), not position: a row
// inserted above does not shift every value), columns by header path; each difference is addressed
// the way a reader would say it: 表1-2 / 柳职院 / 在校生人数/2022年.
import type { TableCell, TableRecord } from '../schema/records.ts';
import { isCjk } from '../text/normalize.ts';
import { changeIdOf } from './hash.ts';
import { normalizeForMatch } from './similarity.ts';
import type { CellChange, CellOp } from './types.ts';

/** "表1-2" (or the title, or the id's tail when the table has neither). */
export function tableLabel(t: TableRecord): string {
  if (t.number) return /^表/.test(t.number) ? t.number : `表${t.number}`;
  if (t.title) return t.title;
  return t.id.slice(t.id.lastIndexOf('/') + 1);
}

/** Whitespace collapsed; a line break inside Chinese text (a wrapped cell) joins without a space. */
/** Cell or header text as the diff compares and prints it: spaces folded, none between CJK characters. */
export const clean = (s: string): string =>
  s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/(.) (?=(.))/gu, (m, l: string, r: string) => (isCjk(l) || isCjk(r) ? l : m));
/** Between the parts of a composite row key (学校 · 专业); " / " separates the parts of an address. */
export const KEY_SEP = ' · ';
const ORDINAL_HEADER = /^(序号|序|编号|排名|排序|no\.?|#)$/i;

interface Col {
  index: number;
  /** Column path joined with "/", "#2" appended to a repeated path. */
  path: string;
  /** What columns are matched on. */
  match: string;
  unit: string | null;
}

/** Column paths as the diff names them: header path joined with "/", "#2" on a repeat, 列n past the header. */
export function columnPaths(t: TableRecord): string[] {
  const width = Math.max(t.columns.length, ...t.rows.map((r) => r.length), 0);
  const seen = new Map<string, number>();
  const out: string[] = [];
  for (let i = 0; i < width; i++) {
    const c = t.columns[i];
    const base = c ? c.path.map(clean).join('/') : `列${i + 1}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    out.push(n === 1 ? base : `${base}#${n}`);
  }
  return out;
}

function columnsOf(t: TableRecord): Col[] {
  return columnPaths(t).map((path, i) => {
    const c = t.columns[i];
    const repeat = /#\d+$/.exec(path)?.[0] ?? '';
    return { index: i, path, match: c ? c.path.map(normalizeForMatch).join('/') + repeat : path, unit: c?.unit ?? null };
  });
}

const cellAt = (t: TableRecord, r: number, c: number): TableCell | undefined => t.rows[r]?.[c];
const isNumeric = (c: TableCell | undefined) => !!c && c.value !== null;

function isOrdinalColumn(t: TableRecord, col: Col): boolean {
  const last = t.columns[col.index]?.path.at(-1);
  if (last && ORDINAL_HEADER.test(normalizeForMatch(last) || last.trim())) return true;
  // Values 1, 2, 3, … down the column.
  const vals = t.rows.map((r) => r[col.index]).filter((c) => c && c.type !== 'empty');
  if (vals.length < 2) return false;
  return vals.every((c, i) => c!.type === 'integer' && c!.value === i + 1);
}

/** Columns whose non-empty body cells are mostly text: candidates for the row key. */
function textColumns(t: TableRecord, cols: Col[]): Col[] {
  return cols.filter((col) => {
    if (isOrdinalColumn(t, col)) return false;
    const cells = t.rows.map((r) => r[col.index]).filter((c): c is TableCell => !!c && c.type !== 'empty' && c.text.trim() !== '');
    if (!cells.length) return false;
    const text = cells.filter((c) => !isNumeric(c)).length;
    return text * 2 > cells.length;
  });
}

interface Keyed {
  /** Normalized key per row before duplicates are numbered. */
  raw: string[];
  /** Display key per row. */
  display: string[];
  /** Match key per row (normalized, occurrence-suffixed). */
  match: string[];
}

function keyRows(t: TableRecord, keyCols: number[] | null): Keyed {
  const raw: string[] = [];
  const display: string[] = [];
  const match: string[] = [];
  const seen = new Map<string, number>();
  t.rows.forEach((row, r) => {
    let d: string;
    if (keyCols && keyCols.length) {
      d = keyCols.map((c) => clean(row[c]?.text ?? '')).filter(Boolean).join(KEY_SEP);
    } else {
      // No shared text column: the row's first non-numeric, non-empty cell(s) before any number.
      const names: string[] = [];
      for (const c of row) {
        if (isNumeric(c) || !c.text.trim()) {
          if (names.length) break;
          continue;
        }
        names.push(clean(c.text));
      }
      d = names.join(KEY_SEP);
    }
    if (!d) d = `第${r + 1}行`;
    const base = normalizeForMatch(d) || d;
    raw.push(base);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    display.push(n === 1 ? d : `${d}#${n}`);
    match.push(n === 1 ? base : `${base}#${n}`);
  });
  return { raw, display, match };
}

const unique = (xs: string[]) => new Set(xs).size === xs.length;

/** Key columns chosen on both tables together, so a row keeps its key across the two. */
function chooseKeys(a: TableRecord, ac: Col[], b: TableRecord, bc: Col[]): [number[] | null, number[] | null] {
  const aText = textColumns(a, ac);
  const bText = textColumns(b, bc);
  const shared = bText.filter((c) => aText.some((x) => x.match === c.match));
  const keysFor = (cols: Col[], paths: string[]) => paths.map((p) => cols.find((c) => c.match === p)!.index);
  for (let n = 1; n <= Math.min(3, shared.length); n++) {
    const paths = shared.slice(0, n).map((c) => c.match);
    const ka = keysFor(ac, paths);
    const kb = keysFor(bc, paths);
    const ra = keyRows(a, ka).raw;
    const rb = keyRows(b, kb).raw;
    if ((unique(ra) && unique(rb)) || n === Math.min(3, shared.length)) return [ka, kb];
  }
  // Headers disagree: each side's own first text column.
  return [aText[0] ? [aText[0].index] : null, bText[0] ? [bText[0].index] : null];
}

/** Shift every year in a column path by `delta` (2022年 → 2023年), for year-on-year alignment. */
function shiftYears(match: string, delta: number): string {
  return match.replace(/(?:19|20)\d\d/g, (y) => String(Number(y) + delta));
}

function pairBy<T>(a: T[], b: T[], keyA: (x: T) => string, keyB: (x: T) => string): Map<T, T> {
  const out = new Map<T, T>();
  const index = new Map<string, T[]>();
  for (const x of b) (index.get(keyB(x)) ?? index.set(keyB(x), []).get(keyB(x))!).push(x);
  for (const x of a) {
    const hit = index.get(keyA(x))?.shift();
    if (hit !== undefined) out.set(x, hit);
  }
  return out;
}

function headerSignature(t: TableRecord): string {
  return t.headerRows.map((r) => r.map((c) => `${clean(c.text)}${c.rowSpan ?? ''}${c.colSpan ? `x${c.colSpan}` : ''}`).join('|')).join('\n');
}

const renderHeader = (t: TableRecord) => t.headerRows.map((r) => r.filter((c) => !c.spannedFrom).map((c) => clean(c.text)).join(' | ')).join(' ; ');
const show = (s: string | null) => (s === null ? '∅' : s === '' ? '(empty)' : s);

export interface TableDiffOptions {
  /** Year-on-year alignment: after.year − before.year; unmatched columns are paired with years shifted. */
  yearShift?: number;
}

export function diffTable(before: TableRecord, after: TableRecord, opts: TableDiffOptions = {}): CellChange[] {
  const label = tableLabel(after);
  const ids = before.id === after.id ? [after.id] : [before.id, after.id];
  const out: CellChange[] = [];
  const add = (op: CellOp, row: string | null, column: string | null, b: string | null, a: string | null, lineTail: string, delta?: number) => {
    const address = [label, row, column ?? (op === 'header' ? 'header' : null)].filter((x): x is string => x !== null).join(' / ');
    const changeId = changeIdOf(ids, 'cell', op, row, column, b, a);
    const line = `${address}: ${lineTail}`;
    out.push(delta === undefined ? { changeId, op, row, column, address, before: b, after: a, line } : { changeId, op, row, column, address, before: b, after: a, delta, line });
  };

  const bc = columnsOf(before);
  const ac = columnsOf(after);
  const colPairs = pairBy(bc, ac, (c) => c.match, (c) => c.match);
  if (opts.yearShift) {
    const restB = bc.filter((c) => !colPairs.has(c));
    const taken = new Set(colPairs.values());
    const restA = ac.filter((c) => !taken.has(c));
    for (const [x, y] of pairBy(restB, restA, (c) => shiftYears(c.match, opts.yearShift!), (c) => c.match)) colPairs.set(x, y);
  }
  const matchedAfter = new Set(colPairs.values());

  const [kb, ka] = chooseKeys(before, bc, after, ac);
  const rb = keyRows(before, kb);
  const ra = keyRows(after, ka);
  const rowIdx = (n: number) => Array.from({ length: n }, (_, i) => i);
  const rowPairs = pairBy(rowIdx(before.rows.length), rowIdx(after.rows.length), (i) => rb.match[i]!, (i) => ra.match[i]!);
  const ordinal = new Set(bc.filter((c) => isOrdinalColumn(before, c) || (colPairs.has(c) && isOrdinalColumn(after, colPairs.get(c)!))));

  // A row whose name changed but whose figures did not (柳铁职院 → 柳州铁道职院): paired by its
  // other cells when those are unique on both sides, so the name change reads as a value change.
  const valueCols = bc.filter((c) => colPairs.has(c) && !ordinal.has(c) && !kb?.includes(c.index) && !ka?.includes(colPairs.get(c)!.index));
  if (valueCols.length) {
    const sig = (t: TableRecord, r: number, cols: number[]) => {
      const parts = cols.map((c) => normalizeForMatch(cellAt(t, r, c)?.text ?? ''));
      return parts.some(Boolean) ? parts.join('\u0000') : '';
    };
    const restB = rowIdx(before.rows.length).filter((r) => !rowPairs.has(r));
    const takenA = new Set(rowPairs.values());
    const restA = rowIdx(after.rows.length).filter((r) => !takenA.has(r));
    const sb = new Map(restB.map((r) => [r, sig(before, r, valueCols.map((c) => c.index))]));
    const sa = new Map(restA.map((r) => [r, sig(after, r, valueCols.map((c) => colPairs.get(c)!.index))]));
    const count = (m: Map<number, string>) => {
      const n = new Map<string, number>();
      for (const v of m.values()) n.set(v, (n.get(v) ?? 0) + 1);
      return n;
    };
    const nb = count(sb);
    const na = count(sa);
    const rowOf = new Map([...sb].map(([r, k]) => [k, r]));
    for (const a of restA) {
      const k = sa.get(a)!;
      if (!k || nb.get(k) !== 1 || na.get(k) !== 1) continue;
      rowPairs.set(rowOf.get(k)!, a);
    }
  }

  // Header: only when the column paths are the same (otherwise column changes say it).
  const sameColumns = bc.length === ac.length && bc.every((c) => colPairs.get(c) === ac[c.index]);
  if (sameColumns && headerSignature(before) !== headerSignature(after)) {
    const hb = renderHeader(before);
    const ha = renderHeader(after);
    add('header', null, null, hb, ha, `${show(hb)} → ${show(ha)}`);
  }

  for (const c of bc) if (!colPairs.has(c)) add('column-removed', null, c.path, c.path, null, 'column removed');
  for (const c of ac) if (!matchedAfter.has(c)) add('column-added', null, c.path, null, c.path, 'column added');
  for (const c of bc) {
    const d = colPairs.get(c);
    if (d && (c.unit ?? null) !== (d.unit ?? null)) add('unit', null, d.path, c.unit, d.unit, `unit ${show(c.unit)} → ${show(d.unit)}`);
  }

  // Which columns a row summary shows, decided once per table (the ordinal test reads every row).
  const summaryCols = new Map<TableRecord, Col[]>();
  const shownCols = (t: TableRecord, cols: Col[], keyCols: number[] | null) =>
    summaryCols.get(t) ?? summaryCols.set(t, cols.filter((c) => !keyCols?.includes(c.index) && !isOrdinalColumn(t, c))).get(t)!;
  const rowSummary = (t: TableRecord, cols: Col[], r: number, keyCols: number[] | null) =>
    shownCols(t, cols, keyCols)
      .map((c) => ({ c, cell: cellAt(t, r, c.index) }))
      .filter(({ cell }) => cell && cell.text.trim() !== '')
      .map(({ c, cell }) => `${c.path}=${clean(cell!.text)}`)
      .join('; ');

  // Rows in the order of the after table, a removed row where it stood before.
  let nextRemoved = 0;
  const removedUpTo = (end: number) => {
    for (; nextRemoved < end; nextRemoved++) {
      if (rowPairs.has(nextRemoved)) continue;
      const s = rowSummary(before, bc, nextRemoved, kb);
      add('row-removed', rb.display[nextRemoved]!, null, s, null, `row removed${s ? ` (${s})` : ''}`);
    }
  };
  const backPairs = new Map([...rowPairs].map(([x, y]) => [y, x]));
  // For each after row, the before index of the next row both tables share: removed rows up to
  // there go first, as a delete goes before an insert.
  const nextShared: number[] = [];
  for (let r = after.rows.length - 1, next = before.rows.length; r >= 0; r--) {
    const r0 = backPairs.get(r);
    if (r0 !== undefined) next = r0;
    nextShared[r] = next;
  }
  for (let r = 0; r < after.rows.length; r++) {
    const r0 = backPairs.get(r);
    removedUpTo(Math.max(nextRemoved, nextShared[r]!));
    const key = ra.display[r]!;
    if (r0 === undefined) {
      const s = rowSummary(after, ac, r, ka);
      add('row-added', key, null, null, s, `row added${s ? ` (${s})` : ''}`);
      continue;
    }
    for (const c of bc) {
      const d = colPairs.get(c);
      // A 序号 column renumbers whenever a row comes or goes: not a change of its own.
      if (!d || ordinal.has(c)) continue;
      const x = cellAt(before, r0, c.index);
      const y = cellAt(after, r, d.index);
      if (!x && !y) continue;
      // A merged cell's repeats report nothing of their own: its origin cell does.
      if (x?.spannedFrom && y?.spannedFrom) continue;
      const tb = x ? clean(x.text) : null;
      const ta = y ? clean(y.text) : null;
      const numeric = isNumeric(x) && isNumeric(y);
      const differs = numeric ? x!.value !== y!.value : tb !== ta;
      if (differs) {
        const delta = numeric ? roundDelta(y!.value! - x!.value!) : undefined;
        add('value', key, d.path, tb, ta, `${show(tb)} → ${show(ta)}`, delta);
      }
      const ub = x?.unit ?? null;
      const ua = y?.unit ?? null;
      if (x && y && ub !== ua) add('unit', key, d.path, ub, ua, `unit ${show(ub)} → ${show(ua)}`);
    }
  }
  removedUpTo(before.rows.length);
  return out;
}

/** Floating-point noise off a difference (17.3 − 17.1 = 0.2, not 0.20000000000000284). */
function roundDelta(d: number): number {
  return Number.parseFloat(d.toPrecision(12));
}

/** Multiset of a table's cell texts, for content matching. */
export function tableTokens(t: TableRecord): string[] {
  return [...t.headerRows.flat(), ...t.rows.flat()].filter((c) => !c.spannedFrom).map((c) => normalizeForMatch(c.text));
}

/** Short description for an added or removed table. */
export function tableShape(t: TableRecord): string {
  return `${t.rows.length} rows × ${Math.max(t.columns.length, ...t.rows.map((r) => r.length), 0)} columns`;
}
