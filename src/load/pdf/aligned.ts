// Tables printed without vertical rules (three-line tables, or columns aligned by whitespace alone):
// found from rows that break into cells at wide gaps whose gaps line up into shared gutters. The
// loader asks twice, with ruled tables and furniture already taken out: for the whole page, taking
// only tables closed by a rule above and below (so that reading order never mistakes their gutters
// for columns of text), then for each reading-order region, where prose set in columns has already
// been told apart and never reaches this module as one row.
//
// Evidence asked for, to stay clear of prose, lists, contents pages and chart labels:
//   - ≥ 3 consecutive rows that split into ≥ 2 cells at gaps ≥ 1.5 em, nothing crossing the gutters;
//   - a first column that names the rows (labels, years, running numbers), every column used twice;
//   - a column of figures besides the first, consistently right-, left- or centre-aligned (text-only
//     tables only between a top, a header and a bottom rule);
//   - short text cells without sentence punctuation; no page-number column; not over a picture or bars.
// Horizontal rules, where printed, bound the table and give the header (lines above the first inner
// rule) and, in tables ruled under every row, which lines make one row. A header cell centred over
// several columns spans them; a printed row wrapped onto more lines stays one row. Tables standing
// side by side in the same rows are told apart where a column of labels follows a column of figures.
import { groupRows, makeLine, splitAtGaps } from './lines.ts';
import { tocOf } from './paragraphs.ts';
import { cellText, type PTable, type TCell, type TRow } from './tables.ts';
import type { HSeg, Line, Rect, Run } from './types.ts';

/** Gap (ems) that makes separate cells on its own. */
const CELL_GAP_EM = 1.5;
/** Narrower gaps (ems) still separate cells when other rows keep the strip free too. */
const PIECE_GAP_EM = 0.8;
/** A gutter is at least this wide (ems of the table's text). */
const GUTTER_EM = 0.5;
const MIN_LINES = 3;
/** Rows further apart than this (ems, baseline to baseline) are not one table. */
const MAX_PITCH_EM = 3;
/** A blank stretch this many times the usual line pitch ends a table (the next one starts below). */
const BREAK_PITCH = 1.7;
/** At most this many lines without a cell gap may stand between table rows (group labels, wraps). */
const MAX_BRIDGE = 2;

// A figure: 1,234.5  -3.2%  +0.4‰  2022E  21.60-97.40  ¥12
const NUMBER = /^[-+−–]?[¥$￥]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?[%‰]?$|^(?:19|20)\d{2}[AEFH]$|^\d+(?:\.\d+)?[-~～]\d+(?:\.\d+)?%?$/;
/** Printed in place of a figure. */
const PLACEHOLDER = /^[-–—/…]{1,2}$/;
/** Years label columns of statistical and financial tables; in a header they are labels. */
const YEAR = /^(?:19|20)\d{2}(?:年度?|届|[AEFH])?$/;
const CAPTION = /^(?:续)?[表图]\s*[\d一二三四五六七八九十]/;
const SENTENCE = /[。！？；]/;

export interface AlignedTable {
  table: PTable;
  /** Runs the table took from the region. */
  runs: Run[];
  /** Tables found next to each other in the same rows share a group (per call); side counts from the left. */
  beside: { group: number; side: number } | null;
}

interface Piece {
  runs: Run[];
  x0: number;
  x1: number;
  text: string;
}

interface Row {
  runs: Run[];
  top: number;
  bottom: number;
  base: number;
  size: number;
  text: string;
  /** Split at CELL_GAP_EM: what reads as separate cells by itself. */
  cells: number;
  /** Split at PIECE_GAP_EM: what may stand in separate columns. */
  pieces: Piece[];
}

interface Col {
  x0: number;
  x1: number;
  /** How its cells sit in it: figures hug the right edge of their cell, labels the left one. */
  align: 'left' | 'right' | null;
}

export interface PageGeometry {
  page: number;
  /** Horizontal rules (see rules.ts horizontalRules). */
  rules: readonly HSeg[];
  /** Pictures, and filled boxes of vector graphics: text over many bars is a chart's labels. */
  images: readonly Rect[];
  fills: readonly Rect[];
  /** Take only tables with a rule above their first and below their last line (three-line tables). */
  ruledOnly?: boolean;
}

