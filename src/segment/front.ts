// What a report says about itself, read the way a reader reads a cover: the title (the largest type
// of the first page, or the lines before the first heading that name a kind of document), the body
// that reports (a 主管部门/编制单位 line, the title's subject, the organization line under the
// title), the place it is about, the year it covers and the kind of report.
import type { Block } from '../blocks.ts';
import { foldForMatch } from '../text/normalize.ts';
import { TOC_TITLE } from './headings.ts';

export interface FrontMatter {
  title: string | null;
  titleBlocks: number[];
  region: string | null;
  year: number | null;
  institution: string | null;
  reportType: string | null;
}

/** One line of the cover: a paragraph, or one line of a cell of a one-column cover box. */
interface CoverLine {
  text: string;
  /** The paragraph it is (-1 for a line of a cover box, which stays a table). */
  blockIndex: number;
  fontRatio?: number;
  markdownLevel?: number;
  heading: boolean;
  /** Part of the title block but not of the title's text (a feature's ——写在… subtitle). */
  subtitle?: boolean;
}

/** Words that name a kind of document; the title's last line carries one. */
const KIND_WORDS = /报告|年报|自评|公报|白皮书|年度|预算|决算|方案|说明|规划|纪实|计划|简介|总结|指南/;
/** A bracketed line under a title that qualifies it: the year, a draft's stage, a part. */
const QUALIFIER = /^[（(]\s*(?:(?:19|20)\d{2}\s*(?:年度?|学年)|[^（）()]{0,6}稿|第.{1,3}(?:部分|册|卷)|试行|修订版?)\s*[）)]$/;
/**
 * Lines of a cover that are not its title: file labels (附件3, a file-number line such as 2.年度报告
 * that an index of attachments printed above the title), standard and classification codes,
 * Latin-only lines.
 */
const LABEL = /^(?:附件\s*\d*|附\s*件|\d{1,2}\s*[.、．]\s*\S{1,10}|[A-Z]{1,4}\s*\/?\s*[A-Z]?\s*[\dX]*|ICS\b.*|[A-Z]+\/[A-Z]+\s.*|备案号.*)$/;
/** Section names that open a document without any title before them. */
const SECTION_WORD = /^(引\s*言|前\s*言|序\s*言?|摘\s*要|目\s*[录次]|说\s*明|概\s*述)$/;
const SUBTITLE = /^——\s*(?:写在|记|访)/;
/** A title is set clearly larger than the body: 1.25 × body size (the smallest seen is 1.29). */
const TITLE_FONT_RATIO = 1.25;
/** A line above the title's largest line, set at least this share of its size, is the title's first part. */
const TITLE_LINE_SHARE = 0.7;
/** Lines of one title are set in one size; sizes read off a PDF vary by a few hundredths. */
const SAME_SIZE = 0.08;
/** A cover line longer than this is body text (the longest title seen has 37 characters). */
const COVER_LINE_MAX = 60;
/** How far into the document a cover can reach (blocks). */
const COVER_BLOCKS = 80;

/**
 * The cover and title block of a document. `candidates` are the blocks the heading rules took for
 * headings (in order); the cover is what comes before the first of them (or, where the loader
 * measured type sizes, the whole first page) and before any table of contents or body paragraph.
 */
export function findFrontMatter(blocks: Block[], candidates: number[]): FrontMatter {
  const firstHeading = candidates[0] ?? -1;
  const headings = new Set(candidates);
  const cover = coverLines(blocks, firstHeading, headings);
  const picked = titleByType(cover) ?? titleByMarkdown(blocks, headings) ?? titleByWords(cover, firstHeading) ?? titleBySubtitle(blocks);
  const opening = openingText(blocks, firstHeading);
  let title = picked ? joinLines(picked.filter((l) => !l.subtitle).map((l) => l.text)) : null;
  if (title) title = quotedFullTitle(title, leadingText(blocks)) ?? title;
  const titleBlocks = picked ? picked.map((l) => l.blockIndex).filter((i) => i >= 0) : [];
  const after = picked ? cover.slice(cover.indexOf(picked[picked.length - 1]!) + 1) : cover;
  const institution = findInstitution(title, cover, after, new Set(picked ?? []), blocks);
  return {
    title,
    titleBlocks,
    region: findRegion(title, institution, opening),
    year: findYear(title, cover, blocks, firstHeading),
    institution,
    reportType: findReportType(title),
  };
}

