// Which paragraphs are headings. Numbering is the main evidence; formatting hints only break ties,
// because exports lose or invent them (markdown `#` levels from PDF converters are often wrong).
import type { ParagraphBlock } from '../blocks.ts';
import { foldForMatch } from '../text/normalize.ts';
import { chineseToInt, parseHeadingNumber, type HeadingNumber } from '../text/numbering.ts';

export interface HeadingCandidate {
  blockIndex: number;
  /** null for unnumbered front/back matter such as 前言, 引言, 结语. */
  number: HeadingNumber | null;
  title: string;
  /** Body text that followed the title in the same paragraph ("3.2.1课程改革。落实…"). */
  runIn: string | null;
  /** Heading level from a Word style or outline level, where the source had one. */
  styleLevel?: number;
  /** 前言, 引言, 结语…: unnumbered, always at the top level. */
  front?: boolean;
  /** The title was closed by 。 (a run-in heading or a phrase alone with its full stop). */
  sentenceClosed?: boolean;
  /** A list-like number before a phrase closed by 。 (`3）用“评价依据”取代“安全基准”。`): a heading only among sibling headings. */
  tentative?: boolean;
  /**
   * The number is the label Word draws for a heading style from a multilevel list: the author chose
   * where it starts (a report's part three numbers its chapters 3, 4), so a first number other than 1
   * is neither a list in body text nor a gap.
   */
  wordNumbered?: boolean;
}

const FRONT_MATTER = /^(前言|引言|序言|导言|结语|结束语|后记|摘要)$/;
export const TOC_TITLE = /^(目录|目次)$/;

/** Styles that body text uses for lists as often as for headings. */
export const WEAK_STYLES = new Set(['dec1', 'num-paren', 'num-rparen', 'circled']);

const MAX_TITLE: Record<string, number> = { dec: 160, appendix: 80, 'num-paren': 40, 'num-rparen': 40, circled: 40 };
const DEFAULT_MAX_TITLE = 60;

/**
 * Longest run-in title: the phrase before the first 。 or ： of a numbered paragraph. Run-in titles
 * in real reports run to about 26 characters (seed 001: 积极推进国家产教融合型城市试点，深化产教融合
 * 校企合作); a longer first sentence is the body itself.
 */
const RUN_IN_MAX = 30;
const RUN_IN_MAX_WEAK = 20;

/**
 * PDF text set clearly smaller than the body is a table cell, a footnote or a chart label: a
 * heading is never printed smaller than the text it heads.
 */
const SMALLER_THAN_BODY = 0.9;

/** "前  言" and "目 录" are letter-spaced single words; a space between two phrases stays. */
export function squeezeCjkSpaces(s: string): string {
  const t = s.trim();
  return /^(?:\p{Script=Han}\s+)+\p{Script=Han}$/u.test(t) && [...t.replace(/\s+/g, '')].length <= 6 ? t.replace(/\s+/g, '') : t;
}

/** Position of the first character of `marks` outside brackets and quotes, or -1. */
function firstOutsideBrackets(s: string, marks: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if ('《（(“‘【「'.includes(c)) depth++;
    else if ('》）)”’】」'.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && marks.includes(c)) return i;
  }
  return -1;
}

const SENTENCE_END = '。！？!?';
const COLON = '：:';

/**
 * A title that ends in a figure ("一般公共预算财政拨款收入 9746.50", "社会保障和就业支出754.75") is a
 * table row whose cells the export ran together; one that ends in an amount ("公务接待费1.00万元")
 * states a fact. Neither is a heading: headings name things, they do not state amounts.
 */
const ENDS_IN_FIGURE = /\p{Script=Han}\s*[-+]?\d[\d,]*\.\d+%?$|\p{Script=Han}\s+[-+]?\d[\d,]*%?$|\d(?:万|亿)?(?:元|人次|人|%|％)$/u;

/**
 * Several numbered items run together in one paragraph ("四、上级补助收入五、事业收入六、…",
 * "5．…表6．…表"): the next sibling's number inside the title means this is a list or a table row
 * the export joined, not one heading.
 */
function holdsNextSibling(n: HeadingNumber, foldedTitle: string): boolean {
  const next = n.ordinals[n.ordinals.length - 1]! + 1;
  if (n.style === 'cn') {
    for (const m of foldedTitle.matchAll(/([一二三四五六七八九十]+)、/g)) if (chineseToInt(m[1]!) === next) return true;
  } else if (n.style === 'dec' && n.depth === 1) {
    for (const m of foldedTitle.matchAll(/(?<![\d.])(\d{1,2})[.、](?!\d)/g)) if (Number(m[1]) === next) return true;
  } else if (n.style === 'cn-paren') {
    for (const m of foldedTitle.matchAll(/[（(]([一二三四五六七八九十]+)[）)]/g)) if (chineseToInt(m[1]!) === next) return true;
  }
  return false;
}

interface RunInSplit {
  titleEnd: number;
  bodyStart: number;
  sentenceClosed?: boolean;
  tentative?: boolean;
}