/** Tables among the lines of one region (top to bottom), from alignment alone. */
export function findAlignedTables(lines: readonly Line[], ctx: PageGeometry): AlignedTable[] {
  const rows = lines.filter((l) => !l.runs.some((r) => r.vertical || r.rotated)).map((l) => toRow(l.runs));
  const out: AlignedTable[] = [];
  let beside = 0;
  for (const s of stretches(rows)) {
    const bands = sideBySide(s);
    if (bands.length <= 1) {
      out.push(...build(s, ctx).map((table) => ({ ...table, beside: null })));
      continue;
    }
    beside++;
    bands.forEach(([lo, hi], side) => {
      const runs = s.flatMap((r) => r.runs.filter((x) => (x.x0 + x.x1) / 2 >= lo && (x.x0 + x.x1) / 2 < hi));
      out.push(...build(groupRows(runs).map(toRow), ctx).map((table) => ({ ...table, beside: { group: beside, side } })));
    });
  }
  return out;
}

function toRow(input: readonly Run[]): Row {
  const runs = [...input].sort((a, b) => a.x0 - b.x0);
  let top = Infinity;
  let bottom = -Infinity;
  let main = runs[0]!;
  for (const r of runs) {
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
    if (r.size > main.size) main = r;
  }
  const pieces = splitAtGaps(runs, PIECE_GAP_EM).map((p) => ({ runs: p, x0: p[0]!.x0, x1: Math.max(...p.map((r) => r.x1)), text: makeLine(p).text }));
  return { runs, top, bottom, base: main.base, size: main.size, text: makeLine(runs).text, cells: splitAtGaps(runs, CELL_GAP_EM).length, pieces };
}

const isTabular = (r: Row) => r.cells >= 2 && !tocOf(r.text);
const bridgeable = (r: Row) => r.text.length <= 40 && !CAPTION.test(r.text) && !/[。！？]$/.test(r.text);
const fold = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');
const isNumber = (s: string) => NUMBER.test(fold(s));
const isPlaceholder = (s: string) => PLACEHOLDER.test(fold(s));
const isYear = (s: string) => YEAR.test(fold(s));
/** A figure that is data rather than a year heading. */
const isData = (s: string) => isNumber(s) && !isYear(s);
const headerish = (r: Row) => r.pieces.every((p) => !isData(p.text));

/**
 * Runs of consecutive rows with cell gaps (≥ MIN_LINES of them), bridging a few rows without, and
 * keeping the row just before and the rows just after as candidates (a three-line table's header
 * line of one spanning cell, its wrapped last row) for build() to take or leave.
 */
function stretches(rows: Row[]): Row[][] {
  const out: Row[][] = [];
  let cur: Row[] = [];
  let pending: Row[] = [];
  let before: Row | null = null;
  const near = (a: Row, b: Row) => b.base - a.base <= MAX_PITCH_EM * Math.max(a.size, b.size) && b.top >= a.top;
  const close = () => {
    if (cur.filter(isTabular).length >= MIN_LINES) out.push([...cur, ...pending]);
    cur = [];
    pending = [];
  };
  for (const r of rows) {
    const last = pending[pending.length - 1] ?? cur[cur.length - 1];
    if (last && !near(last, r)) close();
    if (isTabular(r)) {
      if (cur.length === 0 && before && near(before, r) && bridgeable(before)) cur.push(before);
      cur.push(...pending, r);
      pending = [];
    } else if (cur.length > 0 && pending.length < MAX_BRIDGE && bridgeable(r)) pending.push(r);
    else close();
    before = isTabular(r) ? null : r;
  }
  close();
  return out;
}

function median(values: number[]): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Usual text size of some rows. */
function emOf(rows: Row[]): number {
  return median(rows.flatMap((r) => r.runs.map((x) => x.size))) || 10;
}

/** Leading rows that may hold spanning header cells; they do not decide where gutters are. */
function leadingHeader(rows: Row[]): number {
  let k = 0;
  while (k < Math.min(3, rows.length - MIN_LINES) && headerish(rows[k]!)) k++;
  return k;
}

