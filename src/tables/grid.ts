// The rectangular grid every table is brought to, whatever the source: each slot points at the
// cell that covers it, so a merged cell is one anchor seen from several slots.
import type { RawCell, RawRow, Span } from '../blocks.ts';
import { headerRowsKnown } from './header.ts';

export interface Anchor {
  /** As printed; paragraphs inside the cell separated by \n. */
  text: string;
  span: Span | null;
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
}

export interface Grid {
  width: number;
  /** The first `header` rows are the header. */
  header: number;
  /** slots[row][col]: the covering cell, or null where nothing was printed. */
  slots: (Anchor | null)[][];
  /** Cells past the width the header allows, by row. */
  overflow: Map<number, Anchor[]>;
  /** Where each grid row was printed. */
  rowSpans: Span[];
}

export function anchorOf(cell: RawCell, row: number, col: number, rowSpan = 1, colSpan = 1): Anchor {
  return { text: cell.text, span: cell.span, row, col, rowSpan, colSpan };
}

export function put(slots: (Anchor | null)[][], a: Anchor): void {
  for (let r = a.row; r < a.row + a.rowSpan; r++) for (let c = a.col; c < a.col + a.colSpan; c++) slots[r]![c] = a;
}

/** DOCX / ruled PDF: merges are given. Cells a merge covers are absent from their rows, as in HTML. */
export function layoutKnown(rows: RawRow[]): Grid {
  const slots: (Anchor | null)[][] = rows.map(() => []);
  const taken: boolean[][] = rows.map(() => []);
  for (let r = 0; r < rows.length; r++) {
    let c = 0;
    for (const cell of rows[r]!.cells) {
      while (taken[r]![c]) c++;
      const rowSpan = Math.max(1, Math.min(cell.rowSpan ?? 1, rows.length - r));
      const colSpan = Math.max(1, cell.colSpan ?? 1);
      const a = anchorOf(cell, r, c, rowSpan, colSpan);
      for (let dr = 0; dr < rowSpan; dr++) for (let dc = 0; dc < colSpan; dc++) { taken[r + dr]![c + dc] = true; slots[r + dr]![c + dc] = a; }
      c += colSpan;
    }
  }
  let width = Math.max(0, ...slots.map((s) => s.length));
  const header = headerRowsKnown(slots, width);
  if (header > 0) width = Math.max(...slots.slice(0, header).map((s) => s.length));
  const overflow = new Map<number, Anchor[]>();
  for (let r = 0; r < slots.length; r++) {
    const row = slots[r]!;
    const extra = row.slice(width).filter((a, i, all): a is Anchor => a !== null && a !== undefined && a.row === r && all.indexOf(a) === i);
    if (extra.length > 0) overflow.set(r, extra);
    row.length = width;
    for (let c = 0; c < width; c++) row[c] ??= null;
  }
  // An anchor straddling the header's right edge is cut to it.
  for (const row of slots) for (const a of row) if (a && a.col + a.colSpan > width) a.colSpan = width - a.col;
  return { width, header, slots, overflow, rowSpans: rows.map((r) => r.span) };
}
