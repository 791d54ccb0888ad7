// DOCX: the whole pipeline (file → records) against mammoth's own conversion of the same file (CPU time),
// and `pandoc -t json` where pandoc is installed, in the same process, median of several runs.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import mammoth from 'mammoth';
import { qualityReport } from '../pipelines/quality-report.ts';
import { extractBuffer } from '../src/pipeline.ts';
import { cpuTime, hasCommand, median, table, time } from './stats.ts';

const EXTERNAL = fileURLToPath(new URL('../../shared/corpus/external/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

export async function benchDocx(): Promise<void> {
  const files = readdirSync(EXTERNAL).filter((f) => f.endsWith('.docx')).sort();
  const pandoc = hasCommand('pandoc', '--version');
  const rows: string[][] = [];
  let oursTotal = 0;
  let mammothTotal = 0;
  let bytesTotal = 0;
  for (const f of files) {
    const buf = readFileSync(EXTERNAL + f);
    await extractBuffer(buf, f, 'warmup', qualityReport);
    const ours: number[] = [];
    const bare: number[] = [];
    const pd: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push(await cpuTime(() => extractBuffer(buf, f, 'bench', qualityReport)));
      bare.push(await cpuTime(() => mammoth.convertToHtml({ buffer: buf })));
      if (pandoc) pd.push(await time(() => execFileSync('pandoc', ['-f', 'docx', '-t', 'json', EXTERNAL + f], { stdio: ['ignore', 'ignore', 'ignore'] })));
    }
    const [o, m] = [median(ours), median(bare)];
    oursTotal += o;
    mammothTotal += m;
    bytesTotal += buf.length;
    rows.push([f.length > 28 ? `${f.slice(0, 26)}…` : f, (buf.length / 1024).toFixed(0), o.toFixed(1), ((buf.length / 1e6) / (o / 1000)).toFixed(2), m.toFixed(1), (o / m).toFixed(2), pandoc ? median(pd).toFixed(1) : '—']);
  }
  rows.push(['total', (bytesTotal / 1024).toFixed(0), oursTotal.toFixed(1), ((bytesTotal / 1e6) / (oursTotal / 1000)).toFixed(2), mammothTotal.toFixed(1), (oursTotal / mammothTotal).toFixed(2), '']);
  console.log(`\n## DOCX CPU ms, median of ${RUNS} runs; pipeline = file bytes → validated records; pandoc in wall ms\n`);
  console.log(table(['file', 'KiB', 'pipeline ms', 'pipeline MB/s', 'mammoth alone ms', 'ratio', pandoc ? 'pandoc -t json ms' : 'pandoc (not installed)'], rows));
}