/** Columns: the stretches of x that the pieces of the tabular rows (after the header) cover. */
function columnsOf(rows: Row[]): Col[] {
  const from = leadingHeader(rows);
  const spans = rows
    .slice(from)
    .filter(isTabular)
    .flatMap((r) => r.pieces.map((p) => [p.x0, p.x1] as [number, number]))
    .sort((a, b) => a[0] - b[0]);
  const min = Math.max(3, GUTTER_EM * emOf(rows));
  const cols: Col[] = [];
  for (const [x0, x1] of spans) {
    const last = cols[cols.length - 1];
    if (last && x0 < last.x1 + min) last.x1 = Math.max(last.x1, x1);
    else cols.push({ x0, x1, align: null });
  }
  for (const c of cols) {
    const inside = spans.filter(([x0, x1]) => x0 >= c.x0 && x1 <= c.x1);
    const share = (edge: number) => inside.filter((e) => Math.abs(e[edge]! - median(inside.map((x) => x[edge]!))) <= 2).length / inside.length;
    const [left, right] = [share(0), share(1)];
    if (right >= 0.7 && right > left + 0.1) c.align = 'right';
    else if (left >= 0.7 && left > right + 0.1) c.align = 'left';
  }
  return cols;
}

/** First and last column a piece overlaps (c1 > c0: it crosses gutters); null when it lies in a gutter. */
function overlapped(p: { x0: number; x1: number }, cols: Col[]): [number, number] | null {
  let c0 = -1;
  let c1 = -1;
  cols.forEach((c, k) => {
    if (Math.min(c.x1, p.x1) - Math.max(c.x0, p.x0) > 0.5) {
      if (c0 < 0) c0 = k;
      c1 = k;
    }
  });
  return c0 < 0 ? null : [c0, c1];
}

function nearest(x: number, cols: Col[]): number {
  let best = 0;
  let d = Infinity;
  cols.forEach((c, k) => {
    const e = x < c.x0 ? c.x0 - x : x > c.x1 ? x - c.x1 : 0;
    if (e < d) [best, d] = [k, e];
  });
  return best;
}

interface ColStats {
  filled: number;
  numbers: number;
  placeholders: number;
  years: number;
  /** Share of its figures sharing the column's most common edge (right, left or centre). */
  aligned: number;
  leftAligned: number;
  texts: string[];
  /** Integers only, never decreasing down the rows: page numbers or running numbers. */
  ascending: boolean;
}

function columnStats(rows: Row[], cols: Col[]): ColStats[] {
  const per = cols.map(() => [] as Piece[]);
  for (const r of rows) {
    for (const p of r.pieces) {
      const o = overlapped(p, cols);
      per[o ? o[0] : nearest((p.x0 + p.x1) / 2, cols)]!.push(p);
    }
  }
  return per.map((ps) => {
    const figures = ps.filter((p) => isNumber(p.text));
    const share = (key: (p: Piece) => number, list: Piece[]) => {
      if (list.length === 0) return 0;
      const m = median(list.map(key));
      return list.filter((p) => Math.abs(key(p) - m) <= 2).length / list.length;
    };
    const aligned = Math.max(share((p) => p.x1, figures), share((p) => p.x0, figures), share((p) => (p.x0 + p.x1) / 2, figures));
    const ints = figures.map((p) => fold(p.text));
    const ascending = ints.length >= 2 && ints.length === ps.length && ints.every((t, i) => /^\d+$/.test(t) && (i === 0 || Number(t) >= Number(ints[i - 1])));
    return {
      filled: ps.length,
      numbers: figures.length,
      placeholders: ps.filter((p) => isPlaceholder(p.text)).length,
      years: ps.filter((p) => isYear(p.text)).length,
      aligned,
      leftAligned: share((p) => p.x0, ps),
      texts: ps.filter((p) => !isNumber(p.text) && !isPlaceholder(p.text)).map((p) => fold(p.text)),
      ascending,
    };
  });
}

const isNumericCol = (s: ColStats) => s.numbers >= 2 && s.numbers + s.placeholders >= 0.7 * s.filled;
const isLabelCol = (s: ColStats) => s.filled >= 2 && s.numbers <= 0.2 * s.filled && s.leftAligned >= 0.7;

