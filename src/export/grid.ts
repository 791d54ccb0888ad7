// A table record as the grid a spreadsheet shows: the printed header laid out with its merges, the
// column paths, and body rows in which a merged cell is written once (at its top-left) and the
// positions it covers are left empty, as a reader copying the table would write it.
import type { TableCell, TableRecord } from '../schema/records.ts';

export interface Merge {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface LaidOut {
  /** Text per [row][col]; null where a merge covers the position. */
  grid: Array<Array<TableCell | null>>;
  merges: Merge[];
}

/** The printed header rows (cells with rowSpan/colSpan, covered positions left out) on a full grid. */
export function layoutHeader(t: TableRecord): LaidOut {
  const width = t.columns.length;
  const grid: Array<Array<TableCell | null | undefined>> = t.headerRows.map(() => new Array(width).fill(undefined));
  const merges: Merge[] = [];
  t.headerRows.forEach((row, r) => {
    let c = 0;
    for (const cell of row) {
      if (cell.spannedFrom) continue;
      while (c < width && grid[r]![c] !== undefined) c++;
      if (c >= width) break;
      const rowSpan = Math.min(cell.rowSpan ?? 1, t.headerRows.length - r);
      const colSpan = Math.min(cell.colSpan ?? 1, width - c);
      for (let i = 0; i < rowSpan; i++) for (let j = 0; j < colSpan; j++) grid[r + i]![c + j] = i === 0 && j === 0 ? cell : null;
      if (rowSpan > 1 || colSpan > 1) merges.push({ row: r, col: c, rowSpan, colSpan });
      c += colSpan;
    }
  });
  return { grid: grid.map((row) => row.map((x) => x ?? null)), merges };
}

/** Body rows: a cell that repeats a merged one (spannedFrom) is empty; merges from rowSpan/colSpan. */
export function layoutBody(t: TableRecord): LaidOut {
  const merges: Merge[] = [];
  const grid = t.rows.map((row, r) =>
    row.map((cell, c) => {
      if (cell.spannedFrom) return null;
      if ((cell.rowSpan ?? 1) > 1 || (cell.colSpan ?? 1) > 1) merges.push({ row: r, col: c, rowSpan: Math.min(cell.rowSpan ?? 1, t.rows.length - r), colSpan: Math.min(cell.colSpan ?? 1, row.length - c) });
      return cell;
    }),
  );
  return { grid, merges };
}

/** A column's header line in a flat file: its path joined with " / " (在校生人数 / 2022年). */
export function columnHeader(t: TableRecord): string[] {
  return t.columns.map((c) => c.path.join(' / '));
}

/** Whether a cell is written as a number (a count, an amount, a rate): its value, not its text. */
export function isNumber(cell: TableCell): boolean {
  return cell.value !== null && (cell.type === 'integer' || cell.type === 'decimal' || cell.type === 'percent');
}

/** The table's name in file and sheet names: its printed number, or the rest of its id. */
export function tableName(t: TableRecord): string {
  const tail = t.id.slice(t.id.indexOf('/table/') + 7);
  return (t.number ?? tail).replace(/[\\/:*?"<>|[\]\s]+/g, '-');
}
