// The default pipeline: Chinese vocational-education quality reports (质量年度报告, 自评报告, press
// features). Its version goes into every record's `extractor`; bump it whenever output can change,
// so that `vetreport rerun --stale` knows which documents to re-extract.
import type { PipelineDef } from '../src/pipeline.ts';

export const qualityReport: PipelineDef = {
  name: 'quality-report',
  version: '0.3.1',
  stages: ['load', 'segment', 'tables', 'cases', 'figures', 'validate'],
  options: {
    // Reports in the wild are rarely above a few MB of text; a bigger input is almost surely not one.
    maxInputBytes: 200 * 1024 * 1024,
  },
};
