// Grid → the cells of a table record: typed values, units, merges as printed in the header, and
// body rows that each read on their own (a merged cell repeated, marked spannedFrom).
import type { TableCell, TableColumn } from '../schema/records.ts';
import type { Anchor, Grid } from './grid.ts';
import { ownCells } from './header.ts';
import { isSequenceHeader } from './labels.ts';
import { isNumeric, parseValue, splitUnit } from './values.ts';

export interface TableCells {
  headerRows: TableCell[][];
  rows: TableCell[][];
}

export function typedCell(text: string, unit: string | null): TableCell {
  const v = parseValue(text);
  const cell: TableCell = { text, value: v.value, type: v.type };
  if (isNumeric(v.type)) {
    cell.unit = v.unit ?? unit;
    // The number stays as printed; a % in the header makes it a percentage all the same.
    if (cell.unit === '%' && (v.type === 'integer' || v.type === 'decimal')) cell.type = 'percent';
  }
  if (v.direction) cell.direction = v.direction;
  if (v.ratio) cell.ratio = [v.ratio[0], v.ratio[1]];
  return cell;
}

export function tableCells(grid: Grid, columns: TableColumn[], tableUnit: string | null): TableCells {
  const headerRows: TableCell[][] = [];
  for (let r = 0; r < grid.header; r++) headerRows.push(ownCells(grid.slots, r).map((a) => withSpans(typedCell(a.text, null), a)));

  const rows: TableCell[][] = [];
  for (let r = grid.header; r < grid.slots.length; r++) {
    const slots = grid.slots[r]!;
    const rowUnit = rowLabelUnit(slots);
    const cells = slots.map((a, c) => {
      if (!a) return typedCell('', null);
      const column = columns[c];
      // A running number counts rows; the table's unit is not its.
      const unit = column && isSequenceHeader(column.path[0] ?? '') ? column.unit : (column?.unit ?? rowUnit ?? tableUnit);
      const cell = typedCell(a.text, unit);
      if (a.row === r && a.col === c) return withSpans(cell, a);
      cell.spannedFrom = [Math.max(0, a.row - grid.header), a.col];
      return cell;
    });
    for (const a of grid.overflow.get(r) ?? []) cells.push(typedCell(a.text, tableUnit));
    rows.push(cells);
  }
  return { headerRows, rows };
}

function withSpans(cell: TableCell, a: Anchor): TableCell {
  if (a.rowSpan > 1) cell.rowSpan = a.rowSpan;
  if (a.colSpan > 1) cell.colSpan = a.colSpan;
  return cell;
}

/** A row label may name the unit of its row: 毕业学生数（人） | 8128 | 10888. */
function rowLabelUnit(slots: (Anchor | null)[]): string | null {
  for (const [c, a] of slots.entries()) {
    if (!a || a.text.trim() === '') continue;
    // Past a running number in the first column, the first figure ends the labels.
    if (isNumeric(parseValue(a.text).type)) {
      if (c === 0) continue;
      return null;
    }
    if (!/[）)]\s*$/.test(a.text)) continue;
    const { unit } = splitUnit(a.text);
    if (unit) return unit;
  }
  return null;
}
