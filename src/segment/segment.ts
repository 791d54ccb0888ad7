// Block stream → chapter tree: title block, TOC, headings, and which section every block belongs to.
import type { Block, ParagraphBlock } from '../blocks.ts';
import { foldForMatch } from '../text/normalize.ts';
import { findFrontMatter, type FrontMatter } from './front.ts';
import { parseBareNumber, parseHeadingNumber } from '../text/numbering.ts';
import { headingCandidate, squeezeCjkSpaces, TOC_TITLE, WEAK_STYLES, type HeadingCandidate } from './headings.ts';
import { checkToc, tocEntry, type TocEntry } from './toc.ts';
import { buildTree, type SectionNode } from './tree.ts';

export interface SegmentWarning {
  code: string;
  message: string;
  blockIndex: number;
}

export interface Segmentation {
  front: FrontMatter;
  /** Sections in document order (inferred parents just before their first child). */
  sections: SectionNode[];
  /** For every block, the section it stands in (null before the first heading). */
  sectionOf: (SectionNode | null)[];
  /** Blocks that are headings, title or table of contents: not body text. */
  structural: Set<number>;
  toc: TocEntry[];
  warnings: SegmentWarning[];
}

export function segment(blocks: Block[]): Segmentation {
  const structural = new Set<number>();
  const toc: TocEntry[] = [];
  const candidates: HeadingCandidate[] = [];
  /** Paragraphs that open with a chapter-level number but read as sentences. */
  const numberedText: { blockIndex: number; key: string }[] = [];

  let tocUntil = -1;
  blocks.forEach((b, i) => {
    if (b.type !== 'paragraph' || i <= tocUntil) return;
    if (b.hints.tocEntry) {
      toc.push(tocEntry(i, b.hints.tocEntry.title, b.hints.tocEntry.page));
      structural.add(i);
      return;
    }
    if (TOC_TITLE.test(squeezeCjkSpaces(foldForMatch(b.text)))) {
      structural.add(i);
      const lines = tocWithoutLeaders(blocks, i);
      for (const j of lines) {
        toc.push(tocEntry(j, (blocks[j] as ParagraphBlock).text.trim(), ''));
        structural.add(j);
      }
      if (lines.length) tocUntil = lines[lines.length - 1]!;
      return;
    }
    const c = headingCandidate(b, i);
    if (c) candidates.push(c);
    else {
      const n = parseHeadingNumber(b.text);
      if (n && !WEAK_STYLES.has(n.key) && n.style !== 'appendix') numberedText.push({ blockIndex: i, key: n.key });
    }
  });
  dropStylelessListItems(blocks, candidates);
  keepSiblingsAlike(candidates, numberedText);
  typedWithoutDot(blocks, candidates);
  dropLabelAboveTitle(blocks, candidates);
  dropRestartingLists(candidates);

  const front = findFrontMatter(blocks, candidates.map((c) => c.blockIndex));
  for (const i of front.titleBlocks) structural.add(i);
  const { sections, warnings } = buildTree(candidates.filter((c) => !structural.has(c.blockIndex)));
  for (const s of sections) if (s.blockIndex >= 0) structural.add(s.blockIndex);
  borrowAppendixTitles(sections, blocks, structural);
  joinWrappedTitles(sections, blocks, structural);

  const sectionOf: (SectionNode | null)[] = new Array(blocks.length).fill(null);
  const byBlock = new Map(sections.filter((s) => s.blockIndex >= 0).map((s) => [s.blockIndex, s]));
  let current: SectionNode | null = null;
  for (let i = 0; i < blocks.length; i++) {
    current = byBlock.get(i) ?? current;
    sectionOf[i] = current;
  }

  const all: SegmentWarning[] = [...warnings, ...(toc.length ? checkToc(toc, sections) : [])];
  all.sort((a, b) => a.blockIndex - b.blockIndex);
  return { front, sections, sectionOf, structural, toc, warnings: all };
}

/** A title long enough to have filled a line, so that its end may have wrapped onto the next. */
const WRAPS_AT = 20;
/** The longest tail of a wrapped title taken from the next line. */
const WRAPPED_TAIL_MAX = 12;

/**
 * A heading wrapped onto a second line that the export made a paragraph of its own
 * (`第三部分 …2024年度部门决算` / `情况说明`): a long heading followed by a short fragment set in the
 * same type (bold, size or Word heading level, where the source says), with no number and no
 * punctuation, is one title. Without formatting evidence (text exports) nothing is joined.
 */
