// Segmented blocks → records. Every record gets the same provenance shape, so a reader can always
// go from a value back to the file, line, page and character range it came from.
import type { Block, LoadedDocument, Span } from '../blocks.ts';
import type { AnyRecord, DocumentRecord, Extractor, Format, Provenance, SectionRecord, WarningRecord } from '../schema/records.ts';
import type { Segmentation } from '../segment/segment.ts';
import type { SectionNode } from '../segment/tree.ts';
import { sectionIds } from './ids.ts';

export interface SourceInfo {
  path: string;
  sha256: string;
  bytes: number;
  format: Format;
}

/** What a record-making stage (tables, cases, figures) hands back. */
export interface StageOutput {
  records: AnyRecord[];
  /** Blocks these records now represent: they are left out of section text and later stages. */
  consumed: Set<number>;
}

export class RecordContext {
  readonly sectionId: Map<SectionNode, string>;

  constructor(
    readonly docId: string,
    readonly source: SourceInfo,
    readonly extractor: Extractor,
    readonly doc: LoadedDocument,
    readonly seg: Segmentation,
  ) {
    this.sectionId = sectionIds(docId, seg.sections);
  }

  provenance(span: Span, section: SectionNode | null): Provenance {
    const p: Provenance = { sourcePath: this.source.path, sha256: this.source.sha256, format: this.source.format, sectionId: section ? this.sectionId.get(section)! : null };
    if (span.lineStart !== undefined) { p.lineStart = span.lineStart; p.lineEnd = span.lineEnd ?? span.lineStart; }
    if (span.page !== undefined) p.page = span.page;
    if (span.pageEnd !== undefined && span.pageEnd !== span.page) p.pageEnd = span.pageEnd;
    if (span.bbox) p.bbox = span.bbox;
    if (span.source) {
      p.source = span.source;
      if (span.confidence !== undefined) p.confidence = span.confidence;
    }
    if (span.paragraphIndex !== undefined) p.paragraphIndex = span.paragraphIndex;
    if (span.tableIndex !== undefined) p.tableIndex = span.tableIndex;
    p.charStart = span.charStart;
    p.charEnd = span.charEnd;
    return p;
  }

  blockProvenance(blockIndex: number): Provenance {
    return this.provenance(this.doc.blocks[blockIndex]!.span, this.seg.sectionOf[blockIndex] ?? null);
  }

  warning(code: string, message: string, prov: Provenance): WarningRecord {
    return { kind: 'warning', id: `${this.docId}/warn/${code}/${prov.charStart ?? 0}`, docId: this.docId, provenance: prov, extractor: this.extractor, code, message };
  }
}

export function mergeSpans(a: Span, b: Span): Span {
  const s: Span = { ...a, charStart: Math.min(a.charStart, b.charStart), charEnd: Math.max(a.charEnd, b.charEnd) };
  if (a.lineStart !== undefined && b.lineStart !== undefined) { s.lineStart = Math.min(a.lineStart, b.lineStart); s.lineEnd = Math.max(a.lineEnd ?? a.lineStart, b.lineEnd ?? b.lineStart); }
  if (a.page !== undefined && b.page !== undefined) { s.page = Math.min(a.page, b.page); s.pageEnd = Math.max(a.pageEnd ?? a.page, b.pageEnd ?? b.page); }
  // The box is drawn on the first page: boxes on that page are united, later pages' are left out.
  const onFirst = [a, b].filter((x) => x.bbox && x.page === s.page).map((x) => x.bbox!);
  if (onFirst.length) s.bbox = [Math.min(...onFirst.map((x) => x[0])), Math.min(...onFirst.map((x) => x[1])), Math.max(...onFirst.map((x) => x[2])), Math.max(...onFirst.map((x) => x[3]))];
  else delete s.bbox;
  // Text read by OCR anywhere in the merge makes the whole of it OCR text, as sure as its least sure part.
  if (a.source || b.source) {
    s.source = 'ocr';
    const c = [a.confidence, b.confidence].filter((x) => x !== undefined);
    if (c.length) s.confidence = Math.min(...c);
    else delete s.confidence;
  }
  return s;
}

