// Finding 案例 boxes in the block stream and the lines that belong to each. Three shapes reach us:
//  - frame: a one-cell table, the label its first line or the paragraph right before it (seed 000,
//    and what DOCX/PDF loaders give for a framed box);
//  - section: a heading 7.1案例一： whose section (with its subsections) is the case (seed 001);
//  - open: a label paragraph with no border around the text that follows (seed 003).
import type { Block, Span, TableBlock } from '../blocks.ts';
import { mergeSpans, type RecordContext } from '../records/build.ts';
import type { SectionNode } from '../segment/tree.ts';
import { parseCaption } from '../figures/captions.ts';
import { frameLines, isFrameTable, type FrameLine } from './frame.ts';
import { parseCaseLabel, type CaseLabel } from './labels.ts';
import { mentions, subjectOf } from './subject.ts';

export interface BoxLine extends FrameLine {
  /** A figure caption inside the box: listed with the case, never part of its body. */
  caption: boolean;
}

export interface Box {
  label: CaseLabel;
  shape: 'frame' | 'section' | 'open';
  /** The block holding the label: its section is the case's section. */
  labelBlock: number;
  /** Label and box, for provenance. */
  span: Span;
  /** Body lines in reading order, the label excluded. */
  lines: BoxLine[];
  /** Blocks the case record now stands for. Captions and images stay for the figure stage. */
  consumed: number[];
}

const TABLE_CAPTION = /^(?:表格?|续表)\s*\d/;

export function findBoxes(ctx: RecordContext, aliases: Record<string, string>): Box[] {
  const { blocks } = ctx.doc;
  const headingOf = new Map(ctx.seg.sections.filter((s) => s.blockIndex >= 0).map((s) => [s.blockIndex, s]));
  const boxes: Box[] = [];
  const claimed = new Set<number>();

  for (let i = 0; i < blocks.length; i++) {
    if (claimed.has(i)) continue;
    const b = blocks[i]!;
    const heading = headingOf.get(i);
    let found: Box[] = [];
    if (heading) {
      const label = parseCaseLabel(heading.title);
      if (label) found = [sectionBox(ctx, i, heading, label)];
    } else if (b.type === 'paragraph' && !ctx.seg.structural.has(i)) {
      const label = parseCaseLabel(b.text);
      if (label && b.hints.textBox !== undefined) {
        found = [textBox(ctx, i, label, b.hints.textBox)];
      } else if (label) {
        const next = nextContentBlock(blocks, i);
        found = [isFrameTable(blocks[next]) && !frameOpensWithLabel(ctx, next) ? labelledFrame(ctx, i, label, next) : openBox(ctx, i, label, aliases)];
      }
    } else if (isFrameTable(b) && frameOpensWithLabel(ctx, i)) {
      found = splitFrame(ctx, i);
    }
    for (const box of found) {
      boxes.push(box);
      for (const c of box.consumed) claimed.add(c);
    }
  }
  return boxes;
}

function nextContentBlock(blocks: Block[], i: number): number {
  let j = i + 1;
  while (blocks[j]?.type === 'pagebreak') j++;
  return j;
}

function frameOpensWithLabel(ctx: RecordContext, i: number): boolean {
  const t = ctx.doc.blocks[i];
  const first = isFrameTable(t) ? frameLines(ctx.doc, t)[0] : undefined;
  return first !== undefined && parseCaseLabel(first.text) !== null;
}

/** A frame may hold several boxes one after the other: each label line starts the next. */
function splitFrame(ctx: RecordContext, i: number): Box[] {
  const table = ctx.doc.blocks[i] as TableBlock;
  const groups: { label: CaseLabel; span: Span; lines: FrameLine[] }[] = [];
  for (const line of frameLines(ctx.doc, table)) {
    const label = parseCaseLabel(line.text);
    if (label) groups.push({ label, span: line.span, lines: label.runIn ? [{ text: label.runIn, span: line.span }] : [] });
    else groups[groups.length - 1]?.lines.push(line);
  }
  const boxes = groups.map((g) => frameBox(g.label, i, [i], g.lines, groups.length === 1 ? table.span : g.lines.reduce((s, l) => mergeSpans(s, l.span), g.span)));
  const last = boxes[boxes.length - 1];
  if (last) extend(ctx, last, continuation(ctx, i));
  return boxes;
}

/** A label paragraph right before a frame: the frame is the box, its empty first row the border's top. */
function labelledFrame(ctx: RecordContext, i: number, label: CaseLabel, t: number): Box {
  const { blocks } = ctx.doc;
  const runIn = label.runIn ? [{ text: label.runIn, span: blocks[i]!.span }] : [];
  const box = frameBox(label, i, [i, t], [...runIn, ...frameLines(ctx.doc, blocks[t] as TableBlock)], mergeSpans(blocks[i]!.span, blocks[t]!.span));
  extend(ctx, box, continuation(ctx, t));
  return box;
}

function frameBox(label: CaseLabel, labelBlock: number, consumed: number[], lines: FrameLine[], span: Span): Box {
  const text = lines.filter((l) => l.text !== '');
  return { label, shape: 'frame', labelBlock, span, lines: text.map((l) => ({ ...l, caption: parseCaption(l.text) !== null })), consumed };
}