function joinWrappedTitles(sections: SectionNode[], blocks: Block[], structural: Set<number>): void {
  for (const s of sections) {
    if (s.blockIndex < 0 || s.runIn || [...s.title].length < WRAPS_AT) continue;
    const head = blocks[s.blockIndex] as ParagraphBlock;
    const next = blocks[s.blockIndex + 1];
    if (next?.type !== 'paragraph' || structural.has(s.blockIndex + 1)) continue;
    const t = next.text.trim();
    if (!t || [...t].length > WRAPPED_TAIL_MAX || /[\p{P}\d]/u.test(foldForMatch(t)) || parseHeadingNumber(t)) continue;
    const a = head.hints;
    const b = next.hints;
    const sameType = (a.bold === true && b.bold === true) || (a.styleLevel !== undefined && a.styleLevel === b.styleLevel);
    if (!sameType || a.fontRatio !== b.fontRatio) continue;
    s.title += t;
    structural.add(s.blockIndex + 1);
  }
}

/** "附件1" alone on its line is titled by the short line under it (often 《…》). */
function borrowAppendixTitles(sections: SectionNode[], blocks: Block[], structural: Set<number>): void {
  for (const s of sections) {
    if (s.numberInfo?.style !== 'appendix' || s.title) continue;
    const next = blocks.findIndex((b, i) => i > s.blockIndex && b.type === 'paragraph');
    const b = blocks[next];
    const t = b?.type === 'paragraph' ? b.text.trim() : '';
    if (t && [...t].length <= 60 && !/[。；]/.test(t.replace(/《[^》]*》/g, '')) && !structural.has(next)) {
      s.title = t;
      structural.add(next);
    }
  }
}

const comparable = (s: string) => foldForMatch(s).replace(/[\s*]/g, '');
/** Running text, as opposed to the short lines of a title block, a cover or a TOC. */
function isBodyParagraph(b: Block): boolean {
  if (b.type !== 'paragraph') return false;
  const t = foldForMatch(b.text.trim());
  const n = [...t].length;
  return /[。！？]/.test(t) || (n > 30 && /[，；]/.test(t)) || n > 80;
}

/**
 * A table of contents printed without dot leaders or page numbers (common in PDFs of government
 * reports): the lines under a 目录 title up to where the body repeats the first of them. Where the
 * body never repeats it (its headings are worded differently), the TOC is its own page: the lines up
 * to the first page break. Returns the TOC lines' block indices, or none when neither bound exists.
 */
function tocWithoutLeaders(blocks: Block[], titleIndex: number): number[] {
  const lines: number[] = [];
  let pageEnd = -1;
  for (let j = titleIndex + 1; j < blocks.length; j++) {
    const b = blocks[j]!;
    if (b.type === 'pagebreak') {
      if (pageEnd < 0 && lines.length) pageEnd = lines.length;
      continue;
    }
    if (b.type !== 'paragraph') break;
    if (b.hints.tocEntry) return [];
    if (lines.length && comparable(b.text) === comparable((blocks[lines[0]!] as ParagraphBlock).text)) return lines;
    if (isBodyParagraph(b) && !parseHeadingNumber(b.text)) break;
    lines.push(j);
  }
  return pageEnd > 0 ? lines.slice(0, pageEnd) : [];
}

/**
 * A number typed without its dot ("3实施成效：…") is a heading when it stands between siblings
 * that have one: the nearest dotted decimals of the top level before and after it are N-1 and N+1.
 * A bare number anywhere else is a quantity ("3所学校…").
 */
function typedWithoutDot(blocks: Block[], candidates: HeadingCandidate[]): void {
  const dec1 = candidates.filter((c) => c.number?.key === 'dec1');
  if (dec1.length < 2) return;
  const added: HeadingCandidate[] = [];
  for (let k = 0; k + 1 < dec1.length; k++) {
    const before = dec1[k]!;
    const after = dec1[k + 1]!;
    const a = before.number!.ordinals[0]!;
    if (after.number!.ordinals[0] !== a + 2) continue;
    for (let i = before.blockIndex + 1; i < after.blockIndex; i++) {
      const b = blocks[i]!;
      if (b.type !== 'paragraph') continue;
      const n = parseBareNumber(b.text.trim());
      if (!n || n.ordinals[0] !== a + 1) continue;
      const c = headingCandidate(b, i, n);
      if (c) added.push(c);
      break;
    }
  }
  if (!added.length) return;
  candidates.push(...added);
  candidates.sort((x, y) => x.blockIndex - y.blockIndex);
}

/** Words that name a kind of document: a line holding one, in a title block, is the title. */
const DOCUMENT_KIND = /报告|方案|公报|年报|计划|规划|总结|说明|办法|意见|通知|标准|指南|纲要|白皮书|决算|预算/;

/**
 * A label printed above the report's title — 附件3 on a file that was an attachment, a file-number
 * line such as 2.年度报告 — is not the root of the tree. It is the first heading candidate, no body
 * text comes before it, what follows it up to the next heading is a title block (short lines, one of
 * them naming a kind of document: …人才培养方案, …质量年度报告), and nothing in the document
 * continues its numbering.
 */
