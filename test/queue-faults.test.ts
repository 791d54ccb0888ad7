// The queue when Redis misbehaves: a worker waits for Redis with one line per attempt and starts by
// itself when it comes; SIGTERM ends a worker whose Redis is gone; after a FLUSHALL mid-run the
// inbox and the store are the truth and every inbox file is extracted exactly once.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { openMode } from '../src/commands/mode.ts';
import { rerunMissing } from '../src/commands/rerun.ts';
import { startWatch } from '../src/commands/watch.ts';
import { Store } from '../src/store/store.ts';
import { seedPath } from './helpers/corpus.ts';
import { freePort, startRedis } from './helpers/redis.ts';

const BIN = fileURLToPath(new URL('../bin/vetreport.mjs', import.meta.url));
const SEEDS = ['001', '002', '003', '004'];

function worker(url: string, prefix: string, store: string, extra: string[] = []): { proc: ChildProcess; output: () => string; waitFor: (re: RegExp, ms?: number) => Promise<void>; exit: Promise<number | null> } {
  let out = '';
  const proc = spawn(process.execPath, [BIN, 'worker', '--redis', url, '--prefix', prefix, '--store', store, '-c', '1', ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout!.on('data', (d) => { out += String(d); });
  proc.stderr!.on('data', (d) => { out += String(d); });
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return {
    proc,
    output: () => out,
    exit,
    waitFor: async (re, ms = 60_000) => {
      const t0 = Date.now();
      while (!re.test(out)) {
        if (proc.exitCode !== null) throw new Error(`worker exited (${proc.exitCode}) before ${re}: ${out}`);
        if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${re}: ${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
  };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 120_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Every (docId, sha256) stored in any run of the store, with how many times. */
async function extractions(store: Store): Promise<Map<string, number>> {
  const n = new Map<string, number>();
  for (const r of await store.runs()) for (const o of await store.outcomes(r)) n.set(`${o.docId}@${o.sha256}`, (n.get(`${o.docId}@${o.sha256}`) ?? 0) + 1);
  return n;
}

const NO_STACK = /^\s+at\s/m;

describe('Redis faults', () => {
  it('a worker started before its Redis logs one line per attempt, then works once Redis comes', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-qf-'));
    const port = await freePort();
    const url = `redis://127.0.0.1:${port}`;
    const w = worker(url, 'early', path.join(dir, 'store'));
    await w.waitFor(/attempt 2, next in 2 s/);
    const redis = await startRedis({ port });
    try {
      await w.waitFor(/answers again/);
      await w.waitFor(/worker ready/);
      const attempts = w.output().split('\n').filter((l) => l.startsWith('cannot reach Redis at'));
      expect(attempts.map((l) => /attempt (\d+)/.exec(l)![1])).toEqual(attempts.map((_, i) => String(i + 1)));
      expect(attempts[0]).toMatch(new RegExp(`^cannot reach Redis at redis://127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\): attempt 1, next in 1 s$`));
      // It takes work like any worker.
      const inbox = path.join(dir, 'in');
      mkdirSync(inbox);
      copyFileSync(seedPath('003'), path.join(inbox, 'qinzhou.txt'));
      const mode = await openMode({ redis: url, prefix: 'early', store: path.join(dir, 'store') });
      const { extractIntoStore } = await import('../src/commands/extract-store.ts');
      const { Progress } = await import('../src/progress.ts');
      await extractIntoStore([inbox], qualityReport, mode, new Progress(null));
      await mode.close();
      await until('the extraction', () => new Store(path.join(dir, 'store')).latest('qinzhou'));
      w.proc.kill('SIGTERM');
      expect(await w.exit).toBe(0);
      expect(w.output()).not.toMatch(NO_STACK);
    } finally {
      w.proc.kill('SIGKILL');
      await redis.stop();
    }
  }, 120_000);

  it('SIGTERM ends a worker within its drain time when Redis is gone', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-qf-'));
    const redis = await startRedis();
    const w = worker(redis.url, 'gone', path.join(dir, 'store'), ['--drain-ms', '2000']);
    try {
      await w.waitFor(/worker ready/);
      await redis.stop('SIGKILL');
      await w.waitFor(/cannot reach Redis/);
      w.proc.kill('SIGTERM');
      expect(await w.exit).toBe(0);
      expect(w.output()).toMatch(/SIGTERM: finishing the jobs in hand \(at most 2 s\)/);
      expect(w.output()).not.toMatch(NO_STACK);
    } finally {
      w.proc.kill('SIGKILL');
    }
  }, 60_000);

  it('after a FLUSHALL mid-run, the watcher queues again what was lost and every inbox file is extracted exactly once', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-qf-'));
    const redis = await startRedis();
    const prefix = `f${randomBytes(3).toString('hex')}`;
    const storeDir = path.join(dir, 'store');
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    const N = 16;
    for (let i = 0; i < N; i++) writeFileSync(path.join(inbox, `r${String(i).padStart(2, '0')}.txt`), readFileSync(seedPath(SEEDS[i % SEEDS.length]!), 'utf8') + `\n（第${i}份）\n`);
    const workers = [worker(redis.url, prefix, storeDir), worker(redis.url, prefix, storeDir)];
    const mode = await openMode({ redis: redis.url, prefix, store: storeDir });
    const log: string[] = [];
    const watch = await startWatch(inbox, qualityReport, mode, (l) => log.push(l), { settleMs: 100 });
    const store = new Store(storeDir);
    try {
      await Promise.all(workers.map((w) => w.waitFor(/worker ready/)));
      await until('a few documents done', async () => (await store.allLatest()).length >= 3);
      const admin = new Redis(redis.url);
      await admin.flushall();
      await admin.quit();
      // What the wiped queue held is found again by comparing the inbox with the store.
      await watch.rescan();
      await until(`${N} documents`, async () => (await store.allLatest()).filter((p) => p.status === 'ok').length === N, 240_000);
      const counts = await extractions(store);
      expect(counts.size).toBe(N);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      // Nothing is left to do.
      await watch.rescan();
      const again = await rerunMissing(inbox, {}, qualityReport, mode, () => undefined);
      expect(again.runId).toBeNull();
    } finally {
      await watch.close();
      await mode.close();
      for (const w of workers) w.proc.kill('SIGTERM');
      await Promise.all(workers.map((w) => w.exit));
      await redis.stop();
    }
  }, 300_000);

  it('rerun --missing extracts the inbox files a wiped queue never delivered, and only those', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-qf-'));
    const storeDir = path.join(dir, 'store');
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    for (let i = 0; i < 4; i++) copyFileSync(seedPath(SEEDS[i]!), path.join(inbox, `m${i}.txt`));
    const mode = await openMode({ store: storeDir });
    try {
      // Two of them were extracted; the jobs of the other two were lost.
      const { extractIntoStore } = await import('../src/commands/extract-store.ts');
      const { Progress } = await import('../src/progress.ts');
      await extractIntoStore([path.join(inbox, 'm0.txt'), path.join(inbox, 'm1.txt')], qualityReport, mode, new Progress(null));
      copyFileSync(seedPath('001'), path.join(inbox, 'm0-copy.txt'));
      const log: string[] = [];
      const r = await rerunMissing(inbox, {}, qualityReport, mode, (l) => log.push(l));
      expect(r.queued).toBe(2);
      const m = await mode.store.manifest(r.runId!);
      expect(m.documents.map((d) => d.docId).sort()).toEqual(['m2', 'm3']);
      expect(log).toEqual([expect.stringMatching(/skipped .*m0-copy\.txt: the same bytes as document m0, already extracted/)]);
    } finally {
      await mode.close();
    }
  }, 120_000);
});
