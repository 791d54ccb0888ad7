// Figures in running text: 2023年，全市中职学校在校生4.2万人，比上年增长3.5%. A paragraph is read
// sentence by sentence (。！？；), each quantity of the grammar (grammar.ts) with the label printed
// before it (or, after a measure word, the noun it counts: 1553名家庭经济困难学生), the period and
// subject the sentence gives it, and the change that follows it.
import { CHANGE_BEFORE, type Change, directionOf, normalizeUnit, type Period, periodsIn, QUANTITY, RATIO, scaleDecimal, type Unit } from './grammar.ts';
import { nameIndicator } from './match.ts';
import { type SubjectReader, type SubjectMention } from './subject.ts';
import { INDICATORS, type IndicatorDef } from './vocabulary.ts';

export interface ProseFact {
  /** Offsets of the quantity (number, magnitude and unit) in the paragraph text. */
  start: number;
  end: number;
  indicator: string | null;
  label: string;
  value: number;
  unit: string;
  printed: { text: string; value: string; unit: string };
  approximate: boolean;
  ratio?: [number, number];
  period: (Period & { stated: boolean }) | null;
  subject: SubjectMention | null;
  qualifier: string[];
  change: Change | null;
  /** 毕业晋升率比上年的74.83%: the figure of the year before, given beside this year's. */
  prior?: boolean;
}

export interface ProseContext {
  /** The year the document covers: the period of a figure whose sentence names none. */
  year: number | null;
  subjects: SubjectReader;
}

// Sentences end at 。！？；; a figure's label, period and subject are read within its sentence.
const SENTENCE_END = /[。！？；!?;\n]/g;
// A label starts after the last of these (quotes are kept: “双师型”教师 is one label).
const LABEL_BOUNDARY = /[，。；：、（）()《》,;:！？!?\s【】［］[\]]/;
// Words that join a label to its figure (为, 达到, 共计…) or open a clause (其中, 共有…): not part of the label.
const TRAILING_LINK = /(?:提升至|提高至|增加至|增长至|上升至|下降至|降至|升至|增至|达到了|分别是|分别达|分别|为|是|达到|已达|达|有|共计|合计|总计|累计|共有|共|计|约为|约|超过|超|近|逾|高达|多达|增至|突破|仅为|仅|只有|在|了|占|达到了|的)$/;
const LEADING_LINK = /^(?:其中|另有|此外|同时|现有|目前|截至目前|全年|当年|本年度|年内|累计|共有|共计|共|总共|已有|已|均|还|并|又|再|新|为|对|向|给|让|使)/;
// What a measure word is followed by when it counts the noun after it (1553名家庭经济困难学生): a
// Han character that opens a noun, not a particle or a verb of the sentence.
const NOT_A_NOUN_START = /^[的是为以在和与及、，。；：等左右以上以下之中上下次届后内余多个项人名余亿万占达被将把对从向给于并或而也都均已还再又]/;
const COUNTED_END = /[，。；：、（）()《》“”,;:！？!?\s0-9]|到|入选|获得|获评|获批|荣获|获|参加|参与|通过|确定|完成|提供|开展|成为|实现|进行|组成|入围|被|的|为|在|和|与|及|等|共|分别|达到|达/;
const CLASSIFIERS = new Set(['人', '名', '位', '所', '个', '项', '家', '门', '本', '册', '部', '套', '台', '件', '种', '篇', '支', '场', '间', '座', '台套']);
// 占2.82%, 占比57.6%, 比例为…: a share of the figure before it.
const SHARE = /^(?:占比|占|比例|比重|占比为|比例为|比重为|占总数的|占全市的|占全区的)$/;
// Words a label may be made of that name a kind of school or its level, not a quantity: a label of
// only these (中职学校为14757人) takes the indicator of the figure before it in the sentence.
const QUALIFIER = /中等职业学校|中职学校|中职|高职院校|高职学校|高职|中等职业教育|高等职业教育|本科|专科|全日制|非全日制|国家级|省级|自治区级|区级|市级|县级|校级|公办|民办|男生|女生|初级|中级|高级|特等奖|一等奖|二等奖|三等奖|区直|市属|市直|县直/g;
const ELLIPTIC = /^(?:(?:中等职业学校|中职学校|高职院校|高职学校|中职|高职|本科|专科|职业院校|院校|学校|全日制|非全日制|其中|公办|民办|男生|女生|区直|市属|市直|县直|毕业生|学生)+)$/;

