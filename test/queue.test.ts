// The service on a real Redis: inbox, workers (in this process and as child processes), re-runs.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PIPELINES } from '../pipelines/index.ts';
import { qualityReport } from '../pipelines/quality-report.ts';
import { extractIntoStore } from '../src/commands/extract-store.ts';
import { openMode, type Mode } from '../src/commands/mode.ts';
import { rerun } from '../src/commands/rerun.ts';
import { startWatch } from '../src/commands/watch.ts';
import { Progress } from '../src/progress.ts';
import { QUEUE_NAME, type RedisSettings } from '../src/queue/redis.ts';
import { startWorker } from '../src/queue/worker.ts';
import { Store } from '../src/store/store.ts';
import { seedPath } from './helpers/corpus.ts';
import { startRedis, type TestRedis } from './helpers/redis.ts';

const BIN = fileURLToPath(new URL('../bin/vetreport.mjs', import.meta.url));
let redis: TestRedis;

beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => {
  await redis?.stop();
});

function setup() {
  const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-queue-'));
  const settings: RedisSettings = { url: redis.url, prefix: `t${randomBytes(4).toString('hex')}` };
  const storeDir = path.join(dir, 'store');
  const opts = { redis: redis.url, prefix: settings.prefix, store: storeDir };
  return { dir, settings, storeDir, opts };
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 90_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function counts(settings: RedisSettings) {
  const connection = new Redis(settings.url, { maxRetriesPerRequest: null });
  const q = new Queue(QUEUE_NAME, { connection, prefix: settings.prefix });
  const c = await q.getJobCounts('waiting', 'active', 'completed', 'failed', 'delayed');
  const failed = await q.getFailed();
  await q.close();
  await connection.quit();
  const n = (k: string) => c[k] ?? 0;
  return { waiting: n('waiting'), active: n('active'), completed: n('completed'), failed: n('failed'), delayed: n('delayed'), failedReasons: failed.map((j) => `${j.data.docId}: ${j.failedReason}`) };
}

function spawnWorker(settings: RedisSettings, storeDir: string, extra: string[] = []): { proc: ChildProcess; ready: Promise<void>; output: () => string } {
  let out = '';
  const proc = spawn(process.execPath, [BIN, 'worker', '--redis', settings.url, '--prefix', settings.prefix, '--store', storeDir, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  const ready = new Promise<void>((resolve, reject) => {
    proc.stdout!.on('data', (d) => {
      out += String(d);
      if (out.includes('worker ready')) resolve();
    });
    proc.stderr!.on('data', (d) => { out += String(d); });
    proc.once('exit', (code) => reject(new Error(`worker exited (${code}) before it was ready: ${out}`)));
  });
  return { proc, ready, output: () => out };
}

function stopChild(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
  return new Promise((resolve) => {
    if (proc.exitCode !== null) return resolve(proc.exitCode);
    proc.once('exit', (code) => resolve(code));
    proc.kill(signal);
  });
}

describe('inbox → queue → workers', () => {
  it('turns a file dropped into the watched inbox into records, and the same bytes dropped twice into one job', async () => {
    const { dir, settings, storeDir, opts } = setup();
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    const worker = await startWorker({ settings, storeRoot: storeDir, concurrency: 1 });
    const mode = await openMode(opts);
    const watch = await startWatch(inbox, qualityReport, mode, () => undefined, 200);
    await watch.ready;
    try {
      copyFileSync(seedPath('003'), path.join(inbox, 'qinzhou-2023.txt'));
      const store = new Store(storeDir);
      const latest = await waitFor('the extraction', () => store.latest('qinzhou-2023'));
      expect(latest.status).toBe('ok');
      const records = (await store.documentRecords(latest.runId, 'qinzhou-2023')).trim().split('\n').map((l) => JSON.parse(l));
      expect(records.filter((r) => r.kind === 'section').length).toBeGreaterThan(15);

      // Same bytes again (a copy over itself, and under the name again after a pause): no new job.
      copyFileSync(seedPath('003'), path.join(inbox, 'qinzhou-2023.txt'));
      await new Promise((r) => setTimeout(r, 800));
      expect((await counts(settings)).completed).toBe(1);

      // Changed bytes: a new extraction of the same document.
      writeFileSync(path.join(inbox, 'qinzhou-2023.txt'), readFileSync(seedPath('003'), 'utf8').replace('办学定位', '办学定位与目标'));
      await waitFor('the second extraction', async () => (await counts(settings)).completed === 2);
      const again = await store.latest('qinzhou-2023');
      expect(again!.sha256).not.toBe(latest.sha256);
    } finally {
      await watch.close();
      await mode.close();
      await worker.close();
    }
  });

  it('a restarted watcher makes no second job for files already extracted', async () => {
    const { dir, settings, storeDir, opts } = setup();
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    copyFileSync(seedPath('001'), path.join(inbox, 'liuzhou-2020.txt'));
    const worker = await startWorker({ settings, storeRoot: storeDir, concurrency: 1 });
    try {
      for (let round = 0; round < 2; round++) {
        const mode = await openMode(opts);
        const watch = await startWatch(inbox, qualityReport, mode, () => undefined, 100);
        await watch.ready;
        await waitFor('one completed job', async () => (await counts(settings)).completed === 1);
        await new Promise((r) => setTimeout(r, 400));
        await watch.close();
        await mode.close();
      }
      const c = await counts(settings);
      expect(c.completed + c.waiting + c.active).toBe(1);
    } finally {
      await worker.close();
    }
  });

  it('fails a bad file with its reason while the good files of the batch succeed', async () => {
    const { dir, settings, storeDir, opts } = setup();
    const batch = path.join(dir, 'batch');
    mkdirSync(batch);
    copyFileSync(seedPath('001'), path.join(batch, 'a.txt'));
    copyFileSync(seedPath('003'), path.join(batch, 'b.txt'));
    writeFileSync(path.join(batch, 'broken.txt'), Buffer.from([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31]));
    writeFileSync(path.join(batch, 'empty.txt'), '');
    const worker = await startWorker({ settings, storeRoot: storeDir, concurrency: 2 });
    const mode = await openMode(opts);
    try {
      const { runId } = await extractIntoStore([batch], qualityReport, mode, new Progress(null));
      const c = await waitFor('4 finished jobs', async () => { const x = await counts(settings); return x.completed + x.failed === 4 && x; });
      expect(c.completed).toBe(2);
      expect(c.failedReasons.sort()).toEqual(['broken: NOT_TEXT: the file is not text: it is a PDF document (rename it to .pdf)', 'empty: EMPTY_FILE: the file is empty (0 bytes)']);
      const m = await waitFor('a complete manifest', async () => { const x = await mode.store.manifest(runId); return x.documents.length === 4 && x; });
      expect(m.documents.map((d) => `${d.docId}:${d.status}`).sort()).toEqual(['a:ok', 'b:ok', 'broken:failed', 'empty:failed']);
      expect(m.documents.every((d) => d.attempts === 1)).toBe(true);
      const errors = readFileSync(path.join(mode.store.runDir(runId), 'records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((r) => r.kind === 'error');
      expect(errors.map((r) => r.docId).sort()).toEqual(['broken', 'empty']);
    } finally {
      await mode.close();
      await worker.close();
    }
  });

  it('does not lose a document when its worker is killed mid-job: another worker completes it', async () => {
    const { dir, settings, storeDir, opts } = setup();
    // A report big enough that extraction is still running when the worker is killed.
    const big = path.join(dir, 'big-report.txt');
    writeFileSync(big, readFileSync(seedPath('000'), 'utf8').repeat(20));
    const first = spawnWorker(settings, storeDir, ['--lock-ms', '1000', '-c', '1']);
    await first.ready;
    const mode = await openMode(opts);
    try {
      await extractIntoStore([big], qualityReport, mode, new Progress(null));
      await waitFor('the job to be active', async () => (await counts(settings)).active === 1);
      await stopChild(first.proc, 'SIGKILL');
      const store = new Store(storeDir);
      expect(await store.latest('big-report')).toBeNull();

      const second = await startWorker({ settings, storeRoot: storeDir, concurrency: 1, stalledMs: 500 });
      try {
        const done = await waitFor('the take-over', () => store.latest('big-report'), 150_000);
        expect(done.status).toBe('ok');
        expect(done.worker).toBe(`${(await import('node:os')).hostname()}:${process.pid}`);
        await waitFor('the job to complete', async () => (await counts(settings)).completed === 1);
      } finally {
        await second.close();
      }
    } finally {
      await mode.close();
    }
  }, 180_000);

  it('re-runs exactly the documents extracted by an older pipeline version', async () => {
    const { dir, storeDir } = setup();
    const inputs = path.join(dir, 'in');
    mkdirSync(inputs);
    for (const [name, seed] of [['old-a', '001'], ['old-b', '002'], ['current', '003']] as const) copyFileSync(seedPath(seed), path.join(inputs, `${name}.txt`));
    // The same pipeline as it was one version ago.
    PIPELINES['quality-report-previous'] = { ...qualityReport, name: 'quality-report-previous', version: '0.0.1' };
    const embedded = await openMode({ store: storeDir });
    try {
      await extractIntoStore([path.join(inputs, 'old-a.txt'), path.join(inputs, 'old-b.txt')], PIPELINES['quality-report-previous']!, embedded, new Progress(null));
      await extractIntoStore([path.join(inputs, 'current.txt')], qualityReport, embedded, new Progress(null));
      const before = await embedded.store.runs();

      const r = await rerun({ stale: true }, qualityReport, embedded);
      expect(r.selected.map((p) => p.docId).sort()).toEqual(['old-a', 'old-b']);
      const m = await embedded.store.manifest(r.runId!);
      expect(m.trigger).toBe('rerun');
      expect(m.documents.map((d) => `${d.docId}@${d.pipelineVersion}`).sort()).toEqual([`old-a@${qualityReport.version}`, `old-b@${qualityReport.version}`]);
      // The earlier runs are untouched and still there.
      expect(await embedded.store.runs()).toEqual([r.runId, ...before]);
      expect((await rerun({ stale: true }, qualityReport, embedded)).selected).toEqual([]);
    } finally {
      delete PIPELINES['quality-report-previous'];
      await embedded.close();
    }
  });

  it('two worker processes share a batch of 50 documents, each extracted exactly once', async () => {
    const { dir, settings, storeDir, opts } = setup();
    const batch = path.join(dir, 'batch');
    mkdirSync(batch);
    const seeds = ['001', '002', '003', '004'];
    for (let i = 0; i < 50; i++) copyFileSync(seedPath(seeds[i % seeds.length]!), path.join(batch, `report-${String(i).padStart(2, '0')}.txt`));
    const workers = [spawnWorker(settings, storeDir, ['-c', '1']), spawnWorker(settings, storeDir, ['-c', '1'])];
    await Promise.all(workers.map((w) => w.ready));
    const mode: Mode = await openMode(opts);
    try {
      const { runId } = await extractIntoStore([batch], qualityReport, mode, new Progress(null));
      await waitFor('50 completed jobs', async () => (await counts(settings)).completed === 50, 120_000);
      const m = await waitFor('a complete manifest', async () => { const x = await mode.store.manifest(runId); return x.documents.length === 50 && x; });
      expect(new Set(m.documents.map((d) => d.docId)).size).toBe(50);
      expect(m.documents.every((d) => d.status === 'ok' && d.attempts === 1)).toBe(true);
      expect(new Set(m.documents.map((d) => d.worker)).size).toBe(2);
      const c = await counts(settings);
      expect(c.failed).toBe(0);
      const lines = readFileSync(path.join(mode.store.runDir(runId), 'records.jsonl'), 'utf8').trim().split('\n');
      expect(lines.filter((l) => l.includes('"kind":"document"'))).toHaveLength(50);
    } finally {
      await mode.close();
      // Graceful shutdown: both workers exit 0 on SIGTERM.
      expect(await Promise.all(workers.map((w) => stopChild(w.proc)))).toEqual([0, 0]);
    }
  }, 240_000);

  it('runs as docker-compose runs it: a watcher process and a worker process sharing Redis, the store and the inbox', async () => {
    const { dir, settings, storeDir } = setup();
    const inbox = path.join(dir, 'inbox');
    const env = { ...process.env, VETREPORT_REDIS_URL: settings.url, VETREPORT_PREFIX: settings.prefix, VETREPORT_STORE: storeDir };
    const watcher = spawn(process.execPath, [BIN, 'watch', inbox, '--settle', '200'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let watchOut = '';
    const watching = new Promise<void>((resolve) => watcher.stdout.on('data', (d) => { watchOut += String(d); if (watchOut.includes('watching')) resolve(); }));
    const worker = spawn(process.execPath, [BIN, 'worker', '-c', '1'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let workerOut = '';
    const ready = new Promise<void>((resolve) => worker.stdout.on('data', (d) => { workerOut += String(d); if (workerOut.includes('worker ready')) resolve(); }));
    try {
      await Promise.all([watching, ready]);
      expect(watchOut).toContain('queue mode');
      copyFileSync(seedPath('001'), path.join(inbox, 'liuzhou-2020.txt'));
      writeFileSync(path.join(inbox, 'notes.xlsx'), 'not a report');
      const store = new Store(storeDir);
      const ok = await waitFor('the report', () => store.latest('liuzhou-2020'));
      expect(ok.status).toBe('ok');
      // An unsupported file is a visible failure with its reason, not silence.
      const bad = await waitFor('the failure', () => store.latest('notes.xlsx'));
      expect(bad.error?.code).toBe('UNSUPPORTED_FORMAT');
      // The store has the error record before the queue has marked the job failed.
      const reasons = await waitFor('the failed job', async () => { const r = (await counts(settings)).failedReasons; return r.length > 0 && r; });
      expect(reasons).toEqual([expect.stringMatching(/^notes.xlsx: UNSUPPORTED_FORMAT/)]);
    } finally {
      expect(await Promise.all([stopChild(watcher), stopChild(worker)])).toEqual([0, 0]);
    }
  }, 180_000);
});
