// Runs are complete on disk document by document, whatever stops the process: a watcher stopped
// with Ctrl-C or killed, an extract killed mid-run. A run whose process died is called interrupted
// and `rerun --interrupted` finishes it, each document stored once.
import { spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runStatus } from '../src/store/state.ts';
import { Store } from '../src/store/store.ts';
import { cli, workspace } from './helpers/cli.ts';
import { seedPath } from './helpers/corpus.ts';

const BIN = fileURLToPath(new URL('../bin/vetreport.mjs', import.meta.url));

/** A child `vetreport` whose output can be waited on. */
function start(args: string[]): { proc: ChildProcess; output: () => string; waitFor: (re: RegExp, ms?: number) => Promise<void>; exit: Promise<number | null> } {
  let out = '';
  const proc = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VETREPORT_REDIS_URL: '' } });
  proc.stdout!.on('data', (d) => { out += String(d); });
  proc.stderr!.on('data', (d) => { out += String(d); });
  const exit = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  const waitFor = async (re: RegExp, ms = 60_000) => {
    const t0 = Date.now();
    while (!re.test(out)) {
      if (proc.exitCode !== null) throw new Error(`exited (${proc.exitCode}) before ${re}: ${out}`);
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${re}: ${out}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  return { proc, output: () => out, waitFor, exit };
}

async function until<T>(what: string, probe: () => Promise<T | null | undefined | false>, ms = 60_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const recordsOf = (store: Store, runId: string) => readFileSync(path.join(store.runDir(runId), 'records.jsonl'), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l));

describe('runs on disk', () => {
  it('a watch session stopped with SIGINT right after a document finishes has its records in records.jsonl and run.json', async () => {
    const { inbox, store: storeDir } = workspace('runs');
    const w = start(['watch', inbox, '--store', storeDir, '--settle', '100']);
    await w.waitFor(/watching/);
    copyFileSync(seedPath('003'), path.join(inbox, 'qinzhou.txt'));
    await w.waitFor(/done\s+qinzhou/);
    w.proc.kill('SIGINT');
    expect(await w.exit).toBe(0);
    const store = new Store(storeDir);
    const [runId] = await store.runs();
    const manifest = JSON.parse(readFileSync(path.join(store.runDir(runId!), 'run.json'), 'utf8'));
    expect(manifest.documents.map((d: { docId: string; status: string }) => `${d.docId}:${d.status}`)).toEqual(['qinzhou:ok']);
    const records = recordsOf(store, runId!);
    expect(records.filter((r) => r.kind === 'section').length).toBeGreaterThan(15);
    expect((await runStatus(store, runId!)).state).toBe('complete');
  }, 180_000);

  it('a watcher killed with SIGKILL leaves its finished documents on disk, is called interrupted, and rerun --interrupted finishes it', async () => {
    const { inbox, store: storeDir } = workspace('runs');
    const w = start(['watch', inbox, '--store', storeDir, '--settle', '100', '-c', '1']);
    await w.waitFor(/watching/);
    copyFileSync(seedPath('001'), path.join(inbox, 'liuzhou.txt'));
    await w.waitFor(/done\s+liuzhou/);
    // A report slow enough to be in hand when the watcher dies.
    writeFileSync(path.join(inbox, 'big.txt'), readFileSync(seedPath('000'), 'utf8').repeat(20));
    await w.waitFor(/queued .*big\.txt/);
    w.proc.kill('SIGKILL');
    await w.exit;

    const store = new Store(storeDir);
    const [runId] = await store.runs();
    expect(recordsOf(store, runId!).filter((r) => r.docId === 'liuzhou' && r.kind === 'document')).toHaveLength(1);
    const s = await runStatus(store, runId!);
    expect(s.state).toBe('interrupted');
    expect(s.owed.map((j) => j.docId)).toEqual(['big']);
    const status = await cli(['status', '--store', storeDir]);
    expect(status.out).toMatch(new RegExp(`${runId}\\s+watch\\s+\\S+\\s+interrupted\\s+1/2 documents, 1 ok, 0 failed, 1 not done`));
    expect(status.out).toMatch(/rerun --interrupted/);

    const r = await cli(['rerun', '--interrupted', '--store', storeDir]);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`run ${runId}: 1 documents finished, 2 in the run`);
    expect((await runStatus(store, runId!)).state).toBe('complete');
    const docs = recordsOf(store, runId!).filter((x) => x.kind === 'document').map((x) => x.docId).sort();
    expect(docs).toEqual(['big', 'liuzhou']);
    expect((await cli(['rerun', '--interrupted', '--store', storeDir])).out).toMatch(/no interrupted run/);
  }, 180_000);

  it('an extract killed mid-run keeps what it finished, and is finished by rerun --interrupted with each document once', async () => {
    const { inbox, store: storeDir } = workspace('runs');
    for (const s of ['001', '002', '003']) copyFileSync(seedPath(s), path.join(inbox, `r${s}.txt`));
    // Last in order and slow: still in hand when the kill comes.
    writeFileSync(path.join(inbox, 'r999.txt'), readFileSync(seedPath('000'), 'utf8').repeat(20));
    const x = start(['extract', inbox, '--store', storeDir, '-c', '1']);
    const store = new Store(storeDir);
    const runId = await until('a first result', async () => {
      const [r] = await store.runs();
      return r && (await store.outcomes(r)).length >= 1 && r;
    });
    x.proc.kill('SIGKILL');
    await x.exit;
    const before = (await store.outcomes(runId)).length;
    const s = await runStatus(store, runId);
    expect(s.state).toBe('interrupted');
    expect(s.owed).toHaveLength(4 - before);
    expect((await cli(['rerun', '--interrupted', '--store', storeDir])).code).toBe(0);
    const m = await store.manifest(runId);
    expect(m.documents.map((d) => d.docId).sort()).toEqual(['r001', 'r002', 'r003', 'r999']);
    const docs = recordsOf(store, runId).filter((r) => r.kind === 'document').map((r) => r.docId).sort();
    expect(docs).toEqual(['r001', 'r002', 'r003', 'r999']);
    expect(existsSync(path.join(store.runDir(runId), 'owner.json'))).toBe(false);
  }, 120_000);
});