function coverLines(blocks: Block[], firstHeading: number, headings: Set<number>): CoverLine[] {
  const measured = blocks.some((b, i) => i < COVER_BLOCKS && b.type === 'paragraph' && b.hints.fontRatio !== undefined);
  // A first page without a sentence on it is a cover page (a standard's, a plan's): the cover runs to its end even past lines the heading rules took.
  const firstBreak = blocks.findIndex((b, i) => i < COVER_BLOCKS && b.type === 'pagebreak');
  const coverPage = firstBreak > 0 && blocks.slice(0, firstBreak).every((b) => b.type !== 'paragraph' || !/[。；]$/.test(b.text.trim()));
  const out: CoverLine[] = [];
  for (let i = 0; i < Math.min(blocks.length, COVER_BLOCKS); i++) {
    const b = blocks[i]!;
    if (b.type === 'pagebreak') {
      if (out.length > 0) break;
      continue;
    }
    // Where type sizes are known the first page is the cover, headings and all; elsewhere the cover ends at the first heading.
    if (!measured && firstHeading >= 0 && i >= firstHeading && !(coverPage && i < firstBreak)) break;
    if (b.type === 'image') continue;
    if (b.type === 'table') {
      // A cover set in a one-column box (编制说明, standards): its lines are cover lines.
      if (b.rows.every((r) => r.cells.length === 1)) {
        for (const r of b.rows) for (const line of r.cells[0]!.text.split('\n')) if (line.trim()) out.push({ text: line.trim(), blockIndex: -1, heading: false });
        continue;
      }
      if (measured) continue;
      break;
    }
    const t = b.text.trim();
    if (!t) continue;
    if (b.hints.tocEntry || TOC_TITLE.test(foldForMatch(t).replace(/\s+/g, ''))) break;
    if ([...t].length > COVER_LINE_MAX || /[。；]$/.test(t)) {
      if (measured || (coverPage && i < firstBreak)) continue;
      break;
    }
    out.push({ text: t, blockIndex: i, fontRatio: b.hints.fontRatio, markdownLevel: b.hints.markdownLevel, heading: headings.has(i) });
  }
  return out;
}

function isLabel(t: string): boolean {
  return LABEL.test(t) || /^[\x00-\x7f＆]+$/.test(t) || isDateLine(t);
}

/** The title is the largest type of the first page, where the loader measured sizes. */
function titleByType(cover: CoverLine[]): CoverLine[] | null {
  const sized = cover.filter((l) => l.fontRatio !== undefined && !l.heading && !isLabel(l.text));
  if (sized.length === 0) return null;
  const max = Math.max(...sized.map((l) => l.fontRatio!));
  if (max < TITLE_FONT_RATIO) return null;
  const first = cover.findIndex((l) => sized.includes(l) && l.fontRatio! >= max - SAME_SIZE);
  let start = first;
  // The subject may be set over the kind line in smaller, still title-sized type (学校名 / 质量年度报告).
  while (start > 0) {
    const l = cover[start - 1]!;
    if (!sized.includes(l) || l.fontRatio! < Math.max(TITLE_FONT_RATIO, max * TITLE_LINE_SHARE) || /[：:，,。；]/.test(l.text)) break;
    start--;
  }
  const out = cover.slice(start, first + 1);
  for (let i = first + 1; i < cover.length; i++) {
    const l = cover[i]!;
    if (l.fontRatio !== undefined && Math.abs(l.fontRatio - max) <= SAME_SIZE && !l.heading && !isLabel(l.text)) out.push(l);
    else if (QUALIFIER.test(l.text)) {
      out.push(l);
      break;
    } else break;
  }
  return out;
}

