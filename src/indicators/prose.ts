// Figures in running text: 2023年，全市中职学校在校生4.2万人，比上年增长3.5%. A paragraph is read
// sentence by sentence (。！？；), each quantity of the grammar (grammar.ts) with the label printed
// before it (or, after a measure word, the noun it counts: 1553名家庭经济困难学生), the period and
// subject the sentence gives it, and the change that follows it.
import { CHANGE_BEFORE, type Change, directionOf, normalizeUnit, type Period, periodsIn, QUANTITY, RATIO, scaleDecimal, type Unit } from './grammar.ts';
import { nameIndicator } from './match.ts';
import { BoundedMemo } from './memo.ts';
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
  /** 满意度从90.55%提升至92.63%: the value a change started from, which is no figure of the period. */
  from?: boolean;
  /** Where the noun a measure word counts ends (3个辅导员工作室): the words there are no label of the next figure. */
  countedEnd?: number;
  /** 其中一等奖2项: the part of the figure it breaks down, whose indicator it takes. */
  part?: boolean;
}

export interface ProseContext {
  /** The year the document covers: the period of a figure whose sentence names none. */
  year: number | null;
  subjects: SubjectReader;
  /** The paragraph's subject reader, when the caller carries a section's school into it. */
  reader?: ReturnType<SubjectReader['paragraph']>;
}