/**
 * Tables printed next to each other share rows. A column of labels after a column of figures, with
 * figures again to its right, starts another table: x bands, one per table, or [] for one table.
 */
function sideBySide(rows: Row[]): [number, number][] {
  const cols = columnsOf(rows);
  if (cols.length < 4) return [];
  const body = rows.slice(leadingHeader(rows)).filter(isTabular);
  const stats = columnStats(body, cols);
  const cuts: number[] = [];
  for (let k = 1; k < cols.length - 1; k++) {
    // The table on the left needs its own label column (a column of running numbers is not a table).
    const from = cuts[cuts.length - 1] ?? 0;
    if (k - from < 2 || isNumericCol(stats[from]!)) continue;
    if (isLabelCol(stats[k]!) && isNumericCol(stats[k - 1]!) && stats.slice(k + 1).some(isNumericCol)) cuts.push(k);
  }
  if (cuts.length === 0) return [];
  const bounds = [-Infinity, ...cuts.map((k) => (cols[k - 1]!.x1 + cols[k]!.x0) / 2), Infinity];
  return bounds.slice(0, -1).map((lo, i) => [lo, bounds[i + 1]!]);
}

/** Rows apart by far more than the usual line pitch (a blank line or more) belong to separate tables. */
function splitAtBlankLines(rows: Row[]): Row[][] {
  const gaps: number[] = [];
  for (let k = 1; k < rows.length; k++) gaps.push(rows[k]!.base - rows[k - 1]!.base);
  const pitch = median(gaps);
  const out: Row[][] = [[]];
  rows.forEach((r, k) => {
    if (k > 0 && gaps[k - 1]! > Math.max(BREAK_PITCH * pitch, pitch + 0.6 * r.size)) out.push([]);
    out[out.length - 1]!.push(r);
  });
  return out;
}

function build(rows: Row[], ctx: PageGeometry, depth = 0): Omit<AlignedTable, 'beside'>[] {
  const out: Omit<AlignedTable, 'beside'>[] = [];
  for (const chunk of splitAtBlankLines(rows)) {
    let a = 0;
    let b = chunk.length;
    while (a < b && !isTabular(chunk[a]!)) a++;
    while (b > a && !isTabular(chunk[b - 1]!)) b--;
    if (chunk.slice(a, b).filter(isTabular).length < MIN_LINES) continue;
    const cols = columnsOf(chunk.slice(a, b));
    if (cols.length < 2) continue;
    // Lines without a cell gap belong to the table between its rows, and at its edges only inside
    // its rules: the line right under the top rule, the lines right above the bottom rule.
    const pitch = median(chunk.slice(a + 1, b).map((r, k) => r.base - chunk[a + k]!.base)) || 1.5 * emOf(chunk);
    const ys = tableRules(ctx.rules, cols[0]!.x0, cols[cols.length - 1]!.x1, chunk[0]!.top, chunk[chunk.length - 1]!.bottom, pitch);
    const lead = chunk[a - 1];
    if (lead && !CAPTION.test(lead.text) && place(lead, cols, true, emOf(chunk)).some((x) => x.c1 > 0) && ys.some((y) => y <= lead.top + 1 && y >= lead.top - 0.8 * pitch)) a--;
    const lastRow = chunk[b - 1]!;
    for (let k = b, end = b + MAX_BRIDGE; k < chunk.length && k < end; k++) {
      // A rule between the last row and this line is the bottom rule: what follows is outside.
      if (ys.some((y) => y > lastRow.bottom - 1 && y < chunk[k]!.top + 1)) break;
      const next = chunk[k + 1];
      if (ys.some((y) => y >= chunk[k]!.bottom - 1 && y <= chunk[k]!.bottom + 0.8 * pitch && (!next || y < next.top))) b = k + 1;
    }
    const lines = chunk.slice(a, b);
    // A line without cell gaps that runs across a gutter is text between two tables.
    const head = leadingHeader(lines);
    const cut = lines.findIndex((r, k) => k >= head && !isTabular(r) && r.pieces.some((p) => crosses(p, cols)));
    if (cut >= 0) {
      if (depth < 4) out.push(...build(lines.slice(0, cut), ctx, depth + 1), ...build(lines.slice(cut + 1), ctx, depth + 1));
      continue;
    }
    const t = makeTable(lines, cols, ctx);
    if (t) out.push(t);
  }
  return out;
}

