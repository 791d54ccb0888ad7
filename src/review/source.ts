// A record's source, for the review page's source panel: the kept input bytes (the store's
// sources/<sha256>, never a path from a request) and what the page shows of them — for text input
// the record's lines with context, for Word the record's paragraph or table. PDF pages are drawn in
// the browser by pdf.js from the same bytes (server.ts serves them). Only sources named by a record of
// the comparison under review are served.
import JSZip from 'jszip';
import { decodeText } from '../load/encoding.ts';
import { attr, child, descendants, isElement, parseXml, type XElement, type XNode } from '../load/docx/xml.ts';
import { mainDocumentPath } from '../load/docx/parts.ts';
import type { AnyRecord, Format } from '../schema/records.ts';
import { esc } from './html.ts';

export interface KnownSource {
  sha256: string;
  format: Format | null;
  /** The input path the runs name it by (for the panel's title). */
  sourcePath: string;
}

/** The sources the records of a comparison name, by sha256: the only ones the server serves. */
export function knownSources(records: Iterable<AnyRecord>): Map<string, KnownSource> {
  const out = new Map<string, KnownSource>();
  for (const r of records) {
    const p = r.provenance;
    if (p.sha256 && !out.has(p.sha256)) out.set(p.sha256, { sha256: p.sha256, format: p.format, sourcePath: p.sourcePath });
  }
  return out;
}

/** Lines shown above and below a record's own lines. */
export const CONTEXT_LINES = 3;
/** At most this many lines in one answer (a record spanning more is cut, and says so). */
export const MAX_LINES = 400;

export interface SourceLines {
  /** 1-based number of the first line returned. */
  from: number;
  lines: string[];
  total: number;
  truncated: boolean;
}

/**
 * Lines lineStart–lineEnd (1-based, inclusive) of a text input with CONTEXT_LINES around them, split
 * the way the text loader splits (BOM dropped, CRLF/CR → LF), decoded the way it decodes.
 * Errors: the decoder's ExtractionError for bytes that are not text.
 */
export function textLines(buf: Buffer, lineStart: number, lineEnd: number): SourceLines {
  const text = decodeText(buf).text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const all = text.split('\n');
  const from = Math.max(1, lineStart - CONTEXT_LINES);
  const to = Math.min(all.length, Math.max(lineStart, lineEnd) + CONTEXT_LINES);
  const last = Math.min(to, from + MAX_LINES - 1);
  return { from, lines: all.slice(from - 1, last), total: all.length, truncated: last < to };
}

const textOf = (n: XNode): string => {
  if (!isElement(n)) return '';
  if (n.name === 'w:t') return n.children.map((c) => c.data ?? '').join('');
  if (n.name === 'w:tab') return '\t';
  if (n.name === 'w:br' || n.name === 'w:cr') return '\n';
  if (n.name === 'w:delText' || n.name === 'w:instrText') return '';
  return n.children.map(textOf).join('');
};

function bodyOf(xml: string): XElement | undefined {
  const root = parseXml(xml);
  for (const b of descendants(root, 'w:body')) return b;
  return undefined;
}

/** Body paragraphs in reading order, as the Word loader counts them: not in a table, not in a text box. */
function bodyParagraphs(body: XElement): XElement[] {
  const out: XElement[] = [];
  const walk = (n: XElement) => {
    for (const c of n.children) {
      if (!isElement(c)) continue;
      if (c.name === 'w:tbl' || c.name === 'w:txbxContent') continue;
      if (c.name === 'w:p') out.push(c);
      walk(c);
    }
  };
  walk(body);
  return out;
}

/** Tables not inside another table, in reading order. */
function bodyTables(body: XElement): XElement[] {
  const out: XElement[] = [];
  const walk = (n: XElement) => {
    for (const c of n.children) {
      if (!isElement(c)) continue;
      if (c.name === 'w:tbl') {
        out.push(c);
        continue;
      }
      if (c.name !== 'w:txbxContent') walk(c);
    }
  };
  walk(body);
  return out;
}


/** A Word table as HTML: merged cells kept (gridSpan → colspan, vMerge continuation cells → rowspan), every text escaped. */
function tableHtml(tbl: XElement): string {
  const rows = tbl.children.filter((c): c is XElement => isElement(c) && c.name === 'w:tr');
  // grid[r] = cells with their starting column and whether they continue a vertical merge.
  const grid = rows.map((tr) => {
    let col = 0;
    return tr.children
      .filter((c): c is XElement => isElement(c) && c.name === 'w:tc')
      .map((tc) => {
        const pr = child(tc, 'w:tcPr');
        const span = Math.max(1, Number(attr(child(pr, 'w:gridSpan'), 'w:val') ?? 1) || 1);
        const vm = child(pr, 'w:vMerge');
        const cont = !!vm && (attr(vm, 'w:val') ?? 'continue') === 'continue';
        const paras = tc.children.filter((c): c is XElement => isElement(c) && c.name === 'w:p').map((p) => textOf(p).trim());
        const cell = { col, span, cont, text: paras.filter(Boolean).join('\n'), rowspan: 1 };
        col += span;
        return cell;
      });
  });
  grid.forEach((cells, r) => {
    for (const c of cells) {
      if (c.cont) continue;
      for (let k = r + 1; k < grid.length; k++) {
        if (grid[k]!.some((x) => x.col === c.col && x.cont)) c.rowspan++;
        else break;
      }
    }
  });
  const body = grid
    .map((cells) => `<tr>${cells.filter((c) => !c.cont).map((c) => `<td${c.span > 1 ? ` colspan="${c.span}"` : ''}${c.rowspan > 1 ? ` rowspan="${c.rowspan}"` : ''}>${esc(c.text).replace(/\n/g, '<br>')}</td>`).join('')}</tr>`)
    .join('');
  return `<table class="grid">${body}</table>`;
}

/** Paragraphs shown around a Word paragraph. */
const CONTEXT_PARAGRAPHS = 2;

/**
 * The record's part of a Word document as HTML built here from word/document.xml (never the
 * document's own markup): the body paragraph `paragraphIndex` with CONTEXT_PARAGRAPHS around it (the
 * record's one marked), or the `tableIndex`-th top-level table. Errors: a message when the package
 * has no main document or the index is out of range.
 */
export async function docxPart(buf: Buffer, at: { paragraphIndex?: number; tableIndex?: number }): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  const main = mainDocumentPath((await zip.file('_rels/.rels')?.async('string')) ?? null);
  const xml = await zip.file(main)?.async('string');
  if (!xml) throw new Error(`the Word file has no ${main}`);
  const body = bodyOf(xml);
  if (!body) throw new Error('the Word file has no body');
  if (at.tableIndex !== undefined) {
    const t = bodyTables(body)[at.tableIndex];
    if (!t) throw new Error(`the Word file has no table ${at.tableIndex + 1}`);
    return `<div class="docx-part mark">${tableHtml(t)}</div>`;
  }
  const i = at.paragraphIndex ?? 0;
  const ps = bodyParagraphs(body);
  if (!ps[i]) throw new Error(`the Word file has no paragraph ${i + 1}`);
  const out: string[] = [];
  for (let k = Math.max(0, i - CONTEXT_PARAGRAPHS); k <= Math.min(ps.length - 1, i + CONTEXT_PARAGRAPHS); k++) {
    const text = textOf(ps[k]!).trim();
    out.push(`<p data-paragraph="${k}"${k === i ? ' class="mark"' : ''}>${text ? esc(text) : '<span class="muted">(empty paragraph)</span>'}</p>`);
  }
  return `<div class="docx-part">${out.join('')}</div>`;
}
