// Grid + runs → table: merged cells from missing inner rules, cell texts, rows of unruled bodies
// split by baseline, and the join of a table continued on the next page.
import { joinWrapped } from '../../text/normalize.ts';
import { groupRows, makeLine } from './lines.ts';
import { MARKER } from './paragraphs.ts';
import { withoutEmptyShadedColumns, type Grid } from './rules.ts';
import type { Box, Rect, Run } from './types.ts';

/** Share of a grid's rows that must hold text for it to be a table (see buildTable). */
const MIN_ROWS_WITH_TEXT = 0.6;
/** A grid row this many times the table's median row height may hold several unruled rows. */
const TALL_ROW = 2.5;

export interface TCell {
  /** Row range (exclusive end) in the table's rows. */
  r0: number;
  r1: number;
  /** Column range (exclusive end) in the table's columns. */
  c0: number;
  c1: number;
  /** Horizontal extent on its page. */
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
  /** Column boundaries on the first page, left to right (one more than the columns). */
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
export function buildTable(found: Grid, candidates: readonly Run[], page: number): { table: PTable; used: Run[] } | null {
  const grid = withoutEmptyShadedColumns(found, candidates);
  const { xs, ys } = grid;
  const nr = ys.length - 1;
  const nc = xs.length - 1;
  if (nr < 1 || (nc < 2 && !grid.frame)) return null;
  const box: Box = [xs[0]!, ys[0]!, xs[nc]!, ys[nr]!];
  const inside = candidates.filter((r) => {
    const cx = (r.x0 + r.x1) / 2;
    const cy = (r.top + r.bottom) / 2;
    return cx >= box[0] - 1 && cx <= box[2] + 1 && cy >= box[1] - 1 && cy <= box[3] + 1;
  });
  if (inside.length === 0) return null;
  if (grid.frame) return frameBox(box, inside, page);

  const cells = mergeCells(grid);
  const owner: number[][] = ys.slice(0, -1).map(() => new Array<number>(nc).fill(-1));
  cells.forEach((c, k) => {
    for (let i = c.r0; i < c.r1; i++) for (let j = c.c0; j < c.c1; j++) owner[i]![j] = k;
  });
  const rowsWithText = new Set<number>();
  const colsWithText = new Set<number>();
  for (const r of inside.flatMap((run) => splitAtColumns(run, xs))) {
    const i = clampIndex(ys, (r.top + r.bottom) / 2);
    const j = clampIndex(xs, (r.x0 + r.x1) / 2);
    cells[owner[i]![j]!]!.runs.push(r);
    rowsWithText.add(i);
    colsWithText.add(j);
  }
  const filled = cells.filter((c) => c.runs.length > 0).length;
  // Rows without any text: the gridlines of a vector chart, whose labels stand outside the plot. A
  // budget table may leave most of its cells empty, and most of its rows only where a header names
  // its columns (a form printed empty: 本表为空表).
  if (cells.length < 2 || filled < 2 || colsWithText.size < 2) return null;
  if (rowsWithText.size < MIN_ROWS_WITH_TEXT * nr && !namesColumns(cells)) return null;

  const table = layoutRows(grid, joinSplitSpans(cells), page, box);
  return { table, used: inside };
}

/**
 * A cell spanning columns is never cut by a rule above it: where a labelled cell of the row below
 * runs across the boundary between an empty cell and a labelled one, the rule between those two is a
 * stray stroke of the drawing, and the label (行政诉讼) spans the empty cell's columns too.
 */
function joinSplitSpans(cells: GridCell[]): GridCell[] {
  const out = [...cells];
  // Only in the header: the rows above the first figure.
  let body = Infinity;
  for (const c of cells) if (c.r0 < body && c.runs.length > 0 && isFigure(c.runs.map((r) => r.str).join(''))) body = c.r0;
  for (let again = true; again; ) {
    again = false;
    for (const a of out) {
      if (a.runs.length > 0 || a.r1 >= body) continue;
      const straddled = (edge: number) => out.some((c) => c.runs.length > 0 && c.r0 === a.r1 && c.c0 < edge && c.c1 > edge);
      const b = out.find((x) => x.runs.length > 0 && x.r0 === a.r0 && x.r1 === a.r1 && ((x.c0 === a.c1 && straddled(a.c1)) || (x.c1 === a.c0 && straddled(a.c0))));
      if (!b) continue;
      b.c0 = Math.min(a.c0, b.c0);
      b.c1 = Math.max(a.c1, b.c1);
      out.splice(out.indexOf(a), 1);
      again = true;
      break;
    }
  }
  return out;
}

/** A header row naming this many columns makes a grid a table however empty its body. */
const MIN_NAMED_COLUMNS = 3;

/** The grid's first row is a header: labels (no figures) in at least MIN_NAMED_COLUMNS cells of its top rows. */
function namesColumns(cells: GridCell[]): boolean {
  const head = cells.filter((c) => c.r0 <= 2 && c.runs.length > 0);
  if (!head.some((c) => c.r0 === 0)) return false;
  const texts = head.map((c) => cellText(c.runs).replace(/\s+/g, ''));
  return texts.length >= MIN_NAMED_COLUMNS && texts.every((t) => /\p{Script=Han}/u.test(t) && !/^[-+−]?[\d,.]+[%‰]?$/.test(t));
}

/** Bars standing on a table's top edge make it the data table of a bar chart drawn above it. */
const MIN_BARS = 3;

/**
 * The table is the data table under a bar chart (Excel and Word charts print one): bars — shaded
 * boxes holding no text, narrow beside the table — stand on its top edge.
 */
export function standsUnderChart(t: PTable, fills: readonly Rect[], text: readonly Rect[]): boolean {
  const [x0, top, x1] = t.box;
  const bars = fills.filter(
    (f) => Math.abs(f.bottom - top) <= 2 && f.x0 >= x0 - 1 && f.x1 <= x1 + 1 && f.x1 - f.x0 < 0.3 * (x1 - x0) && f.bottom - f.top > 1 &&
      !text.some((r) => (r.x0 + r.x1) / 2 > f.x0 && (r.x0 + r.x1) / 2 < f.x1 && (r.top + r.bottom) / 2 > f.top && (r.top + r.bottom) / 2 < f.bottom),
  );
  return bars.length >= MIN_BARS;
}

/** Lines in a frame: fewer are a boxed heading or label, which stays a paragraph. */
const MIN_FRAME_LINES = 2;
/** A framed box holds a line of prose at least this long (characters); a framed chart holds labels. */
const MIN_FRAME_PROSE = 12;

/**
 * A framed box as the one-cell table Word makes of it: the cell holds the box's paragraphs, a line
 * ending short of the frame's right edge closing its paragraph.
 */
function frameBox(box: Box, inside: Run[], page: number): { table: PTable; used: Run[] } | null {
  const lines = groupRows(inside.filter((r) => !r.rotated)).map(makeLine);
  if (lines.length < MIN_FRAME_LINES) return null;
  // Prose, not the labels and figures of a chart drawn in a frame.
  const chars = lines.reduce((n, l) => n + l.chars, 0);
  const han = lines.reduce((n, l) => n + (l.text.match(/\p{Script=Han}/gu)?.length ?? 0), 0);
  if (han < 0.5 * chars || !lines.some((l) => l.chars >= MIN_FRAME_PROSE)) return null;
  const right = Math.max(...lines.map((l) => l.x1));
  let text = '';
  lines.forEach((l, k) => {
    text = k === 0 ? l.text : lines[k - 1]!.x1 < right - 1.5 * l.size ? `${text}\n${l.text}` : joinWrapped(text, l.text);
  });
  const row: TRow = { page, top: box[1], bottom: box[3], x0: box[0], x1: box[2] };
  const cell: TCell = { r0: 0, r1: 1, c0: 0, c1: 1, x0: box[0], x1: box[2], top: box[1], bottom: box[3], page, text };
  return { table: { page, pageEnd: page, box, rows: [row], cells: [cell], colXs: [box[0], box[2]] }, used: inside };
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

/** Characters of a figure or a Latin word: a rule falling between two of them is overprinted, not a cell border. */
const WORD_CHAR = /[A-Za-z0-9.,%‰]/;

/**
 * A run drawn across a column rule (one Tj spanning cells) is cut where the rule falls — but never
 * inside a figure or a Latin word: a wide amount (371,514,655.00) printed over its cell's rule is
 * cut off whole at its nearer end, and goes with the cell holding most of it.
 */
function splitAtColumns(r: Run, xs: number[]): Run[] {
  if (r.vertical || r.rotated || r.str.length < 2) return [r];
  const n = r.str.length;
  const cw = (r.x1 - r.x0) / n;
  const inWord = (k: number) => WORD_CHAR.test(r.str[k - 1] ?? '') && WORD_CHAR.test(r.str[k] ?? '');
  const cuts = new Set<number>();
  for (const x of xs) {
    if (x <= r.x0 + 0.5 * cw || x >= r.x1 - 0.5 * cw) continue;
    let at = Math.round((x - r.x0) / cw);
    if (inWord(at)) {
      let a = at;
      let b = at;
      while (a > 0 && inWord(a)) a--;
      while (b < n && inWord(b)) b++;
      at = at - a <= b - at ? a : b;
    }
    if (at > 0 && at < n) cuts.add(at);
  }
  if (cuts.size === 0) return [r];
  const out: Run[] = [];
  let start = 0;
  let x0 = r.x0;
  for (const end of [...[...cuts].sort((p, q) => p - q), n]) {
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

  const heights = ys.slice(1).map((y, i) => y - ys[i]!).sort((a, b) => a - b);
  const usual = heights[heights.length >> 1]!;
  for (let i = 0; i < nr; i++) {
    start[i] = rows.length;
    const own = cells.filter((c) => c.r0 === i);
    // Only a grid row much taller than the table's usual one holds several printed rows; in a table
    // ruled row by row, lines inside a cell are wrapped or centred text of one row.
    const tall = nr <= 3 || ys[i + 1]! - ys[i]! >= TALL_ROW * usual;
    const split = tall && own.length > 0 && own.every((c) => c.r1 === i + 1) && !cells.some((c) => c.r0 < i && c.r1 > i) ? subRows(own, nr) : null;
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
        out.push({ r0: r, r1: r + 1, c0: c.c0, c1: c.c1, x0: xs[c.c0]!, x1: xs[c.c1]!, top: rows[r]!.top, bottom: rows[r]!.bottom, page, text: cellText(runs) });
      });
    }
  }
  start[nr] = rows.length;
  for (const c of cells) {
    if (done.has(c)) continue;
    out.push({ r0: start[c.r0]!, r1: start[c.r1]!, c0: c.c0, c1: c.c1, x0: xs[c.c0]!, x1: xs[c.c1]!, top: ys[c.r0]!, bottom: ys[c.r1]!, page, text: cellText(c.runs) });
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

/**
 * Number of leading rows that make up the header: the first row and every row a cell of the header
 * reaches down into (项目 over 类/款/项, a merged 功能分类科目名称 beside them).
 */
export function headerDepth(t: PTable): number {
  let d = 1;
  for (let grown = true; grown; ) {
    grown = false;
    for (const c of t.cells) {
      if (c.r0 < d && c.r1 > d) {
        d = c.r1;
        grown = true;
      }
    }
  }
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

/**
 * `b` continues `a` on the next page: its rows are appended, minus a repeated header. Columns are
 * matched by position in the row when both parts have as many (a page may set them a little wider),
 * else by where their boundaries fall. The first row of `b` is the rest of `a`'s last row when the
 * page broke that row (see brokenRow); an empty cell opening `b` carries on the merged cell above
 * the break (see carriesMerge), which keeps one rowSpan.
 */
export function joinTables(a: PTable, b: PTable): PTable {
  const repeated = repeatsHeader(a, b) ? headerDepth(a) : 0;
  const col = columnMap(a.colXs, b.colXs);
  const last = a.rows.length - 1;
  const cells = a.cells.map((c) => ({ ...c }));
  const covering = (c: number) => cells.find((x) => x.r0 <= last && x.r1 > last && x.c0 <= c && x.c1 > c);
  const rest = b.cells
    .filter((c) => c.r0 >= repeated)
    .map((c) => ({ ...c, c0: col(c.c0), c1: Math.max(col(c.c0) + 1, col(c.c1)) }));
  const opening = rest.filter((c) => c.r0 === repeated);
  let drop = 0;
  if (last >= 0 && brokenRow(opening, covering)) {
    for (const c of opening) {
      const above = covering(c.c0)!;
      if (c.text) above.text = joinWrapped(above.text, c.text);
    }
    drop = 1;
  }
  const shift = a.rows.length - repeated - drop;
  const moved: TCell[] = [];
  for (const c of rest) {
    if (c.r0 < repeated + drop) continue;
    const above = c.r0 === repeated ? covering(c.c0) : undefined;
    if (above && above.c0 === c.c0 && above.c1 === c.c1 && carriesMerge(c, above, opening)) {
      above.r1 = c.r1 + shift;
      continue;
    }
    moved.push({ ...c, r0: c.r0 + shift, r1: c.r1 + shift });
  }
  return {
    page: a.page,
    pageEnd: b.pageEnd,
    box: a.box,
    rows: [...a.rows, ...b.rows.slice(repeated + drop)],
    cells: [...cells, ...moved],
    colXs: a.colXs,
  };
}

/** b's column boundary index → a's: by position when the counts agree, else by nearest x. */
function columnMap(a: number[], b: number[]): (k: number) => number {
  if (a.length === b.length) return (k) => k;
  return (k) => {
    const x = b[Math.min(k, b.length - 1)]!;
    let best = 0;
    for (let j = 1; j < a.length; j++) if (Math.abs(a[j]! - x) < Math.abs(a[best]! - x)) best = j;
    return best;
  };
}

const isFigure = (t: string) => /^[-+−]?[\d,]+(?:\.\d+)?[%‰]?$/.test(t.replace(/\s+/g, ''));

/**
 * A row the page boundary broke (Word lets a row run on to the next page): the part on the next
 * page leaves the first column empty and only carries on text cells of the row above — no figure
 * of its own, no item number, nothing in a column the row above leaves empty or fills with a figure.
 */
function brokenRow(opening: TCell[], covering: (c: number) => TCell | undefined): boolean {
  const filled = opening.filter((c) => c.text.trim() !== '');
  if (filled.length === 0 || opening.some((c) => c.r1 > c.r0 + 1)) return false;
  if (opening.some((c) => c.c0 === 0 && c.text.trim() !== '')) return false;
  // A cell opening with an item number (十六、 after 十五、) starts a row of its own.
  if (filled.some((c) => MARKER.test(c.text.trim()))) return false;
  return filled.every((c) => {
    const above = covering(c.c0);
    return above !== undefined && above.c0 === c.c0 && above.text.trim() !== '' && !isFigure(above.text) && !isFigure(c.text);
  });
}

/**
 * An empty cell opening the continued part carries on the merged cell above the break, as Word
 * draws a vertical merge over a page break without printing its text again: the cell is itself
 * merged over several rows, or the cell above is and the column holds row labels, not figures.
 */
function carriesMerge(c: TCell, above: TCell, opening: TCell[]): boolean {
  if (c.text.trim() !== '' || above.text.trim() === '') return false;
  if (c.r1 - c.r0 > 1) return true;
  const firstFigure = Math.min(...opening.filter((x) => isFigure(x.text)).map((x) => x.c0));
  return above.r1 - above.r0 > 1 && c.c1 <= firstFigure;
}