function dropLabelAboveTitle(blocks: Block[], candidates: HeadingCandidate[]): void {
  const first = candidates[0];
  const next = candidates[1];
  if (!first?.number || !next || [...first.title].length > 20) return;
  if (blocks.slice(0, first.blockIndex).some(isBodyParagraph)) return;
  const between = blocks.slice(first.blockIndex + 1, next.blockIndex).filter((b): b is ParagraphBlock => b.type === 'paragraph' && !b.hints.tocEntry);
  if (between.some(isBodyParagraph) || !between.some((b) => [...b.text.trim()].length <= 40 && DOCUMENT_KIND.test(b.text))) return;
  const style = first.number.style === 'appendix' ? 'appendix' : first.number.key;
  if (candidates.slice(1).some((c) => (c.number?.style === 'appendix' ? 'appendix' : c.number?.key) === style)) return;
  candidates.shift();
}

/** Heading-styled paragraphs a Word file needs before its styles are taken as its way of marking headings. */
const STYLED_HEADINGS_MIN = 3;

/**
 * A Word file that marks its headings with heading styles or outline levels marks all of them so:
 * there, a paragraph numbered by a Word list but set in a body style is a list item
 * (`1) 本合同双方应加盖骑缝章。`, `2.3.1. Hardware Constraints` in a numbered list), not a heading.
 * Typed numbers are not touched: they carry no such evidence either way.
 */
function dropStylelessListItems(blocks: Block[], candidates: HeadingCandidate[]): void {
  const styled = blocks.filter((b) => b.type === 'paragraph' && b.hints.styleLevel !== undefined && !b.hints.tocEntry).length;
  if (styled < STYLED_HEADINGS_MIN) return;
  const kept = candidates.filter((c) => {
    const h = (blocks[c.blockIndex] as ParagraphBlock).hints;
    return !(h.listLabel !== undefined && h.styleLevel === undefined && c.number);
  });
  candidates.splice(0, candidates.length, ...kept);
}

/**
 * Numbered paragraphs of one level under one heading are written one way, and a reader takes them
 * as a set:
 * - where some of them are plainly sentences (too long for a title, or a statement), the numbers
 *   number paragraphs of text (the untitled clauses of a standard: `5.2.1 PSR一般每十年左右时间开展一次。…`
 *   beside `5.2.2 定期安全评价所需的…，如果…。`), so a short first sentence closed by 。 among them is
 *   a sentence too, not a run-in title; a title standing alone on its line stays a heading;
 * - a list-like item closed by 。 (tentative) is a heading only where a sibling is one without doubt
 *   (`3）用“评价依据”取代“安全基准”。` between `2）…` and `4）…`), and body text among body text.
 * Siblings are the paragraphs of one numbering key with no other heading between them.
 */
function keepSiblingsAlike(candidates: HeadingCandidate[], numberedText: { blockIndex: number; key: string }[]): void {
  type Item = { blockIndex: number; key: string; c?: HeadingCandidate };
  const items: Item[] = [
    ...candidates.map((c) => ({ blockIndex: c.blockIndex, key: c.number?.key ?? '', c })),
    ...numberedText,
  ].sort((a, b) => a.blockIndex - b.blockIndex);
  const drop = new Set<HeadingCandidate>();
  let run: Item[] = [];
  const close = () => {
    const heads = run.filter((x) => x.c).map((x) => x.c!);
    if (run.some((x) => !x.c)) for (const c of heads) if (c.sentenceClosed) drop.add(c);
    if (!heads.some((c) => !c.tentative && !drop.has(c))) for (const c of heads) if (c.tentative) drop.add(c);
    run = [];
  };
  for (const x of items) {
    // Only another heading ends a run; a numbered sentence of another level does not.
    if (run.length && x.key !== run[0]!.key && x.c) close();
    if (x.key && (run.length === 0 || x.key === run[0]!.key)) run.push(x);
  }
  close();
  if (!drop.size) return;
  const kept = candidates.filter((c) => !drop.has(c));
  candidates.splice(0, candidates.length, ...kept);
}

/**
 * Headings restart their numbering only under a new parent heading. A run of list-like numbers
 * (1) 2) 1) 2) 3), with no other heading between them, that starts over is a list nested under
 * items that are not headings (a) b) …): body text, all of it.
 */
function dropRestartingLists(candidates: HeadingCandidate[]): void {
  const drop = new Set<HeadingCandidate>();
  let run: HeadingCandidate[] = [];
  const close = () => {
    const restarts = run.some((c, k) => k > 0 && c.number!.ordinals[0]! <= run[k - 1]!.number!.ordinals[0]!);
    if (restarts) for (const c of run) drop.add(c);
    run = [];
  };
  for (const c of candidates) {
    const key = c.number?.key;
    if (run.length && key !== run[0]!.number!.key) close();
    if (key && WEAK_STYLES.has(key)) run.push(c);
  }
  close();
  if (!drop.size) return;
  const kept = candidates.filter((c) => !drop.has(c));
  candidates.splice(0, candidates.length, ...kept);
}
