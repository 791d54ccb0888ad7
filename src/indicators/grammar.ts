// The number-and-unit grammar of the reports' prose, written so it can be read and tested:
//
//   quantity  := number approx? magnitude? approx? unit
//   number    := digits ("," digits{3})* ("." digits)?          91225 · 1,302.62 · 0.8
//   approx    := 余 | 多                                          1.5万余项 · 80余名
//   magnitude := 万 | 亿 | 千万 | 百万 | 千                         4.2万人 → 42 000 人
//   unit      := 个百分点 | 人次 | 平方米 | 台套 | 元/生 | 人 | 名 | 所 | 个 | 项 | % | ‰ | …
//   ratio     := number (":" | "：" | "∶") number                  17.5:1, 2.34:1
//   period    := 2023年 | 2023年末 | 2023年底 | 2023年度 | 2023届 | 2022-2023学年
//   change    := (较|比)(上一?年|去年|…)? 分别? (增加|增长|提高|…|减少|下降|…) 了? quantity
//
// Units are normalized to a base unit and the value scaled (万人 → 人 × 10 000, 亿元 → 元 × 10⁸,
// 万平方米 → 平方米), the printed number and unit kept beside them. The scale is applied on the
// decimal digits, never by floating-point multiplication, so 127752.51万元 is 1277525100 元 exactly.
import { BoundedMemo } from './memo.ts';
import type { UnitFamily } from './vocabulary.ts';

/** Measure words and units, longest first so 人次 is not read as 人. */
const UNITS = ['个百分点', '百分点', '平方公里', '平方米', '人次', '人日', '人天', '台套', '学时', '课时', '小时', '元/生', '元/人', '元/年', '㎡', 'm²', '%', '％', '‰', '人', '名', '位', '所', '个', '项', '家', '门', '本', '册', '部', '套', '台', '件', '种', '篇', '支', '场', '间', '座', '元', '亩'];
const MAGNITUDES: Record<string, number> = { 万: 4, 亿: 8, 千万: 7, 百万: 6, 千: 3 };

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
// A measure word that begins a longer word is that word, not a unit: 270万项目建设资金 (项目),
// 300人员 (人员), 名单, 部门, 本科, 场地, 家长, 所有, 台阶, 支持, 位于. The lookahead after the unit
// leaves those out; each pair is a word of the reports, so a real unit is never cut.
const NOT_A_UNIT = '(?<!项(?=目))(?<!人(?=员|才|民|口|群|物|格|类|生观))(?<!名(?=单|称|额|录|誉|义|师|校|牌|匠))(?<!部(?=门|分|署|委|属|队))(?<!本(?=科|地|市|校|届|土|质|着|次|身))(?<!场(?=地|所|景|馆|域|次))(?<!家(?=长|庭|乡|园|属|族|具|电|政|居))(?<!所(?=有|在|属|长|以|得|谓))(?<!台(?=阶|湾|账))(?<!支(?=持|撑|部|援|付|出|教))(?<!位(?=于|置|居))(?<!个(?=人|体|性|案|别))(?<!门(?=类|户|槛|诊))(?<!种(?=植|类|子|养))(?<!件(?=事))(?<!间(?=隔))(?<!座(?=谈))';
/**
 * One quantity. Groups: 1 number, 2 approx, 3 magnitude, 4 approx, 5 unit. A number glued to a
 * Latin letter, a digit, a dot or a hyphen before it is part of a code (ZK-1301, 1+X, 5G), never a
 * quantity: the lookbehind leaves those out.
 */
export const QUANTITY = new RegExp(
  // (?=\\d) first: a position without a digit fails before the lookbehind is tried.
  `(?=\\d)(?<![0-9A-Za-z.\\-_/+])(\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?)\\s?(余|多)?(千万|百万|万|亿|千)?(余|多)?\\s?(${UNITS.map(escape).join('|')})${NOT_A_UNIT}`,
  'g',
);
export const RATIO = /(?=\d)(?<![0-9A-Za-z.\-_/+])(\d+(?:\.\d+)?)\s?[:：∶]\s?(\d+(?:\.\d+)?)(?![0-9])/g;

