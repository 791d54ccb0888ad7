// Export of a whole corpus run against reading its records (issue 14: under 2×). The run is the
// shared corpus extracted once with `extract --out` (or BENCH_EXPORT_RUN=<folder holding a
// records.jsonl>, to skip the extraction); then, alternating so neither pays the other's garbage,
// reading the run's records as every export does (records.jsonl parsed, grouped by document) and
// each export format written in full. CPU time (the machine is shared) and wall time (exports write).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { qualityReport } from '../pipelines/quality-report.ts';
import { writeExport } from '../src/commands/export.ts';
import { exportSource } from '../src/export/source.ts';
import { runExtract } from '../src/run-extract.ts';
import { Store } from '../src/store/store.ts';
import { corpusFiles } from '../eval/corpus.ts';
import { median, table } from './stats.ts';

const RUNS = Number(process.env.BENCH_EXPORT_RUNS ?? 5);
// Issue 14: exporting the whole corpus run costs under twice reading its records.
const TARGET = 2;

async function measured(fn: () => Promise<unknown>): Promise<{ cpu: number; wall: number }> {
  const c = process.cpuUsage();
  const t = performance.now();
  await fn();
  const d = process.cpuUsage(c);
  return { cpu: (d.user + d.system) / 1000, wall: performance.now() - t };
}

export async function benchExport(): Promise<void> {
  const tmp = mkdtempSync(path.join(tmpdir(), 'vetreport-bench-export-'));
  try {
    let run = process.env.BENCH_EXPORT_RUN;
    if (!run) {
      run = path.join(tmp, 'run');
      const files = corpusFiles();
      const t = await measured(() => runExtract(files.map((f) => f.path), run!, qualityReport));
      console.log(`\n## Export of the corpus run\n\nextracted ${files.length} corpus files for it in ${(t.cpu / 1000).toFixed(1)} s CPU`);
    } else console.log(`\n## Export of the corpus run\n\nrun: ${run}`);
    const store = new Store(path.join(tmp, 'store'));
    const first = await exportSource(store, run);
    const records = first.documents.reduce((n, d) => n + 1 + d.sections.length + d.tables.length + d.cases.length + d.indicators.length + d.warnings.length, 0);
    const indicators = first.documents.reduce((n, d) => n + d.indicators.length, 0);
    const formats = ['csv', 'xlsx', 'sqlite'] as const;
    const read: Array<{ cpu: number; wall: number }> = [];
    const byFormat = new Map<string, Array<{ cpu: number; wall: number }>>(formats.map((f) => [f, []]));
    for (let i = 0; i < RUNS; i++) {
      read.push(await measured(() => exportSource(store, run)));
      for (const f of i % 2 ? [...formats].reverse() : formats) {
        const src = await exportSource(store, run);
        const out = path.join(tmp, `export-${i}.${f}`);
        byFormat.get(f)!.push(await measured(() => writeExport(src, f, out)));
        rmSync(out, { recursive: true, force: true });
      }
    }
    const r = { cpu: median(read.map((x) => x.cpu)), wall: median(read.map((x) => x.wall)) };
    const rows = [['read the records', r.cpu.toFixed(0), r.wall.toFixed(0), '1.00', '']];
    for (const f of formats) {
      const xs = byFormat.get(f)!;
      const e = { cpu: median(xs.map((x) => x.cpu)), wall: median(xs.map((x) => x.wall)) };
      const ratio = e.cpu / r.cpu;
      rows.push([`export --format ${f}`, e.cpu.toFixed(0), e.wall.toFixed(0), ratio.toFixed(2), ratio < TARGET ? `< ${TARGET}× ✓` : `≥ ${TARGET}× ✗`]);
    }
    console.log(`\n${first.documents.length} documents, ${records} records (${indicators} indicators); median of ${RUNS}\n`);
    console.log(table(['step', 'CPU ms', 'wall ms', '× reading', `target < ${TARGET}×`], rows));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
