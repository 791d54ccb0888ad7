// Lines of one region → paragraphs. A paragraph ends at extra line spacing, a change of size, a
// short last line, a first-line indent, a numbered/bulleted start after a sentence end, and at
// tab-separated (tabular) and table-of-contents lines, which stand alone. A change of weight alone
// does not end one: a full-width bold line is emphasis inside a paragraph more often than a heading.
import { joinWrapped } from '../../text/normalize.ts';
import { FIELD_GAP_EM } from './lines.ts';
import type { Box, Line } from './types.ts';

export interface Para {
  lines: Line[];
  text: string;
  page: number;
  pageEnd: number;
  box: Box;
  /** Edges of the region the paragraph was set in, on its first and last page. */
  left: number;
  right: number;
  lastRight: number;
  toc?: { title: string; page: string };
}

export interface LayoutStats {
  /** Usual baseline distance between lines of one paragraph at this font size. */
  pitch(size: number): number;
}

const TOC = /^(.*?\S)\s*(?:(?:[.．·•‥⋯_]\s*){3,}|(?:…\s*){2,})\s*(\d{1,4}|[ivxlcdmIVXLCDM]{1,6})$/;
/** Bullets and the numbering styles of Chinese reports at the start of a line. */
export const MARKER = /^(?:[•●◆◇■□▪▶►★☆➢✓√]|第[一二三四五六七八九十百零〇\d]+[章节篇部分条]|[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、．]|\d{1,2}\.(?!\d)|\d{1,2}(?:\.\d{1,2}){1,3}\.?\s*(?=\p{Script=Han})|[①-⑳]|[表图]\s*\d)/u;
const SENTENCE_END = /[。！？!?；;：:]$/;

export function tocOf(text: string): { title: string; page: string } | undefined {
  const m = TOC.exec(text);
  return m ? { title: m[1]!.replace(/\s+/g, ' ').trim(), page: m[2]! } : undefined;
}

export function isBold(l: { chars: number; boldChars: number }): boolean {
  return l.chars > 0 && l.boldChars >= 0.6 * l.chars;
}

/** The line reaches the right edge, or the next line's first Latin word would not have fitted after it. */
export function isFull(l: Line, right: number, next?: Line): boolean {
  if (l.x1 >= right - 1.5 * l.size) return true;
  const word = next && /[A-Za-z0-9]$/.test(l.text) && !MARKER.test(next.text) ? /^[A-Za-z0-9.,%\-+/]+/.exec(next.text)?.[0] : undefined;
  return word !== undefined && l.x1 + (word.length + 1) * 0.55 * l.size >= right;
}

export function isIndented(l: Line, left: number): boolean {
  return l.x0 - left >= 0.9 * l.size;
}

export function breaksBetween(a: Line, b: Line, left: number, right: number, stats: LayoutStats | null): boolean {
  const big = Math.max(a.size, b.size);
  if (Math.abs(a.size - b.size) > 0.12 * big) return true;
  if (a.maxGapEm > FIELD_GAP_EM || b.maxGapEm > FIELD_GAP_EM) return true;
  if (tocOf(a.text)) return true;
  if (stats && b.base - a.base > 1.35 * stats.pitch(a.size) + 0.5) return true;
  if (!isFull(a, right, b)) return true;
  if (b.x0 >= a.x1) return true;
  const hanging = MARKER.test(a.text) && b.x0 > a.x0 && b.x0 - a.x0 <= 4 * a.size;
  if (isIndented(b, left) && b.x0 > a.x0 + 0.5 * a.size && !hanging) return true;
  if (MARKER.test(b.text) && SENTENCE_END.test(a.text)) return true;
  return false;
}

export function buildParagraphs(lines: readonly Line[], page: number, left: number, right: number, stats: LayoutStats): Para[] {
  const out: Para[] = [];
  let cur: Line[] = [];
  const flush = () => {
    if (cur.length) out.push(makePara(cur, page, left, right));
    cur = [];
  };
  for (const l of lines) {
    const prev = cur[cur.length - 1];
    if (prev && breaksBetween(prev, l, left, right, stats)) flush();
    cur.push(l);
  }
  flush();
  return out;
}

export function makePara(lines: Line[], page: number, left: number, right: number): Para {
  let text = '';
  for (const l of lines) text = joinWrapped(text, l.text);
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  for (const l of lines) {
    box[0] = Math.min(box[0], l.x0);
    box[1] = Math.min(box[1], l.top);
    box[2] = Math.max(box[2], l.x1);
    box[3] = Math.max(box[3], l.bottom);
  }
  const p: Para = { lines, text, page, pageEnd: page, box, left, right, lastRight: right };
  const toc = lines.length <= 2 ? tocOf(text) : undefined;
  if (toc) p.toc = toc;
  return p;
}

/**
 * Whether `b` (first paragraph of the next column or page) carries on `a` (the last one before it).
 * `indentStyle`: the document starts its paragraphs with an indent, so an unindented line after a
 * full one continues even across a sentence end.
 */
export function continues(a: Para, b: Para, indentStyle: boolean): boolean {
  if (a.toc || b.toc) return false;
  const last = a.lines[a.lines.length - 1]!;
  const first = b.lines[0]!;
  if (Math.abs(last.size - first.size) > 0.12 * Math.max(last.size, first.size)) return false;
  if (isBold(last) !== isBold(first)) return false;
  if (last.maxGapEm > FIELD_GAP_EM || first.maxGapEm > FIELD_GAP_EM) return false;
  if (!isFull(last, a.lastRight, first)) return false;
  if (isIndented(first, b.left)) return false;
  if (MARKER.test(first.text)) return false;
  if (/[。！？!?]$/.test(last.text) && !indentStyle) return false;
  return true;
}

export function joinParas(a: Para, b: Para): Para {
  const samePage = a.page === b.page;
  return {
    lines: [...a.lines, ...b.lines],
    text: joinWrapped(a.text, b.text),
    page: a.page,
    pageEnd: b.pageEnd,
    box: samePage ? [Math.min(a.box[0], b.box[0]), Math.min(a.box[1], b.box[1]), Math.max(a.box[2], b.box[2]), Math.max(a.box[3], b.box[3])] : a.box,
    left: a.left,
    right: a.right,
    lastRight: b.lastRight,
  };
}