/** In markdown the title is the one `#` line of the opening, with a `##` line under it naming the kind of document. */
function titleByMarkdown(blocks: Block[], headings: Set<number>): CoverLine[] | null {
  const opening = blocks.slice(0, COVER_BLOCKS);
  const top = opening.flatMap((b, i) => (b.type === 'paragraph' && b.hints.markdownLevel === 1 && [...b.text.trim()].length <= COVER_LINE_MAX ? [i] : []));
  if (top.length !== 1) return null;
  const at = top[0]!;
  const line = (i: number): CoverLine => ({ text: (blocks[i] as { text: string }).text.trim(), blockIndex: i, markdownLevel: (blocks[i] as { hints: { markdownLevel?: number } }).hints.markdownLevel, heading: headings.has(i) });
  if (parseHeadingLike(line(at).text)) return null;
  const out = [line(at)];
  const next = nextIndex(blocks, at);
  const n = next >= 0 ? blocks[next]! : undefined;
  if (n?.type === 'paragraph' && n.hints.markdownLevel === 2 && KIND_WORDS.test(n.text) && !KIND_WORDS.test(out[0]!.text)) out.push(line(next));
  return out;
}

/** A numbered line (一、…, 1.…) is a chapter, never the title. */
function parseHeadingLike(t: string): boolean {
  return /^(?:[一二三四五六七八九十]+、|第[一二三四五六七八九十\d]+[章部节篇]|\d+(?:\.\d+)*[.、．\s])/.test(foldForMatch(t));
}

/**
 * Without sizes: the title ends on the first cover line that names a kind of document (报告, 公报,
 * 方案 …) and takes the lines above it back to a label, a Latin line or a date; a bracketed
 * qualifier under it ((2024年度), （征求意见稿）) belongs to it. A document whose only line before
 * its first heading is a short phrase is titled by that phrase (学校简介).
 */
function titleByWords(cover: CoverLine[], firstHeading: number): CoverLine[] | null {
  const end = cover.findIndex((l) => KIND_WORDS.test(l.text) && !isLabel(l.text) && !QUALIFIER.test(l.text));
  if (end < 0) {
    const lines = cover.filter((l) => !isLabel(l.text));
    const only = lines.length === 1 ? lines[0]! : null;
    if (only && only.blockIndex >= 0 && firstHeading >= 0 && only.blockIndex < firstHeading && !SECTION_WORD.test(only.text) && [...only.text].length <= 30 && !/[，,：:]/.test(only.text)) return [only];
    return null;
  }
  let start = end;
  while (start > 0) {
    const prev = cover[start - 1]!;
    if (isLabel(prev.text) || /[，。；：:]$/.test(prev.text) || QUALIFIER.test(prev.text) || /发\s*布$/.test(prev.text)) break;
    start--;
  }
  const out = cover.slice(start, end + 1);
  for (let i = end + 1; i < cover.length && QUALIFIER.test(cover[i]!.text); i++) out.push(cover[i]!);
  return out;
}

/** A press feature: the headline over a ——写在…/——记… subtitle. */
function titleBySubtitle(blocks: Block[]): CoverLine[] | null {
  const head = blocks.findIndex((b, i) => i < COVER_BLOCKS && b.type === 'paragraph' && [...b.text].length <= 40 && SUBTITLE.test(nextParagraph(blocks, i) ?? ''));
  if (head < 0) return null;
  const sub = nextIndex(blocks, head);
  return [
    { text: (blocks[head] as { text: string }).text.trim(), blockIndex: head, heading: false },
    { text: (blocks[sub] as { text: string }).text.trim(), blockIndex: sub, heading: false, subtitle: true },
  ];
}

function joinLines(lines: string[]): string {
  let out = '';
  for (const l of lines) out += out && /[\x21-\x7e]$/.test(out) && /^[\x21-\x7e]/.test(l) ? ` ${l}` : l;
  return out;
}

const squeeze = (s: string): string => foldForMatch(s).replace(/[\s\p{P}]/gu, '');

/**
 * A cover that prints the school's name as a picture leaves the title without its subject; the
 * report quotes its full title in 《》 (编制说明: 《西京学院2023届毕业生就业质量年度报告》).
 */
function quotedFullTitle(title: string, opening: string): string | null {
  const want = squeeze(title);
  if (want.length < 6) return null;
  for (const m of opening.matchAll(/《([^《》\n]{4,60})》/g)) {
    const q = squeeze(m[1]!);
    if (q.length > want.length && q.endsWith(want)) return m[1]!.replace(/\s+/g, '');
  }
  return null;
}