/**
 * Section records. `consumed` holds blocks that became records of their own (table captions, case
 * boxes, figure captions): they are left out of the section's running text.
 */
export function sectionRecords(ctx: RecordContext, consumed: Set<number>): SectionRecord[] {
  const { blocks } = ctx.doc;
  const { sections, sectionOf, structural } = ctx.seg;
  const body = new Map<SectionNode, number[]>();
  blocks.forEach((_b, i) => {
    const s = sectionOf[i];
    // Structural blocks inside a section are its borrowed title lines: part of its span, not its text.
    if (s && (!structural.has(i) || s.blockIndex < i)) (body.get(s) ?? body.set(s, []).get(s)!).push(i);
  });

  return sections.map((s) => {
    const own = body.get(s) ?? [];
    // An inferred section starts where its first real descendant does: the next heading in document order.
    const headingSpan = blocks[s.blockIndex >= 0 ? s.blockIndex : nextHeading(sections, s)]!.span;
    let span: Span = s.blockIndex >= 0 ? headingSpan : { ...headingSpan, charEnd: headingSpan.charStart, lineEnd: headingSpan.lineStart };
    for (const i of own) span = mergeSpans(span, blocks[i]!.span);
    const paragraphs = [s.runIn, ...own.filter((i) => !consumed.has(i) && !structural.has(i)).map((i) => paragraphText(blocks[i]!))].filter((t): t is string => Boolean(t));
    const rec: SectionRecord = {
      kind: 'section',
      id: ctx.sectionId.get(s)!,
      docId: ctx.docId,
      provenance: ctx.provenance(span, s),
      extractor: ctx.extractor,
      number: s.number,
      title: s.title,
      level: s.level,
      parentId: s.parent ? ctx.sectionId.get(s.parent)! : null,
      text: paragraphs.join('\n'),
    };
    if (s.inferred) rec.inferred = true;
    const notes = own.flatMap((i) => {
      const b = blocks[i]!;
      return b.type === 'paragraph' && !consumed.has(i) ? (b.notes ?? []) : [];
    });
    if (notes.length) rec.notes = notes.map((n) => ({ mark: n.mark, text: n.text }));
    return rec;
  });
}

function nextHeading(sections: SectionNode[], s: SectionNode): number {
  const at = sections.indexOf(s);
  return sections.slice(at + 1).find((n) => n.blockIndex >= 0)!.blockIndex;
}

function paragraphText(b: Block): string | null {
  return b.type === 'paragraph' ? b.text : null;
}

export function preambleText(ctx: RecordContext, consumed: Set<number>): string {
  const { blocks } = ctx.doc;
  return blocks
    .map((b, i) => (ctx.seg.sectionOf[i] === null && !ctx.seg.structural.has(i) && !consumed.has(i) ? paragraphText(b) : null))
    .filter((t): t is string => Boolean(t))
    .join('\n');
}

export function segmentWarnings(ctx: RecordContext): WarningRecord[] {
  const out: WarningRecord[] = [];
  for (const w of ctx.seg.warnings) out.push(ctx.warning(w.code, w.message, ctx.blockProvenance(w.blockIndex)));
  for (const issue of ctx.doc.issues) out.push(ctx.warning(issue.code, issue.message, ctx.provenance(issue.span, null)));
  return out;
}

export function documentRecord(ctx: RecordContext, encoding: string | null, counts: DocumentRecord['counts'], aliases: Record<string, string>, preamble: string): DocumentRecord {
  const { front } = ctx.seg;
  const text = ctx.doc.text;
  return {
    kind: 'document',
    id: ctx.docId,
    docId: ctx.docId,
    provenance: { sourcePath: ctx.source.path, sha256: ctx.source.sha256, format: ctx.source.format, charStart: 0, charEnd: text.length, sectionId: null },
    extractor: ctx.extractor,
    source: { ...ctx.source, encoding, ...(ctx.doc.conversion ? { conversion: ctx.doc.conversion } : {}) },
    title: front.title,
    region: front.region,
    year: front.year,
    institution: front.institution,
    reportType: front.reportType,
    aliases,
    preamble,
    counts,
  };
}

