// Footnotes and endnotes (word/footnotes.xml, word/endnotes.xml). A note is not running text: its
// reference mark stands in a paragraph, its text at the page foot or the document end. The loader
// keeps each note with the paragraph that cites it (blocks.ts `notes`), and never as body text.
import type { Note } from '../../blocks.ts';
import { formatNumber } from './number-format.ts';
import { attr, child, elements, isElement, parseXml, type XNode } from './xml.ts';

export type NoteKind = 'footnote' | 'endnote';

/** The text of every note of one part by its w:id; separators and continuation notices are skipped. */
export function readNotes(xml: string | null, kind: NoteKind): Map<string, string> {
  const out = new Map<string, string>();
  if (!xml) return out;
  const root = child(parseXml(xml), `w:${kind}s`);
  for (const note of elements(root, `w:${kind}`)) {
    const id = attr(note, 'w:id');
    const type = attr(note, 'w:type');
    if (id === undefined || (type !== undefined && type !== 'normal')) continue;
    const paragraphs = elements(note, 'w:p').map((p) => textOf(p).replace(/[ \t]+/g, ' ').trim()).filter(Boolean);
    out.set(id, paragraphs.join('\n'));
  }
  return out;
}

// Deleted text, field codes and the note's own mark (w:footnoteRef) are not what the note says.
const SKIP = new Set(['w:del', 'w:moveFrom', 'w:delText', 'w:instrText', 'w:rPr', 'w:pPr', 'w:footnoteRef', 'w:endnoteRef']);

function textOf(n: XNode): string {
  let s = '';
  for (const c of n.children ?? []) {
    if (!isElement(c) || SKIP.has(c.name)) continue;
    if (c.name === 'w:t') s += (c.children ?? []).map((t) => t.data ?? '').join('');
    else if (c.name === 'w:tab') s += ' ';
    else if (c.name === 'w:br') s += '\n';
    else s += textOf(c);
  }
  return s;
}

/**
 * Numbers note references in document order, as Word prints them by default: footnotes 1, 2, 3…,
 * endnotes i, ii, iii…. A reference with w:customMarkFollows prints the text of its run instead.
 */
export class NoteMarks {
  private readonly count: Record<NoteKind, number> = { footnote: 0, endnote: 0 };

  constructor(private readonly texts: Record<NoteKind, Map<string, string>>) {}

  /** The note a w:footnoteReference / w:endnoteReference element cites, or null for a separator. */
  cite(ref: XNode, kind: NoteKind, runText: string): Note | null {
    const id = attr(ref, 'w:id');
    const text = id === undefined ? undefined : this.texts[kind].get(id);
    if (text === undefined) return null;
    const custom = attr(ref, 'w:customMarkFollows');
    const customOn = custom !== undefined && !['0', 'false', 'off'].includes(custom);
    const n = ++this.count[kind];
    const mark = customOn && runText.trim() ? runText.trim() : kind === 'footnote' ? String(n) : formatNumber(n, 'lowerRoman');
    return { mark, text };
  }
}
