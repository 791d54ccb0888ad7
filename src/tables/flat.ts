// Flattened text exports (Word → text, TAB cells): merges are lost, a merged cell is printed once
// and the cells it covered come out empty or not at all, and a row may arrive split in two where a
// cell ended in empty paragraphs. The column count the rows agree on is what puts it back together.
import type { RawCell, RawRow, Span } from '../blocks.ts';
import { mergeSpans } from '../records/build.ts';
import { anchorOf, type Anchor, type Grid } from './grid.ts';
import { alignSubRow } from './header.ts';
import { isLabelRow, isSequenceHeader, isSummaryLabel, rowRole } from './labels.ts';
import { isNumeric, parseValue, splitUnit } from './values.ts';

const blank = (t: string) => t.trim() === '';
const texts = (cells: RawCell[]) => cells.map((c) => c.text);

interface Line {
  cells: RawCell[];
  span: Span;
}

export function layoutFlat(rows: RawRow[]): Grid {
  let width = commonLength(rows);
  const header: Line[] = [];
  let i = 0;
  if (rows.length > 1 && isLabelRow(texts(rows[0]!.cells))) {
    let line = joinHeaderFragments(rows, 0, width);
    header.push(line.line);
    i = line.next;
    while (i < rows.length) {
      const cur = header[header.length - 1]!.cells;
      const cells = rows[i]!.cells;
      // Under a complete header, an all-empty row is the lower half of cells two rows high.
      const continuation = cells.every((c) => blank(c.text)) && cells.length === cur.length;
      const subLabels = cur.length < width && cells.length > cur.length && blank(cells[0]!.text) && isLabelRow(texts(cells));
      if (!continuation && !subLabels) break;
      line = joinHeaderFragments(rows, i, width);
      header.push(line.line);
      i = line.next;
    }
    width = Math.max(width, header[header.length - 1]!.cells.length);
  }

  const body = mendBody(rows.slice(i), width).filter((l) => l.cells.some((c) => !blank(c.text)));
  const slots: (Anchor | null)[][] = Array.from({ length: header.length + body.length }, () => new Array<Anchor | null>(width).fill(null));
  layoutHeader(header, width, slots);
  const overflow = new Map<number, Anchor[]>();
  body.forEach((line, k) => {
    const r = header.length + k;
    const extra = placeBodyRow(line.cells, r, width, slots[r]!, blank(body[k + 1]?.cells[0]?.text ?? 'x'));
    if (extra.length > 0) overflow.set(r, extra);
  });
  const grid: Grid = { width, header: header.length, slots, overflow, rowSpans: [...header, ...body].map((l) => l.span) };
  fillDown(grid);
  return grid;
}

/** The length most rows have (ties to the longer): the table's real column count. */
function commonLength(rows: RawRow[]): number {
  const counts = new Map<number, number>();
  for (const r of rows) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  let best = 0;
  let bestCount = 0;
  for (const [len, n] of counts) if (n > bestCount || (n === bestCount && len > best)) { best = len; bestCount = n; }
  return best;
}

function joinLines(rows: RawRow[], from: number, to: number): Line {
  let span = rows[from]!.span;
  const cells: RawCell[] = [];
  for (let k = from; k < to; k++) {
    cells.push(...rows[k]!.cells);
    if (k > from) span = mergeSpans(span, rows[k]!.span);
  }
  return { cells, span };
}

/** A header row split where a cell ended in empty paragraphs: its pieces start with a label. */
function joinHeaderFragments(rows: RawRow[], at: number, width: number): { line: Line; next: number } {
  let len = rows[at]!.cells.length;
  let j = at + 1;
  while (j < rows.length && len < width) {
    const cells = rows[j]!.cells;
    if (blank(cells[0]!.text) || len + cells.length > width || !isLabelRow(texts(cells))) break;
    len += cells.length;
    j++;
  }
  return { line: joinLines(rows, at, j), next: j };
}

/** Body rows: a short row and the rows after it that make it up to exactly the width are one row. */
function mendBody(rows: RawRow[], width: number): Line[] {
  const out: Line[] = [];
  for (let j = 0; j < rows.length; ) {
    let len = rows[j]!.cells.length;
    let e = j + 1;
    while (len < width && e < rows.length && len + rows[e]!.cells.length <= width && !isSummaryLabel(rows[e]!.cells[0]!.text)) {
      len += rows[e]!.cells.length;
      e++;
    }
    if (len !== width) e = j + 1;
    out.push(joinLines(rows, j, e));
    j = e;
  }
  return out;
}

/**
 * Sub-rows are aligned under their parents (see alignSubRow); what the last row still lacks of the
 * width goes to its first cell, the label over the key columns (项目 over 普通高中 | 学校数).
 */
