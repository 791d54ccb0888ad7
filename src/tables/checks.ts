// Consistency checks a reader would make by hand; each finding becomes a warning record.
import type { Span } from '../blocks.ts';
import type { TableCell, TableColumn } from '../schema/records.ts';
import type { Grid } from './grid.ts';
import { isAdditiveColumn, isSequenceHeader, rowRole, type RowRole } from './labels.ts';
import { isNumeric, parseValue } from './values.ts';

export interface Finding {
  code: string;
  message: string;
  span: Span;
}

/** A row's role comes from its first label: 合计 in the first column or after an empty 序号. */
export function roleOf(row: TableCell[]): { role: RowRole; label: string } {
  for (const cell of row) {
    if (cell.type === 'empty') continue;
    if (isNumeric(cell.type)) return { role: 'body', label: '' };
    return { role: rowRole(cell.text), label: cell.text.replace(/\s+/g, '') };
  }
  return { role: 'body', label: '' };
}

/**
 * A 合计/总计 row against the sum of the rows since the previous total. Rates, averages, ratios and
 * percentages are not sums and are skipped. Integers must add up exactly; printed decimals may be
 * off by the rounding of every addend and of the total (half a unit in the last place each).
 */
export function checkTotals(grid: Grid, columns: TableColumn[], rows: TableCell[][], name: string): Finding[] {
  const out: Finding[] = [];
  let from = 0;
  rows.forEach((row, t) => {
    const { role, label } = roleOf(row);
    if (role !== 'total') return;
    const addends = topLevel(rows.slice(from, t).filter((r) => roleOf(r).role === 'body'));
    from = t + 1;
    row.forEach((total, c) => {
      const column = columns[c];
      if (!column || total.spannedFrom || (total.type !== 'integer' && total.type !== 'decimal') || column.unit === '%') return;
      if (!isAdditiveColumn(column.path) || isSequenceHeader(column.path[0] ?? '')) return;
      let sum = 0;
      let n = 0;
      let decimals = parseValue(total.text).decimals ?? 0;
      for (const r of addends) {
        const cell = r[c];
        if (!cell || cell.spannedFrom || cell.type === 'empty' || cell.type === 'na') continue;
        if (cell.type !== 'integer' && cell.type !== 'decimal') return;
        sum += cell.value!;
        n++;
        decimals = Math.max(decimals, parseValue(cell.text).decimals ?? 0);
      }
      if (n < 2) return;
      const tolerance = decimals === 0 ? 1e-9 : ((n + 1) / 2) * 10 ** -decimals + 1e-9;
      if (Math.abs(sum - total.value!) <= tolerance) return;
      const anchor = grid.slots[grid.header + t]![c];
      out.push({
        code: 'TOTAL_MISMATCH',
        message: `${name}: the ${label} row prints ${total.text.trim()} under ${column.path.join('/')}, but the ${n} rows above add up to ${Number(sum.toFixed(decimals))}`,
        span: anchor?.span ?? grid.rowSpans[grid.header + t]!,
      });
    });
  });
  return out;
}

/** A classification code: 208, 20805, 2080501 (功能分类/经济分类科目编码), or its 类/款/项 parts. */
const CODE = /^\d{2,}$/;

/** The classification code a row opens with, its 类/款/项 cells read together; '' when it has none. */
function codeOf(row: TableCell[]): string {
  let code = '';
  for (const cell of row) {
    const t = cell.text.replace(/\s+/g, '');
    if (t === '') continue;
    if (!CODE.test(t)) break;
    code += t;
  }
  return code;
}

/**
 * Rows under classification codes nest: 208 is the sum of 20805, which is the sum of 2080501 …, so a
 * total adds up the rows whose code extends no other row's code. Rows without codes all count.
 */
function topLevel(rows: TableCell[][]): TableCell[][] {
  const codes = rows.map(codeOf);
  const coded = codes.filter((c) => c !== '');
  // Running numbers (序号 9, 10, 11 …) are no codes.
  if (coded.length < 2 || coded.every((c, i) => i === 0 || Number(c) === Number(coded[i - 1]) + 1)) return rows;
  return rows.filter((_, k) => codes[k] === '' || !coded.some((c) => c.length < codes[k]!.length && codes[k]!.startsWith(c)));
}

export function checkRowLength(grid: Grid, name: string): Finding[] {
  const out: Finding[] = [];
  for (const [r, extra] of grid.overflow) {
    out.push({
      code: 'TABLE_ROW_TOO_LONG',
      message: `${name}: row ${r - grid.header + 1} has ${grid.width + extra.length} cells, the header allows ${grid.width}; the extra cells are kept at the end of the row`,
      span: extra[0]!.span ?? grid.rowSpans[r]!,
    });
  }
  return out;
}

/**
 * Table numbers count up within a chapter (1-1, 1-2, …) and restart at 1 in the next (2-1).
 * A number without a running part ("2.4", named after its section) has no sequence to break; the
 * same number again is a table continued over a page and is not an error. The first table may
 * start anywhere: the ones before it may be images.
 */
export function checkSequence(tables: { number: string; span: Span }[]): Finding[] {
  const out: Finding[] = [];
  let prev: { prefix: number[] | null; prefixText: string; index: number } | null = null;
  for (const t of tables) {
    const m = /^(.*?)(?:[-—–])(\d+)$/.exec(t.number) ?? (/^\d+$/.test(t.number) ? ['', '', t.number] : null);
    if (!m) continue;
    const prefixText = m[1]!;
    const index = Number(m[2]);
    const prefix = /^\d+(?:\.\d+)*$/.test(prefixText) ? prefixText.split('.').map(Number) : prefixText === '' ? [] : null;
    let ok = true;
    let expected = '';
    if (prev && prev.prefixText === prefixText) {
      ok = index === prev.index + 1 || index === prev.index;
      expected = `${prefixText}${prefixText ? '-' : ''}${prev.index + 1}`;
    } else if (prev) {
      const forward = !prev.prefix || !prefix || compare(prefix, prev.prefix) > 0;
      ok = index === 1 && forward;
      expected = forward ? `${prefixText}${prefixText ? '-' : ''}1` : `a number after ${prev.prefixText}`;
    }
    if (!ok) out.push({ code: 'TABLE_NUMBER_SEQUENCE', message: `table 表${t.number} is out of sequence: expected 表${expected}`, span: t.span });
    prev = { prefix, prefixText, index };
  }
  return out;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}
