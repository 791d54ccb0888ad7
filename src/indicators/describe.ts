// How an indicator record is named to a reader: 在校生数 · 柳州市 · 2023, and its value 41 000 人.
import type { IndicatorRecord } from '../schema/records.ts';
import { INDICATORS } from './vocabulary.ts';

/** `name · subject · period`: the vocabulary's name (or the printed label), the body, the period as printed. */
export function indicatorTitle(r: IndicatorRecord): string {
  const name = (r.indicator && INDICATORS.get(r.indicator)?.name) || r.label;
  const qualified = r.qualifier.length ? `${name}（${r.qualifier.join('，')}）` : name;
  const period = r.period ? (r.period.kind === 'year' ? String(r.period.year) : r.period.text) : null;
  return [qualified, r.subject, period].filter(Boolean).join(' · ');
}

/** 41000 → "41 000", 1277525100.5 → "1 277 525 100.5". */
export function formatNumber(value: number): string {
  const [int, frac] = String(value).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return frac ? `${grouped}.${frac}` : grouped;
}

/** A value as a reader writes it: thousands grouped by a thin space (41 000), the unit after it. */
export function formatValue(value: number, unit: string): string {
  const num = formatNumber(value);
  if (unit === 'ratio') return `${num}:1`;
  return unit === '%' || unit === '‰' ? `${num}${unit}` : `${num} ${unit}`;
}
