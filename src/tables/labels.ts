// What a label says about its row or column: totals, averages, running numbers.
import { foldForMatch } from '../text/normalize.ts';
import { isNumeric, parseValue } from './values.ts';

export type RowRole = 'total' | 'subtotal' | 'average' | 'body';

const squeeze = (s: string) => foldForMatch(s).replace(/\s+/g, '');

const TOTAL = /^(?:合计|总计|总和|共计|总数|全市合计|全市总计|全县合计|全区合计)$/;
// 小计 alone, or a group's own total: 机械工程学院汇总, 本科生小计, 男生合计.
const SUBTOTAL = /^(?:小计|.{1,14}(?:小计|汇总|合计|总计))$/;
const AVERAGE = /^(?:平均|平均值|均值|平均数|全市平均|平均水平)$/;
const SEQUENCE = /^(?:序号|编号|序|No\.?|NO\.?)$/;
// Columns whose figures are rates or averages, never a sum of the rows above.
const NOT_ADDITIVE = /率|比|均|平均|占比|百分|排名|名次|序号|编号|年份|分数|得分|系数|指数/;

export function rowRole(label: string): RowRole {
  // Every summary label is short; most cells are not, and need no folding to tell.
  if (label.length > 16) return 'body';
  const s = squeeze(label);
  if (TOTAL.test(s)) return 'total';
  if (SUBTOTAL.test(s)) return 'subtotal';
  if (AVERAGE.test(s)) return 'average';
  return 'body';
}

/** 合计, 总计, 小计, 平均值: labels that may span the key columns of a short row. */
export function isSummaryLabel(label: string): boolean {
  return rowRole(label) !== 'body';
}

export function isSequenceHeader(label: string): boolean {
  return SEQUENCE.test(squeeze(label));
}

export function isAdditiveColumn(path: string[]): boolean {
  return !path.some((p) => NOT_ADDITIVE.test(p));
}

// A year as a column heading: 2023, 2023年, 2022E (estimate), 2021A (actual), 2024F, 2023Q1.
const YEAR_HEADING = /^(?:19|20)\d{2}(?:年度?|[AEFP]|Q[1-4]|H[12])?$/i;

/**
 * A row that names things rather than measures them: every filled cell is text, or a year heading
 * (a row made only of years is a header over year columns, never data).
 */
export function isLabelRow(texts: string[]): boolean {
  let filled = 0;
  let years = 0;
  let numbers = 0;
  for (const t of texts) {
    const s = squeeze(t);
    if (s === '') continue;
    filled++;
    if (YEAR_HEADING.test(s)) years++;
    else if (isNumeric(parseValue(t).type)) numbers++;
  }
  return filled > 0 && numbers === 0 && (years === 0 || years >= 2);
}
