// What pdfjs-dist's polyfills of JSON.stringify, JSON.parse and Array.prototype.push cost (see
// src/builtins.ts): the same work with the polyfills swapped back in and with the engine's own,
// interleaved in this process, CPU time, median of several runs.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { qualityReport } from '../pipelines/quality-report.ts';
import { installBuiltins, restoreBuiltins } from '../src/builtins.ts';
import { pdfjsPolyfills } from '../src/load/pdfjs.ts';
import { jsonl } from '../src/output/extraction.ts';
import { nestedDocument } from '../src/output/nested.ts';
import { extractBuffer, type DocResult } from '../src/pipeline.ts';
import { cpuTime, median, table } from './stats.ts';

const SEEDS = fileURLToPath(new URL('../../shared/corpus/seeds/', import.meta.url));
const EXTERNAL = fileURLToPath(new URL('../../shared/corpus/external/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 7);
const PDF = '周口市统计公报2023.pdf';

export async function benchBuiltins(): Promise<void> {
  const seeds = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().map((f) => ({ f, buf: readFileSync(SEEDS + f) }));
  const pdf = readFileSync(EXTERNAL + PDF);
  const results: DocResult[] = [];
  for (const s of seeds) results.push(await extractBuffer(s.buf, s.f, 'warmup', qualityReport));

  const work: Array<[string, () => Promise<unknown> | unknown]> = [
    ['serialize the seeds’ records (jsonl + nested)', () => results.map((r) => jsonl([r]) + JSON.stringify(nestedDocument(r.records))).join('').length],
    ['parse the seeds’ records.jsonl back', () => jsonl(results).trim().split('\n').map((l) => JSON.parse(l)).length],
    ['text path, every seed (file bytes → records)', async () => { for (const s of seeds) await extractBuffer(s.buf, s.f, 'bench', qualityReport); }],
    [`PDF ${PDF}`, () => extractBuffer(pdf, PDF, 'bench', qualityReport)],
  ];
  const rows: string[][] = [];
  for (const [name, fn] of work) {
    const poly: number[] = [];
    const own: number[] = [];
    await fn(); // warm up
    for (let i = 0; i < RUNS; i++) {
      installBuiltins(pdfjsPolyfills);
      try {
        poly.push(await cpuTime(fn));
      } finally {
        restoreBuiltins();
      }
      own.push(await cpuTime(fn));
    }
    const [p, o] = [median(poly), median(own)];
    rows.push([name, p.toFixed(1), o.toFixed(1), (p / o).toFixed(2)]);
  }
  console.log(`\n## Built-ins: pdfjs-dist's polyfills against the engine's (CPU ms, median of ${RUNS}, interleaved)\n`);
  console.log(table(['work', 'with the polyfills (before)', 'engine built-ins (now)', 'speed-up'], rows));
}