export interface Unit {
  /** The base unit the value is counted in: 人, 人次, 元, 平方米, %, 百分点, or the measure word itself. */
  unit: string;
  family: UnitFamily;
  /** Power of ten the printed number is multiplied by (元/生 1, 万元 4). */
  scale: number;
}

/** A printed unit (with its magnitude) → base unit, family and scale; null for one the grammar does not know. */
export function normalizeUnit(printedUnit: string, magnitude = ''): Unit | null {
  const scale = magnitude ? MAGNITUDES[magnitude] : 0;
  if (scale === undefined) return null;
  const u = printedUnit === '％' ? '%' : printedUnit;
  const base = (unit: string, family: UnitFamily, extra = 0): Unit => ({ unit, family, scale: scale + extra });
  switch (u) {
    case '人': case '名': case '位': return base('人', 'persons');
    case '人次': return base('人次', 'personTimes');
    case '人日': case '人天': return base('人日', 'personTimes');
    case '元': case '元/年': return base('元', 'money');
    case '元/生': case '元/人': return base('元/生', 'money');
    case '平方米': case '㎡': case 'm²': return base('平方米', 'area');
    case '平方公里': return base('平方米', 'area', 6);
    case '亩': return base('亩', 'area');
    case '%': case '‰': return magnitude ? null : base(u, 'rate');
    case '个百分点': case '百分点': return magnitude ? null : base('百分点', 'rate');
    case '学时': case '课时': case '小时': return base(u, 'hours');
    default: return base(u, 'count');
  }
}

/** `digits` × 10^power computed on the decimal string: "127752.51" × 10⁴ → 1277525100. */
export function scaleDecimal(digits: string, power: number): number {
  const plain = digits.replace(/,/g, '');
  if (power === 0) return Number(plain);
  const [int, frac = ''] = plain.split('.');
  const fracPadded = frac.padEnd(power, '0');
  const whole = `${int}${fracPadded.slice(0, power)}`;
  const rest = fracPadded.slice(power);
  return Number(rest ? `${whole}.${rest}` : whole);
}

export interface Period {
  /** The calendar year the figure is about (the later year of a school year 2022-2023). */
  year: number;
  kind: 'year' | 'yearEnd' | 'cohort' | 'schoolYear';
  /** As printed: 2023年, 2023年末, 2023届, 2022-2023学年. */
  text: string;
}

// A year a report speaks of is 19xx or 20xx; 年 after it (or 届, 学年, 年度) makes it a period.
const PERIOD = /(?<![0-9])((?:19|20)\d{2})\s?(?:[-—–~～至]\s?((?:19|20)\d{2})\s?)?(学年度?|年末|年底|年度|年|届)/g;
/** A year after these words is a comparison or a starting point (较2022年, 自2015年), not the period of the figure. */
const NOT_THE_PERIOD = /(?:较|比|与|同|自|从|相比|对比|以来)\s?$/;
/** 2016年至2020年: the second year closes a span of several years, which is no period of one figure. */
const SPAN_END = /(?:19|20)\d{2}\s?年?\s?(?:至|到|—|–|-|~|～)\s?$/;

