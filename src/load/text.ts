// Text exports (.txt/.md) → block stream. Three converter dialects reach us:
//  - "lines": Word → text, one paragraph per line, tables as TAB-prefixed cell lines (seeds 000, 001, 003);
//  - "markdown": PDF → markdown, blank-line paragraphs, unreliable `#` levels, page breaks splitting
//    paragraphs, dot-leader TOC (seed 002);
//  - "wrapped": PDF → text of narrow newspaper columns, hard line breaks mid-sentence (seed 004).
import type { Block, LoadedDocument, LoaderIssue, ParagraphBlock, ParagraphHints, RawCell, RawRow, Span, TableBlock } from '../blocks.ts';
import { decodeText } from './encoding.ts';
import { foldForMatch, joinWrapped } from '../text/normalize.ts';
import { parseHeadingNumber } from '../text/numbering.ts';

export type TextDialect = 'lines' | 'markdown' | 'wrapped';

interface Line {
  /** 0-based line index. */
  index: number;
  raw: string;
  /** Offset of the line's first character in the document text. */
  offset: number;
  /** The line with export noise removed; empty for blank lines. */
  clean: string;
  /** Offset (within the line) where the clean content starts. */
  contentStart: number;
  tab: boolean;
  images: string[];
  hints: ParagraphHints;
}

const TERMINAL = /[。！？!?；;…）)】」』]$/;
const SENTENCE_END = /[。！？!?]$/;

export function loadText(buf: Buffer): LoadedDocument {
  const decoded = decodeText(buf);
  const original = decoded.text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const text = foldForMatch(original);
  const lines = splitLines(original);
  const dialect = detectDialect(lines);
  const blocks = assemble(lines, dialect);
  const issues: LoaderIssue[] = [];
  if (decoded.badByteOffsets.length > 0) issues.push(undecodableIssue(buf, decoded.badByteOffsets, text, lines));
  return { blocks, text, encoding: decoded.encoding, issues };
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let offset = 0;
  text.split('\n').forEach((raw, index) => {
    out.push(cleanLine(raw, index, offset));
    offset += raw.length + 1;
  });
  return out;
}

const BOOKMARK = /\[bookmark:[^\]]*\]/g;
// An image reference may itself contain "]"; the marker ends at the "]" followed by a non-ASCII
// character, another marker, or the end of the line.
const IMAGE = /\[image:\s*(.*?)\](?=$|\[|\s|[^\x00-\x7f])/g;
const TOC_LINE = /^(.*?\S)\s*(?:\.{3,}|…{2,}|·{3,}|-{4,})\s*(\d{1,4})\s*$/;
const LATEX: Array<[RegExp, string]> = [
  [/\\geq?\b/g, '≥'], [/\\leq?\b/g, '≤'], [/\\times\b/g, '×'], [/\\pm\b/g, '±'], [/\\cdot\b/g, '·'],
  [/\\%/g, '%'], [/\\approx\b/g, '≈'], [/\\neq\b/g, '≠'], [/\\rightarrow\b/g, '→'], [/\\sim\b/g, '~'],
  [/\^\{?\\circ\}?/g, '°'], [/\\mathrm\{([^}]*)\}/g, '$1'], [/\\text\{([^}]*)\}/g, '$1'], [/[{}]/g, ''],
];