/**
 * Splits a numbered paragraph into its title and the body that runs on after it. Returns null when
 * the paragraph is a numbered sentence rather than a heading.
 *
 * After a chapter-level number (一、 （一） 1.1 第一章) a short phrase closed by 。 with the body
 * following in the same paragraph is a run-in heading: `（一）主动公开情况。本机关…`, `3.2.1课程改革。落实…`;
 * the phrase alone, closed by 。, is a heading too (`（三）政府信息管理情况。`). A longer first sentence
 * is body text under a number. After any number, a short phrase closed by ： and followed by
 * sentences is a run-in heading (`3实施成效：…。`, `一、财政拨款收入：指…。` in a glossary); followed by
 * a phrase only, the colon joins a title and its subtitle (`1. 学生和家长认可：学生在“双高”建设中受益增值`,
 * `（二）专业代码：630701`) and the line is one title. List-like numbers (1. （1） ① 1）) number
 * sentences as often as headings: one followed by sentences is a numbered sentence
 * (`（1）突破关键环节，提高学校治理能力。…`), and a short phrase closed by 。 alone is tentative, a heading
 * only among sibling headings (segment.ts).
 */
function splitRunIn(n: HeadingNumber, folded: string): RunInSplit | null {
  const weak = WEAK_STYLES.has(n.key);
  const max = weak ? RUN_IN_MAX_WEAK : RUN_IN_MAX;
  const end = firstOutsideBrackets(folded, SENTENCE_END);
  const colon = firstOutsideBrackets(folded, COLON);
  const phrase = (head: string) => head.length > 0 && [...head].length <= max && !/[，,；;]/.test(head);

  if (colon >= 0 && (end < 0 || colon < end)) {
    const head = folded.slice(0, colon).trim();
    const tail = folded.slice(colon + 1).trim();
    // "…具体内容为：" closing a long sentence introduces a list: the paragraph is text.
    if (!tail) return phrase(head) ? { titleEnd: colon, bodyStart: colon + 1 } : null;
    if (end > colon && phrase(head)) return { titleEnd: colon, bodyStart: colon + 1 };
    if (end < 0) return { titleEnd: folded.length, bodyStart: folded.length };
  }
  if (end < 0) return { titleEnd: folded.length, bodyStart: folded.length };
  const head = folded.slice(0, end).trim();
  const tail = folded.slice(end + 1).trim();
  // An appendix named in a sentence ("附录B给出了…。") is a reference, not a heading.
  if (n.style === 'appendix') return null;
  // A colon inside the first sentence makes it a statement ("事业收入：指…的收入。"), not a title.
  if (!head || [...head].length > max || firstOutsideBrackets(head, COLON) >= 0) return null;
  if (weak) return !tail && phrase(head) ? { titleEnd: end, bodyStart: end + 1, sentenceClosed: true, tentative: true } : null;
  return { titleEnd: end, bodyStart: end + 1, sentenceClosed: true };
}

/** 《title》 followed by a date (2022.4.29, 2022年4月, 2022-04-29): a cited work. */
const CITATION = /^\s*《[^》]+》\s*[,，.。]?\s*(?:19|20)\d{2}\s*[.\-/年]\s*\d/;

/**
 * The heading a paragraph is, if any: its number (parsed from the text unless given), title and
 * run-in body. Null for body text.
 */
export function headingCandidate(block: ParagraphBlock, blockIndex: number, number?: HeadingNumber): HeadingCandidate | null {
  const text = block.text.trim();
  const folded = foldForMatch(text);
  const squeezed = squeezeCjkSpaces(folded);
  if (FRONT_MATTER.test(squeezed)) return { blockIndex, number: null, title: squeezed, runIn: null, front: true };
  if (block.hints.fontRatio !== undefined && block.hints.fontRatio < SMALLER_THAN_BODY) return null;

  const n = number ?? parseHeadingNumber(text);
  // A markdown `#` line is evidence like a Word heading style: it makes an unnumbered line a
  // heading at its level; where there is a number, the number decides (`#` levels of converted PDFs are unreliable).
  const styleLevel = block.hints.styleLevel ?? (n ? undefined : block.hints.markdownLevel);
  if (!n) {
    // A Word heading style without a number is a heading too, if it reads like one.
    if (styleLevel === undefined || firstOutsideBrackets(folded, SENTENCE_END) >= 0 || [...text].length > DEFAULT_MAX_TITLE || /[，,；;、]$/.test(folded)) return null;
    return { blockIndex, number: null, title: squeezeCjkSpaces(text), runIn: null, styleLevel };
  }
  const rest = n.rest;
  const foldedRest = foldForMatch(rest);
  // A numbered entry citing a work by its 《title》 and date (相关研究, 参考文献) is an item of a reference list.
  if (CITATION.test(foldedRest)) return null;
  const split = splitRunIn(n, foldedRest);
  if (!split) return null;
  let title = rest.slice(0, split.titleEnd).trim();
  const foldedTitle = foldedRest.slice(0, split.titleEnd).trim();
  const runIn = rest.slice(split.bodyStart).trim() || null;

  if (/[，,；;、]$/.test(foldedTitle)) return null;
  if (!title && n.style !== 'appendix') return null;
  if ([...title].length > (MAX_TITLE[n.style] ?? DEFAULT_MAX_TITLE)) return null;
  if (n.style !== 'appendix' && ENDS_IN_FIGURE.test(foldedTitle)) return null;
  if (holdsNextSibling(n, foldedTitle)) return null;
  title = squeezeCjkSpaces(title);
  const label = block.hints.listLabel;
  const wordNumbered = styleLevel !== undefined && label !== undefined && text.startsWith(label) && foldForMatch(label).startsWith(foldForMatch(n.printed));
  return {
    blockIndex, number: n, title, runIn,
    ...(styleLevel !== undefined ? { styleLevel } : {}),
    ...(wordNumbered ? { wordNumbered } : {}),
    ...(split.sentenceClosed ? { sentenceClosed: true } : {}),
    ...(split.tentative ? { tentative: true } : {}),
  };
}
