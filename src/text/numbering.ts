// Recognizes the numbering a Chinese report prints in front of a heading (第一章, 一、, （一）, 1.,
// 1.1, （1）, ①, 附件2) and reads its value. Whether the line really is a heading is decided later.
import { foldForMatch } from './normalize.ts';

export type NumberStyle =
  | 'chapter' // 第一章
  | 'part' // 第一部分 / 第一篇
  | 'jie' // 第一节
  | 'cn' // 一、
  | 'cn-paren' // （一）
  | 'dec' // 1. 1、 1.1 1.1.1
  | 'num-paren' // （1）
  | 'num-rparen' // 1） 1)
  | 'circled' // ①
  | 'appendix'; // 附件 / 附件1 / 附录

export interface HeadingNumber {
  style: NumberStyle;
  /** Components of a dotted decimal (1.2.3 → 3); 1 for every other style. */
  depth: number;
  /** Style and depth together: the unit whose nesting level a document fixes ("dec2", "cn-paren"). */
  key: string;
  /** The number as printed, trimmed ("1.1", "一、", "（一）", "第一章", "附件1"). */
  printed: string;
  /** Numeric value of each component; an appendix container without a number has [0]. */
  ordinals: number[];
  /** Offset in the input where the text after the number starts. */
  restStart: number;
  rest: string;
}

const CN_DIGITS: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一 → 1, 十一 → 11, 二十 → 20, 一百零五 → 105; ASCII digits pass through. */
export function chineseToInt(s: string): number | null {
  if (/^\d+$/.test(s)) return Number(s);
  let total = 0;
  let current = 0;
  for (const ch of s) {
    if (ch in CN_DIGITS) current = CN_DIGITS[ch]!;
    else if (ch === '十') { total += (current || 1) * 10; current = 0; }
    else if (ch === '百') { total += (current || 1) * 100; current = 0; }
    else return null;
  }
  return total + current;
}

const CN = '一二三四五六七八九十百零〇两';
const CIRCLED_FIRST = 0x2460; // ①
const CIRCLED_LAST = 0x2473; // ⑳

// Text that may follow a number in a heading: a Han character, a letter, or an opening mark.
const TITLE_START = /^[\p{Script=Han}A-Za-z“"《（(【「‘]/u;
// After a chapter-level number (not a list-like 1. （1） ①, whose dated items are figure panels and
// list entries), a title may open with a year: a date or a date range ("（二）2020年3月至2022年6月，推广应用阶段").
const DATED_TITLE_START = /^(?:19|20)\d{2}\s*(?:年|[-－—–~至])/;
const DATED_TITLE_STYLES = new Set<NumberStyle>(['chapter', 'part', 'jie', 'cn', 'cn-paren']);

function titleStarts(rest: string, style: NumberStyle, depth: number): boolean {
  if (TITLE_START.test(rest)) return true;
  return (DATED_TITLE_STYLES.has(style) || (style === 'dec' && depth > 1)) && DATED_TITLE_START.test(rest);
}

/**
 * What may follow a dotted decimal that makes it a quantity or a clause reference, not a heading
 * number: a particle or ratio mark never opens a title ("2.2的有关要求", "1.5倍"), nor does a unit
 * that only measures (元, 吨, 亩, 岁, 届); 万/亿 straight after the digits is a magnitude ("1.5万名学生",
 * "3.5亿元"), and after a space still one when the line goes on as a sentence. Measure words that
 * also open nouns (人才, 名师, 项目, 年度) are left to the heading rules.
 */
const PARTICLE_AFTER_NUMBER = /^[的之了倍%％‰元吨亩岁届]/;
const MAGNITUDE_AFTER_NUMBER = /^[万亿]/;
const SENTENCE_PUNCT = /[，,。；;]/;

function isQuantity(rest: string, spaced: boolean): boolean {
  if (PARTICLE_AFTER_NUMBER.test(rest)) return true;
  return MAGNITUDE_AFTER_NUMBER.test(rest) && (!spaced || SENTENCE_PUNCT.test(rest));
}

/** "一、二年级…", "三、四月份…": two numerals enumerated before a measure word, not a heading. */
const ENUMERATED_NUMERALS = new RegExp(`^[${'一二三四五六七八九十'}]+\\s*(?:年级|月份?|季度|等奖|号)`);

interface Pattern {
  style: NumberStyle;
  re: RegExp;
}

const PATTERNS: Pattern[] = [
  { style: 'chapter', re: new RegExp(`^第\\s*([${CN}\\d]{1,4})\\s*章[、：:.]?\\s*`) },
  { style: 'part', re: new RegExp(`^第\\s*([${CN}\\d]{1,4})\\s*(?:部分|篇)[、：:.]?\\s*`) },
  { style: 'jie', re: new RegExp(`^第\\s*([${CN}\\d]{1,4})\\s*节[、：:.]?\\s*`) },
  { style: 'cn', re: new RegExp(`^([${CN}]{1,3})\\s*[、.]\\s*`) },
  { style: 'cn-paren', re: new RegExp(`^[（(]\\s*([${CN}]{1,3})\\s*[）)]\\s*[、.]?\\s*`) },
  { style: 'num-paren', re: /^[（(]\s*(\d{1,2})\s*[）)]\s*[、.]?\s*/ },
  { style: 'num-rparen', re: /^(\d{1,2})\s*[）)]\s*/ },
  { style: 'appendix', re: new RegExp(`^附\\s*(?:件|录)\\s*(\\d{1,2}|[${CN}]{1,3}|[A-Z])?\\s*[：:、.]?\\s*`) },
];