function crosses(p: Piece, cols: Col[]): boolean {
  const o = overlapped(p, cols);
  return o !== null && o[1] > o[0];
}

/** Horizontal rules running across most of the table, between its top and bottom (with some margin). */
function tableRules(rules: readonly HSeg[], x0: number, x1: number, top: number, bottom: number, pitch: number): number[] {
  const width = x1 - x0;
  return rules
    .filter((h) => h.y > top - pitch && h.y < bottom + pitch && Math.min(h.x1, x1) - Math.max(h.x0, x0) >= 0.6 * width && h.x1 - h.x0 <= 1.5 * width + 20)
    .map((h) => h.y)
    .sort((p, q) => p - q);
}

interface Slot {
  c0: number;
  c1: number;
  runs: Run[];
  /** For a spanning header cell: the one column it would take alone. */
  alone?: number;
}

/**
 * Where each column's cells start and end, as far as the text shows it: right after a column of
 * right-aligned figures, right before a column of left-aligned labels, else halfway across the gutter.
 */
function slotBounds(cols: Col[], em: number): number[] {
  const inner = cols.slice(1).map((c, k) => {
    const prev = cols[k]!;
    const pad = Math.min(0.3 * em, (c.x0 - prev.x1) / 2);
    if (prev.align === 'right' && c.align !== 'left') return prev.x1 + pad;
    if (c.align === 'left' && prev.align !== 'right') return c.x0 - pad;
    return (prev.x1 + c.x0) / 2;
  });
  return [cols[0]!.x0, ...inner, cols[cols.length - 1]!.x1];
}

/** The pieces of a line by column. A header piece centred over several columns' slots spans them. */
function place(r: Row, cols: Col[], header: boolean, em: number): Slot[] {
  const bounds = slotBounds(cols, em);
  const n = cols.length;
  const single: Slot[] = [];
  const spanning: Slot[] = [];
  const add = (c: number, runs: Run[]) => {
    const same = single.find((x) => x.c0 <= c && x.c1 >= c);
    if (same) same.runs.push(...runs);
    else single.push({ c0: c, c1: c, runs: [...runs] });
  };
  for (const p of r.pieces) {
    // Overlap with each slot (the outer slots reach out without limit).
    const overlap = cols.map((_, k) => Math.min(k === n - 1 ? Infinity : bounds[k + 1]!, p.x1) - Math.max(k === 0 ? -Infinity : bounds[k]!, p.x0));
    let alone = 0;
    overlap.forEach((o, k) => { if (o > overlap[alone]!) alone = k; });
    const big = overlap.flatMap((o, k) => (o >= Math.max(1, 0.15 * (p.x1 - p.x0)) ? [k] : []));
    if (header && big.length >= 2) {
      const [c0, c1] = [big[0]!, big[big.length - 1]!];
      // Centred over the columns' slots, or over the text printed in them.
      const centred = ([left, right]: [number, number]) => Math.abs((p.x0 + p.x1) / 2 - (left + right) / 2) <= Math.max(0.75 * em, 0.15 * (right - left));
      if (centred([bounds[c0]!, bounds[c1 + 1]!]) || centred([cols[c0]!.x0, cols[c1]!.x1])) {
        spanning.push({ c0, c1, runs: [...p.runs], alone });
        continue;
      }
    }
    add(alone, p.runs);
  }
  // A spanning piece may not share a column with another piece of its line: then it is an overflow.
  for (const s of spanning) {
    if (single.some((x) => x.c1 >= s.c0 && x.c0 <= s.c1)) add(s.alone!, s.runs);
    else single.push(s);
  }
  return single.sort((p, q) => p.c0 - q.c0);
}

interface Built {
  lines: Row[];
  slots: Slot[];
}