// 比上年的74.83%: the same figure a year earlier.
const PRIOR = /(?:比|较|与)(?:上一?年度?|去年|上届|上一学年)(?:同期)?$/;
// 目标设定值95%, 预期值, 要求≥33平方米: a target or a standard, not what was achieved.
const TARGET = /目标|预期|要求|标准值|设定值|不少于|不低于/;
const DIFFERENCE = /^(?:超出|超过|高出|多出|少于|低于|高于|相差|差距)/;

interface Shielded {
  start: number;
  end: number;
}

/** Spans inside 《…》 titles and “…” quotes: a number there is part of a name (“5个100工程”). */
function shieldedSpans(text: string): Shielded[] {
  const out: Shielded[] = [];
  for (const m of text.matchAll(/《[^《》]{0,80}》|“[^“”]{0,40}”|「[^「」]{0,40}」/g)) out.push({ start: m.index, end: m.index + m[0].length });
  return out;
}

interface Quantity {
  start: number;
  end: number;
  numberText: string;
  value: number;
  unit: Unit;
  printedUnit: string;
  approximate: boolean;
  ratio?: [number, number];
}

function quantitiesIn(text: string): Quantity[] {
  const out: Quantity[] = [];
  for (const m of text.matchAll(QUANTITY)) {
    const magnitude = m[3] ?? '';
    const unit = normalizeUnit(m[5]!, magnitude);
    if (!unit) continue;
    out.push({ start: m.index, end: m.index + m[0].length, numberText: m[1]!, value: scaleDecimal(m[1]!, unit.scale), unit, printedUnit: `${magnitude}${m[5]}`, approximate: Boolean(m[2] || m[4]) });
  }
  for (const m of text.matchAll(RATIO)) {
    // A ratio of a report is “N:1” or N:M of small figures; times (14:30) and scores (3:2) have no label anyway.
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (!(b > 0) || out.some((q) => q.start < m.index + m[0].length && m.index < q.end)) continue;
    out.push({ start: m.index, end: m.index + m[0].length, numberText: m[0], value: b === 1 ? a : Number((a / b).toFixed(6)), unit: { unit: 'ratio', family: 'ratio', scale: 0 }, printedUnit: '', approximate: false, ratio: [a, b] });
  }
  return out.sort((x, y) => x.start - y.start);
}

