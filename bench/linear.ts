// Linear in size: extraction cost per MB as seed 000 is concatenated ×1…×32, and the algorithms
// that could grow with the square of their input (the text loader's paragraph joins, TOC
// matching, diff pairing, table row diff) at doubling sizes. CPU time, median of several runs;
// "per unit vs smallest" near 1.0 is linear, a quadratic pass doubles it at every step.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { qualityReport } from '../pipelines/quality-report.ts';
import { diffRecords } from '../src/diff/index.ts';
import { loadText } from '../src/load/text.ts';
import { extractBuffer } from '../src/pipeline.ts';
import { segment } from '../src/segment/segment.ts';
import { han, renumbered, schoolTable, shortLines, tocAndBody } from '../test/helpers/synthetic.ts';
import { cpuTime, median, table } from './stats.ts';

const SEEDS = fileURLToPath(new URL('../../shared/corpus/seeds/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

/** The optimizing compiler needs a few passes before timings settle: without them the smallest size reads slowest. */
const WARMUP = 3;

async function medianCpu(runs: number, fn: () => unknown): Promise<number> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const xs: number[] = [];
  for (let i = 0; i < runs; i++) xs.push(await cpuTime(fn));
  return median(xs);
}

/** Rows of a scaling table: size, ms, ms per unit and that against the smallest size's. */
async function scaling(label: string, unit: string, sizes: number[], make: (n: number) => () => unknown, runs: number): Promise<string[][]> {
  const rows: string[][] = [];
  let base = 0;
  for (const n of sizes) {
    const fn = make(n);
    const ms = await medianCpu(runs, fn);
    const per = ms / n;
    if (!base) base = per;
    rows.push([label, `${n.toLocaleString('en')} ${unit}`, ms.toFixed(1), (per * 1000).toFixed(2), (per / base).toFixed(2)]);
  }
  return rows;
}

export async function benchLinear(): Promise<void> {
  const seed = readFileSync(SEEDS + readdirSync(SEEDS).find((f) => f.startsWith('000_'))!);
  const sizes: Array<{ k: number; mb: number; ms: number }> = [];
  for (const k of [1, 2, 4, 8, 16, 32]) {
    const buf = Buffer.concat(Array.from({ length: k }, () => seed));
    const ms = await medianCpu(k >= 16 ? 1 : RUNS, () => extractBuffer(buf, `seed000x${k}.txt`, 'bench', qualityReport));
    sizes.push({ k, mb: buf.length / 1e6, ms });
  }
  // ×1 carries the fixed costs of a document (and less-optimized code), so its cost per MB is not
  // the floor: growth is read against the cheapest size too.
  const basePerMb = sizes[0]!.ms / sizes[0]!.mb;
  const lowest = Math.min(...sizes.map((x) => x.ms / x.mb));
  const seedRows = sizes.map(({ k, mb, ms }) => [`×${k}`, mb.toFixed(2), ms.toFixed(0), (ms / mb).toFixed(0), (mb / (ms / 1000)).toFixed(2), (ms / mb / basePerMb).toFixed(2), (ms / mb / lowest).toFixed(2)]);
  console.log(`\n## Linear in size: seed 000 concatenated (CPU ms, median of ${RUNS}; ×16 and ×32 one run after three warm-ups)\n`);
  console.log(table(['copies', 'MB', 'extract ms', 'ms per MB', 'MB/s', 'per MB vs ×1', 'per MB vs the cheapest size'], seedRows));

  const rows = [
    ...(await scaling('text loader: short unterminated lines', 'lines', [25_000, 50_000, 100_000, 200_000], (n) => {
      const buf = Buffer.from(shortLines(n).join('\n'));
      return () => loadText(buf);
    }, 3)),
    ...(await scaling('text loader: page-broken markdown paragraphs', 'paragraphs', [6_250, 12_500, 25_000, 50_000], (n) => {
      const buf = Buffer.from(`# 一、概况\n\n${Array.from({ length: n }, (_, i) => han(i, 40)).join('\n\n')}\n\n# 二、结语\n\n# 三、附记\n`);
      return () => loadText(buf);
    }, 3)),
    ...(await scaling('TOC against the body (text → segments)', 'entries', [1_225, 2_450, 4_900, 9_801], (n) => {
      const { toc, body } = tocAndBody();
      const blocks = loadText(Buffer.from(['目录', ...toc.slice(0, n), ...body.slice(0, 3 * n)].join('\n'))).blocks;
      return () => segment(blocks);
    }, 3)),
    ...(await scaling('diff: renumbered sections', 'sections', [2_500, 5_000, 10_000, 20_000], (n) => {
      const { before, after } = renumbered(n);
      return () => diffRecords(before, after);
    }, 3)),
    ...(await scaling('diff: every row of a table changed', 'rows', [5_000, 10_000, 20_000, 40_000], (n) => {
      const before = [schoolTable(n, (i) => `学校${han(i, 3)}`, (i) => 1000 + i)];
      const after = [schoolTable(n, (i) => `新校${han(i, 3)}`, (i) => 1_000_000 + i)];
      return () => diffRecords(before, after);
    }, 3)),
    ...(await scaling('diff: every record removed', 'records', [5_000, 10_000, 20_000, 40_000], (n) => {
      const { before } = renumbered(n);
      return () => diffRecords(before, []);
    }, 3)),
  ];
  console.log(`\n## Algorithms that could be quadratic (CPU ms, median of 3)\n`);
  console.log(table(['work', 'size', 'ms', 'µs per unit', 'per unit vs smallest'], rows));
}
