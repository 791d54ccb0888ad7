// Chaos: N reports dropped into an inbox in four batches, one watcher and two workers on a Redis of
// their own, while the script kills a worker, restarts Redis with its append-only file, restarts it
// empty (no persistence: the queue is gone), kills the watcher and drops a batch while it is down;
// beside that, an embedded `extract` of more reports is killed at random points, and so is each
// `rerun --interrupted` that finishes it, until one is let run to its end. Then every file must be
// extracted exactly once — one stored extraction of its bytes in the whole store — and `fsck` must
// find the store consistent once `fsck --repair` has rebuilt what the kills left lagging.
//
//   npx tsx bench/chaos.ts [N]        (default 200; CHAOS_SEED=… for another order of events)
//
// test/chaos.test.ts runs it with a small N.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fsck } from '../src/store/fsck.ts';
import { Store } from '../src/store/store.ts';
import { startRedis, type TestRedis } from '../test/helpers/redis.ts';

const BIN = fileURLToPath(new URL('../bin/vetreport.mjs', import.meta.url));
const SEEDS = fileURLToPath(new URL('../../shared/corpus/seeds/', import.meta.url));

export interface ChaosOptions {
  /** Reports dropped into the watched inbox. */
  n: number;
  /** Reports given to the `extract` that is killed (default n/10, at least 4). */
  m?: number;
  /** Times the extract (then its `rerun --interrupted`) is killed before one may finish. */
  extractKills?: number;
  /** Seconds between the watcher's rescans of the inbox. */
  rescanS?: number;
  /** Overall limit. */
  timeoutMs?: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface ChaosFigures {
  files: number;
  /** Files with an `ok` latest extraction of their present bytes. */
  extracted: number;
  /** Files without one. */
  lost: string[];
  /** Files whose bytes were stored more than once (in any runs). */
  duplicated: string[];
  /** Extractions stored in all (each file's bytes count once when nothing is duplicated). */
  storedExtractions: number;
  /** What `fsck --repair` found and rebuilt from the results (what a kill -9 leaves lagging). */
  fsckRepaired: string[];
  /** What `fsck` still finds after the repair. */
  fsckProblems: string[];
  events: Array<{ atS: number; what: string }>;
  seconds: number;
}

/** A small deterministic generator, so a failing order of events can be replayed (CHAOS_SEED). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

interface Proc { proc: ChildProcess; output: () => string; exit: Promise<number | null> }

function run(args: string[], env: Record<string, string> = {}): Proc {
  let out = '';
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VETREPORT_REDIS_URL: '', ...env } });
  proc.stdout!.on('data', (d) => { out += String(d); });
  proc.stderr!.on('data', (d) => { out += String(d); });
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  return { proc, output: () => out, exit };
}

async function kill(p: Proc, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill(signal);
  await p.exit;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runChaos(opts: ChaosOptions): Promise<ChaosFigures> {
  const t0 = Date.now();
  const rnd = random(opts.seed ?? Number(process.env.CHAOS_SEED ?? 20240501));
  const log = opts.log ?? (() => undefined);
  const events: ChaosFigures['events'] = [];
  const event = (what: string) => {
    events.push({ atS: Math.round((Date.now() - t0) / 100) / 10, what });
    log(`[${events.at(-1)!.atS}s] ${what}`);
  };
  const n = opts.n;
  const m = opts.m ?? Math.max(4, Math.round(n / 10));
  const timeoutMs = opts.timeoutMs ?? 60_000 + n * 6_000;

  const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-chaos-'));
  const inbox = path.join(dir, 'inbox');
  const extractDir = path.join(dir, 'extract');
  const storeDir = path.join(dir, 'store');
  mkdirSync(inbox);
  mkdirSync(extractDir);
  // Distinct reports from the small seeds: each gets a line of its own, so each is new content.
  const seeds = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort().map((f) => readFileSync(SEEDS + f, 'utf8'));
  const small = seeds.filter((s) => s.length < 60_000);
  const report = (i: number, tag: string) => `${small[i % small.length]}\n（${tag}第${i}份）\n`;
  const inboxNames = Array.from({ length: n }, (_, i) => `r${String(i).padStart(4, '0')}.txt`);
  const extractNames = Array.from({ length: m }, (_, i) => `e${String(i).padStart(4, '0')}.txt`);
  extractNames.forEach((f, i) => writeFileSync(path.join(extractDir, f), report(i, '抽取')));
  const batches = [0, 1, 2, 3].map((b) => inboxNames.slice(Math.floor((b * n) / 4), Math.floor(((b + 1) * n) / 4)));
  const drop = (b: number) => {
    for (const f of batches[b]!) writeFileSync(path.join(inbox, f), report(inboxNames.indexOf(f), '收件'));
    event(`dropped batch ${b + 1}: ${batches[b]!.length} files`);
  };

  const prefix = `chaos${randomBytes(3).toString('hex')}`;
  const aof = mkdtempSync(path.join(tmpdir(), 'vetreport-chaos-redis-'));
  let redis: TestRedis = await startRedis({ persist: true, dir: aof });
  const redisArgs = ['--redis', redis.url, '--prefix', prefix, '--store', storeDir];
  const startWorker = () => run(['worker', ...redisArgs, '-c', '1', '--lock-ms', '15000', '--stalled-ms', '5000', '--drain-ms', '5000']);
  const startWatcher = () => run(['watch', inbox, ...redisArgs, '--settle', '200', '--rescan', String(opts.rescanS ?? 5)]);
  const workers = [startWorker(), startWorker()];
  let watcher = startWatcher();
  const store = new Store(storeDir);

  const done = async () => {
    let k = 0;
    for (const p of await store.allLatest()) if (p.status === 'ok' && p.docId.startsWith('r')) k++;
    return k;
  };
  const until = async (what: string, probe: () => Promise<boolean>) => {
    while (!(await probe())) {
      if (Date.now() - t0 > timeoutMs) throw new Error(`chaos: timed out waiting for ${what} (${await done()}/${n} done)\nwatcher: ${watcher.output().slice(-2000)}\nworkers: ${workers.map((w) => w.output().slice(-1000)).join('\n---\n')}`);
      await sleep(200);
    }
  };
  const reached = (share: number) => until(`${Math.ceil(n * share)} documents`, async () => (await done()) >= Math.ceil(n * share));

  // The extract killed at random points, beside the queue's chaos.
  const extractChaos = (async () => {
    const kills = opts.extractKills ?? 3;
    const extractRun = async () => {
      for (const r of await store.runs()) if ((await store.runMeta(r))?.trigger === 'extract') return r;
      return null;
    };
    // What a user does after a kill: finish the run it left, or run the command again if it left none.
    const next = async () => ((await extractRun()) ? ['rerun', '--interrupted', '--store', storeDir, '-c', '2'] : ['extract', extractDir, '--store', storeDir, '-c', '2']);
    let args = await next();
    let p = run(args);
    for (let k = 0; k < kills; k++) {
      const after = 500 + Math.floor(rnd() * 4000);
      const ended = await Promise.race([p.exit.then(() => true), sleep(after).then(() => false)]);
      if (!ended) {
        await kill(p);
        event(`killed ${args.slice(0, 2).join(' ')} after ${after} ms (kill -9)`);
      }
      args = await next();
      p = run(args);
    }
    const code = await p.exit;
    event(`${args.slice(0, 2).join(' ')} ran to its end (exit ${code})`);
    // A run killed before it listed its jobs cannot be finished ("extract them again"): what it owes is extracted anew.
    const owed: string[] = [];
    for (const f of extractNames) if ((await store.latest(f.slice(0, -4)))?.status !== 'ok') owed.push(path.join(extractDir, f));
    if (owed.length > 0) {
      const again = run(['extract', ...owed, '--store', storeDir]);
      event(`extract of the ${owed.length} files no run lists ran to its end (exit ${await again.exit})`);
    }
  })();

  try {
    drop(0);
    await reached(1 / 8);
    await kill(workers[0]!);
    event('killed worker 1 (kill -9)');
    workers[0] = startWorker();
    drop(1);
    await reached(2 / 8);
    await redis.stop('SIGKILL');
    redis = await startRedis({ port: redis.port, persist: true, dir: aof });
    event('Redis killed and restarted with its append-only file');
    drop(2);
    await reached(3 / 8);
    await redis.stop('SIGKILL');
    redis = await startRedis({ port: redis.port, persist: false, dir: mkdtempSync(path.join(tmpdir(), 'vetreport-chaos-empty-')) });
    event('Redis killed and restarted without persistence: the queue is gone');
    await reached(4 / 8);
    await kill(watcher);
    event('killed the watcher (kill -9)');
    drop(3);
    await sleep(1000);
    watcher = startWatcher();
    event('restarted the watcher');
    await reached(1);
    event(`all ${n} inbox files extracted`);
    await extractChaos;
    // Let anything still queued run out before counting (a job done twice would show up now).
    await sleep((opts.rescanS ?? 5) * 1000 + 2000);
  } finally {
    await kill(watcher, 'SIGTERM');
    await Promise.all(workers.map((w) => kill(w, 'SIGTERM')));
    await extractChaos.catch(() => undefined);
    await redis.stop();
  }

  const counts = new Map<string, number>();
  let stored = 0;
  for (const r of await store.runs()) {
    for (const o of await store.outcomes(r)) {
      if (o.status !== 'ok') continue;
      stored++;
      counts.set(`${o.docId}@${o.sha256}`, (counts.get(`${o.docId}@${o.sha256}`) ?? 0) + 1);
    }
  }
  const files = [...inboxNames, ...extractNames];
  const lost: string[] = [];
  const duplicated: string[] = [];
  let extracted = 0;
  for (const f of files) {
    const docId = f.slice(0, -4);
    const p = await store.latest(docId);
    if (p?.status !== 'ok') {
      lost.push(f);
      continue;
    }
    extracted++;
    if ((counts.get(`${docId}@${p.sha256}`) ?? 0) > 1) duplicated.push(f);
  }
  // What kill -9 may leave lagging (a manifest behind its results) is what fsck --repair is for;
  // anything it cannot repair stays a problem.
  const repaired = (await fsck(store, { repair: true })).problems.map((p) => `${p.file}: ${p.what}`);
  const report_ = await fsck(store);
  return {
    files: files.length,
    extracted,
    lost,
    duplicated,
    storedExtractions: stored,
    fsckRepaired: repaired,
    fsckProblems: report_.problems.map((p) => `${p.file}: ${p.what}`),
    events,
    seconds: Math.round((Date.now() - t0) / 1000),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const n = Number(process.argv[2] ?? process.env.CHAOS_N ?? 200);
  const f = await runChaos({ n, log: (l) => console.log(l) });
  console.log(`\nchaos N=${n} (+${f.files - n} through a killed extract): ${f.files} files, ${f.extracted} extracted, ${f.lost.length} lost, ${f.duplicated.length} duplicated, ${f.storedExtractions} stored extractions, fsck ${f.fsckProblems.length ? `${f.fsckProblems.length} problems` : 'consistent'} (${f.fsckRepaired.length} lagging file(s) repaired first), ${f.seconds} s`);
  for (const x of [...f.lost.map((l) => `lost ${l}`), ...f.duplicated.map((d) => `duplicated ${d}`), ...f.fsckRepaired.map((r) => `repaired ${r}`), ...f.fsckProblems]) console.log(`  ${x}`);
  process.exit(f.lost.length || f.duplicated.length || f.fsckProblems.length ? 1 : 0);
}
