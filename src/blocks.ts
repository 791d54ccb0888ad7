// The block stream: what every loader (text, DOCX, PDF) produces and every later stage reads.
// A block knows where it came from; later stages never look at the raw file again.

export interface Span {
  /** Offsets into the document's normalized text (see NormalizedText), end exclusive. */
  charStart: number;
  charEnd: number;
  /** 1-based, inclusive; text input only. */
  lineStart?: number;
  lineEnd?: number;
  /** 1-based; PDF input only. */
  page?: number;
  pageEnd?: number;
  /** [x0, y0, x1, y1] in PDF points, top-left origin. */
  bbox?: [number, number, number, number];
  /** Read by OCR from a page image, with the recogniser's mean character probability (0–1). */
  source?: 'ocr';
  confidence?: number;
  /** DOCX input: index among body paragraphs / tables. */
  paragraphIndex?: number;
  tableIndex?: number;
}

/** Formatting evidence a loader saw; segmentation weighs it, never trusts it alone. */
export interface ParagraphHints {
  /** `#` count of a markdown heading line (unreliable in PDF-to-markdown exports). */
  markdownLevel?: number;
  /** Whole paragraph bold (`**…**`, `<b>`, Word run properties, PDF font weight). */
  bold?: boolean;
  /** Heading 1–6 / 标题 n / outline level from a Word style. */
  styleLevel?: number;
  /** Font size relative to the document's body text (PDF). */
  fontRatio?: number;
  /** Label Word renders from numbering.xml, already prefixed to `text`. */
  listLabel?: string;
  /** The line belongs to a dot-leader table of contents. */
  tocEntry?: { title: string; page: string };
  /** The paragraph stands in a text box (a Word text box, a framed box): paragraphs of one box share the number. */
  textBox?: number;
}

/** A footnote or endnote: its reference mark as printed and its text. Never part of the running text. */
export interface Note {
  mark: string;
  text: string;
}

export interface ParagraphBlock {
  type: 'paragraph';
  /** Text as the reader sees it: markup and export noise removed, wrapped lines re-joined. */
  text: string;
  span: Span;
  hints: ParagraphHints;
  /** Notes the paragraph cites, in the order of their marks (DOCX footnotes and endnotes). */
  notes?: Note[];
}

export interface RawCell {
  /** Cell text; paragraphs inside a cell are separated by \n. */
  text: string;
  span: Span;
  /** Present where the source format keeps merges (DOCX, PDF tables). */
  colSpan?: number;
  rowSpan?: number;
}

export interface RawRow {
  cells: RawCell[];
  span: Span;
}

export interface TableBlock {
  type: 'table';
  rows: RawRow[];
  span: Span;
  /** True when merges were kept by the source (DOCX, ruled PDF) or read off the layout (PDF tables found from alignment); false for flattened text exports. */
  spansKnown: boolean;
  /** Notes cited in the table's cells (DOCX footnotes and endnotes). */
  notes?: Note[];
}

export interface ImageBlock {
  type: 'image';
  /** Alt text, file name or placeholder the export left. */
  ref: string;
  span: Span;
}

export interface PageBreakBlock {
  type: 'pagebreak';
  span: Span;
}

export type Block = ParagraphBlock | TableBlock | ImageBlock | PageBreakBlock;

/** What a loader hands on: the blocks and the text their offsets point into. */
export interface LoadedDocument {
  blocks: Block[];
  /** The document's normalized text (see normalize.ts); provenance offsets index into it. */
  text: string;
  /** Detected text encoding, or null for binary formats. */
  encoding: string | null;
  /** Problems the loader met but survived (e.g. undecodable bytes), reported as warning records. */
  issues: LoaderIssue[];
  pageCount?: number;
  /** How the file was turned into the format its loader reads ("LibreOffice 7.4: doc → docx"), if it was. */
  conversion?: string;
}

export interface LoaderIssue {
  code: string;
  message: string;
  span: Span;
}