function makeTable(lines: Row[], cols: Col[], ctx: PageGeometry): Omit<AlignedTable, 'beside'> | null {
  const em = emOf(lines);
  const gaps: number[] = [];
  for (let k = 1; k < lines.length; k++) gaps.push(lines[k]!.base - lines[k - 1]!.base);
  const pitch = median(gaps) || 1.5 * em;
  const top = lines[0]!.top;
  const bottom = lines[lines.length - 1]!.bottom;
  const ys = tableRules(ctx.rules, cols[0]!.x0, cols[cols.length - 1]!.x1, top, bottom, pitch);
  const mid = (r: Row) => (r.top + r.bottom) / 2;
  // Index of the line each rule stands above (lines.length: below the last).
  const above = ys.map((y) => {
    let k = 0;
    while (k < lines.length && mid(lines[k]!) < y) k++;
    return k;
  });
  const inner = [...new Set(above.filter((k) => k > 0 && k < lines.length))].sort((p, q) => p - q);
  if (ctx.ruledOnly && !(above.includes(0) && above.includes(lines.length))) return null;
  const rowRuled = inner.length >= 2 && inner.length >= 0.6 * (lines.length - 1);

  // Header: the lines above the first inner rule, or leading lines of labels reaching past the first column.
  let head = 0;
  if (!rowRuled && inner.length > 0 && inner[0]! <= 4 && lines.slice(0, inner[0]!).every(headerish)) head = inner[0]!;
  else {
    let firstData = lines.findIndex((r) => !headerish(r));
    if (firstData < 0) firstData = lines.length;
    for (let k = 0; k < Math.min(firstData, 4); k++) {
      if (place(lines[k]!, cols, true, em).some((s) => s.c1 > 0)) head = k + 1;
    }
    if (rowRuled && head > 0) head = Math.min(lines.length, inner.find((k) => k >= head) ?? head);
  }
  const body = lines.slice(head);
  if (body.length < 2) return null;

  const stats = columnStats(body.filter(isTabular), cols);
  if (!accept(stats, body, cols, ctx, ys.length >= 3 && head > 0)) return null;

  const bandOf = (l: Row) => above.filter((k) => k <= lines.indexOf(l)).length;
  // Header rows: a line under a spanning cell (or, in a table ruled under every row, past a rule)
  // starts a new header row; otherwise header lines are wrapped text of one row.
  const header: Built[] = [];
  for (const l of lines.slice(0, head)) {
    const slots = place(l, cols, true, em);
    const cur = header[header.length - 1];
    const band = rowRuled && cur && bandOf(l) !== bandOf(cur.lines[0]!);
    const under = cur && slots.some((s) => cur.slots.some((c) => c.c1 > c.c0 && s.c1 >= c.c0 && s.c0 <= c.c1));
    const overSpan = cur && slots.some((s) => s.c1 > s.c0 && cur.slots.some((c) => c.c1 >= s.c0 && c.c0 <= s.c1));
    if (!cur || band || under || overSpan) header.push({ lines: [l], slots });
    else {
      cur.lines.push(l);
      for (const s of slots) {
        const same = cur.slots.find((c) => c.c0 <= s.c0 && c.c1 >= s.c0);
        if (same) same.runs.push(...s.runs);
        else cur.slots.push(s);
      }
    }
  }

  // A header cell spans columns only over their own labels in a header row below it.
  header.forEach((h, k) => {
    for (const sp of h.slots.filter((x) => x.c1 > x.c0)) {
      if (header.slice(k + 1).some((b) => b.slots.filter((x) => x.c0 >= sp.c0 && x.c1 <= sp.c1).length >= 2)) continue;
      h.slots.splice(h.slots.indexOf(sp), 1);
      const same = h.slots.find((x) => x.c0 <= sp.alone! && x.c1 >= sp.alone!);
      if (same) same.runs.push(...sp.runs);
      else h.slots.push({ c0: sp.alone!, c1: sp.alone!, runs: sp.runs });
    }
  });

  // Body rows: a line continues the row above when it only carries on its wrapped text.
  const bodyPitch = median(body.slice(1).map((l, k) => l.base - body[k]!.base)) || pitch;
  const serial = isSerial(body, cols, em);
  const rows: Built[] = [];
  for (const l of body) {
    const slots = place(l, cols, false, em);
    const cur = rows[rows.length - 1];
    const join = cur && (rowRuled ? bandOf(l) === bandOf(cur.lines[0]!) : continues(l, slots, cur, serial, bodyPitch));
    if (!join) rows.push({ lines: [l], slots });
    else {
      cur.lines.push(l);
      for (const s of slots) {
        const same = cur.slots.find((c) => c.c0 === s.c0);
        if (same) same.runs.push(...s.runs);
        else cur.slots.push(s);
      }
    }
  }
  return emit([...header, ...rows], header.length, cols, ys, ctx.page);
}

