// Figure stage: image placeholders and 图… captions → figure records.
import type { RecordContext, StageOutput } from '../records/build.ts';

export function extractFigures(_ctx: RecordContext, _taken: Set<number>): StageOutput {
  return { records: [], consumed: new Set() };
}