function layoutHeader(header: Line[], width: number, slots: (Anchor | null)[][]): void {
  if (header.length === 0) return;
  let segs = header[0]!.cells.map((c) => anchorOf(c, 0, -1));
  let cont = segs.map(() => false);
  const levels: Anchor[][] = [segs];
  const parents: number[][] = [[]];
  for (let k = 1; k < header.length; k++) {
    const children = header[k]!.cells;
    const sizes = alignSubRow(cont, texts(children));
    const next: Anchor[] = [];
    const nextCont: boolean[] = [];
    const up: number[] = [];
    let ci = 0;
    sizes.forEach((size, p) => {
      if (size === 1 && blank(children[ci]!.text)) {
        segs[p]!.rowSpan++;
        next.push(segs[p]!);
        nextCont.push(true);
        up.push(p);
      } else {
        for (let s = 0; s < size; s++) {
          next.push(anchorOf(children[ci + s]!, k, -1));
          nextCont.push(false);
          up.push(p);
        }
      }
      ci += size;
    });
    segs = next;
    cont = nextCont;
    levels.push(segs);
    parents.push(up);
  }

  const extra = Math.max(0, width - segs.length);
  let c = 0;
  segs.forEach((_leaf, s) => {
    const span = s === 0 ? 1 + extra : 1;
    for (let d = 0; d < span && c < width; d++, c++) {
      let idx = s;
      for (let k = header.length - 1; k >= 0; k--) {
        slots[k]![c] = levels[k]![idx]!;
        if (k > 0) idx = parents[k]![idx]!;
      }
    }
  });
  for (let r = 0; r < header.length; r++) {
    for (let col = 0; col < width; col++) {
      const a = slots[r]![col];
      if (!a || a.row !== r) continue;
      if (a.col < 0) a.col = col;
      a.colSpan = col - a.col + 1;
    }
  }
}

/**
 * A short row is either a label over the key columns (合计, 平均值, 普职招生比 on its own) or a row
 * whose leading cells the export dropped because a merged cell above covered them; the latter sits
 * inside a group, so the row after it continues the group with an empty key cell.
 */
function placeBodyRow(cells: RawCell[], r: number, width: number, row: (Anchor | null)[], nextContinues: boolean): Anchor[] {
  if (cells.length >= width) {
    cells.slice(0, width).forEach((cell, c) => { row[c] = anchorOf(cell, r, c); });
    return cells.slice(width).map((cell, k) => anchorOf(cell, r, width + k));
  }
  const missing = width - cells.length;
  const first = cells[0]!.text;
  const leads = !blank(first) && (isSummaryLabel(first) || (!isNumeric(parseValue(first).type) && !nextContinues));
  if (leads) {
    const a = anchorOf(cells[0]!, r, 0, 1, missing + 1);
    for (let c = 0; c <= missing; c++) row[c] = a;
    cells.slice(1).forEach((cell, k) => { row[missing + 1 + k] = anchorOf(cell, r, missing + 1 + k); });
  } else {
    cells.forEach((cell, k) => { row[missing + k] = anchorOf(cell, r, missing + k); });
  }
  return [];
}

/**
 * Key columns (the leading label columns, never the last) repeat the cell above where they are
 * empty: the school name merged down over its rows. A column continues only while every label
 * column left of it does, so a new school starts a new group in every column right of it; the
 * running number goes with the first label column.
 */
function fillDown(grid: Grid): void {
  const { slots, header, width } = grid;
  const rows = slots.length;
  if (header === 0 || rows - header < 2) return;
  const seq = isSequenceHeader(splitUnit(slots[0]![0]?.text ?? '').text);
  const keys: number[] = [];
  for (let c = 0; c < width - 1; c++) {
    let isKey = c === 0 && seq;
    if (!isKey) {
      isKey = true;
      for (let r = header; r < rows && isKey; r++) {
        const a = slots[r]![c];
        if (a && a.row === r && a.col === c && !isSummaryLabel(a.text) && isNumeric(parseValue(a.text).type)) isKey = false;
      }
    }
    if (!isKey) break;
    keys.push(c);
  }
  if (keys.length === 0) return;

  const sums = slots.map((row, r) => row.some((a) => a !== null && a.row === r && isSummaryLabel(a.text)));
  const summary = (r: number) => sums[r]!;
  const empty = (a: Anchor | null, r: number) => a === null || (a.row === r && a.colSpan === 1 && blank(a.text));
  const source = (r: number, c: number): Anchor | null => {
    const above = slots[r - 1]![c];
    if (!above || above.row < header || above.colSpan !== 1 || blank(above.text) || rowRole(above.text) !== 'body' || summary(above.row)) return null;
    return above;
  };
  const extend = (a: Anchor, r: number, c: number) => {
    a.rowSpan = r - a.row + 1;
    slots[r]![c] = a;
  };

  for (let r = header + 1; r < rows; r++) {
    if (summary(r)) continue;
    let open = true;
    let firstLabel: boolean | null = null;
    for (const c of keys) {
      if (seq && c === 0) continue;
      const above = open && empty(slots[r]![c] ?? null, r) ? source(r, c) : null;
      if (above) extend(above, r, c);
      else open = false;
      firstLabel ??= above !== null;
    }
    if (seq && empty(slots[r]![0] ?? null, r) && (firstLabel ?? true)) {
      const above = source(r, 0);
      if (above) extend(above, r, 0);
    }
  }
}