function cleanLine(raw: string, index: number, offset: number): Line {
  const hints: ParagraphHints = {};
  const images: string[] = [];
  const tab = raw.startsWith('\t');
  let s = raw;
  if (s.includes('[')) {
    s = s.replace(BOOKMARK, (m) => ' '.repeat(m.length));
    s = s.replace(IMAGE, (m, ref: string) => {
      images.push(ref.trim());
      return ' '.repeat(m.length);
    });
  }
  let contentStart = s.length - s.trimStart().length;
  s = s.trim();

  const md = /^(#{1,6})\s+/.exec(s);
  if (md) {
    hints.markdownLevel = md[1]!.length;
    contentStart += md[0].length;
    s = s.slice(md[0].length);
  }
  if (s.includes('<') || s.includes('*')) {
    const boldWhole = /^(?:\*\*|<b>)(.*)(?:\*\*|<\/b>)$/.exec(s);
    if (boldWhole && !/\*\*|<\/?b>/.test(boldWhole[1]!.replace(/<\/b>\s*<b>/g, ''))) hints.bold = true;
    s = s.replace(/<\/?b>|\*\*/g, '').replace(/<br\s*\/?>/g, ' ');
  }
  if (s.includes('$')) s = s.replace(/\$([^$\n]{1,120})\$/g, (_m, tex: string) => LATEX.reduce((acc, [re, to]) => acc.replace(re, to), tex).trim());
  s = s.replace(/[ \t]+$/, '');

  // The leader regex backtracks over the whole line: only try lines that end like a TOC entry.
  const toc = /\d\s*$/.test(s) && /\.{3}|…{2}|·{3}|-{4}/.test(s) ? TOC_LINE.exec(s) : null;
  if (toc && !tab) {
    hints.tocEntry = { title: toc[1]!.replace(/\s+/g, ' ').trim(), page: toc[2]! };
    s = hints.tocEntry.title;
  }
  return { index, raw, offset, clean: tab ? raw.slice(1).replace(BOOKMARK, '').trim() : s, contentStart: tab ? 1 : contentStart, tab, images, hints };
}

function detectDialect(lines: Line[]): TextDialect {
  let mdHeadings = 0;
  const prose: Line[] = [];
  for (const l of lines) {
    if (l.hints.markdownLevel) mdHeadings++;
    else if (l.clean && !l.tab && !l.hints.tocEntry) prose.push(l);
  }
  if (mdHeadings >= 3) return 'markdown';
  if (prose.length < 20) return 'lines';
  const lengths = prose.map((l) => [...l.clean].length).sort((a, b) => a - b);
  const median = lengths[Math.floor(lengths.length / 2)]!;
  const unterminated = prose.filter((l) => !TERMINAL.test(l.clean)).length / prose.length;
  return median <= 26 && unterminated >= 0.5 ? 'wrapped' : 'lines';
}

function spanOf(first: Line, last: Line, lastEnd?: number): Span {
  return {
    charStart: first.offset + first.contentStart,
    charEnd: last.offset + (lastEnd ?? last.raw.trimEnd().length),
    lineStart: first.index + 1,
    lineEnd: last.index + 1,
  };
}

function assemble(lines: Line[], dialect: TextDialect): Block[] {
  const blocks: Block[] = [];
  let para: { lines: Line[]; text: string; hints: ParagraphHints } | null = null;
  const flush = () => {
    if (!para) return;
    blocks.push({ type: 'paragraph', text: para.text, span: spanOf(para.lines[0]!, para.lines[para.lines.length - 1]!), hints: para.hints });
    para = null;
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.tab) {
      flush();
      const { table, next } = readTable(lines, i);
      blocks.push(table);
      i = next;
      continue;
    }
    if (line.raw.includes('\f')) {
      flush();
      blocks.push({ type: 'pagebreak', span: { charStart: line.offset + line.raw.indexOf('\f'), charEnd: line.offset + line.raw.indexOf('\f') + 1, lineStart: i + 1, lineEnd: i + 1 } });
    }
    for (const ref of line.images) {
      flush();
      const at = line.raw.indexOf(ref);
      blocks.push({ type: 'image', ref, span: { charStart: line.offset + Math.max(0, at), charEnd: line.offset + Math.max(0, at) + ref.length, lineStart: i + 1, lineEnd: i + 1 } });
    }
    if (!line.clean) {
      if (dialect !== 'lines') flush();
      i++;
      continue;
    }
    const standalone = dialect === 'lines' || line.hints.markdownLevel !== undefined || line.hints.tocEntry !== undefined || line.images.length > 0;
    const startsNew =
      !para ||
      standalone ||
      para.hints.markdownLevel !== undefined ||
      para.hints.tocEntry !== undefined ||
      (dialect === 'wrapped' && startsOwnParagraph(para, line));
    if (startsNew) {
      flush();
      para = { lines: [line], text: line.clean, hints: { ...line.hints } };
    } else {
      para!.lines.push(line);
      para!.text = joinWrapped(para!.text, line.clean);
    }
    if (standalone) flush();
    i++;
  }
  flush();
  return dialect === 'lines' ? blocks : joinBrokenParagraphs(blocks, dialect);
}

/** In narrow newspaper columns a paragraph ends on a short line with a full stop; a dash opens a list item or subtitle. */
function startsOwnParagraph(para: { lines: Line[]; text: string }, line: Line): boolean {
  const prev = para.lines[para.lines.length - 1]!;
  if (/^——/.test(line.clean)) return true;
  if (para.lines.length === 1 && /^——/.test(prev.clean) === false && isSubtitle(line)) return true;
  const width = Math.max(...para.lines.map((l) => [...l.clean].length));
  return SENTENCE_END.test(prev.clean) && [...prev.clean].length < width * 0.85;
}

function isSubtitle(line: Line): boolean {
  return /^——\s*(写在|记|访)/.test(line.clean);
}

function isHeadingLike(text: string, hints: ParagraphHints): boolean {
  if (hints.markdownLevel !== undefined || hints.tocEntry !== undefined) return true;
  if (/^(图|表|表格)\s*\d/.test(text) || /^案例/.test(text)) return true;
  return parseHeadingNumber(text) !== null && [...text].length <= 60;
}

/**
 * PDF exports split a paragraph wherever the page (or column) broke. A paragraph that stops without
 * closing punctuation and is followed by body text continues there.
 */