/** The first column numbers the rows (1, 2, 3 …): a line without its number carries on the row above. */
function isSerial(body: Row[], cols: Col[], em: number): boolean {
  const firsts = body.map((l) => place(l, cols, false, em).find((s) => s.c0 === 0)).filter((s) => s !== undefined);
  const ints = firsts.map((s) => fold(makeLine(s.runs).text)).filter((t) => /^\d{1,3}$/.test(t)).map(Number);
  return ints.length >= 3 && ints.length >= 0.5 * body.length && ints.every((n, i) => i === 0 || n > ints[i - 1]!);
}

function continues(l: Row, slots: Slot[], cur: Built, serial: boolean, pitch: number): boolean {
  const key = slots.find((s) => s.c0 === 0);
  const text = (s: Slot) => makeLine(s.runs).text;
  if (serial) return !key || !/^\d{1,3}$/.test(fold(text(key)));
  const figures = slots.some((s) => isData(text(s)));
  const tight = l.base - cur.lines[cur.lines.length - 1]!.base < 0.7 * pitch;
  const textAt = (c: number) => {
    const s = cur.slots.find((x) => x.c0 <= c && x.c1 >= c);
    return s ? text(s) : '';
  };
  if (!figures) {
    // Wrapped text in the columns that hold text in the row above, none in the key column.
    if (!key && slots.every((s) => textAt(s.c0) !== '' && !isNumber(textAt(s.c0)))) return true;
    // A key label broken inside its brackets or after a joining word.
    if (key && slots.length === 1 && unfinished(textAt(0))) return true;
    // Set closer than rows are, without putting anything where the row above has a figure.
    if (tight && slots.every((s) => !isNumber(textAt(s.c0)))) return true;
    return false;
  }
  // Figures centred against a label printed on two lines: the label's first line stands alone above them.
  return !key && tight && cur.lines.length === 1 && cur.slots.length === 1 && cur.slots[0]!.c0 === 0;
}

function unfinished(t: string): boolean {
  const open = (t.match(/[（(［[]/g) ?? []).length;
  const close = (t.match(/[）)］\]]/g) ?? []).length;
  return open > close || /[、，,和及与\-—/]$/.test(t);
}

/** The evidence a table needs beyond its alignment (see the head of this file). */
function accept(stats: ColStats[], body: Row[], cols: Col[], ctx: PageGeometry, threeLine: boolean): boolean {
  const numeric = stats.map(isNumericCol);
  const count = numeric.filter(Boolean).length;
  // Every column is used by more than one line.
  if (stats.some((s) => s.filled < 2)) return false;
  // The first column names the rows (labels, years, running numbers): rows of a chart's data labels have none.
  const key = stats[0]!;
  if (key.texts.length + key.years < 0.6 * key.filled && !(key.ascending && cols.length >= 3)) return false;
  const texts = stats.flatMap((s) => s.texts);
  if (texts.length > 0) {
    const long = texts.filter((t) => t.length > 30).length;
    const prose = texts.filter((t) => SENTENCE.test(t)).length;
    if (median(texts.map((t) => t.length)) > 16 || long > 0.2 * texts.length || prose > 0.2 * texts.length) return false;
  }
  if (count === 0) {
    // Text only: a three-line table (rules on top, under the header, at the bottom) of three or more columns.
    if (!threeLine || cols.length < 3) return false;
  } else {
    if (!numeric.slice(1).some(Boolean) && count < 2) return false;
    // Figures line up in their column, as data labels of a chart do not.
    const aligned = stats.filter((s, k) => numeric[k] && s.aligned >= 0.7).length;
    if (aligned === 0 || aligned < 0.7 * count) return false;
    // A last column of rising integers and no other figures: page numbers of a contents list.
    const last = stats[stats.length - 1]!;
    if (count === 1 && numeric[stats.length - 1] && last.ascending) return false;
  }
  const x0 = cols[0]!.x0;
  const x1 = cols[cols.length - 1]!.x1;
  const top = body[0]!.top;
  const bottom = body[body.length - 1]!.bottom;
  const area = Math.max(1, (x1 - x0) * (bottom - top));
  for (const im of ctx.images) {
    const w = Math.min(im.x1, x1) - Math.max(im.x0, x0);
    const h = Math.min(im.bottom, bottom) - Math.max(im.top, top);
    if (w > 0 && h > 0 && w * h >= 0.3 * area) return false;
  }
  // Bars: several filled boxes narrower than the table inside it (header shading and stripes run across).
  const bars = ctx.fills.filter((f) => (f.x0 + f.x1) / 2 > x0 && (f.x0 + f.x1) / 2 < x1 && (f.top + f.bottom) / 2 > top && (f.top + f.bottom) / 2 < bottom && f.x1 - f.x0 < 0.5 * (x1 - x0));
  return bars.length < 3;
}

