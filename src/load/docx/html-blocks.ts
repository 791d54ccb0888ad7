// Turns mammoth's HTML into draft blocks. Paragraph boundaries come from the markers annotate.ts
// put into every Word paragraph, not from HTML elements, so list nesting, headings and text boxes
// all reduce to "text between one marker and the next". Tables keep mammoth's colspan/rowspan.
// Nested tables are flattened into their outer cell: one line per nested row, cells joined by TAB.
import * as cheerio from 'cheerio';
import type { Note, ParagraphHints } from '../../blocks.ts';
import type { ParagraphInfo } from './annotate.ts';
import { splitMarkers } from './markers.ts';
import type { ListLabel } from './numbering.ts';
import type { XNode } from './xml.ts';

export interface DraftCell {
  text: string;
  colSpan: number;
  rowSpan: number;
  notes: Note[];
}

export type Draft =
  | { type: 'paragraph'; text: string; hints: ParagraphHints; paragraphIndex?: number; notes?: Note[] }
  | { type: 'table'; rows: DraftCell[][] }
  | { type: 'image'; ref: string; paragraphIndex?: number }
  | { type: 'pagebreak' };

interface Segment {
  info?: ParagraphInfo;
  headingTag?: number;
  parts: string[];
  imageCount: number;
  before: Draft[];
  after: Draft[];
}

// Full-width and CJK punctuation or enclosed numbers end a label that is written flush with the
// text ("一、总体情况", "（一）…", "1）…", "①…"); anything else gets the tab/space Word shows.
const FLUSH_LABEL_END = /[\u3000-\u303f\uff00-\uffef\u2460-\u24ff\u3251-\u32bf]$/;

export function normalizeParagraphText(raw: string): string {
  return raw
    .replace(/[\u200b-\u200d\ufeff\u00ad]/g, '')
    .split('\n')
    .map((line) => line.replace(/[ \t]+/g, ' ').trim())
    .filter((line) => line !== '')
    .join('\n');
}

export function withLabel(text: string, label: ListLabel | undefined): string {
  if (!label) return text;
  if (!text) return label.label;
  const flush = !label.spaceAfter && (label.suff === 'nothing' || FLUSH_LABEL_END.test(label.label));
  return label.label + (flush ? '' : ' ') + text;
}

// Word writes its own boilerplate into auto-generated alt text; it says nothing about the image.
const ALT_BOILERPLATE = /(?:AI 生成的内容可能不正确。|自动生成的说明|Description automatically generated|AI-generated content may be incorrect\.)\s*$/;

function cleanAlt(alt: string | undefined): string | undefined {
  const s = alt?.replace(ALT_BOILERPLATE, '').replace(/\s+/g, ' ').trim();
  return s || undefined;
}

const TOC_PAGE = /^(?:\d{1,4}|[ivxlcdm]{1,8}|[IVXLCDM]{1,8})$/;

/** A TOC paragraph is "title<TAB>page"; Word draws the dot leader from the tab stop. */
function tocEntry(raw: string): { title: string; page: string } | undefined {
  const tab = raw.lastIndexOf('\t');
  if (tab < 0) return undefined;
  const title = normalizeParagraphText(raw.slice(0, tab)).replace(/\n/g, ' ');
  const page = normalizeParagraphText(raw.slice(tab + 1));
  return title && TOC_PAGE.test(page) ? { title, page } : undefined;
}

class Collector {
  readonly drafts: Draft[] = [];
  private seg: Segment | undefined;

  constructor(private readonly infos: ParagraphInfo[]) {}

  private open(info?: ParagraphInfo, headingTag?: number): Segment {
    this.seg = { info, headingTag, parts: [], imageCount: 0, before: [], after: [] };
    return this.seg;
  }

  marker(id: number, headingTag: number | undefined): void {
    const info = this.infos[id];
    if (this.seg?.info?.mergesIntoNext) {
      // mammoth joins the two paragraphs and gives them the second one's properties.
      this.seg.info = info && { ...info, bodyIndex: this.seg.info.bodyIndex };
      return;
    }
    this.close();
    this.open(info, headingTag);
  }

  anonymous(headingTag?: number): void {
    this.close();
    this.open(undefined, headingTag);
  }

  text(s: string): void {
    (this.seg ?? this.open()).parts.push(s);
  }

  private hasText(seg: Segment): boolean {
    return seg.parts.some((p) => p.trim() !== '');
  }

  image(alt: string | undefined): void {
    const seg = this.seg ?? this.open();
    const known = seg.info?.images[seg.imageCount++];
    const ref = cleanAlt(alt) ?? cleanAlt(known?.alt) ?? known?.name ?? 'image';
    (this.hasText(seg) ? seg.after : seg.before).push({ type: 'image', ref, paragraphIndex: seg.info?.bodyIndex });
  }

  pageBreak(): void {
    const seg = this.seg ?? this.open();
    (this.hasText(seg) ? seg.after : seg.before).push({ type: 'pagebreak' });
  }

  block(d: Draft): void {
    this.close();
    this.drafts.push(d);
  }

