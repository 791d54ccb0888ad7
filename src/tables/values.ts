// Cell typing: what a printed cell says as a number, and the units a label names in brackets.
// Every pattern is anchored and free of nested quantifiers: cells come in the tens of thousands.
import type { TableCell } from '../schema/records.ts';
import { foldForMatch } from '../text/normalize.ts';

export type CellType = TableCell['type'];

export interface CellValue {
  type: CellType;
  value: number | null;
  /** A unit printed in the cell itself (12.5%, 5600人). */
  unit?: string;
  direction?: 'up' | 'down';
  ratio?: [number, number];
  /** Digits printed after the decimal point: the rounding the totals check allows for. */
  decimals?: number;
}

// Measure words and currency a report prints after a count; a magnitude (万, 亿) may come first.
const BASE = '人次|人天|人日|人|个|项|所|元|册|平方米|㎡|m²|亩|分|门|本|家|名|次|天|小时|学时|课时|台|套|件|篇|部|间|座|岁|周|条|种|期|批|位|场|户|吨|公里|千米|米';
const PER = '人次|人|生|个|项|所|元|年|月|天|日|小时|学时|平方米|册|班';
const UNIT_RE = new RegExp(`^(?:[万亿千百]?(?:${BASE})(?:/[万亿千百]?(?:${PER}))?|万|亿|%|‰)$`);

const NA = /^(?:[-—–－―_~]+|\/|\\|无|暂无|N\/?A|n\/?a)$/;
const RATIO = /^(\d+(?:\.\d+)?)[:：∶](\d+(?:\.\d+)?)$/;
const NUMBER = /^([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?$/;
const ARROW_UP = /[↑▲⬆]/;
const ARROW_DOWN = /[↓▼⬇]/;
const ARROWS = /[↑▲⬆↓▼⬇]/g;
const TRAILING_UNIT = /^(.*?\d)\s*([^\d\s.,:：∶]{1,6})$/;

/** Whether `s` (folded, no spaces) is a unit such as 人, 万元, 元/生, %. */
export function isUnit(s: string): boolean {
  return UNIT_RE.test(s);
}

const HAS_DIGIT = /[0-9\uff10-\uff19]/;
const NON_ASCII = /[^\x00-\x7f]/;
const SPACES = /\s+/g;
const cache = new Map<string, CellValue>();

/** The value a printed cell holds. The result is shared between equal texts: do not modify it. */
export function parseValue(printed: string): CellValue {
  let v = cache.get(printed);
  if (v) return v;
  v = printed.length <= 40 && HAS_DIGIT.test(printed) ? parseNumber(printed) : parseWords(printed);
  // Tables repeat the same few texts (0, ——, 2023年, school names); a document's worth is plenty.
  if (cache.size > 20_000) cache.clear();
  cache.set(printed, v);
  return v;
}

function parseWords(printed: string): CellValue {
  const t = printed.trim();
  if (t === '') return { type: 'empty', value: null };
  return t.length <= 8 && NA.test(foldForMatch(t).replace(/\s+/g, '')) ? { type: 'na', value: null } : { type: 'text', value: null };
}

function parseNumber(printed: string): CellValue {
  const t = (NON_ASCII.test(printed) ? foldForMatch(printed) : printed).replace(SPACES, '');
  if (t === '') return { type: 'empty', value: null };
  if (NA.test(t)) return { type: 'na', value: null };

  let body = t;
  let direction: 'up' | 'down' | undefined;
  if (ARROW_UP.test(body) !== ARROW_DOWN.test(body)) {
    direction = ARROW_UP.test(body) ? 'up' : 'down';
    body = body.replace(ARROWS, '');
  }

  const ratio = RATIO.exec(body);
  if (ratio) {
    const a = Number(ratio[1]);
    const out: CellValue = { type: 'ratio', value: a, ratio: [a, Number(ratio[2])], decimals: decimalsOf(ratio[1]!) };
    if (direction) out.direction = direction;
    return out;
  }

  let unit: string | undefined;
  const suffixed = TRAILING_UNIT.exec(body);
  if (suffixed && isUnit(suffixed[2]!)) {
    body = suffixed[1]!;
    unit = suffixed[2]!;
  }
  const num = NUMBER.exec(body);
  if (!num) return { type: 'text', value: null };
  const frac = num[3];
  const value = Number(`${num[1]}${num[2]!.replace(/,/g, '')}${frac ? `.${frac}` : ''}`);
  const out: CellValue = { type: unit === '%' || unit === '‰' ? 'percent' : frac ? 'decimal' : 'integer', value, decimals: frac ? frac.length : 0 };
  if (unit) out.unit = unit;
  if (direction) out.direction = direction;
  return out;
}

function decimalsOf(s: string): number {
  const dot = s.indexOf('.');
  return dot < 0 ? 0 : s.length - dot - 1;
}

export function isNumeric(type: CellType): boolean {
  return type === 'integer' || type === 'decimal' || type === 'percent' || type === 'ratio';
}

/**
 * A header or row label split into its text and the unit it names in brackets at the end:
 * "在校生\n满意度\n（%）" → 在校生满意度 / %, "表…（单位：个）" → … / 个. Brackets that are not a
 * unit ("2022年（不含技工）") stay in the text. Lines are joined without a newline.
 */
export function splitUnit(label: string): { text: string; unit: string | null } {
  const joined = joinLines(label);
  const m = /^(.*?)\s*[（(]\s*(?:单位\s*[:：]\s*)?([^（）()]{1,12}?)\s*[）)]$/.exec(joined);
  if (m) {
    const unit = foldForMatch(m[2]!).replace(/\s+/g, '');
    if (isUnit(unit)) return { text: m[1]!.trim(), unit };
  }
  return { text: joined, unit: null };
}

/** Cell paragraphs as one line: no newline, a space only between two Latin words. */
export function joinLines(s: string): string {
  const parts = s.split('\n').map((p) => p.trim()).filter((p) => p.length > 0);
  let out = '';
  for (const p of parts) out = out && /[A-Za-z0-9]$/.test(out) && /^[A-Za-z0-9]/.test(p) ? `${out} ${p}` : out + p;
  return out;
}