/** Rows → PTable: every column slot of every row gets a cell (empty ones too), as in ruled tables. */
function emit(rows: Built[], headerRows: number, cols: Col[], rules: number[], page: number): Omit<AlignedTable, 'beside'> {
  const n = cols.length;
  const runs = rows.flatMap((r) => r.slots.flatMap((s) => s.runs));
  let left = cols[0]!.x0;
  let right = cols[n - 1]!.x1;
  for (const r of runs) [left, right] = [Math.min(left, r.x0), Math.max(right, r.x1)];
  const colXs = [left, ...slotBounds(cols, rows[0]!.lines[0]!.size).slice(1, -1), right];

  // Row bounds meet halfway between rows, and at the rules just outside the first and last row.
  const extent = rows.map((r) => [Math.min(...r.lines.map((l) => l.top)), Math.max(...r.lines.map((l) => l.bottom))] as [number, number]);
  const first = extent[0]![0];
  const last = extent[extent.length - 1]![1];
  const em = rows[0]!.lines[0]!.size;
  const topRule = rules.filter((y) => y <= first + 0.5 && y >= first - em).pop();
  const bottomRule = rules.find((y) => y >= last - 0.5 && y <= last + em);
  const bounds = [topRule ?? first];
  for (let k = 1; k < rows.length; k++) bounds.push(Math.max(bounds[k - 1]!, (extent[k - 1]![1] + extent[k]![0]) / 2));
  bounds.push(Math.max(bounds[rows.length - 1]!, bottomRule ?? last));

  // Spanning header cells reach down over header rows that leave their columns empty.
  const twoLevel = rows.slice(0, headerRows).some((h) => h.slots.some((x) => x.c1 > x.c0));
  const reach = rows.map((r, k) =>
    r.slots.map((s) => {
      let r1 = k + 1;
      while (twoLevel && k < headerRows && r1 < headerRows && !rows[r1]!.slots.some((x) => x.c1 >= s.c0 && x.c0 <= s.c1)) r1++;
      return r1;
    }),
  );
  const covered = rows.map(() => new Array<boolean>(n).fill(false));
  const cells: TCell[] = [];
  const trows: TRow[] = rows.map((_, k) => ({ page, top: bounds[k]!, bottom: bounds[k + 1]!, x0: left, x1: right }));
  rows.forEach((r, k) => {
    for (let c = 0; c < n; c++) {
      if (covered[k]![c]) continue;
      const i = r.slots.findIndex((s) => s.c0 === c);
      const s = i >= 0 ? r.slots[i]! : { c0: c, c1: c, runs: [] };
      const r1 = i >= 0 ? reach[k]![i]! : k + 1;
      for (let a = k; a < r1; a++) for (let b = s.c0; b <= s.c1; b++) covered[a]![b] = true;
      cells.push({ r0: k, r1, c0: s.c0, c1: s.c1 + 1, x0: colXs[s.c0]!, x1: colXs[s.c1 + 1]!, top: bounds[k]!, bottom: bounds[r1]!, page, text: s.runs.length ? cellText(s.runs) : '' });
    }
  });
  const table: PTable = { page, pageEnd: page, box: [left, bounds[0]!, right, bounds[bounds.length - 1]!], rows: trows, cells, colXs };
  return { table, runs };
}