/** Figures of one paragraph, in order. Offsets are into `text`. */
export function proseFacts(text: string, ctx: ProseContext): ProseFact[] {
  const shielded = shieldedSpans(text);
  const inShield = (i: number) => shielded.some((s) => s.start < i && i < s.end);
  const facts: ProseFact[] = [];
  const reader = ctx.subjects.paragraph(text);
  let sentenceStart = 0;
  // A period stated once holds for the rest of the paragraph (2023年，… 。其中，…), as a reader takes it.
  const periods = periodsIn(text);
  const ends = [...text.matchAll(SENTENCE_END)].map((m) => m.index + 1);
  ends.push(text.length);
  for (const sentenceEnd of ends) {
    if (sentenceEnd <= sentenceStart) continue;
    const sentence = text.slice(sentenceStart, sentenceEnd);
    const inSentence: ProseFact[] = [];
    /** Changes stated with 分别 waiting for their figures: 分别增长25.31%和103.41%. */
    let respectively: Change[] | null = null;
    let cursor = sentenceStart;
    for (const qRel of quantitiesIn(sentence)) {
      const q = { ...qRel, start: qRel.start + sentenceStart, end: qRel.end + sentenceStart };
      const before = text.slice(cursor, q.start);
      cursor = q.end;
      if (inShield(q.start)) continue;
      // 2600多人/日, 30元/课时: a compound unit the grammar does not know is no figure it can state.
      if (text[q.end] === '/' && q.unit.unit !== '元/生') continue;
      // An ordinal (第3名, 第20届) counts places, not things.
      if (/第\s?$/.test(before)) continue;
      // A year with a measure word after it is not a quantity of the report (2023个 never is).
      const change = CHANGE_BEFORE.exec(before);
      if (change) {
        const c: Change = { direction: directionOf(change[2]!), value: q.unit.unit === '百分点' ? Number(q.numberText) : q.value, unit: q.unit.unit, printed: text.slice(q.start - change[0].length, q.end) };
        if (change[1]) respectively = [c];
        else attachChange(inSentence, c);
        continue;
      }
      if (respectively && /^[和、与及,，]$/.test(before.trim())) {
        respectively.push({ ...respectively[0]!, value: q.unit.unit === '百分点' ? Number(q.numberText) : q.value, unit: q.unit.unit, printed: text.slice(q.start, q.end) });
        continue;
      }
      if (respectively) { attachRespectively(inSentence, respectively); respectively = null; }
      const fact = readFact(text, sentenceStart, before, q, inSentence, ctx, periods, reader);
      if (fact) { inSentence.push(fact); facts.push(fact); }
    }
    if (respectively) attachRespectively(inSentence, respectively);
    sentenceStart = sentenceEnd;
  }
  return facts;
}

/**
 * A change belongs to the figure before it; when that is last year's figure (…比上年的74.83%下降
 * 20.45个百分点) it is the change of this year's figure of the same indicator, stated before it.
 */
function attachChange(facts: ProseFact[], c: Change): void {
  let last = facts[facts.length - 1];
  if (last?.prior) last = facts.slice(0, -1).reverse().find((f) => !f.prior && f.indicator === last!.indicator && f.label === last!.label);
  if (last && !last.change) last.change = c;
}

/** 生均工位数0.8个，…1.12个，较上一年分别增长25.31%和103.41%: the changes go to the last figures, in order. */
function attachRespectively(facts: ProseFact[], changes: Change[]): void {
  const targets = facts.slice(-changes.length);
  if (targets.length !== changes.length) return;
  targets.forEach((f, i) => { if (!f.change) f.change = changes[i]!; });
}

