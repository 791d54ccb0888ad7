// Which paragraphs are headings. Numbering is the main evidence; formatting hints only break ties,
// because exports lose or invent them (markdown `#` levels from PDF converters are often wrong).
import type { ParagraphBlock } from '../blocks.ts';
import { foldForMatch } from '../text/normalize.ts';
import { parseHeadingNumber, type HeadingNumber } from '../text/numbering.ts';

export interface HeadingCandidate {
  blockIndex: number;
  /** null for unnumbered front/back matter such as 前言, 引言, 结语. */
  number: HeadingNumber | null;
  title: string;
  /** Body text that followed the title on the same line ("3.2.1课程改革。落实…"). */
  runIn: string | null;
  /** Heading level from a Word style or outline level, where the source had one. */
  styleLevel?: number;
  /** 前言, 引言, 结语…: unnumbered, always at the top level. */
  front?: boolean;
}

const FRONT_MATTER = /^(前言|引言|序言|导言|结语|结束语|后记|摘要)$/;
export const TOC_TITLE = /^(目录|目次)$/;

/** Styles that body text uses for lists as often as for headings. */
export const WEAK_STYLES = new Set(['dec1', 'num-paren', 'circled']);

const MAX_TITLE: Record<string, number> = { dec: 160, appendix: 80, 'num-paren': 40, circled: 40 };
const DEFAULT_MAX_TITLE = 60;

/** "前  言" and "目 录" are letter-spaced single words; a space between two phrases stays. */
export function squeezeCjkSpaces(s: string): string {
  const t = s.trim();
  return /^(?:\p{Script=Han}\s+)+\p{Script=Han}$/u.test(t) && [...t.replace(/\s+/g, '')].length <= 6 ? t.replace(/\s+/g, '') : t;
}

/** Position of the first sentence end outside brackets and quotes, or -1. */
function sentenceEnd(s: string): number {
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i]!;
    if ('《（(“‘【「'.includes(c)) depth++;
    else if ('》）)”’】」'.includes(c)) depth = Math.max(0, depth - 1);
    else if (depth === 0 && '。！？!?'.includes(c)) return i;
  }
  return -1;
}

export function headingCandidate(block: ParagraphBlock, blockIndex: number): HeadingCandidate | null {
  const text = block.text.trim();
  const squeezed = squeezeCjkSpaces(foldForMatch(text));
  if (FRONT_MATTER.test(squeezed)) return { blockIndex, number: null, title: squeezed, runIn: null, front: true };

  const styleLevel = block.hints.styleLevel;
  const n = parseHeadingNumber(text);
  if (!n) {
    // A Word heading style without a number is a heading too, if it reads like one.
    if (styleLevel === undefined || sentenceEnd(text) >= 0 || [...text].length > DEFAULT_MAX_TITLE || /[，,；;、]$/.test(text)) return null;
    return { blockIndex, number: null, title: squeezeCjkSpaces(text), runIn: null, styleLevel };
  }
  let title = n.rest;
  let runIn: string | null = null;

  const end = sentenceEnd(title);
  if (end >= 0) {
    const head = title.slice(0, end);
    const tail = title.slice(end + 1).trim();
    // Only dotted decimals carry run-in headings; "（1）…。…" and "1.…。…" are numbered sentences.
    if (n.style === 'dec' && n.depth >= 2 && [...head].length <= 30 && tail) {
      title = head;
      runIn = tail;
    } else if (tail || n.style !== 'dec' || n.depth < 2) {
      return null;
    }
  }
  if (/[，,；;、]$/.test(title)) return null;
  if (!title && n.style !== 'appendix') return null;
  if ([...title].length > (MAX_TITLE[n.style] ?? DEFAULT_MAX_TITLE)) return null;
  return { blockIndex, number: n, title: squeezeCjkSpaces(title.replace(/[。]$/, '')), runIn, ...(styleLevel !== undefined ? { styleLevel } : {}) };
}
