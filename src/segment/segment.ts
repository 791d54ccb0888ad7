// Block stream → chapter tree: title block, TOC, headings, and which section every block belongs to.
import type { Block } from '../blocks.ts';
import { foldForMatch } from '../text/normalize.ts';
import { findFrontMatter, type FrontMatter } from './front.ts';
import { headingCandidate, squeezeCjkSpaces, TOC_TITLE, type HeadingCandidate } from './headings.ts';
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

  blocks.forEach((b, i) => {
    if (b.type !== 'paragraph') return;
    if (b.hints.tocEntry) {
      toc.push(tocEntry(i, b.hints.tocEntry.title, b.hints.tocEntry.page));
      structural.add(i);
      return;
    }
    if (TOC_TITLE.test(squeezeCjkSpaces(foldForMatch(b.text)))) {
      structural.add(i);
      return;
    }
    const c = headingCandidate(b, i);
    if (c) candidates.push(c);
  });

  const front = findFrontMatter(blocks, candidates[0]?.blockIndex ?? -1);
  for (const i of front.titleBlocks) structural.add(i);
  const { sections, warnings } = buildTree(candidates.filter((c) => !structural.has(c.blockIndex)));
  for (const s of sections) if (s.blockIndex >= 0) structural.add(s.blockIndex);
  borrowAppendixTitles(sections, blocks, structural);

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
