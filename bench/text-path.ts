// Text path benchmark: file read → records written, per seed and in total, median of several runs,
// with the time split by stage so that no stage can quietly dominate.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { qualityReport } from '../pipelines/quality-report.ts';
import { extractCases } from '../src/cases/index.ts';
import { extractFigures } from '../src/figures/index.ts';
import { loadText } from '../src/load/text.ts';
import { writeDocument } from '../src/output/extraction.ts';
import { extractFile } from '../src/run-extract.ts';
import { extractorOf } from '../src/pipeline.ts';
import { RecordContext, sectionRecords } from '../src/records/build.ts';
import { segment } from '../src/segment/segment.ts';
import { extractTables } from '../src/tables/index.ts';
import { median, table } from './stats.ts';

const SEEDS = fileURLToPath(new URL('../../shared/corpus/seeds/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

export async function benchTextPath(): Promise<void> {
  const files = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
  const out = mkdtempSync(path.join(tmpdir(), 'vetreport-bench-'));
  const rows: string[][] = [];
  let totalBytes = 0;
  let totalMs = 0;
  const stageTotals: Record<string, number> = { load: 0, segment: 0, 'tables+cases+figures': 0, 'records+validate+write': 0 };

  for (const f of files) {
    const file = SEEDS + f;
    const bytes = readFileSync(file).length;
    await extractFile(file, 'warmup', qualityReport); // JIT and lazy imports out of the measurement
    const wall: number[] = [];
    const stages: Record<string, number[]> = { load: [], segment: [], tables: [], rest: [] };
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      const r = await extractFile(file, f, qualityReport);
      await writeDocument(out, r);
      wall.push(performance.now() - t0);

      // Same work again, stage by stage.
      const buf = readFileSync(file);
      const s0 = performance.now();
      const doc = loadText(buf);
      const s1 = performance.now();
      const seg = segment(doc.blocks);
      const s2 = performance.now();
      const ctx = new RecordContext(f, { path: file, sha256: '0'.repeat(64), bytes, format: 'txt' }, extractorOf(qualityReport), doc, seg);
      const cases = extractCases(ctx, new Set());
      const tables = extractTables(ctx, cases.consumed);
      extractFigures(ctx, new Set([...cases.consumed, ...tables.consumed]));
      const s3 = performance.now();
      sectionRecords(ctx, new Set());
      stages.load!.push(s1 - s0);
      stages.segment!.push(s2 - s1);
      stages.tables!.push(s3 - s2);
    }
    const ms = median(wall);
    totalBytes += bytes;
    totalMs += ms;
    const [l, s, t] = [median(stages.load!), median(stages.segment!), median(stages.tables!)];
    stageTotals.load! += l;
    stageTotals.segment! += s;
    stageTotals['tables+cases+figures']! += t;
    stageTotals['records+validate+write']! += Math.max(0, ms - l - s - t);
    rows.push([f, (bytes / 1024).toFixed(1), ms.toFixed(2), (bytes / 1e6 / (ms / 1000)).toFixed(2), l.toFixed(2), s.toFixed(2), t.toFixed(2)]);
  }
  rows.push(['total', (totalBytes / 1024).toFixed(1), totalMs.toFixed(2), (totalBytes / 1e6 / (totalMs / 1000)).toFixed(2), stageTotals.load!.toFixed(2), stageTotals.segment!.toFixed(2), stageTotals['tables+cases+figures']!.toFixed(2)]);
  rmSync(out, { recursive: true, force: true });

  console.log(`\n## Text path (median of ${RUNS} runs; file read → records validated → docs written)\n`);
  console.log(table(['seed', 'KiB', 'ms', 'MB/s', 'load ms', 'segment ms', 'tables+cases+figures ms'], rows));
  const tcf = stageTotals['tables+cases+figures']!;
  console.log(`\ntables+cases+figures: ${tcf.toFixed(1)} ms of ${totalMs.toFixed(1)} ms total; the rest of the path: ${(totalMs - tcf).toFixed(1)} ms (ratio ${(tcf / (totalMs - tcf)).toFixed(2)})`);
}
