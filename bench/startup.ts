// Start-up: whole `vetreport` processes against a bare `node -e 0`, run in turn (baseline, command,
// baseline, command…) so that a machine's drift hits both alike; median wall and CPU seconds, and
// the median of the per-pair ratios. CPU is every process's own user+system time, read at its
// exit: the command's and its extraction processes' (the hook goes in through NODE_OPTIONS, which
// they inherit).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureDist } from './dist.ts';
import { median, table } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin/vetreport.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
// Appends the process's CPU time to $VETREPORT_BENCH_CPU_LOG on its way out.
const CPU_AT_EXIT = 'import { appendFileSync } from "node:fs";\nprocess.on("exit", () => { const u = process.cpuUsage(); appendFileSync(process.env.VETREPORT_BENCH_CPU_LOG, `${u.user + u.system}\\n`); });\n';

interface Sample { wall: number; cpu: number }

function once(work: string, args: string[]): Sample {
  const log = path.join(work, 'cpu.log');
  writeFileSync(log, '');
  const env = { ...process.env, NODE_OPTIONS: `--import=${pathToFileURL(path.join(work, 'cpu-at-exit.mjs')).href}`, VETREPORT_BENCH_CPU_LOG: log };
  const t0 = performance.now();
  // Returns once every process holding its output has ended: the extraction processes inherit stdout.
  const r = spawnSync(process.execPath, args, { cwd: ROOT, encoding: 'utf8', env });
  const wall = (performance.now() - t0) / 1000;
  const cpu = readFileSync(log, 'utf8').split('\n').filter(Boolean).map(Number);
  if (r.status !== 0 || !cpu.length) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { wall, cpu: cpu.reduce((a, b) => a + b, 0) / 1e6 };
}

export async function benchStartup(): Promise<void> {
  ensureDist('start-up');
  const work = mkdtempSync(path.join(tmpdir(), 'vetreport-startup-'));
  writeFileSync(path.join(work, 'cpu-at-exit.mjs'), CPU_AT_EXIT);
  // ~1 KB of report with no defined short names and no 案例 box: no word segmentation needed.
  const plain = path.join(work, 'small.txt');
  writeFileSync(plain, ['某市中等职业教育质量年度报告（2024年度）', '一、基本情况', '（一）办学规模', '全市共有中等职业学校3所，在校生5900人。'.repeat(8),
    '（二）专业设置', '开设专业20个，覆盖现代制造、信息技术和现代服务业。'.repeat(8), '二、人才培养', '毕业生就业率98.5%。'.repeat(10)].join('\n'));
  const cases: Array<[string, string[]]> = [
    ['vetreport --version', [BIN, '--version']],
    ['vetreport --help', [BIN, '--help']],
    ['extract one 1 KB .txt (no segmentation) --out', [BIN, 'extract', plain, '--out', path.join(work, 'o1'), '--quiet']],
    ['extract fixtures/text/mini-report.txt (jieba dictionary) --out', [BIN, 'extract', 'fixtures/text/mini-report.txt', '--out', path.join(work, 'o2'), '--quiet']],
  ];
  const rows: string[][] = [];
  try {
    once(work, ['-e', '0']);
    for (const [label, args] of cases) {
      once(work, args); // warm the file cache
      const base: Sample[] = [];
      const ours: Sample[] = [];
      for (let i = 0; i < RUNS; i++) {
        base.push(once(work, ['-e', '0']));
        ours.push(once(work, args));
      }
      const ratio = (k: keyof Sample) => median(ours.map((s, i) => s[k] / base[i]![k])).toFixed(1);
      rows.push([label, median(ours.map((s) => s.wall)).toFixed(3), median(ours.map((s) => s.cpu)).toFixed(3),
        median(base.map((s) => s.wall)).toFixed(3), median(base.map((s) => s.cpu)).toFixed(3), `${ratio('wall')}×`, `${ratio('cpu')}×`]);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  console.log(`\n## Start-up (whole processes from dist/, median of ${RUNS}, paired with \`node -e 0\`)\n`);
  console.log(table(['command', 'wall s', 'cpu s', 'node -e 0 wall s', 'node -e 0 cpu s', 'wall ratio', 'cpu ratio'], rows));
}