function nextIndex(blocks: Block[], i: number): number {
  for (let j = i + 1; j < blocks.length; j++) if (blocks[j]!.type === 'paragraph') return j;
  return -1;
}

function nextParagraph(blocks: Block[], i: number): string | undefined {
  const j = nextIndex(blocks, i);
  return j < 0 ? undefined : (blocks[j] as { text: string }).text;
}

/** How much of a document's text is searched for a quoted full title (the 编制说明 of a report is within its first pages). */
const QUOTE_SEARCH_CHARS = 12000;

function leadingText(blocks: Block[]): string {
  const out: string[] = [];
  let size = 0;
  for (const b of blocks) {
    if (size >= QUOTE_SEARCH_CHARS) break;
    if (b.type !== 'paragraph') continue;
    out.push(b.text);
    size += b.text.length;
  }
  return foldForMatch(out.join('\n'));
}

function openingText(blocks: Block[], firstHeading: number): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; i < blocks.length && size < 3000; i++) {
    const b = blocks[i]!;
    if (b.type !== 'paragraph' || b.hints.tocEntry) continue;
    if (i < firstHeading && [...b.text].length < 40) continue;
    out.push(b.text);
    size += b.text.length;
  }
  return foldForMatch(out.join('\n'));
}

// ---- region ---------------------------------------------------------------------------------

/** Administrative units, longest suffix first. */
const UNIT_SUFFIX = ['特别行政区', '自治区', '自治州', '自治县', '自治旗', '省', '市', '县', '区', '州', '盟', '旗'];
/** A place's own name: 2–4 characters (乌鲁木齐), up to 8 before 自治… (黔东南苗族侗族). */
const NAME_MAX = 4;
const AUTONOMOUS_NAME_MAX = 8;
/**
 * Characters a place name never holds: unit suffixes themselves (含县级市 is no place; 州 is not one of them: 柳州市), level and
 * scope words (级, 全, 本, 各, 该, 我, 某: 某市 is a placeholder), 年 (2023年周口市 → 周口市).
 */
const NOT_IN_NAME = /[省市县区级全本各该我某年届度含等和与及在对]/;
/** Words ending in 区/市 that name a kind of area, not a place. */
const AREA_WORDS = /^(?:示范|开发|试验|实验|保税|经济|功能|服务|自贸|高新|新|老|城|郊|校|园|社|片|景|山|辖|地|街|库|灾|牧|林|矿|港|保护|风景|旅游|产业|工业|商业|住宅|生活|办公|教学|核心|重点|贫困|民族|少数民族)$/;

/**
 * The chains of administrative units printed in `text` (上海市普陀区 → [上海市, 普陀区]). A chain
 * starts where a run of Chinese characters starts (after a digit, 年, punctuation or space).
 */
export function placeChains(text: string): string[][] {
  const out: string[][] = [];
  for (const run of foldForMatch(text).split(/[^\p{Script=Han}]+|(?<=年|届|级|度)/u)) {
    const chain: string[] = [];
    let p = 0;
    while (p < run.length) {
      const unit = unitAt(run, p);
      if (!unit) break;
      chain.push(unit);
      p += unit.length;
    }
    if (chain.length) out.push(chain);
  }
  return out;
}

/** Provinces as reports name them without their suffix (广西 for 广西壮族自治区): a unit of a chain all the same. */
const PROVINCE_SHORT = /^(?:内蒙古|黑龙江|北京|天津|上海|重庆|河北|山西|辽宁|吉林|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|广西|西藏|宁夏|新疆)/;

function unitAt(run: string, p: number): string | null {
  // A province's short name opening a chain (广西柳州市 → 广西, 柳州市), unless its own suffix follows (江苏省, 上海市).
  if (p === 0) {
    const prov = PROVINCE_SHORT.exec(run);
    if (prov && !UNIT_SUFFIX.some((x) => run.startsWith(x, prov[0].length)) && !/^(?:壮族|回族|维吾尔)/.test(run.slice(prov[0].length)) && unitAt(run.slice(prov[0].length), 0)) return prov[0];
  }
  for (let len = 2; len <= AUTONOMOUS_NAME_MAX && p + len < run.length; len++) {
    const name = run.slice(p, p + len);
    if (NOT_IN_NAME.test(name)) return null;
    for (const suffix of UNIT_SUFFIX) {
      if (!run.startsWith(suffix, p + len)) continue;
      if (suffix.length === 1 && len > NAME_MAX) continue;
      if (AREA_WORDS.test(name)) continue;
      // 州 followed by 市/县/区 is part of a name (柳州市, 郑州市), not a prefecture of its own.
      if (suffix === '州' && /[市县区]/.test(run[p + len + 1] ?? '')) continue;
      return name + suffix;
    }
  }
  return null;
}

