// Case stage: 案例 boxes → case records, plus the document's short-name aliases.
import type { RecordContext, StageOutput } from '../records/build.ts';

export function extractCases(_ctx: RecordContext, _taken: Set<number>): StageOutput & { aliases: Record<string, string> } {
  return { records: [], consumed: new Set(), aliases: {} };
}
