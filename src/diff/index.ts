// The record diff engine: what changed between two extraction runs (or two editions of a report).
// Pure: no I/O; the CLI reads records and writes what the formatters return.
export { diffRecords, diffAlignment, exitCodeFor } from './diff.ts';
export { alignDocuments, pairDocuments, type AlignOptions } from './align.ts';
export { matchRecords, DEFAULT_MOVE_THRESHOLD } from './match.ts';
export { diffTable, tableLabel, type TableDiffOptions } from './table.ts';
export { diffText, editCounts, sidesOf, type Segment, type SegmentOp, type TextDiffOptions } from './text.ts';
export { dice, normalizeForMatch } from './similarity.ts';
export { changeIdOf, canonicalJson } from './hash.ts';
export { formatText, formatJson, toJson, renderSegments, type TextFormatOptions } from './format.ts';
export type * from './types.ts';
