// Tables written in markdown: GFM pipe tables (a header row, a `| --- |` delimiter row, body rows)
// and HTML `<table>` elements, which PDF-to-markdown converters emit for tables with merged cells.
// Each becomes a table block whose cells point at their text in the document.
import { createRequire } from 'node:module';
import type * as Cheerio from 'cheerio';
import type { RawCell, RawRow, Span, TableBlock } from '../blocks.ts';

/** A line of the text as the text loader holds it. */
export interface SourceLine {
  /** 0-based line index. */
  index: number;
  raw: string;
  /** Offset of the line's first character in the document text. */
  offset: number;
}

/** The delimiter row under a pipe table's header: cells of dashes, with `:` for alignment. */
const DELIMITER_ROW = /^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$/;
// cheerio is loaded only when a document holds an HTML table: a plain text report starts without it.
let cheerioModule: typeof Cheerio | null = null;
const cheerioLib = (): typeof Cheerio => (cheerioModule ??= createRequire(import.meta.url)('cheerio') as typeof Cheerio);

/** An HTML table ends within this many lines of its start, or it is not read as one. */
const HTML_TABLE_MAX_LINES = 5000;

/**
 * The table that starts at line `i`, if one does: a pipe table (its header row at `i`, the
 * delimiter row under it) or an HTML table (`<table` on line `i`). Returns the block and the index
 * of the first line after it; null when line `i` starts no table.
 *
 * `clean` turns a cell's raw markup into its text (bold marks, TeX, escapes).
 */
export function readMarkdownTable(lines: SourceLine[], i: number, clean: (s: string) => string): { table: TableBlock; next: number } | null {
  const line = lines[i]!;
  if (line.raw.includes('|') && i + 1 < lines.length && DELIMITER_ROW.test(lines[i + 1]!.raw) && lines[i + 1]!.raw.includes('-')) {
    return readPipeTable(lines, i, clean);
  }
  if (/<table\b/i.test(line.raw)) return readHtmlTable(lines, i, clean);
  return null;
}

function readPipeTable(lines: SourceLine[], start: number, clean: (s: string) => string): { table: TableBlock; next: number } {
  const rows: RawRow[] = [pipeRow(lines[start]!, clean)];
  let i = start + 2;
  for (; i < lines.length; i++) {
    const l = lines[i]!;
    if (!l.raw.trim() || !l.raw.includes('|')) break;
    rows.push(pipeRow(l, clean));
  }
  return { table: tableOf(rows, false), next: i };
}

/** The cells of one pipe-table row, split at every `|` not escaped as `\|`. */
function pipeRow(line: SourceLine, clean: (s: string) => string): RawRow {
  const raw = line.raw;
  const bars: number[] = [];
  for (let k = 0; k < raw.length; k++) if (raw[k] === '|' && raw[k - 1] !== '\\') bars.push(k);
  const first = raw.search(/\S/);
  const last = raw.trimEnd().length - 1;
  // Leading and trailing bars are optional in GFM.
  const lead = raw[first] === '|';
  const trail = raw[last] === '|' && last !== first;
  const inner = bars.filter((b) => !(lead && b === first) && !(trail && b === last));
  const bounds = [lead ? first : first - 1, ...inner, trail ? last : last + 1];
  const cells: RawCell[] = [];
  for (let k = 0; k + 1 < bounds.length; k++) {
    const from = bounds[k]! + 1;
    const to = bounds[k + 1]!;
    cells.push(cellAt(line, raw, from, to, clean(raw.slice(from, to).replace(/\\\|/g, '|'))));
  }
  return { cells, span: { ...cells[0]!.span, charEnd: cells[cells.length - 1]!.span.charEnd } };
}

/** A cell's span is its text without the blanks around it (an empty cell: the place between its bars). */
function cellAt(line: SourceLine, raw: string, from: number, to: number, text: string): RawCell {
  let a = from;
  let b = to;
  while (a < b && /\s/.test(raw[a]!)) a++;
  while (b > a && /\s/.test(raw[b - 1]!)) b--;
  return { text, span: { charStart: line.offset + a, charEnd: line.offset + b, lineStart: line.index + 1, lineEnd: line.index + 1 } };
}