/** Every period expression in `text`, with its offsets; years of comparison (较2022年) left out. */
export function periodsIn(text: string): Array<Period & { start: number; end: number; until?: number }> {
  const out: Array<Period & { start: number; end: number; until?: number }> = [];
  // Most labels and many sentences hold no year at all.
  if (!YEAR.test(text)) return out;
  for (const m of text.matchAll(PERIOD)) {
    const before = text.slice(Math.max(0, m.index - 4), m.index);
    // 与2019年（生均…11157.73元，…）相比: the bracket gives that year's figures, and only the bracket.
    const after = m.index + m[0].length;
    if (NOT_THE_PERIOD.test(before) && /^[（(]/.test(text.slice(after, after + 1)) && m[3] === '年') {
      const close = text.slice(after).search(/[）)]/);
      if (close > 0) out.push({ year: Number(m[1]), kind: 'year', text: m[0], start: m.index, end: after, until: after + close });
      continue;
    }
    if (NOT_THE_PERIOD.test(before)) continue;
    if (SPAN_END.test(text.slice(Math.max(0, m.index - 8), m.index))) { const last = out[out.length - 1]; if (last && last.end > m.index - 8) out.pop(); continue; }
    // 自2015年开班以来 and 2015年以来 speak of a span since then.
    if (/^以来/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2))) continue;
    const first = Number(m[1]);
    const second = m[2] ? Number(m[2]) : null;
    // 2021—2025年 is a plan's span, not the period of a figure; a school year spans one year.
    if (second !== null && second - first !== 1) continue;
    const word = m[3]!;
    let p: Period;
    if (word === '届') p = { year: first, kind: 'cohort', text: m[0] };
    else if (word.startsWith('学年')) p = { year: second ?? first, kind: 'schoolYear', text: m[0] };
    else if (word === '年末' || word === '年底') p = { year: second ?? first, kind: 'yearEnd', text: m[0] };
    else if (second !== null) p = { year: second, kind: 'schoolYear', text: m[0] };
    else p = { year: first, kind: 'year', text: m[0] };
    out.push({ ...p, start: m.index, end: m.index + m[0].length });
  }
  return out;
}

const YEAR = /(?:19|20)\d{2}/;

/** A year label in a table header (2022年, 2023年度, 2022-2023学年, 2023届, 2023, 2022年（不含技工）): the period it names. */
export function periodOfLabel(label: string): Period | null {
  // Every cell of a column asks about the same header labels.
  return LABEL_PERIODS.get(label, () => readPeriodOfLabel(label));
}

const LABEL_PERIODS = new BoundedMemo<Period | null>(10_000);

function readPeriodOfLabel(label: string): Period | null {
  // 2022年（不含技工、区直）: a note in brackets after the year says what the column leaves out.
  const t = label.replace(/\s+/g, '').replace(/^(.+?)[（(][^（）()]*[）)]$/, '$1');
  const bare = /^((?:19|20)\d{2})$/.exec(t);
  if (bare) return { year: Number(bare[1]), kind: 'year', text: t };
  const p = periodsIn(t);
  return p.length === 1 && p[0]!.start === 0 && p[0]!.end === t.length ? { year: p[0]!.year, kind: p[0]!.kind, text: p[0]!.text } : null;
}

export interface Change {
  direction: 'up' | 'down';
  value: number;
  /** % for a growth rate, 百分点 for percentage points, else the base unit of the figure. */
  unit: string;
  /** The change as printed: 增长3.5%, 提高2个百分点. */
  printed: string;
}

const UP = /增加|增长|提高|提升|上升|扩大|新增|增多|^多$/;
const DOWN = /减少|下降|降低|缩小|下滑|减/;
/**
 * The words right before a quantity that make it the change of the figure before it:
 * 较上一年增加4029人, 同比增长8%, 比上年提高2个百分点, 分别增长25.31%和103.41%.
 * Without a comparison word (较…, 同比), a verb of change still reads as one (增长5918.48万元,
 * 增长率 is a label and is not matched: the verb must end right before the number).
 */
export const CHANGE_BEFORE = /(?:(?:较|比|与)(?:上一?年度?|去年|上年同期|上一学年|上届|(?:19|20)\d{2}年度?|同期)?(?:相比)?[，,]?|同比|环比)?(分别)?(增加|增长|提高|提升|上升|扩大|增多|减少|下降|降低|缩小|下滑)了?(?:约|近)?$|(?:较|比)(?:上一?年度?|去年|上年同期|上一学年|上届|(?:19|20)\d{2}年度?)(分别)?(新增|多|少)了?(?:约|近)?$/;

export function directionOf(verb: string): 'up' | 'down' {
  return UP.test(verb) && !DOWN.test(verb) ? 'up' : 'down';
}
