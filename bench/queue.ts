// Queue throughput: documents per second through Redis with 1, 2 and 4 worker processes against
// embedded mode on the same input, and the queue's own cost per job.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { qualityReport } from '../pipelines/quality-report.ts';
import { extractIntoStore } from '../src/commands/extract-store.ts';
import { openMode } from '../src/commands/mode.ts';
import { Progress } from '../src/progress.ts';
import { QUEUE_NAME } from '../src/queue/redis.ts';
import { startWorker } from '../src/queue/worker.ts';
import { startRedis } from '../test/helpers/redis.ts';
import { extractorPool } from '../src/extractor/pool.ts';
import { ensureDist } from './dist.ts';
import { loadAverage, measureLoaded, table, type LoadedRun } from './stats.ts';

const SEEDS = fileURLToPath(new URL('../../shared/corpus/seeds/', import.meta.url));
const BIN = fileURLToPath(new URL('../bin/vetreport.mjs', import.meta.url));
const DOCS = Number(process.env.BENCH_QUEUE_DOCS ?? 100);

function batch(dir: string): string {
  const seeds = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < DOCS; i++) copyFileSync(SEEDS + seeds[i % seeds.length], path.join(dir, `doc-${String(i).padStart(3, '0')}.txt`));
  return dir;
}

/** Counts finished jobs over one connection per benchmark, so polling does not cost a connect each time. */
function finishedCounter(url: string, prefix: string) {
  const connection = new Redis(url, { maxRetriesPerRequest: null });
  const q = new Queue(QUEUE_NAME, { connection, prefix });
  return {
    async count(): Promise<number> {
      const c = await q.getJobCounts('completed', 'failed');
      return (c.completed ?? 0) + (c.failed ?? 0);
    },
    async close() {
      await q.close();
      await connection.quit();
    },
  };
}

async function waitFinished(url: string, prefix: string, n: number): Promise<void> {
  const counter = finishedCounter(url, prefix);
  while ((await counter.count()) < n) await new Promise((r) => setTimeout(r, 10));
  await counter.close();
}

function spawnWorker(url: string, prefix: string, store: string): Promise<ChildProcess> {
  const proc = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--prefix', prefix, '--store', store, '-c', '1'], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve) => {
    let out = '';
    proc.stdout!.on('data', (d) => {
      out += String(d);
      if (out.includes('worker ready')) resolve(proc);
    });
  });
}

export async function benchQueue(): Promise<void> {
  const work = mkdtempSync(path.join(tmpdir(), 'vetreport-qbench-'));
  const input = batch(path.join(work, 'in'));
  const redis = await startRedis();
  const rows: string[][] = [];
  const seedBytes = readFileSync(SEEDS + readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort()[0]!);
  // Workers run what an install runs (dist/), so their start-up is not tsx compiling the sources.
  ensureDist('queue');
  const runs: LoadedRun[] = [];
  const row = (label: string, r: LoadedRun, base: LoadedRun | undefined, load: string) => {
    runs.push(r);
    rows.push([label, String(DOCS), r.wallS.toFixed(2), (DOCS / r.wallS).toFixed(2), base ? (base.wallS / r.wallS).toFixed(2) : '1.00', r.ownCpuS.toFixed(1), (r.ownCpuS / r.wallS).toFixed(2), r.otherCores.toFixed(2), load]);
  };
  try {
    // Embedded mode, one process, concurrency 1 and 2; its extraction processes started first.
    for (const c of [1, 2]) {
      await Promise.all(Array.from({ length: c }, (_, k) => extractorPool().extract(seedBytes, 'warm.txt', `warm${k}`, qualityReport)));
      const mode = await openMode({ store: path.join(work, `emb${c}`), concurrency: String(c) });
      const load = loadAverage();
      const r = await measureLoaded(() => extractIntoStore([input], qualityReport, mode, new Progress(null)));
      await mode.close();
      row(`embedded, concurrency ${c} (extract -c ${c})`, r, runs[0], load);
    }
    // Redis with N worker processes (concurrency 1 each), started before the jobs are queued.
    let base: LoadedRun | undefined;
    for (const n of [1, 2, 4]) {
      const prefix = `bench${n}`;
      const store = path.join(work, `redis${n}`);
      const workers = await Promise.all(Array.from({ length: n }, () => spawnWorker(redis.url, prefix, store)));
      const mode = await openMode({ redis: redis.url, prefix, store });
      const load = loadAverage();
      const r = await measureLoaded(async () => {
        await extractIntoStore([input], qualityReport, mode, new Progress(null));
        await waitFinished(redis.url, prefix, DOCS);
      });
      await mode.close();
      await Promise.all(workers.map((w) => new Promise((res) => { w.once('exit', res); w.kill('SIGTERM'); })));
      row(`redis, ${n} worker process${n > 1 ? 'es' : ''}`, r, base, load);
      base ??= r;
    }

    // The queue's own cost: tiny documents, one at a time, through one in-process worker and through
    // the embedded runner (same handler, same store writes); the difference is what Redis adds.
    const tiny = path.join(work, 'tiny');
    mkdirSync(tiny);
    const N = 200;
    for (let i = 0; i < N; i++) writeFileSync(path.join(tiny, `t${i}.txt`), `一、概况\n第${i}份小报告。\n`);
    const embeddedTiny = await openMode({ store: path.join(work, 'tiny-embedded'), concurrency: '1' });
    let t0 = performance.now();
    await extractIntoStore([tiny], qualityReport, embeddedTiny, new Progress(null));
    const embeddedPerJob = (performance.now() - t0) / N;
    await embeddedTiny.close();

    const prefix = 'overhead';
    const store = path.join(work, 'overhead');
    const worker = await startWorker({ settings: { url: redis.url, prefix }, storeRoot: store, concurrency: 1 });
    const mode = await openMode({ redis: redis.url, prefix, store });
    t0 = performance.now();
    await extractIntoStore([tiny], qualityReport, mode, new Progress(null));
    await waitFinished(redis.url, prefix, N);
    const redisPerJob = (performance.now() - t0) / N;
    await mode.close();
    await worker.close();

    console.log(`\n## Queue throughput (${DOCS} seed copies; store writes included; wall time; own CPU = this process, the workers and their extraction processes and Redis; other work = mean cores busy with the rest of the machine meanwhile)\n`);
    console.log(table(['mode', 'documents', 'seconds', 'docs/s', 'vs one', 'own CPU s', 'cores used', 'other work, cores', 'load average at start'], rows));
    console.log(`\nper-job cost (${N} tiny documents, one at a time): embedded ${embeddedPerJob.toFixed(2)} ms, through Redis ${redisPerJob.toFixed(2)} ms → queue overhead ≈ ${(redisPerJob - embeddedPerJob).toFixed(2)} ms per job`);
  } finally {
    await redis.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