function readFact(text: string, sentenceStart: number, before: string, q: Quantity, inSentence: ProseFact[], ctx: ProseContext, periods: Array<Period & { start: number; end: number }>, reader: ReturnType<SubjectReader['paragraph']>): ProseFact | null {
  const previous = inSentence[inSentence.length - 1];
  let label = labelBefore(before);
  // 毕业晋升率比上年的74.83%: the same figure a year earlier; named without the comparison.
  const prior = PRIOR.exec(label);
  if (prior) {
    label = label.slice(0, prior.index);
    if (!label) return null;
  }
  let def: IndicatorDef | null = null;
  // A measure word followed by a noun counts that noun: 1553名家庭经济困难学生, 3个辅导员工作室.
  if (CLASSIFIERS.has(q.printedUnit.replace(/^[万亿千百]+/, '')) && !NOT_A_NOUN_START.test(text.slice(q.end, q.end + 1)) && /^[\u4e00-\u9fff“]/.test(text.slice(q.end, q.end + 1))) {
    const counted = countedAfter(text.slice(q.end, q.end + 16));
    if (counted) {
      const named = nameIndicator(counted, q.unit);
      label = counted;
      def = named?.def ?? null;
    }
  } else if (SHARE.test(label) && q.unit.family === 'rate') {
    // 占2.82% is the share of the figure just before it.
    if (!previous) return null;
    const shareKey = previous.indicator ? INDICATORS.get(previous.indicator)?.share : undefined;
    def = shareKey ? INDICATORS.get(shareKey)! : null;
    label = `${previous.label}占比`;
  } else if (previous && previous.unit === q.unit.unit && ELLIPTIC.test(label.replace(/[“”]/g, '') || '其中')) {
    // 高职全日制新生人数为17699人、中职学校为14757人, 专业9个（其中高职院校8个，中职学校1个）: a
    // label naming only a kind of school breaks down the figure before it, of the same indicator.
    def = previous.indicator ? INDICATORS.get(previous.indicator)! : null;
  } else {
    def = nameIndicator(label, q.unit)?.def ?? null;
  }
  if (!/[\u4e00-\u9fff]/.test(label) || /^(?:等|其中|合计|共)$/.test(label)) return null;
  // 超出计划数2357人 is a difference; 柳职院、柳铁职院等2名 counts the bodies just listed.
  if (DIFFERENCE.test(label) || (TARGET.test(label) && !def?.key.endsWith('Plan')) || /等\s?$/.test(before)) def = null;
  const at = q.start - sentenceStart;
  let period = periodBefore(periods, q.start) ?? (ctx.year !== null ? { year: ctx.year, kind: 'year' as const, text: `${ctx.year}年`, stated: false } : null);
  if (prior) {
    period = period ? { year: period.year - 1, kind: period.kind, text: `${period.year - 1}${period.kind === 'cohort' ? '届' : '年'}`, stated: true } : null;
  }
  return {
    ...(prior ? { prior: true } : {}),
    start: q.start,
    end: q.end,
    indicator: def?.key ?? null,
    label,
    value: q.value,
    unit: q.unit.unit,
    printed: { text: text.slice(q.start, q.end), value: q.numberText, unit: q.printedUnit },
    approximate: q.approximate || /(?:约|近|超过|超|逾|余|多)$/.test(before.trim()),
    ...(q.ratio ? { ratio: q.ratio } : {}),
    period,
    subject: reader.at(sentenceStart + at),
    qualifier: qualifiers(label, text.slice(sentenceStart, q.start)),
    change: null,
  };
}

function periodBefore(periods: Array<Period & { start: number; end: number; until?: number }>, at: number): (Period & { stated: boolean }) | null {
  const p = periods.filter((x) => x.end <= at && (x.until === undefined || at < x.until)).pop();
  return p ? { year: p.year, kind: p.kind, text: p.text, stated: true } : null;
}

/** The label printed before a figure: back to the clause boundary, without the period and the linking words. */
export function labelBefore(before: string): string {
  let s = before;
  for (let i = s.length - 1; i >= 0; i--) {
    if (LABEL_BOUNDARY.test(s[i]!)) { s = s.slice(i + 1); break; }
  }
  // The period is said apart from the label: 2023届高职院校毕业生月均收入 → 高职院校毕业生月均收入.
  const periods = periodsIn(s);
  if (periods.length) s = s.slice(periods[periods.length - 1]!.end);
  for (let k = 0; k < 4; k++) {
    const t = s.replace(TRAILING_LINK, '').replace(LEADING_LINK, '');
    if (t === s) break;
    s = t;
  }
  return s.trim();
}

/** The noun a measure word counts, up to the verb or punctuation after it. */
function countedAfter(after: string): string | null {
  const m = COUNTED_END.exec(after);
  const noun = (m ? after.slice(0, m.index) : after).trim();
  return [...noun].length >= 2 && [...noun].length <= 12 ? noun : null;
}

function qualifiers(label: string, clause: string): string[] {
  const out = new Set<string>();
  // The qualifiers of the label itself, and a level or scope the clause states before it (全日制招生).
  const scope = clause.slice(Math.max(0, clause.length - label.length - 12));
  for (const m of `${scope}`.matchAll(QUALIFIER)) out.add(canonicalQualifier(m[0]));
  return [...out];
}

function canonicalQualifier(q: string): string {
  if (/^中等职业|^中职/.test(q)) return '中职';
  if (/^高等职业|^高职/.test(q)) return '高职';
  return q;
}