  close(): void {
    const seg = this.seg;
    if (!seg) return;
    this.seg = undefined;
    const info = seg.info;
    if (info?.pageBreakBefore) this.drafts.push({ type: 'pagebreak' });
    this.drafts.push(...seg.before);
    const raw = seg.parts.join('');
    const text = normalizeParagraphText(raw);
    if (text || info?.label) {
      const hints: ParagraphHints = {};
      if (info?.bold) hints.bold = true;
      const level = info?.styleLevel ?? seg.headingTag;
      if (level !== undefined) hints.styleLevel = level;
      if (info?.label) hints.listLabel = info.label.label;
      if (info?.textBox !== undefined) hints.textBox = info.textBox;
      const toc = info?.toc ? tocEntry(raw) : undefined;
      if (toc) hints.tocEntry = { title: withLabel(toc.title, info?.label), page: toc.page };
      const notes = info?.notes.length ? { notes: info.notes } : {};
      this.drafts.push({ type: 'paragraph', text: withLabel(text, info?.label), hints, paragraphIndex: info?.bodyIndex, ...notes });
    }
    this.drafts.push(...seg.after);
    if (info?.sectionBreakAfter) this.drafts.push({ type: 'pagebreak' });
  }
}

type Node = XNode;

const HEADING = /^h([1-6])$/;

function isNoteLink(href: string | undefined): boolean {
  return !!href && /^#(?:footnote|endnote)-/.test(href);
}

function walk(node: Node, out: Collector, infos: ParagraphInfo[], heading: number | undefined, inCell: boolean): void {
  if (node.type === 'text') {
    for (const piece of splitMarkers(node.data ?? '')) {
      if (typeof piece === 'number') out.marker(piece, heading);
      else out.text(piece);
    }
    return;
  }
  if (node.type !== 'tag' || !node.name) {
    for (const c of node.children ?? []) walk(c, out, infos, heading, inCell);
    return;
  }
  const name = node.name.toLowerCase();
  const attribs = node.attribs ?? {};
  switch (name) {
    case 'table':
      if (inCell) {
        out.close();
        for (const line of flattenTable(node, infos)) out.block({ type: 'paragraph', text: line, hints: {} });
      } else {
        out.block({ type: 'table', rows: tableRows(node, infos) });
      }
      return;
    case 'img':
      if (!inCell) out.image(attribs.alt);
      return;
    case 'br':
      out.text('\n');
      return;
    case 'hr':
      if (!inCell) out.pageBreak();
      return;
    case 'a':
      if (isNoteLink(attribs.href)) return;
      break;
    case 'input':
      if (attribs.type === 'checkbox') out.text(attribs.checked !== undefined ? '☑' : '☐');
      return;
    case 'li':
      // Notes are kept with the paragraph that cites them (notes.ts), never as text of their own.
      if (/^(?:footnote|endnote)-/.test(attribs.id ?? '')) return;
      break;
  }
  const h = HEADING.exec(name);
  const level = h ? Number(h[1]) : heading;
  // No markers at all (a document.xml whose WordprocessingML prefix is not "w:"): fall back to
  // mammoth's own paragraph elements as boundaries.
  if (infos.length === 0 && /^(?:p|h[1-6]|li)$/.test(name)) out.anonymous(level);
  for (const c of node.children ?? []) walk(c, out, infos, level, inCell);
}

function rowsOf(table: Node): Node[] {
  const rows: Node[] = [];
  for (const c of table.children ?? []) {
    if (c.type !== 'tag') continue;
    if (c.name === 'tr') rows.push(c);
    else if (c.name === 'thead' || c.name === 'tbody' || c.name === 'tfoot') {
      for (const r of c.children ?? []) if (r.type === 'tag' && r.name === 'tr') rows.push(r);
    }
  }
  return rows;
}

function cellsOf(row: Node): Node[] {
  return (row.children ?? []).filter((c) => c.type === 'tag' && (c.name === 'td' || c.name === 'th'));
}

function cellContent(cell: Node, infos: ParagraphInfo[]): { text: string; notes: Note[] } {
  const out = new Collector(infos);
  for (const c of cell.children ?? []) walk(c, out, infos, undefined, true);
  out.close();
  const paragraphs = out.drafts.filter((d): d is Extract<Draft, { type: 'paragraph' }> => d.type === 'paragraph');
  return { text: paragraphs.map((d) => d.text).join('\n'), notes: paragraphs.flatMap((d) => d.notes ?? []) };
}

function span(v: string | undefined): number {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) && n > 1 ? n : 1;
}

function tableRows(table: Node, infos: ParagraphInfo[]): DraftCell[][] {
  return rowsOf(table).map((tr) =>
    cellsOf(tr).map((td) => ({
      ...cellContent(td, infos),
      colSpan: span(td.attribs?.colspan),
      rowSpan: span(td.attribs?.rowspan),
    })),
  );
}

function flattenTable(table: Node, infos: ParagraphInfo[]): string[] {
  return tableRows(table, infos)
    .map((row) => row.map((c) => c.text.replace(/\n/g, ' ')).join('\t').trim())
    .filter((line) => line !== '');
}

export function htmlToDrafts(html: string, infos: ParagraphInfo[]): Draft[] {
  const $ = cheerio.load(html, null, false);
  const out = new Collector(infos);
  for (const n of $.root()[0]!.children as unknown as Node[]) walk(n, out, infos, undefined, false);
  out.close();
  return out.drafts;
}