function readHtmlTable(lines: SourceLine[], start: number, clean: (s: string) => string): { table: TableBlock; next: number } | null {
  let end = start;
  while (end < lines.length && end - start < HTML_TABLE_MAX_LINES && !/<\/table\s*>/i.test(lines[end]!.raw)) end++;
  if (end >= lines.length || end - start >= HTML_TABLE_MAX_LINES) return null;
  const from = lines[start]!.offset + lines[start]!.raw.search(/<table\b/i);
  const closing = /<\/table\s*>/i.exec(lines[end]!.raw)!;
  const to = lines[end]!.offset + closing.index + closing[0].length;
  const html = lines.slice(start, end + 1).map((l) => l.raw).join('\n').slice(from - lines[start]!.offset, to - lines[start]!.offset);
  const lineOf = (offset: number): number => {
    let k = start;
    while (k < end && lines[k + 1]!.offset <= offset) k++;
    return lines[k]!.index + 1;
  };

  const $ = cheerioLib().load(html, { sourceCodeLocationInfo: true } as Cheerio.CheerioOptions, false);
  const rows: RawRow[] = [];
  $('table').first().find('tr').each((_, tr) => {
    const cells: RawCell[] = [];
    $(tr).children('td, th').each((_, el) => {
      const loc = (el as { sourceCodeLocation?: { startTag?: { endOffset: number }; endTag?: { startOffset: number }; endOffset: number } }).sourceCodeLocation;
      if (!loc) return;
      let a = loc.startTag?.endOffset ?? loc.endOffset;
      let b = loc.endTag?.startOffset ?? loc.endOffset;
      while (a < b && /\s/.test(html[a]!)) a++;
      while (b > a && /\s/.test(html[b - 1]!)) b--;
      const $el = $(el);
      $el.find('br').replaceWith('\n');
      const text = clean($el.text()).split('\n').map((s) => s.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n');
      const span: Span = { charStart: from + a, charEnd: from + b, lineStart: lineOf(from + a), lineEnd: lineOf(from + b) };
      const colSpan = Number($el.attr('colspan') ?? 1);
      const rowSpan = Number($el.attr('rowspan') ?? 1);
      cells.push({ text, span, ...(colSpan > 1 ? { colSpan } : {}), ...(rowSpan > 1 ? { rowSpan } : {}) });
    });
    if (cells.length) rows.push({ cells, span: { ...cells[0]!.span, charEnd: cells[cells.length - 1]!.span.charEnd, lineEnd: cells[cells.length - 1]!.span.lineEnd } });
  });
  if (rows.length === 0) return null;
  const table = tableOf(rows, true);
  table.span = { charStart: from, charEnd: to, lineStart: lines[start]!.index + 1, lineEnd: lines[end]!.index + 1 };
  return { table, next: end + 1 };
}

/**
 * A first row whose only text is its first cell is the table's title written across it (主要财务数据及预测
 * over the year columns): markdown cannot merge cells, and converters leave the rest of the merged
 * cell as empty cells. It is one cell the width of the table.
 */
function mergeTitleRow(rows: RawRow[]): RawRow[] {
  const head = rows[0]!.cells;
  if (rows.length < 3 || head.length < 2 || !head[0]!.text || head.slice(1).some((c) => c.text || c.colSpan || c.rowSpan)) return rows;
  const width = head.reduce((n, c) => n + (c.colSpan ?? 1), 0);
  return [{ cells: [{ ...head[0]!, colSpan: width }], span: rows[0]!.span }, ...rows.slice(1)];
}

function tableOf(rows: RawRow[], spansKnown: boolean): TableBlock {
  rows = mergeTitleRow(rows);
  const first = rows[0]!.span;
  const last = rows[rows.length - 1]!.span;
  return { type: 'table', rows, spansKnown, span: { ...first, charEnd: last.charEnd, lineEnd: last.lineEnd } };
}
