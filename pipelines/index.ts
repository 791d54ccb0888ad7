import type { PipelineDef } from '../src/pipeline.ts';
import { UsageError } from '../src/errors.ts';
import { qualityReport } from './quality-report.ts';

export const PIPELINES: Record<string, PipelineDef> = {
  [qualityReport.name]: qualityReport,
};

export const DEFAULT_PIPELINE = qualityReport.name;

export function pipelineByName(name: string): PipelineDef {
  const p = PIPELINES[name];
  if (!p) throw new UsageError(`unknown pipeline "${name}" (known: ${Object.keys(PIPELINES).join(', ')})`);
  return p;
}
