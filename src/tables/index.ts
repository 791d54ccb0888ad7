// Table stage: TableBlocks (and their captions, notes and unit lines) → table records.
import type { RecordContext, StageOutput } from '../records/build.ts';

export function extractTables(_ctx: RecordContext, _taken: Set<number>): StageOutput {
  return { records: [], consumed: new Set() };
}