function joinBrokenParagraphs(blocks: Block[], dialect: TextDialect): Block[] {
  const out: Block[] = [];
  for (const b of blocks) {
    const prev = out[out.length - 1];
    if (b.type === 'paragraph' && prev?.type === 'paragraph' && continues(prev, b, dialect)) {
      out[out.length - 1] = {
        type: 'paragraph',
        text: joinWrapped(prev.text, b.text),
        span: { ...prev.span, charEnd: b.span.charEnd, lineEnd: b.span.lineEnd },
        hints: prev.hints,
      } satisfies ParagraphBlock;
      continue;
    }
    out.push(b);
  }
  return out;
}

function continues(prev: ParagraphBlock, next: ParagraphBlock, dialect: TextDialect): boolean {
  if (TERMINAL.test(prev.text) || isHeadingLike(prev.text, prev.hints) || isHeadingLike(next.text, next.hints)) return false;
  if (/^——/.test(next.text) || /^——\s*(写在|记|访)/.test(prev.text)) return false;
  // A short unterminated markdown paragraph is a label, caption or cover line, not a broken sentence.
  return dialect === 'wrapped' || [...prev.text].length >= 30;
}

/**
 * Word → text table export: each cell starts with a TAB; further paragraphs of the same cell follow
 * without one; blank lines then a TAB line start the next row (sometimes they are only empty
 * paragraphs closing a cell: the table parser mends such split rows by the column count); the
 * table ends at the first line that is neither.
 */
function readTable(lines: Line[], start: number): { table: TableBlock; next: number } {
  const rows: RawRow[] = [];
  let cells: RawCell[] = [];
  let cell: { first: Line; last: Line; parts: string[] } | null = null;
  let blanks = 0;
  let i = start;

  const closeCell = () => {
    if (!cell) return;
    cells.push({ text: cell.parts.filter((p) => p.length > 0).join('\n'), span: spanOf(cell.first, cell.last) });
    cell = null;
  };
  const closeRow = () => {
    closeCell();
    if (cells.length > 0) {
      rows.push({ cells, span: { ...cells[0]!.span, charEnd: cells[cells.length - 1]!.span.charEnd, lineEnd: cells[cells.length - 1]!.span.lineEnd } });
    }
    cells = [];
  };

  for (; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.raw.trim() === '' && !line.tab) {
      blanks++;
      continue;
    }
    if (line.tab) {
      // Two blank lines before a 案例 label separate two boxes that the export set one after the other.
      if (blanks >= 2 && /^案例/.test(line.clean)) break;
      if (blanks > 0) closeRow();
      else closeCell();
      cell = { first: line, last: line, parts: [line.clean] };
      blanks = 0;
      continue;
    }
    // A line without TAB continues the open cell: directly, or after one blank line if a TAB line follows.
    if (cell && (blanks === 0 || (blanks === 1 && nextTabFollows(lines, i)))) {
      (cell as { last: Line }).last = line;
      (cell as { parts: string[] }).parts.push(line.clean);
      blanks = 0;
      continue;
    }
    break;
  }
  closeRow();
  // Leave trailing blank lines to the caller.
  let next = i;
  while (next > start && lines[next - 1]!.raw.trim() === '' && !lines[next - 1]!.tab) next--;
  const first = rows[0]!.span;
  const last = rows[rows.length - 1]!.span;
  return { table: { type: 'table', rows, spansKnown: false, span: { ...first, charEnd: last.charEnd, lineEnd: last.lineEnd } }, next: Math.max(next, start + 1) };
}

/**
 * After one blank line, text continues a cell when the table goes on after it (a TAB line before
 * two blank lines in a row). A heading, caption or 案例 label never continues a cell: it is where
 * a table that ended with a single blank line gave way to the text.
 */
function nextTabFollows(lines: Line[], from: number): boolean {
  let blanks = 0;
  for (let j = from; j < lines.length; j++) {
    const l = lines[j]!;
    if (j > from && l.tab) return blanks <= 1;
    if (l.raw.trim() === '') { if (++blanks > 1) return false; continue; }
    if (isHeadingLike(l.clean, l.hints)) return false;
    blanks = 0;
  }
  return false;
}

function undecodableIssue(buf: Buffer, badBytes: number[], text: string, lines: Line[]): LoaderIssue {
  // Map the first bad byte to a character offset by decoding the bytes before it.
  const charAt = Math.min(text.length, new TextDecoder('utf-8').decode(buf.subarray(0, badBytes[0]!)).replace(/^\uFEFF/, '').length);
  const line = lines.findLast((l) => l.offset <= charAt) ?? lines[0]!;
  return {
    code: 'UNDECODABLE_BYTES',
    message: `${badBytes.length} byte sequence(s) are not valid UTF-8 (first at byte ${badBytes[0]}); they were replaced by U+FFFD`,
    span: { charStart: charAt, charEnd: Math.min(text.length, charAt + 1), lineStart: line.index + 1, lineEnd: line.index + 1 },
  };
}