// Every numbering pattern looks at the start of a line only; folding is one character for one, so
// folding a prefix gives the same offsets as folding the whole (long) paragraph.
const PREFIX = 64;

export function parseHeadingNumber(input: string): HeadingNumber | null {
  const folded = foldForMatch(input.slice(0, PREFIX));
  const lead = folded.length - folded.trimStart().length;
  const s = folded.slice(lead);

  for (const { style, re } of PATTERNS) {
    const m = re.exec(s);
    if (!m) continue;
    const value = m[1] === undefined ? 0 : /^[A-Z]$/.test(m[1]) ? m[1].charCodeAt(0) - 64 : chineseToInt(m[1]);
    if (value === null) continue;
    const restStart = lead + m[0].length;
    const rest = input.slice(restStart).trim();
    const foldedRest = foldForMatch(rest.slice(0, 16));
    if (style !== 'appendix' && rest && !titleStarts(foldedRest, style, 1)) continue;
    if (style === 'cn' && ENUMERATED_NUMERALS.test(foldedRest)) return null;
    return make(style, 1, input.slice(lead, lead + m[0].length).trim(), [value], restStart, rest);
  }

  const c = s.codePointAt(0) ?? 0;
  if (c >= CIRCLED_FIRST && c <= CIRCLED_LAST) {
    const restStart = lead + 1;
    return make('circled', 1, s[0]!, [c - CIRCLED_FIRST + 1], restStart, input.slice(restStart).trim());
  }

  // Dotted decimals: "1." "1、" "1 " need a separator; "1.1" may run straight into the title.
  const d = /^(\d{1,2}(?:\.\d{1,2}){0,4})(\s*[.、](?!\d))?(\s*)/.exec(s);
  if (d) {
    const parts = d[1]!.split('.').map(Number);
    const hasSep = Boolean(d[2]) || d[3]!.length > 0;
    if (parts.length === 1 && !hasSep) return null;
    const restStart = lead + d[0].length;
    const rest = input.slice(restStart).trim();
    const foldedRest = foldForMatch(rest);
    if (!titleStarts(foldedRest, 'dec', parts.length)) return null;
    if (parts.length > 1 && isQuantity(foldedRest, hasSep)) return null;
    const printed = input.slice(lead, lead + d[1]!.length + (d[2] ?? '').length).trim();
    return make('dec', parts.length, printed, parts, restStart, rest);
  }
  return null;
}

/**
 * A bare number run straight into its title ("3实施成效：…"), as typed where the author forgot the
 * dot. Never a heading by itself (it is how quantities are written: "3所学校"); segmentation accepts
 * it only between siblings that have the dot (see typedWithoutDot in segment/).
 */
export function parseBareNumber(input: string): HeadingNumber | null {
  const folded = foldForMatch(input.slice(0, PREFIX));
  const lead = folded.length - folded.trimStart().length;
  const m = /^(\d{1,2})(?=\p{Script=Han})/u.exec(folded.slice(lead));
  if (!m) return null;
  const restStart = lead + m[1]!.length;
  return make('dec', 1, input.slice(lead, restStart), [Number(m[1])], restStart, input.slice(restStart).trim());
}

function make(style: NumberStyle, depth: number, printed: string, ordinals: number[], restStart: number, rest: string): HeadingNumber {
  return { style, depth, key: style === 'dec' ? `dec${depth}` : style, printed, ordinals, restStart, rest };
}

/** The number as an id component: "1.1" stays, "一、" → "一", "（一）" → "(一)", "第一章" stays. */
export function numberKey(n: HeadingNumber): string {
  const folded = foldForMatch(n.printed).replace(/\s+/g, '');
  switch (n.style) {
    case 'cn':
    case 'dec':
      return folded.replace(/[、.]+$/, '');
    case 'cn-paren':
    case 'num-paren':
      return folded.replace(/[（(]/, '(').replace(/[）)].*$/, ')');
    case 'num-rparen':
      return folded.replace(/[）)].*$/, ')');
    case 'appendix':
      return folded.replace(/[：:、.]+$/, '');
    default:
      return folded.replace(/[、：:.]+$/, '');
  }
}
