// The hand-checked sample of indicator records (test/keys/indicators-sample.jsonl): how a record is
// found again after a re-extraction (by where it stands, never by its id, which a relabelling would
// change) and which of its fields a reader judged.
import type { IndicatorRecord } from '../../src/schema/records.ts';

export const SAMPLE_FILE = new URL('../keys/indicators-sample.jsonl', import.meta.url);

/** The fields a reader checks against the source: what is counted, its value and unit, when, and about whom. */
export interface JudgedFields {
  indicator: string | null;
  label: string;
  value: number;
  unit: string;
  /** `2023年`, `2023届`, `2022-2023学年`, or null; `?` marks the document's year taken for an unstated period. */
  period: string | null;
  subject: string | null;
}

export interface SampleLine {
  docId: string;
  /** The record's id when it was drawn (for reading; matching goes by `where`). */
  id: string;
  source: 'text' | 'table';
  /** Characters of the number in docs/<docId>.txt, its lines, and for a table figure its cell. */
  where: { charStart: number; charEnd: number; lineStart?: number; lineEnd?: number; cell?: { tableId: string; row: number; column: number } };
  /** The sentence (or, for a table figure, row label and column path) as printed, the number in [brackets]. */
  printed: string;
  judged: JudgedFields;
  verdict: 'correct' | 'wrong' | '';
  /** For a wrong record: which field is wrong and why (wrong value, unit, period, subject, indicator key, label, or not an indicator). */
  reason: string;
}

export function judgedFields(r: IndicatorRecord): JudgedFields {
  const period = r.period ? `${r.period.text}${r.period.stated ? '' : '?'}` : null;
  return { indicator: r.indicator, label: r.label, value: r.value, unit: r.unit, period, subject: r.subject };
}

export function whereOf(r: IndicatorRecord): SampleLine['where'] {
  const p = r.provenance;
  const where: SampleLine['where'] = { charStart: p.charStart ?? -1, charEnd: p.charEnd ?? -1 };
  if (p.lineStart !== undefined) { where.lineStart = p.lineStart; where.lineEnd = p.lineEnd; }
  if (r.cell) where.cell = { tableId: r.cell.tableId, row: r.cell.row, column: r.cell.column };
  return where;
}

/** The key a record is found by: its document, kind of source, and the characters (or table cell) of its number. */
export function placeKey(docId: string, source: string, where: SampleLine['where']): string {
  return where.cell ? `${docId}|table|${where.cell.tableId}|${where.cell.row}|${where.cell.column}` : `${docId}|${source}|${where.charStart}|${where.charEnd}`;
}

export function sameJudged(a: JudgedFields, b: JudgedFields): boolean {
  return a.indicator === b.indicator && a.label === b.label && a.value === b.value && a.unit === b.unit && a.period === b.period && a.subject === b.subject;
}

/** The printed context of a record: its sentence with the number bracketed, or its table cell's row and column. */
export function printedContext(r: IndicatorRecord, text: string): string {
  if (r.cell) return `${r.cell.tableId.split('/table/')[1]} | ${r.cell.rowLabel ?? ''} | ${r.cell.columnPath.join('/')} | [${r.printed.text}]`;
  const s = r.provenance.charStart!;
  const e = r.provenance.charEnd!;
  const ends = /[。！？；]/;
  let a = s;
  while (a > 0 && s - a < 120 && !ends.test(text[a - 1]!)) a--;
  let b = e;
  while (b < text.length && b - e < 80 && !ends.test(text[b]!)) b++;
  return `${text.slice(a, s)}[${text.slice(s, e)}]${text.slice(e, Math.min(text.length, b + 1))}`.replace(/\s*\n\s*/g, '');
}
