// One-cell tables: how Word (and the text exports made from it) draws a framed box. Every loader
// gives such a frame as a TableBlock whose rows hold a single cell; the box's paragraphs are the
// cell's lines.
import type { Block, LoadedDocument, Span, TableBlock } from '../blocks.ts';
import { foldForMatch } from '../text/normalize.ts';

export interface FrameLine {
  /** The line without its image marker. */
  text: string;
  span: Span;
  /** Reference of an `[image: …]` marker the text export left on the line. */
  image?: string;
}

// Text exports keep the markers on a cell's TAB line; the loader strips them only outside tables.
const IMAGE_MARKER = /\[image:\s*(.*?)\]/;

export function isFrameTable(b: Block | undefined): b is TableBlock {
  return b?.type === 'table' && b.rows.length > 0 && b.rows.every((r) => r.cells.length === 1);
}

/** The non-empty lines of all cells, each with the narrowest span that can be found for it. */
export function frameLines(doc: LoadedDocument, t: TableBlock): FrameLine[] {
  const out: FrameLine[] = [];
  for (const row of t.rows) {
    const cell = row.cells[0]!;
    let from = cell.span.charStart;
    for (const raw of cell.text.split('\n')) {
      const line = raw.trim();
      const image = IMAGE_MARKER.exec(line)?.[1]?.trim();
      const text = line.replace(IMAGE_MARKER, '').trim();
      if (!text && !image) continue;
      const span = locate(doc.text, cell.span, line, from);
      if (span !== cell.span) from = span.charEnd;
      out.push(image ? { text, span, image } : { text, span });
    }
  }
  return out;
}

// Offsets of a line inside its cell; the whole cell when the loader changed the text (noise removed).
function locate(text: string, cell: Span, line: string, from: number): Span {
  const at = text.indexOf(foldForMatch(line), from);
  if (at < 0 || at + line.length > cell.charEnd) return cell;
  const span: Span = { ...cell, charStart: at, charEnd: at + line.length };
  if (cell.lineStart !== undefined) {
    const lineNo = cell.lineStart + countNewlines(text, cell.charStart, at);
    span.lineStart = lineNo;
    span.lineEnd = lineNo;
  }
  return span;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}
