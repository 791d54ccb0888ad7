// Text exports (.txt/.md) → block stream. Three converter dialects reach us:
//  - "lines": Word → text, one paragraph per line, tables as TAB-prefixed cell lines (seeds 000, 001, 003);
//  - "markdown": PDF → markdown, blank-line paragraphs, unreliable `#` levels, page breaks splitting
//    paragraphs, dot-leader TOC (seed 002);
//  - "wrapped": PDF → text of narrow newspaper columns, hard line breaks mid-sentence (seed 004).
import type { Block, LoadedDocument, LoaderIssue, ParagraphBlock, ParagraphHints, RawCell, RawRow, Span, TableBlock } from '../blocks.ts';
import { decodeText } from './encoding.ts';
import { codePointLength, foldForMatch, WrappedText } from '../text/normalize.ts';
import { parseHeadingNumber } from '../text/numbering.ts';
import { readMarkdownTable } from './markdown-tables.ts';

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
  /** Code points in `clean`. */
  chars: number;
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

/** A table cell's markup as text: bold marks and line breaks dropped, TeX as characters, `\%` as `%`. */
export function cleanInline(s: string): string {
  let t = s.replace(/<\/?b>|\*\*/g, '').replace(/<br\s*\/?>/g, ' ');
  if (t.includes('$')) t = t.replace(/\$([^$\n]{1,120})\$/g, (_m, tex: string) => LATEX.reduce((acc, [re, to]) => acc.replace(re, to), tex).trim());
  return t.replace(/\\([%_&#$|])/g, '$1').replace(/\s+/g, ' ').trim();
}

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
  const clean = tab ? raw.slice(1).replace(BOOKMARK, '').trim() : s;
  return { index, raw, offset, clean, contentStart: tab ? 1 : contentStart, chars: codePointLength(clean), tab, images, hints };
}

function detectDialect(lines: Line[]): TextDialect {
  let mdHeadings = 0;
  const prose: Line[] = [];
  for (const l of lines) {
    if (l.hints.markdownLevel) mdHeadings++;
    else if (l.clean && !l.tab && !l.hints.tocEntry && !/^\s*[|<]/.test(l.raw)) prose.push(l);
  }
  if (mdHeadings >= 3) return 'markdown';
  if (prose.length < 20) return 'lines';
  const lengths = prose.map((l) => l.chars).sort((a, b) => a - b);
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

/** A paragraph being read line by line; the widest line is kept as lines arrive, never recomputed. */
interface OpenParagraph {
  first: Line;
  last: Line;
  lineCount: number;
  /** Code points of the widest line so far. */
  width: number;
  text: WrappedText;
  hints: ParagraphHints;
}

function assemble(lines: Line[], dialect: TextDialect): Block[] {
  const blocks: Block[] = [];
  const continuesCell = nextTabFollows(lines);
  let para: OpenParagraph | null = null;
  const flush = () => {
    if (!para) return;
    blocks.push({ type: 'paragraph', text: para.text.toString(), span: spanOf(para.first, para.last), hints: para.hints });
    para = null;
  };

  let i = 0;
  while (i < lines.length) {
    const line = lines[i]!;
    if (line.tab) {
      flush();
      const { table, next } = readTable(lines, i, continuesCell);
      blocks.push(table);
      i = next;
      continue;
    }
    // Markdown tables: a pipe table (header, delimiter row, rows) or an HTML <table>.
    if (line.raw.includes('|') || line.raw.includes('<')) {
      const md = readMarkdownTable(lines, i, cleanInline);
      if (md) {
        flush();
        blocks.push(md.table);
        i = md.next;
        continue;
      }
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
      para = { first: line, last: line, lineCount: 1, width: line.chars, text: new WrappedText(line.clean), hints: { ...line.hints } };
    } else {
      const p = para!;
      p.last = line;
      p.lineCount++;
      p.width = Math.max(p.width, line.chars);
      p.text.add(line.clean);
    }
    if (standalone) flush();
    i++;
  }
  flush();
  return dialect === 'lines' ? blocks : joinBrokenParagraphs(blocks, dialect);
}

/** In narrow newspaper columns a paragraph ends on a short line with a full stop; a dash opens a list item or subtitle. */
function startsOwnParagraph(para: OpenParagraph, line: Line): boolean {
  const prev = para.last;
  if (/^——/.test(line.clean)) return true;
  if (para.lineCount === 1 && /^——/.test(prev.clean) === false && isSubtitle(line)) return true;
  return SENTENCE_END.test(prev.clean) && prev.chars < para.width * 0.85;
}

function isSubtitle(line: Line): boolean {
  return /^——\s*(写在|记|访)/.test(line.clean);
}

/** A heading's title is short: a numbered line longer than this is body text that starts with a number. */
const HEADING_MAX_CHARS = 60;

function isHeadingLike(text: string, hints: ParagraphHints, chars = codePointLength(text)): boolean {
  if (hints.markdownLevel !== undefined || hints.tocEntry !== undefined) return true;
  if (/^(图|表|表格)\s*\d/.test(text) || /^案例/.test(text)) return true;
  return chars <= HEADING_MAX_CHARS && parseHeadingNumber(text) !== null;
}

/**
 * PDF exports split a paragraph wherever the page (or column) broke. A paragraph that stops without
 * closing punctuation and is followed by body text continues there. A run of such pieces is joined
 * once, at its end: what `continues` asks of the text joined so far (its start, its last character,
 * its length) is kept as pieces arrive.
 */
function joinBrokenParagraphs(blocks: Block[], dialect: TextDialect): Block[] {
  const out: Block[] = [];
  let run: { first: ParagraphBlock; last: ParagraphBlock; text: WrappedText; head: string } | null = null;
  const close = () => {
    if (!run) return;
    out.push(run.first === run.last ? run.first : {
      type: 'paragraph',
      text: run.text.toString(),
      span: { ...run.first.span, charEnd: run.last.span.charEnd, lineEnd: run.last.span.lineEnd },
      hints: run.first.hints,
    } satisfies ParagraphBlock);
    run = null;
  };
  for (const b of blocks) {
    if (b.type !== 'paragraph') {
      close();
      out.push(b);
      continue;
    }
    if (run && continues(run, b, dialect)) {
      run.last = b;
      run.text.add(b.text);
      if (run.head.length < HEAD_CHARS) run.head = run.text.toString().slice(0, HEAD_CHARS);
      continue;
    }
    close();
    run = { first: b, last: b, text: new WrappedText(b.text), head: b.text.slice(0, HEAD_CHARS) };
  }
  close();
  return out;
}

/** Enough of a paragraph's start for every prefix test below (numbering reads at most 64 characters). */
const HEAD_CHARS = 256;

function continues(prev: { first: ParagraphBlock; text: WrappedText; head: string }, next: ParagraphBlock, dialect: TextDialect): boolean {
  const chars = prev.text.length;
  // Short text is tested whole; a long one by its start (prefix tests) and its length.
  const text = chars <= HEADING_MAX_CHARS ? prev.text.toString() : prev.head;
  if (TERMINAL.test(prev.text.lastChar()) || isHeadingLike(text, prev.first.hints, chars) || isHeadingLike(next.text, next.hints)) return false;
  if (/^——/.test(next.text) || /^——\s*(写在|记|访)/.test(text)) return false;
  // A short unterminated markdown paragraph is a label, caption or cover line, not a broken sentence.
  return dialect === 'wrapped' || chars >= 30;
}

/**
 * Word → text table export: each cell starts with a TAB; further paragraphs of the same cell follow
 * without one; blank lines then a TAB line start the next row (sometimes they are only empty
 * paragraphs closing a cell: the table parser mends such split rows by the column count); the
 * table ends at the first line that is neither.
 */
function readTable(lines: Line[], start: number, continuesCell: (from: number) => boolean): { table: TableBlock; next: number } {
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
    if (cell && (blanks === 0 || (blanks === 1 && continuesCell(i)))) {
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
 *
 * Returns the test for a line index. Each answer depends only on the lines after it, so answers
 * are remembered per (line, blanks seen): every line is looked at once however many ask.
 */
function nextTabFollows(lines: Line[]): (from: number) => boolean {
  // Scanning state at line j: 0 = no blank line just before, 1 = one. Values: 0 unknown, 1 yes, 2 no.
  const memo = [new Uint8Array(lines.length + 1), new Uint8Array(lines.length + 1)];
  const scan = (from: number, startBlanks: 0 | 1): boolean => {
    const path: Array<[number, 0 | 1]> = [];
    let blanks: 0 | 1 = startBlanks;
    let answer = false;
    for (let j = from; ; j++) {
      if (j >= lines.length) { answer = false; break; }
      const known = memo[blanks]![j]!;
      if (known) { answer = known === 1; break; }
      path.push([j, blanks]);
      const l = lines[j]!;
      if (l.tab) { answer = true; break; }
      if (l.raw.trim() === '') {
        if (blanks === 1) { answer = false; break; }
        blanks = 1;
        continue;
      }
      if (isHeadingLike(l.clean, l.hints, l.chars)) { answer = false; break; }
      blanks = 0;
    }
    for (const [j, b] of path) memo[b]![j] = answer ? 1 : 2;
    return answer;
  };
  // The asking line itself is text (never a TAB line): only its heading test applies to it.
  return (from) => {
    const l = lines[from]!;
    if (isHeadingLike(l.clean, l.hints, l.chars)) return false;
    return scan(from + 1, 0);
  };
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
