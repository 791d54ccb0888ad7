// Captions written inside the cells of a one-cell frame (a 案例 box from Word): lines of a cell,
// not blocks, so the figure stage reads them from the frame.
import type { Span } from '../blocks.ts';
import { frameLines, isFrameTable } from '../cases/frame.ts';
import { mergeSpans, type RecordContext } from '../records/build.ts';
import type { SectionNode } from '../segment/tree.ts';
import { parseCaption } from './captions.ts';

export interface Found {
  number: string | null;
  caption: string;
  image: string | null;
  span: Span;
  section: SectionNode | null;
}

/** Each caption line with the `[image: …]` marker on it or on the line before, if any. */
export function frameCaptions(ctx: RecordContext, i: number): Found[] {
  const t = ctx.doc.blocks[i];
  if (!isFrameTable(t)) return [];
  const out: Found[] = [];
  let image: { ref: string; span: Span } | null = null;
  for (const line of frameLines(ctx.doc, t)) {
    const caption = parseCaption(line.text);
    const ref = line.image ?? null;
    if (caption) {
      const img = image ?? (ref ? { ref, span: line.span } : null);
      out.push({ ...caption, image: img?.ref ?? null, span: img ? mergeSpans(img.span, line.span) : line.span, section: ctx.seg.sectionOf[i] ?? null });
      image = null;
    } else {
      image = ref ? { ref, span: line.span } : null;
    }
  }
  return out;
}

