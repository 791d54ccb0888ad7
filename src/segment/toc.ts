// The printed table of contents is a second opinion on the headings: it is never emitted as
// headings itself, but every disagreement with the body is reported.
import { foldForMatch } from '../text/normalize.ts';
import { numberKey, parseHeadingNumber } from '../text/numbering.ts';
import type { SectionNode } from './tree.ts';

export interface TocEntry {
  blockIndex: number;
  key: string | null;
  title: string;
  page: string;
}

export interface TocWarning {
  code: 'TOC_MISMATCH' | 'TOC_ENTRY_MISSING' | 'HEADING_NOT_IN_TOC';
  message: string;
  blockIndex: number;
}

export function tocEntry(blockIndex: number, title: string, page: string): TocEntry {
  const n = parseHeadingNumber(title);
  return { blockIndex, key: n ? numberKey(n) : null, title: n ? n.rest : title.trim(), page };
}

const comparable = (s: string) => foldForMatch(s).replace(/[\s*]/g, '');

/**
 * Walks the TOC and the body headings in order. The TOC lists only the top levels, so body headings
 * of deeper styles are not expected in it: the styles the TOC uses are taken from the matches found.
 */
export function checkToc(entries: TocEntry[], sections: SectionNode[]): TocWarning[] {
  const warnings: TocWarning[] = [];
  const body = sections.filter((s) => !s.inferred && s.numberInfo);
  const matchedStyles = new Set<string>();
  let j = 0;
  const pending: SectionNode[] = [];
  for (const e of entries) {
    const window = body.slice(j, j + 8);
    const exact = window.findIndex((s) => s.key === e.key && comparable(s.title) === comparable(e.title));
    const sameNumber = window.findIndex((s) => s.key === e.key);
    const hit = exact >= 0 ? exact : sameNumber;
    if (hit < 0) {
      warnings.push({ code: 'TOC_ENTRY_MISSING', message: `the table of contents lists "${e.key ?? ''} ${e.title}" (page ${e.page}) but no such heading was found in the body`, blockIndex: e.blockIndex });
      continue;
    }
    const s = window[hit]!;
    matchedStyles.add(s.numberInfo!.key);
    pending.push(...window.slice(0, hit));
    if (exact < 0) {
      warnings.push({ code: 'TOC_MISMATCH', message: `the table of contents has "${e.key} ${e.title}" where the body heading reads "${s.number} ${s.title}"`, blockIndex: s.blockIndex });
    }
    j += hit + 1;
  }
  for (const s of pending) {
    if (matchedStyles.has(s.numberInfo!.key)) {
      warnings.push({ code: 'HEADING_NOT_IN_TOC', message: `heading "${s.number} ${s.title}" is missing from the table of contents`, blockIndex: s.blockIndex });
    }
  }
  return warnings;
}