/**
 * The place a report is about: the most specific unit of the first place printed in its title
 * (淮安市洪泽区人民政府… → 洪泽区), else in the name of the reporting body; failing both, a city
 * the opening paragraphs name again and again.
 */
function findRegion(title: string | null, institution: string | null, opening: string): string | null {
  for (const source of [title, institution]) {
    const chain = source ? placeChains(source)[0] : undefined;
    if (chain) return chain[chain.length - 1]!;
  }
  const counts = new Map<string, number>();
  for (const chain of placeChains(opening)) {
    const city = chain.find((u) => u.endsWith('市'));
    if (city) counts.set(city, (counts.get(city) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] >= 3 ? best[0] : null;
}

// ---- year -----------------------------------------------------------------------------------

const CN_DIGIT: Record<string, string> = { 〇: '0', 零: '0', '○': '0', Ｏ: '0', 一: '1', 二: '2', 三: '3', 四: '4', 五: '5', 六: '6', 七: '7', 八: '8', 九: '9' };
/** A year as printed: 2023, 二〇二三. Not a cohort (2020级) or graduating class (2023届): those are not the report's year. */
const YEAR = /((?:19|20)\d{2}|[二一][〇零○Ｏ一二三四五六七八九]{3})\s*年(?!\s*[级届])/;
/** A year alone in brackets after the title's kind: 质量年度报告（2023）. */
const BRACKET_YEAR = /[（(【]\s*((?:19|20)\d{2})\s*[）)】]/;
const DATE_LINE = /^[（(]?\s*(?:[^（）()：:]{0,8}[：:]\s*)?((?:19|20)\d{2}|[二一][〇零○Ｏ一二三四五六七八九]{3})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月(?:\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?\s*[）)]?$/;

function isDateLine(t: string): boolean {
  return DATE_LINE.test(foldForMatch(t).trim());
}

function yearNumber(s: string): number {
  return Number([...s].map((c) => CN_DIGIT[c] ?? c).join(''));
}

/**
 * The year a report covers: the year in its title (2023年…, （2024年度）, 二〇二四年); else the
 * year its first paragraph opens with (2023年，… / 2023年是…: statistical bulletins are dated the
 * year after); else the date printed on its cover (二〇二〇年八月, （本稿完成日期：2023年3月9日）).
 */
function findYear(title: string | null, cover: CoverLine[], blocks: Block[], firstHeading: number): number | null {
  const t = title ? YEAR.exec(foldForMatch(title)) ?? BRACKET_YEAR.exec(foldForMatch(title)) : null;
  if (t) return yearNumber(t[1]!);
  const first = blocks.find((b, i) => b.type === 'paragraph' && !b.hints.tocEntry && ([...b.text].length > COVER_LINE_MAX || /[。；]$/.test(b.text.trim())) && (firstHeading < 0 || i <= firstHeading + 3));
  const o = first?.type === 'paragraph' ? /^((?:19|20)\d{2})年(?:[，,]|是|度[，,])/.exec(foldForMatch(first.text)) : null;
  if (o) return Number(o[1]);
  for (const l of cover) {
    const d = DATE_LINE.exec(foldForMatch(l.text).trim());
    if (d) return yearNumber(d[1]!);
  }
  return null;
}

// ---- institution ----------------------------------------------------------------------------

const ORG_SUFFIX = '(?:人民政府|政府|委员会|管理局|调查队|办公室|研究院|研究所|职业技术大学|大学|学院|学校|中学|小学|中专|技校|中心|集团|公司|协会|学会|医院|局|厅)';
/** A cover line naming who reports: 预算主管部门：…, 编制单位：…, 报送单位：… */
const ORG_FIELD = /^(?:[\p{Script=Han}]{0,4}(?:主管部门|编制单位|报送单位|填报单位|发布单位|报告单位|单位名称|部门名称))\s*[：:]\s*(\S.*)$/u;
/** The title's subject when it is a body: the run of characters the title opens with, up to the first organization word. */
const TITLE_ORG = new RegExp(`^([\\p{Script=Han}]{2,24}?${ORG_SUFFIX})`, 'u');
/** A line that is only the names of bodies (黔东南州统计局  国家统计局黔东南调查队), perhaps with 发布/编制/印发. */
const ORG_LINE = new RegExp(`^((?:\\p{Script=Han}[\\p{Script=Han}（）()]{1,29}${ORG_SUFFIX}\\s*)+?)\\s*(?:发\\s*布|编\\s*制|印\\s*发|主\\s*办)?$`, 'u');

/** 某… names are placeholders (a made-up report), never a body's name. */
const placeholder = (s: string): boolean => /^某/.test(s);

/**
 * The body that reports: a 主管部门/编制单位 line of the cover; else the title's subject when it is
 * a body (洪泽区人民政府2023年…, 柳州职业技术学院“双高计划”…); else the subject of a feature's
 * ——写在…之际 subtitle; else a line under the title naming bodies (周口市统计局, 国家能源局 发布).
 */
function findInstitution(title: string | null, cover: CoverLine[], after: CoverLine[], titleLines: Set<CoverLine>, blocks: Block[]): string | null {
  for (const l of cover) {
    const m = ORG_FIELD.exec(foldForMatch(l.text));
    if (m && !placeholder(m[1]!)) return l.text.slice(l.text.length - m[1]!.length).trim();
  }
  if (title) {
    const m = TITLE_ORG.exec(foldForMatch(title));
    if (m && !placeholder(m[1]!) && placeChains(m[1]!).flat().join('') !== m[1]) return title.slice(0, m[1]!.length);
  }
  const head = blocks.findIndex((b, i) => i < COVER_BLOCKS && b.type === 'paragraph' && SUBTITLE.test(b.text.trim()));
  if (head >= 0) {
    const sub = (blocks[head] as { text: string }).text.trim().replace(SUBTITLE, '').replace(/^(?:在|于)/, '');
    const m = TITLE_ORG.exec(foldForMatch(sub));
    if (m && !placeholder(m[1]!)) return sub.slice(0, m[1]!.length);
  }
  // Under the title first (周口市统计局, 山东科技职业学院), then above it (a school's name over its report's title).
  const before = title && after.length < cover.length ? cover.slice(0, cover.length - after.length).filter((l) => !titleLines.has(l)) : [];
  for (const l of title ? [...after, ...before] : cover) {
    if (l.heading) continue;
    const t = l.text.trim();
    const m = ORG_LINE.exec(foldForMatch(t));
    if (m && !placeholder(m[1]!) && !KIND_WORDS.test(m[1]!)) return t.slice(0, m[1]!.trimEnd().length).replace(/\s+/g, ' ');
  }
  return null;
}

// ---- report type ----------------------------------------------------------------------------

/** Kinds of document, most specific first: the title's kind phrase → the name analysts filter by. */
const KINDS: Array<[RegExp, string | ((t: string) => string)]> = [
  [/就业质量.*报告/, '毕业生就业质量年度报告'],
  [/质量.*报告/, (t) => (/中等职业|中职/.test(t) ? '中等职业教育质量年度报告' : /高等职业|高职/.test(t) ? '高等职业教育质量年度报告' : '职业教育质量年度报告')],
  [/自评报告/, (t) => (/双高/.test(t) ? '“双高计划”中期自评报告' : '自评报告')],
  [/政府信息公开.*年度报告/, '政府信息公开工作年度报告'],
  [/统计公报/, '统计公报'],
  [/部门预算/, '部门预算'],
  [/部门决算/, '部门决算'],
  [/人才培养方案/, '人才培养方案'],
  [/编制说明/, '编制说明'],
  [/工作报告/, '工作报告'],
  [/年报|年度报告/, '年度报告'],
];

function findReportType(title: string | null): string | null {
  if (!title) return null;
  const t = foldForMatch(title);
  for (const [re, kind] of KINDS) if (re.test(t)) return typeof kind === 'string' ? kind : kind(t);
  return null;
}
