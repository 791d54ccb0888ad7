// The shape of a record diff. `formatJson` writes exactly these objects, so this file is also the
// JSON contract of `vetreport diff --json`.
import type { AnyRecord, RecordKind } from '../schema/records.ts';
import type { Segment } from './text.ts';

export type ChangeType = 'added' | 'removed' | 'changed' | 'moved';

/** Where one side of a change sits in its source file: enough for a reader to go and look. */
export interface Side {
  id: string;
  docId: string;
  sourcePath: string;
  lineStart?: number;
  lineEnd?: number;
  page?: number;
  pageEnd?: number;
  paragraphIndex?: number;
  tableIndex?: number;
  charStart?: number;
  charEnd?: number;
}

/** One field of a record that differs. `before`/`after` are JSON values; null when absent. */
export interface FieldChange {
  changeId: string;
  /** Dotted path: "title", "text", "counts.tables", "aliases.柳职院", "provenance.lineStart". */
  field: string;
  before: unknown;
  after: unknown;
}

export type CellOp =
  | 'value' // a body cell's value (or text) changed
  | 'unit' // a cell's or a column's unit changed (row is null for a column)
  | 'row-added'
  | 'row-removed'
  | 'column-added'
  | 'column-removed'
  | 'header'; // header rows differ while the column paths are the same (spans, wording lost in paths)

/** A table change addressed as a reader would: row key × column path. */
export interface CellChange {
  changeId: string;
  op: CellOp;
  /** Row key: the text of the row's name cell(s), ordinal (序号) column skipped; null for column and header changes. */
  row: string | null;
  /** Column path joined with "/"; null for row and header changes. */
  column: string | null;
  /** "表1-2 / 柳职院 / 在校生人数/2022年" */
  address: string;
  /** Cell text (value changes), unit (unit changes), or a summary of the row/column/header. */
  before: string | null;
  after: string | null;
  /** after − before when both cells are numeric. */
  delta?: number;
  /** "表1-2 / 柳职院 / 在校生人数/2022年: 17165 → 17156" */
  line: string;
}

/** An indicator's value before and after, each in its record's normalized unit. */
export interface IndicatorValueChange {
  before: number;
  after: number;
  unitBefore: string;
  unitAfter: string;
  line: string;
}

export interface RecordChange {
  /** Stable across runs: hash of the change type, the record id(s) and the field/cell change ids. */
  changeId: string;
  change: ChangeType;
  kind: RecordKind;
  /** The record's id after the change (before, for a removed record). */
  id: string;
  /** The id before, when it differs (moved records; every pair in align mode). */
  oldId: string | null;
  docId: string;
  /** Human-readable name: "1.3 条件改善", "表1-2 学校规模", "案例2-1 …", a warning's code. */
  label: string;
  /**
   * Fields that differ. For an added (removed) record: its content fields, with `before` (`after`)
   * null. Never `id`, `docId`, `extractor`; `provenance` and document `source` only with
   * `provenance: 'report'`.
   */
  fields: FieldChange[];
  /** Tables only: cell, row, column, unit and header changes. */
  cells?: CellChange[];
  /** Indicators only, when the value changed: "在校生数 · 柳州市 · 2023: 41 000 → 42 000 人". */
  value?: IndicatorValueChange;
  /** Character diff of each changed text field (title, text, body, caption, message, …); not for tables. */
  text?: Record<string, Segment[]>;
  /** Content similarity (0–1) of a pair matched by content rather than by id. */
  similarity?: number;
  before: Side | null;
  after: Side | null;
}

export interface ProvenanceOnly {
  kind: RecordKind;
  id: string;
  oldId: string | null;
  docId: string;
}

export interface DiffSummary {
  added: number;
  removed: number;
  changed: number;
  moved: number;
  /** Pairs that differ only in provenance (offsets, lines, sha256, path; a warning's offset-based id). */
  provenanceOnly: number;
  unchanged: number;
}

export interface RecordDiff {
  summary: DiffSummary;
  changes: RecordChange[];
  /** Records that differ only in provenance; not changes, do not affect the exit code. */
  provenanceOnly: ProvenanceOnly[];
  /** Align mode: the documents paired (before docId → after docId). */
  documents?: Array<{ before: string; after: string }>;
  /** Align mode: documents with no counterpart edition, not compared. */
  unpairedDocuments?: { before: string[]; after: string[] };
}

export interface DiffOptions {
  /** Only these record kinds (document, section, table, case, figure, warning, error). */
  kinds?: string[];
  /** Only records of this document (in align mode: of a pair that has this docId on either side). */
  docId?: string;
  /** Two editions of a report (different docIds): pair by section number/title, table caption. */
  align?: boolean;
  /**
   * 'ignore' (default): provenance (offsets, lines, pages, sha256, path), document `source` and
   * offset-based warning/error ids are not changes; records differing only there are counted in
   * `summary.provenanceOnly`. 'report': such differences are field changes (`provenance.*`, `source.*`).
   */
  provenance?: 'ignore' | 'report';
  /** Minimum content similarity for pairing records whose id changed (default 0.6). */
  moveThreshold?: number;
}

/** How a pair was formed. */
export type MatchBy = 'id' | 'content' | 'code+message' | 'document' | 'number+title' | 'title' | 'number';

export interface RecordPair {
  before: AnyRecord | null;
  after: AnyRecord | null;
  by: MatchBy | null;
  /** Content similarity for pairs formed by content. */
  score?: number;
}

export interface Alignment {
  documents: Array<{ before: string; after: string }>;
  /** Every record of the paired documents, matched (both sides) or not (one side null). */
  pairs: RecordPair[];
  /** Year difference of each document pair (after.year − before.year, 0 when unknown), by after docId. */
  yearShift: Record<string, number>;
  /** Documents with no counterpart edition: their records are not compared. */
  unpaired: { before: string[]; after: string[] };
}