/**
 * Word → text exports keep a TAB only on a cell's first line; when a later paragraph of the box
 * follows a blank line it comes out as plain text (seed 000, 案例4-2 and 6-3). Such a paragraph
 * continues the box when exactly one blank line separates it from the box, where section text
 * after a box is set off by two or more. Formats without line numbers never need this.
 */
function continuation(ctx: RecordContext, tableIndex: number): number[] {
  const { blocks } = ctx.doc;
  const out: number[] = [];
  for (let k = tableIndex + 1; k < blocks.length; k++) {
    const b = blocks[k]!;
    const prev = blocks[k - 1]!;
    if (b.type !== 'paragraph' || ctx.seg.structural.has(k) || ctx.seg.sectionOf[k] !== ctx.seg.sectionOf[tableIndex]) break;
    if (parseCaseLabel(b.text) || parseCaption(b.text) || TABLE_CAPTION.test(b.text)) break;
    if (b.span.lineStart === undefined || prev.span.lineEnd === undefined || b.span.lineStart - prev.span.lineEnd - 1 !== 1) break;
    out.push(k);
  }
  return out;
}

function extend(ctx: RecordContext, box: Box, more: number[]): void {
  for (const k of more) {
    const b = ctx.doc.blocks[k]!;
    if (b.type !== 'paragraph') continue;
    box.lines.push({ text: b.text, span: b.span, caption: false });
    box.span = mergeSpans(box.span, b.span);
    box.consumed.push(k);
  }
}

/**
 * A label in a Word text box: the box is the label's box, its body the paragraphs after the label
 * in the same text box, whatever they speak of (the border says where the case ends).
 */
function textBox(ctx: RecordContext, i: number, label: CaseLabel, id: number): Box {
  const { blocks } = ctx.doc;
  const lines: BoxLine[] = label.runIn ? [{ text: label.runIn, span: blocks[i]!.span, caption: false }] : [];
  const consumed = [i];
  let span = blocks[i]!.span;
  for (let k = i + 1; k < blocks.length; k++) {
    const b = blocks[k]!;
    if (b.type === 'image' || b.type === 'pagebreak') continue;
    if (b.type !== 'paragraph' || b.hints.textBox !== id || parseCaseLabel(b.text)) break;
    const caption = parseCaption(b.text) !== null;
    lines.push({ text: b.text, span: b.span, caption });
    if (!caption) consumed.push(k);
    span = mergeSpans(span, b.span);
  }
  return { label, shape: 'frame', labelBlock: i, span, lines, consumed };
}

/** 7.1案例一： — the section and its subsections are the case; subsection headings stay sections. */
function sectionBox(ctx: RecordContext, i: number, node: SectionNode, label: CaseLabel): Box {
  const { blocks } = ctx.doc;
  const { sectionOf, structural } = ctx.seg;
  const lines: BoxLine[] = [];
  const consumed: number[] = [];
  let span = blocks[i]!.span;
  if (node.runIn) lines.push({ text: node.runIn, span, caption: false });
  for (let k = i + 1; k < blocks.length && within(sectionOf[k] ?? null, node); k++) {
    const b = blocks[k]!;
    span = mergeSpans(span, b.span);
    if (b.type !== 'paragraph') continue;
    const caption = parseCaption(b.text) !== null;
    lines.push({ text: b.text, span: b.span, caption });
    if (!caption && !structural.has(k)) consumed.push(k);
  }
  return { label, shape: 'section', labelBlock: i, span, lines, consumed };
}

function within(s: SectionNode | null, node: SectionNode): boolean {
  for (let n = s; n; n = n.parent) if (n === node) return true;
  return false;
}

/**
 * A label with no frame: the box is the paragraph after it and what follows while the text still
 * speaks of the case's subject (by name, or as 该校/学校), plus the pictures in between. It ends at
 * a heading, table, table caption or the next label, and right after a picture's caption: a
 * borderless box in these exports closes with its picture.
 */
function openBox(ctx: RecordContext, i: number, label: CaseLabel, aliases: Record<string, string>): Box {
  const { blocks } = ctx.doc;
  const lines: BoxLine[] = [];
  const consumed = [i];
  let span = blocks[i]!.span;
  let first = label.runIn || null;
  if (first) lines.push({ text: first, span, caption: false });
  let subject = first ? subjectOf(first, aliases) : null;
  let afterImage = false;
  for (let k = i + 1; k < blocks.length; k++) {
    const b = blocks[k]!;
    if (b.type === 'pagebreak') continue;
    if (b.type === 'table' || ctx.seg.structural.has(k)) break;
    if (b.type === 'image') {
      span = mergeSpans(span, b.span);
      afterImage = true;
      continue;
    }
    if (parseCaseLabel(b.text) || TABLE_CAPTION.test(b.text)) break;
    if (parseCaption(b.text)) {
      lines.push({ text: b.text, span: b.span, caption: true });
      span = mergeSpans(span, b.span);
      if (afterImage) break;
      continue;
    }
    if (first !== null && !mentions(b.text, subject!, aliases)) break;
    if (first === null) {
      first = b.text;
      subject = subjectOf(first, aliases);
    }
    lines.push({ text: b.text, span: b.span, caption: false });
    consumed.push(k);
    span = mergeSpans(span, b.span);
    afterImage = false;
  }
  return { label, shape: 'open', labelBlock: i, span, lines, consumed };
}
