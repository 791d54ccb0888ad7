// Figure stage: image placeholders and 图… captions → figure records. An image pairs with the
// caption right after it; an image without one is a figure with caption ""; a caption without an
// image is a figure with image null.
//
// Every figure gets a record, also one shown inside a 案例 box: the case lists its captions in
// `figures` but leaves caption and image blocks to this stage, so a reader finds all figures of a
// report in one place. A caption written inside a one-cell frame (a 案例 box) is no block of its
// own: it is read from the cells of the taken frame, which itself stays taken.
import { isFrameTable } from '../cases/frame.ts';
import { mergeSpans, type RecordContext, type StageOutput } from '../records/build.ts';
import type { FigureRecord } from '../schema/records.ts';
import { parseCaption, type Caption } from './captions.ts';
import { frameCaptions, type Found } from './frames.ts';

export function extractFigures(ctx: RecordContext, taken: Set<number>): StageOutput {
  const { blocks } = ctx.doc;
  const found: Found[] = [];
  const consumed = new Set<number>();
  const sectionOf = (i: number) => ctx.seg.sectionOf[i] ?? null;

  let pendingImage: number | null = null;
  const flushImage = () => {
    if (pendingImage === null) return;
    const b = blocks[pendingImage]!;
    if (b.type === 'image') found.push({ number: null, caption: '', image: b.ref, span: b.span, section: sectionOf(pendingImage) });
    consumed.add(pendingImage);
    pendingImage = null;
  };

  for (let i = 0; i < blocks.length; i++) {
    const b = blocks[i]!;
    if (b.type === 'pagebreak') continue;
    if (isFrameTable(b) && taken.has(i)) {
      flushImage();
      found.push(...frameCaptions(ctx, i));
      continue;
    }
    if (taken.has(i)) { flushImage(); continue; }
    if (b.type === 'image') {
      flushImage();
      pendingImage = i;
      continue;
    }
    const caption: Caption | null = b.type === 'paragraph' && !ctx.seg.structural.has(i) ? parseCaption(b.text) : null;
    if (caption) {
      const img = pendingImage !== null ? blocks[pendingImage]! : null;
      found.push({
        ...caption,
        image: img?.type === 'image' ? img.ref : null,
        span: img ? mergeSpans(img.span, b.span) : b.span,
        section: sectionOf(i),
      });
      if (pendingImage !== null) consumed.add(pendingImage);
      consumed.add(i);
      pendingImage = null;
      continue;
    }
    flushImage();
  }
  flushImage();
  return { records: toRecords(ctx, found), consumed };
}

function toRecords(ctx: RecordContext, found: Found[]): FigureRecord[] {
  const used = new Map<string, number>();
  let unnumbered = 0;
  return found.map((f) => {
    const key = f.number ?? `@${++unnumbered}`;
    const seen = used.get(key) ?? 0;
    used.set(key, seen + 1);
    return {
      kind: 'figure',
      id: `${ctx.docId}/fig/${key}${seen > 0 ? `~${seen + 1}` : ''}`,
      docId: ctx.docId,
      provenance: ctx.provenance(f.span, f.section),
      extractor: ctx.extractor,
      number: f.number,
      caption: f.caption,
      image: f.image,
      sectionId: f.section ? ctx.sectionId.get(f.section)! : null,
    };
  });
}