// Sentences end at 。！？；; a figure's label, period and subject are read within its sentence.
const SENTENCE_END = /[。！？；!?;\n]/g;
// A label starts after the last of these (quotes are kept: “双师型”教师 is one label).
// (A set: the label is found by a character-by-character scan back from its figure; the whitespace
// is JavaScript's \s.)
const BOUNDARY_CHARS = new Set([...'，。；：、（）()《》,;:！？!?【】［］[] \t\n\r\f\v\u00a0\u1680\u2028\u2029\u202f\u205f\u3000\ufeff', ...Array.from({ length: 11 }, (_v, k) => String.fromCharCode(0x2000 + k))]);
// Words that join a label to its figure (为, 达到, 共计…) or open a clause (其中, 共有…): not part of the label.
const TRAILING_LINK = /(?:提升至|提高至|增加至|增长至|上升至|下降至|降至|升至|增至|达到了|分别是|分别达|分别|为|是|达到|已达|达|有|共计|合计|总计|累计|共有|共|计|约为|约|超过|超|近|逾|高达|多达|增至|突破|仅为|仅|只有|在|了|占|达到了|的|不少于|不低于|不超过|不足|平均|(?<=[\u4e00-\u9fff]{2})均|各)$/;
// 新 is kept: 新形态教材 and 新增 are names; 新 before a noun is part of it.
const LEADING_LINK = /^(?:其中|另有|此外|同时|现有|目前|截至目前|全年|当年|本年度|年内|累计|共有|共计|共(?![同建享育])|总共|已有|已|均|还|并且|并|且|而|但|又|再|为|对|向|给|让|使|含|包括|的|获批|获得|荣获|获(?!奖)|成为)/;
// What a measure word is followed by when it counts the noun after it (1553名家庭经济困难学生): a
// Han character that opens a noun, not a particle or a verb of the sentence.
const NOT_A_NOUN_START = /^[的是为以在和与及、，。；：等左右以上以下之中上下次届后内余多个项人名余亿万占达被将把对从向给于并或而也都均已还再又]/;
const COUNTED_END = /[，。；：、（）()《》“”,;:！？!?\s0-9]|到|入选|获得|获评|获批|荣获|获|参加|参与|通过|确定|完成|提供|开展|成为|实现|进行|组成|入围|被|的|为|在|和|与|及|等|共|分别|达到|达|成功|开设|进入|积极|属于|以(?![上下])|揭牌|入驻|承担|覆盖|位列|排名|名列|居/;
// 与…5个新兴产业相适应: the things the subject is matched with are its frame, not its figure.
const MATCHED_WITH = /^[^，。；]{0,12}?(?:相适应|相契合|相匹配|相衔接|对接)/;
// A predicate that selects the things counted (获…称号, 入选…, 通过…验收): read with the noun, up to the clause end.
const SELECTED = /^(?:获评|获批|获得|荣获|获|入选|通过|确定为|认定为|被评为|被认定为|列入|入围)[^，。；,;！？（(]{1,36}(?=[，。；,;！？（(])/;
// Where the noun a measure word counts runs on past these, its end cannot be read: 10个方面的育人方式,
// 17个技术应用及推广中心, 50多个技术精湛、倾心育人的团队. Such a figure is left out rather than misnamed.
const NOUN_RUNS_ON = /^(?:的|、|和|与|及)/;
// 人 is the noun itself (带动1000余人持续增收), not a measure word for the noun after it.
const CLASSIFIERS = new Set(['名', '位', '所', '个', '项', '家', '门', '本', '册', '部', '套', '台', '件', '种', '篇', '支', '场', '间', '座', '台套']);
// 占2.82%, 占比57.6%, 比例为…: a share of the figure before it.
const SHARE = /^(?:占比|占|比例|比重|占比为|比例为|比重为|占总数的|占全市的|占全区的)$/;
// Words a label may be made of that name a kind of school or its level, not a quantity: a label of
// only these (中职学校为14757人) takes the indicator of the figure before it in the sentence.
const QUALIFIER = /普通高中|中等职业学校|中职学校|中职|高职院校|高职学校|高职|中等职业教育|高等职业教育|本科|专科|全日制|非全日制|国家级|省级|自治区级|区级|市级|县级|校级|公办|民办|男生|女生|初级|中级|高级|特等奖|一等奖|二等奖|三等奖|区直|市属|市直|县直/g;
const ELLIPTIC = /^(?:(?:中等职业学校|中职学校|高职院校|高职学校|中职|高职|本科|专科|职业院校|院校|学校|职校|全日制|非全日制|其中|公办|民办|男生|女生|区直|市属|市直|县直|毕业生|学生|国家级|省级|自治区级|自治区|区级|市级|县级|校级|特等奖|一等奖|二等奖|三等奖|金奖|银奖|铜奖|优秀奖|初级|中级|高级|正高级)+)$/;
// A grade or level ending a label: 教学成果一等奖, 选拔赛金奖, 国家级.
const GRADE_END = /(?:特等奖|一等奖|二等奖|三等奖|金奖|银奖|铜奖|优秀奖|国家级|省级|自治区级|市级|校级)$/;
// The next figure of a parallel pair and the noun after it: 、海外 8 个分中心 → 海外, 个, 分中心….
const SHARED_NOUN = /^\s?[、和与及]\s?([\u4e00-\u9fff]{1,4})\s?\d+(?:\.\d+)?\s?([个项所家门本册部套台件种篇支场间座])\s?([\u4e00-\u9fff“][^，。；]*)/;
// The verb a list of examples hangs on: 新增, 增设, 撤销和停办, 开设, 建成…
const LIST_VERB = /^(?:适时|先后|共|累计)?(新增|增设|新设|撤销和停办|撤销|停办|停招|开设|设置|建成|组建|成立|培育)/;
// A label made of a body and a verb of approval only: 教育厅立项建设, 通过验收, 获批.
const DONE_ONLY = /^(?:[\u4e00-\u9fff]{0,4}(?:厅|部|局|委|市|区|省))?(?:立项建设|立项|建设|验收|通过验收|认定|获批|推荐)$/;
// An amount named by no more than what it is (资金, 发放资金, 金额).
const GENERIC_AMOUNT = /^(?:发放|补助|资助|奖励|投入|下达)?(?:资金|金额|经费|款项)$/;
// Verbs of causing: what they reach is named after the figure (带动1000余人持续增收).
const CAUSING = /(?:带动|帮助|推动|促进|吸引|辐射)$/;
// Words of a list a school was put on: 入选, 获评, 认定, 立项, 验收.
const LISTED = /入选|获评|获批|列入|认定|立项|验收|评为|确定为/;
// A label of adverbs only (现在平均实际只有30.87㎡) names nothing.
const ADVERBS_ONLY = /^(?:现在|目前|实际|平均|现|只有|仅有|大约|总体|整体)+$/;
// 招生完成比例低于90%: a threshold the figure is compared with, not a figure.
const THRESHOLD = /(?:低于|高于|不到|不及|少于)$/;
// A label that names only a scope (全区共6名, 全市9所) says where, not what is counted.
const SCOPE_ONLY = /^(?:全区|全市|全省|全国|全县|全校|全州|全自治区|我市|本市|我区)$/;
// 增长率为4.86%: the rate of change of the figure before it, not a figure of its own.
const CHANGE_RATE = /^(?:增长率|增幅|增速|降幅|下降率|同比增长率|同比增幅|年增长率)$/;
// A figure of several years, not of one: 累计, 近五年, 近年来, 三年来, 先后, 历年, 年均. Without a
// period stated in its sentence such a figure has none.
const SEVERAL_YEARS = /累计|近[一二三四五六七八九十\d]+年|近年来?|[一二三四五六七八九十\d]+年来|多年来|先后|历年|年均|以来/;
// What is planned, not achieved: 将建成, 力争, 预计, 到2028年, “十四五”期末.
const FUTURE = /“十[一二三四五六七八九]五”(?:时期|期间|期末|末)|即将|将(?:建成|建设|达到|实现|开设|设置|招收|招录|新增|培养|完成|形成|超过|打造|投入|拥有)|力争|预计|计划到|到\s?(?:19|20)\d{2}\s?年|期末|届时/;
// A bare two-character noun (学生, 赛项, 教师, 专业) says what kind of thing is counted but not which
// figure it is; without a vocabulary name such a label makes no record.
const MIN_OTHER_LABEL = 3;

// 比上年的74.83%: the same figure a year earlier.
const PRIOR = /(?:比|较|与)(?:上一?年度?|去年|上届|上一学年)(?:同期)?$/;
// 目标设定值95%, 预期值, 要求≥33平方米: a target or a standard, not what was achieved.
const TARGET = /目标|预期|要求|标准值|设定值|不少于|不低于/;
const DIFFERENCE = /^(?:超出|超过|高出|多出|少于|低于|高于|相差|差距)/;

// QUANTITY and RATIO without their global flag, for a test that keeps no state.
const ANY_QUANTITY = new RegExp(QUANTITY.source);
const ANY_RATIO = new RegExp(RATIO.source);

interface Shielded {
  start: number;
  end: number;
}

/** Spans inside 《…》 titles and “…” quotes: a number there is part of a name (“5个100工程”). */
function shieldedSpans(text: string): Shielded[] {
  const out: Shielded[] = [];
  for (const m of text.matchAll(/《[^《》]{0,80}》|“[^“”]{0,60}”|「[^「」]{0,60}」/g)) out.push({ start: m.index, end: m.index + m[0].length });
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
  if (!/\d/.test(text)) return out;
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
  // A paragraph with no quantity anywhere has none in any of its sentences.
  if (!ANY_QUANTITY.test(text) && !ANY_RATIO.test(text)) return [];
  const shielded = shieldedSpans(text);
  const inShield = (i: number) => shielded.some((s) => s.start < i && i < s.end);
  const facts: ProseFact[] = [];
  const reader = ctx.reader ?? ctx.subjects.paragraph(text);
  const asides = asidesOfItems(text, ctx.subjects);
  let sentenceStart = 0;
  // A period stated once holds for the rest of the paragraph (2023年，… 。其中，…), as a reader takes it.
  const periods = periodsIn(text);
  const ends = [...text.matchAll(SENTENCE_END)].map((m) => m.index + 1);
  ends.push(text.length);
  for (const sentenceEnd of ends) {
    if (sentenceEnd <= sentenceStart) continue;
    const sentence = text.slice(sentenceStart, sentenceEnd);
    // A clause of the sentence can only hold a plan's or several years' words if the sentence does.
    const words = { future: FUTURE.test(sentence), severalYears: SEVERAL_YEARS.test(sentence) };
    const inSentence: ProseFact[] = [];
    /** Changes stated with 分别 waiting for their figures: 分别增长25.31%和103.41%. */
    let respectively: Change[] | null = null;
    /** Years listed before 分别, each the period of one figure in turn. */
    let listed: { periods: Period[]; next: number } | null = null;
    let cursor = sentenceStart;
    // The end of the sentence's first quantity: only a figure opening its sentence (公办8所，民办3所)
    // may break down a figure of the sentence before.
    let cursorStart = -1;
    for (const qRel of quantitiesIn(sentence)) {
      const q = { ...qRel, start: qRel.start + sentenceStart, end: qRel.end + sentenceStart };
      const before = text.slice(cursor, q.start);
      cursor = q.end;
      if (cursorStart < 0) cursorStart = q.end;
      if (inShield(q.start)) continue;
      // 2600多人/日, 30元/课时: a compound unit the grammar does not know is no figure it can state.
      if (text[q.end] === '/' && q.unit.unit !== '元/生') continue;
      // An ordinal (第3名, 第20届) counts places, not things.
      // The words right before the figure (patterns anchored at the end need no more than these).
      const end = before.slice(-16);
      if (/第\s?$/.test(end)) continue;
      // A year with a measure word after it is not a quantity of the report (2023个 never is).
      // (The patterns anchored at the end are run on the end only: a change phrase is never 24 characters long.)
      const change = CHANGE_BEFORE.exec(before.length > 24 ? before.slice(-24) : before);
      if (change) {
        const c: Change = { direction: directionOf(change[2] ?? change[4]!), value: q.unit.unit === '百分点' ? Number(q.numberText) : q.value, unit: q.unit.unit, printed: text.slice(q.start - change[0].length, q.end) };
        if (change[1] ?? change[3]) respectively = [c];
        else attachChange(inSentence, c);
        continue;
      }
      // 增长率为4.86%: the change of the figure before it, in %.
      if (q.unit.unit === '%' && CHANGE_RATE.test(labelBefore(before))) {
        const last = inSentence[inSentence.length - 1];
        if (last && (!last.change || last.change.unit !== '%') && last.change?.direction !== 'down') last.change = { direction: 'up', value: q.value, unit: '%', printed: text.slice(q.start - before.length + before.search(/\S/), q.end) };
        continue;
      }
      if (respectively && /^[和、与及,，]$/.test(before.trim())) {
        respectively.push({ ...respectively[0]!, value: q.unit.unit === '百分点' ? Number(q.numberText) : q.value, unit: q.unit.unit, printed: text.slice(q.start, q.end) });
        continue;
      }
      if (respectively) { attachRespectively(inSentence, respectively); respectively = null; }
      // 2020年、2021年、2022年招生人数分别为5510人、6021人、6624人: one figure per year, in order.
      const last = inSentence[inSentence.length - 1];
      if (listed && last && listed.next < listed.periods.length && /^[、和及与,，]$/.test(before.trim()) && last.unit === q.unit.unit) {
        const p = listed.periods[listed.next++]!;
        const fact: ProseFact = { ...last, start: q.start, end: q.end, value: q.value, printed: { text: text.slice(q.start, q.end), value: q.numberText, unit: q.printedUnit }, approximate: q.approximate || /(?:约|近|超过|超|逾|不足)\s?$/.test(end), period: { year: p.year, kind: p.kind, text: p.text, stated: true }, change: null };
        inSentence.push(fact); facts.push(fact);
        continue;
      }
      listed = null;
      // 排名前三的学院为机械工程学院（毕业人数34人，落实率100.00%）: figures in a bracket after an item
      // are that item's; about a body when the item is one, and about nothing a reader can name otherwise.
      const aside = asides.find((x) => x.start < q.start && q.end <= x.end);
      if (aside && !aside.body) continue;
      const fact = readFact(text, sentenceStart, before, q, inSentence, ctx, periods, reader, cursorStart === q.end ? facts : [], words);
      if (!fact) continue;
      if (aside?.body) fact.subject = { name: aside.body, printed: aside.printed };
      if (/分别(?:为|是|达到?|约为)?\s?$/.test(end)) {
        // The years listed before 分别 (2020年、2021年、2022年) are the periods of this figure and the next ones.
        const run = listedPeriods(text, periods, sentenceStart, q.start);
        if (run.length > 1) {
          fact.period = { year: run[0]!.year, kind: run[0]!.kind, text: run[0]!.text, stated: true };
          listed = { periods: run, next: 1 };
        }
      }
      inSentence.push(fact);
      if (!fact.from) facts.push(fact);
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

/**
 * Brackets right after an item's name (机械工程学院（毕业人数34人，…）, 工业设计（…）): the figures in
 * them describe the item. `body`: the item's full name when it is a body, else null.
 */
function asidesOfItems(text: string, subjects: SubjectReader): Array<{ start: number; end: number; body: string | null; printed: string }> {
  const out: Array<{ start: number; end: number; body: string | null; printed: string }> = [];
  if (!text.includes('（') && !text.includes('(')) return out;
  // Each bracket of 2–80 characters with no bracket inside, right after 2–20 Han characters (the
  // item), left to right, none overlapping the one before (the pattern ([\u4e00-\u9fff]{2,20})[（(]
  // ([^（）()]{2,80})[）)], read by hand: a regular expression would try every Han character as a start).
  let from = 0;
  for (let open = nextOpen(text, 0); open >= 0; open = nextOpen(text, open + 1)) {
    let a = open;
    while (a > from && open - a < 20 && isHan(text.charCodeAt(a - 1))) a--;
    if (open - a < 2) continue;
    let close = open + 1;
    while (close < text.length && close - open - 1 <= 80 && !'（）()'.includes(text[close]!)) close++;
    const inner = close - open - 1;
    if (close >= text.length || !'）)'.includes(text[close]!) || inner < 2 || inner > 80) continue;
    const item = text.slice(a, open);
    const content = text.slice(open + 1, close);
    from = close + 1;
    // A bracket after a measure word or unit (9所（含…）, 4项（高职3项…）) breaks a figure down, and one
    // without figures is a note.
    if (!/\d/.test(content) || /[个项所人名家门本册部套台件种篇支场间座元率]$/.test(item)) continue;
    const name = item.slice(Math.max(...[...'为是、，和与及的'].map((c) => item.lastIndexOf(c))) + 1);
    if ([...name].length < 2) continue;
    out.push({ start: open, end: close + 1, body: subjects.resolve(name), printed: name });
  }
  return out;
}

function nextOpen(text: string, at: number): number {
  const a = text.indexOf('（', at);
  const b = text.indexOf('(', at);
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

function isHan(code: number): boolean {
  return code >= 0x4e00 && code <= 0x9fff;
}

/** The years listed right before 分别 in a sentence (2020年、2021年、2022年), in order; empty when there is no such list. */
function listedPeriods(text: string, periods: Array<Period & { start: number; end: number }>, sentenceStart: number, at: number): Period[] {
  const inSentence = periods.filter((p) => p.start >= sentenceStart && p.end <= at);
  const run: Array<Period & { start: number; end: number }> = [];
  for (const p of inSentence) {
    const prev = run[run.length - 1];
    if (prev && /^[、和及与,，]$/.test(text.slice(prev.end, p.start).trim())) run.push(p);
    else { run.length = 0; run.push(p); }
  }
  return run.length > 1 ? run : [];
}

function readFact(text: string, sentenceStart: number, before: string, q: Quantity, inSentence: ProseFact[], ctx: ProseContext, periods: Array<Period & { start: number; end: number }>, reader: ReturnType<SubjectReader['paragraph']>, paragraphFacts: ProseFact[], words: { future: boolean; severalYears: boolean }): ProseFact | null {
  const previous = inSentence[inSentence.length - 1];
  // The words right before the figure, trailing blanks dropped: every pattern anchored at the end is
  // shorter than these 16 characters, so it is run on them, not on the whole clause.
  const end = before.trimEnd().slice(-16);
  const endRaw = before.slice(-16);
  // 10个赛项29人次获得一等奖: the words before 29人次 are the noun the figure before it counts.
  if (previous?.countedEnd !== undefined && previous.countedEnd >= q.start - 1 && !/[，。；、]/.test(before)) return null;
  let label = labelBefore(before, previous === undefined && q.start - before.length === sentenceStart);
  // 满意度从90.55%提升至92.63%: the first is where the change started; the second is the figure, named by the first's label.
  // (从2020年的91.14%提升至…: the start value may carry its own year.)
  const from = /从$/.test(label) || /从\s?(?:19|20)\d{2}\s?年?度?的?\s?$/.test(endRaw);
  if (from) label = label.replace(/从(?:\s?(?:19|20)\d{2}\s?年?度?)?$/, '');
  if (!label && previous?.from && /^(?:提升|提高|增加|增长|上升|下降|降低|减少|扩大|缩小)(?:至|到)\s?$/.test(before.trim()) && previous.unit === q.unit.unit) {
    return { ...previous, from: undefined, start: q.start, end: q.end, value: q.value, printed: { text: text.slice(q.start, q.end), value: q.numberText, unit: q.printedUnit }, approximate: q.approximate, change: null };
  }
  // 毕业晋升率比上年的74.83%: the same figure a year earlier; named without the comparison.
  const prior = PRIOR.exec(label);
  if (prior) {
    label = label.slice(0, prior.index);
    if (!label) return null;
  }
  let def: IndicatorDef | null = null;
  let countedEnd: number | undefined;
  let part = false;
  // A measure word followed by a noun counts that noun: 1553名家庭经济困难学生, 3个辅导员工作室.
  if (CLASSIFIERS.has(q.printedUnit.replace(/^[万亿千百]+/, '')) && !NOT_A_NOUN_START.test(text.slice(q.end, q.end + 1)) && /^[\u4e00-\u9fff“]/.test(text.slice(q.end, q.end + 1))) {
    const after = text.slice(q.end, q.end + 24);
    if (MATCHED_WITH.test(after)) return null;
    const counted = countedAfter(after);
    if (counted === undefined) return null;
    if (counted) {
      // 在全区14个设区市中位列第一, 在调研的4所高职学校中: a set the subject is placed in, not a figure of it.
      if (/中$/.test(counted) || /^中/.test(after.slice(counted.length))) return null;
      // The second of a parallel pair (国内4个、海外8个分中心) keeps its own word, as the first did.
      const par = /[、和与及]\s?([\u4e00-\u9fff]{1,4})\s?$/.exec(before);
      label = par && previous && previous.end + before.length === q.start && previous.label === `${previous.label.slice(0, -counted.length)}${counted}` && previous.label.length > counted.length ? `${par[1]}${counted}` : counted;
      // 5名青年教师获“广西技术能手”称号: what selects them is part of what is counted.
      const predicate = SELECTED.exec(text.slice(q.end + counted.length, q.end + counted.length + 44));
      if (predicate) label = `${label}${predicate[0]}`;
      const named = nameIndicator(label, q.unit);
      def = named?.def ?? null;
      countedEnd = q.end + counted.length;
    }
  } else if (CLASSIFIERS.has(q.printedUnit.replace(/^[万亿千百]+/, '')) && SHARED_NOUN.exec(text.slice(q.end, q.end + 24))) {
    // 国内4个、海外8个分中心: the noun after the last figure counts both; each is named by the word
    // before its number (国内, 海外), the two words standing in parallel.
    const m = SHARED_NOUN.exec(text.slice(q.end, q.end + 24))!;
    if (m[2] !== q.printedUnit) return null;
    const counted = countedAfter(m[3]!);
    if (!counted) return null;
    const han = /[\u4e00-\u9fff]+$/.exec(before.trim())?.[0] ?? '';
    label = `${han.slice(-[...m[1]!].length)}${counted}`;
    def = nameIndicator(label, q.unit)?.def ?? null;
  } else if (/^\s?(?:以上|以下|左右|项目)?的/.test(text.slice(q.end, q.end + 4))) {
    // 柳工集团20%以上的海外管理与技术岗位员工, 其他省市50%的普通高中升学率, 大赛39个项目的比赛:
    // the figure qualifies the noun after it, which the words before it do not name.
    return null;
  } else if ((SHARE.test(label) || /^占/.test(label)) && q.unit.family === 'rate') {
    // 占2.82%, 占专任教师数的49.1%: the share of the figure right before it (nothing but the share
    // words between them), named through it: “双师型”教师占专任教师数.
    if (!previous || previous.end !== q.start - before.length) return null;
    // 其中：升读专科5694人，占比96.17%: the share of a part is its share of the whole above it, not the
    // indicator's own rate (升学率 is a share of all graduates).
    const ofPart = previous.part || inPartList(text, previous.start);
    const shareKey = previous.indicator && !ofPart ? INDICATORS.get(previous.indicator)?.share : undefined;
    def = shareKey ? INDICATORS.get(shareKey)! : null;
    label = SHARE.test(label) ? `${previous.label}占比` : `${previous.label}${label}`;
  } else if (ELLIPTIC.test(label.replace(/[“”]/g, '') || '其中') && partOf(inSentence, paragraphFacts, q.unit.unit)) {
    // 高职全日制新生人数为17699人、中职学校为14757人, 专业9个（其中高职院校8个，中职学校1个）,
    // 获奖30项，其中一等奖2项: a label naming only a kind of school, a level or a prize breaks down
    // the figure before it of the same unit (in its sentence, else in its paragraph: 公办8所，民办3所),
    // of the same indicator. Where that figure has no vocabulary name, the part is named through it.
    const whole = partOf(inSentence, paragraphFacts, q.unit.unit)!;
    def = whole.indicator ? INDICATORS.get(whole.indicator)! : null;
    if (!def && label) {
      // 金奖7项、银奖12项: when the figure before is itself one grade or level, this one is its sibling,
      // named as it is with the other grade (…选拔赛金奖 → …选拔赛银奖); otherwise a part of it (…专业/高职).
      const base = whole.label.replace(GRADE_END, '');
      label = base !== whole.label ? `${base}${label}` : `${whole.label}/${label}`;
    }
    part = true;
  } else {
    def = nameIndicator(label, q.unit)?.def ?? null;
    // 其中公共基础课21门 after 线上课程共计222门: a part a 其中 introduced, which the vocabulary does not
    // name, is named through its whole.
    const whole = !def && inPartList(text, q.start) ? partOf(inSentence, paragraphFacts, q.unit.unit) : undefined;
    if (whole && whole.start < text.lastIndexOf('其中', q.start) && !label.startsWith(whole.label)) { label = `${whole.label}/${label}`; part = true; }
    // 带动1000余人持续增收: the people a verb of causing reaches are named by what follows the figure.
    const reached = CAUSING.test(label) ? /^[\u4e00-\u9fff]{2,12}(?=[，。；,;]|$)/.exec(text.slice(q.end, q.end + 14)) : null;
    if (CAUSING.test(label)) { if (!reached) return null; label = `${label}${reached[0]}`; }
  }
  // 牵头组建共同体3个，获教育厅立项建设2个: a label that is only what was done (立项建设, 通过验收)
  // counts some of the things the figure before it counted.
  if (!def && previous && previous.unit === q.unit.unit && DONE_ONLY.test(label) && !label.startsWith(previous.label)) { label = `${previous.label}/${label}`; part = true; }
  // 奖学金28人，发放资金16.8万元: a bare amount word is the money of the figure before it.
  if (!def && previous && GENERIC_AMOUNT.test(label) && !label.startsWith(previous.label)) label = `${previous.label}/${label}`;
  // 企业提供的校内实践教学设备值: what others provided is a part from them, not the indicator's total.
  if (def && /(?:提供|捐赠|捐助|投入)的/.test(label)) def = null;
  // 一、二、三等奖各1项: 各 states one figure for each of several things at once.
  if (/各\s?$/.test(endRaw)) return null;
  // An institution count is the stock of schools; schools selected for a list (入选…典型学校5所) are a list's size.
  if (def?.key === 'institutions.count' && LISTED.test(label)) def = null;
  // 18级粤桂帮扶学生中共有49人: a label ending in 中 names the set the figure is taken from, not the figure.
  if (!/[\u4e00-\u9fff]/.test(label) || /[=＝*×]/.test(label) || /^(?:等|其中|合计|共)$/.test(label) || SCOPE_ONLY.test(label) || ADVERBS_ONLY.test(label) || /中$/.test(label) || THRESHOLD.test(end)) return null;
  // 广西区内就业人数为7451就业率: a number left in the label is a figure the grammar could not read,
  // so the label ran over it.
  // (“1+X”, “十四五” are names; “11”即… is a figure in quotes.)
  if (/\d(?![\d.,]*\s?(?:年|级|届|月|日|号|大|\+|X|x))/.test(label.replace(/[（(][^（）()]*[）)]/g, '').replace(/“[^“”]*[\u4e00-\u9fffX+][^“”]*”/g, ''))) return null;
  const clause = text.slice(sentenceStart, q.start);
  // 目标设定值95%, 到2028年将建成20个: what is planned or required is not what was achieved.
  if ((TARGET.test(label) || (words.future && FUTURE.test(clause))) && !def?.key.endsWith('Plan')) return null;
  // 超出计划数2357人 is a difference; 柳职院、柳铁职院等2名 counts the bodies just listed.
  if (DIFFERENCE.test(label) || /等\s?$/.test(endRaw)) def = null;
  if (!def && [...label.replace(/[“”]/g, '')].length < MIN_OTHER_LABEL) return null;
  const at = q.start - sentenceStart;
  const stated = periodBefore(periods, q.start);
  let period = stated ?? (ctx.year !== null && !(words.severalYears && SEVERAL_YEARS.test(clause)) ? { year: ctx.year, kind: 'year' as const, text: `${ctx.year}年`, stated: false } : null);
  if (prior) {
    period = period ? { year: period.year - 1, kind: period.kind, text: `${period.year - 1}${period.kind === 'cohort' ? '届' : '年'}`, stated: true } : null;
  }
  return {
    ...(prior ? { prior: true } : {}),
    ...(from ? { from: true } : {}),
    ...(countedEnd !== undefined ? { countedEnd } : {}),
    ...(part ? { part: true } : {}),
    start: q.start,
    end: q.end,
    indicator: def?.key ?? null,
    label,
    value: q.value,
    unit: q.unit.unit,
    printed: { text: text.slice(q.start, q.end), value: q.numberText, unit: q.printedUnit },
    approximate: q.approximate || /(?:约|近|超过|超|逾|余|多)$/.test(end),
    ...(q.ratio ? { ratio: q.ratio } : {}),
    period,
    // 柳职院房九林、柳铁职院杨瑶等2名: a count over the bodies just listed is about none of them alone.
    subject: /等\s?$/.test(endRaw) ? reader.at(-1) : reader.at(sentenceStart + at),
    qualifier: qualifiers(label, clauseBefore(text.slice(sentenceStart, q.start))),
    change: null,
  };
}

function periodBefore(periods: Array<Period & { start: number; end: number; until?: number }>, at: number): (Period & { stated: boolean }) | null {
  const p = periods.filter((x) => x.end <= at && (x.until === undefined || at < x.until)).pop();
  return p ? { year: p.year, kind: p.kind, text: p.text, stated: true } : null;
}

/** The label printed before a figure: back to the clause boundary, without the period and the linking words. */
export function labelBefore(before: string, opensSentence = false): string {
  // 赴国（境）外: a bracket of a few characters inside a phrase is part of it, not a boundary.
  // 公共基础课（不含思想政治课）教学满意度 likewise: a note in brackets inside a label is left out of it.
  let s = before.includes('（') || before.includes('(') ? before.replace(/[（(][^（）()，。；\d]{1,20}[）)](?=[\u4e00-\u9fff“])/g, '') : before;
  // Where `before` opens its sentence, its start is a boundary; else it starts right after a figure.
  if (opensSentence) s = `。${s}`;
  for (let i = s.length - 1; i >= 0; i--) {
    if (!BOUNDARY_CHARS.has(s[i]!)) continue;
    // 招收外籍留学生、海外专员订单班学员600余人: nouns listed with 、 and no figure between them are
    // counted together, so the label reaches back to the start of the list.
    let from = i + 1;
    if (s[i] === '、') {
      let j = i - 1;
      while (j >= 0 && !/[，。；：（）()《》,;:！？!?\s]/.test(s[j]!)) j--;
      // (A list that starts right after a figure, 25本、校企合作编写166本, lists figures, not nouns.)
      if (j >= 0 && j + 1 < i && !/\d/.test(s.slice(j + 1, i))) from = j + 1;
    }
    s = s.slice(from);
    break;
  }
  // The period is said apart from the label: 2023届高职院校毕业生月均收入 → 高职院校毕业生月均收入.
  const periods = periodsIn(s);
  if (periods.length) s = s.slice(periods[periods.length - 1]!.end);
  // 电子商务、应用电子技术等专业: the items before 等 are examples; what is counted follows it.
  // The verb before the list stays: 撤销和停办电子商务、应用电子技术等专业 → 撤销和停办专业.
  const etc = s.lastIndexOf('等');
  if (etc >= 0 && !/等(?:级|次|奖|第|同)/.test(s.slice(etc, etc + 2)) && !/[中高同平对均相初一二三特]$/.test(s.slice(0, etc))) {
    const verb = LIST_VERB.exec(s)?.[1] ?? '';
    s = `${verb}${s.slice(etc + 1)}`;
  }
  for (let k = 0; k < 4; k++) {
    const t = replaceEnd(s, TRAILING_LINK).replace(LEADING_LINK, '');
    if (t === s) break;
    s = t;
  }
  return s.trim();
}

/** `s` without what `re` (anchored at the end, matching at most 6 characters) matches there, run on the end only. */
function replaceEnd(s: string, re: RegExp): string {
  if (s.length <= 8) return s.replace(re, '');
  return s.slice(0, -8) + s.slice(-8).replace(re, '');
}

/**
 * The noun a measure word counts, up to the verb or punctuation after it; null when there is none to
 * read (too short or too long), undefined when the noun phrase runs on (的, 、, 和…) so that where it
 * ends cannot be told.
 */
function countedAfter(after: string): string | null | undefined {
  const m = COUNTED_END.exec(after);
  const noun = (m ? after.slice(0, m.index) : after).trim();
  if (m && NOUN_RUNS_ON.test(after.slice(m.index)) && [...noun].length >= 1) return undefined;
  return [...noun].length >= 2 && [...noun].length <= 12 ? noun : null;
}

/**
 * Whether a figure stands among the parts a 其中 introduced: 其中： with a colon lists parts up to
 * the full stop (items apart by ；), a bare 其中 up to the next ；.
 */
function inPartList(text: string, at: number): boolean {
  const from = text.lastIndexOf('。', at - 1) + 1;
  const k = text.lastIndexOf('其中', at - 1);
  if (k < from) return false;
  return /^其中\s?[：:]/.test(text.slice(k, k + 4)) || !/[；;]/.test(text.slice(k, at));
}

/** The figure a part (其中一等奖2项, 中职学校为14757人, 公办8所) breaks down: the last whole figure of the same unit before it. */
function partOf(inSentence: ProseFact[], paragraph: ProseFact[], unit: string): ProseFact | undefined {
  const whole = (fs: ProseFact[]) => [...fs].reverse().find((f) => !f.part && !f.prior && !f.from);
  const inS = whole(inSentence);
  if (inS) return inS.unit === unit ? inS : undefined;
  const inP = whole(paragraph);
  return inP?.unit === unit ? inP : undefined;
}

/** The clause a figure stands in: from the last comma, enumeration mark or bracket before it. */
function clauseBefore(s: string): string {
  let i = s.length - 1;
  while (i >= 0 && !/[，。；：、（）(),;:]/.test(s[i]!)) i--;
  return s.slice(i + 1);
}

/** The kinds, levels and scopes (中职, 全日制, 国家级, 一等奖…) a label and its clause name. */
export function qualifiers(label: string, clause: string): string[] {
  // A table asks the same for every cell of a row or column: the answer is kept (a copy is handed out).
  return [...QUALIFIED.get(`${label}\u0000${clause}`, () => readQualifiers(label, clause))];
}

const QUALIFIED = new BoundedMemo<string[]>(10_000);

function readQualifiers(label: string, clause: string): string[] {
  const out = new Set<string>();
  // The qualifiers of the label itself and of its clause (全日制招生), never of the figures before it.
  for (const m of `${clause}${clause.endsWith(label) ? '' : label}`.matchAll(QUALIFIER)) out.add(canonicalQualifier(m[0]));
  return [...out];
}

function canonicalQualifier(q: string): string {
  if (/^中等职业|^中职/.test(q)) return '中职';
  if (/^高等职业|^高职/.test(q)) return '高职';
  return q;
}
