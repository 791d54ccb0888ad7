// Start-up: whole `vetreport` processes against a bare `node -e 0`, run in turn (baseline, command,
// baseline, command…) so that a machine's drift hits both alike; median wall and CPU seconds, and
// the median of the per-pair ratios. CPU is the child's own user+system time, read at its exit.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureDist } from './dist.ts';
import { median, table } from './stats.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin/vetreport.mjs');
const RUNS = Number(process.env.BENCH_RUNS ?? 9);
// Prints the process's CPU time on its way out (stderr is a pipe: written synchronously on POSIX).
const CPU_AT_EXIT = 'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write("\\ncpu-us "+(u.user+u.system)+"\\n")})';

interface Sample { wall: number; cpu: number }

function once(args: string[]): Sample {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', CPU_AT_EXIT, ...args], { cwd: ROOT, encoding: 'utf8' });
  const wall = (performance.now() - t0) / 1000;
  const m = /cpu-us (\d+)/.exec(r.stderr);
  if (r.status !== 0 || !m) throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr}`);
  return { wall, cpu: Number(m[1]) / 1e6 };
}

export async function benchStartup(): Promise<void> {
  ensureDist('start-up');
  const work = mkdtempSync(path.join(tmpdir(), 'vetreport-startup-'));
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
    once(['-e', '0']);
    for (const [label, args] of cases) {
      once(args); // warm the file cache
      const base: Sample[] = [];
      const ours: Sample[] = [];
      for (let i = 0; i < RUNS; i++) {
        base.push(once(['-e', '0']));
        ours.push(once(args));
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
