// A store that is always readable: a crash at any point between a document's files, or a disk that
// fills up mid-run, leaves a store every command reads; `vetreport fsck` names what lags and
// `--repair` rebuilds it from the results; a starting command sweeps crashed writers' temporary files.
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TMP_OWNER } from '../src/output/atomic.ts';
import { newRunId, Store, type RunMeta } from '../src/store/store.ts';
import { cli, workspace } from './helpers/cli.ts';
import { seedPath } from './helpers/corpus.ts';

const BIN = fileURLToPath(new URL('../bin/vetreport.mjs', import.meta.url));

/** A temporary file as a writer that has exited would have left it in the store's tmp/. */
function deadWritersTmp(storeDir: string): string {
  const pid = spawnSync('true').pid!;
  const file = path.join(storeDir, 'tmp', `${pid}-${TMP_OWNER.split('-')[1]}-0123456789ab.tmp`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, '{"half": ');
  return file;
}

describe('a store that survives crashes', () => {
  it('a crash between a run\'s metadata and its run.json leaves status, diff and review working; fsck names it, --repair rewrites it', async () => {
    const { dir, inbox, store: storeDir } = workspace('fsck');
    copyFileSync(seedPath('004'), path.join(inbox, 'a.txt'));
    copyFileSync(seedPath('001'), path.join(inbox, 'b.txt'));
    expect((await cli(['extract', inbox, '--store', storeDir, '--quiet'])).code).toBe(0);
    expect((await cli(['extract', inbox, '--store', storeDir, '--quiet'])).code).toBe(0);
    const store = new Store(storeDir);
    const [runB, runA] = await store.runs();
    expect((await cli(['fsck', '--store', storeDir])).out).toMatch(/2 run\(s\), 4 result\(s\), 2 latest pointer\(s\): consistent/);

    // Run B crashed after its results, before its manifest; run C right after its meta.json.
    rmSync(path.join(store.runDir(runB!), 'run.json'));
    const runC = newRunId(new Date(Date.now() + 1000));
    const meta = JSON.parse(readFileSync(path.join(store.runDir(runB!), 'meta.json'), 'utf8')) as RunMeta;
    mkdirSync(path.join(store.runDir(runC), 'results'), { recursive: true });
    writeFileSync(path.join(store.runDir(runC), 'meta.json'), JSON.stringify({ ...meta, runId: runC, startedAt: new Date().toISOString() }));

    const status = await cli(['status', '--store', storeDir]);
    expect(status.code).toBe(0);
    expect(status.out).toMatch(new RegExp(`${runC}.*interrupted\\s+0/2 documents`));
    expect(status.out).toMatch(new RegExp(`${runB}.*complete\\s+2 documents, 2 ok`));
    expect(status.out).toContain(runA);
    const diff = await cli(['diff', '--store', storeDir]);
    expect(diff.err).toBe('');
    expect(diff.code).toBe(0);
    const review = await cli(['review', '--store', storeDir, '--out', path.join(dir, 'review')]);
    expect(review.err).toBe('');
    expect(review.code).toBe(0);
    expect(existsSync(path.join(dir, 'review', 'index.html'))).toBe(true);

    const check = await cli(['fsck', '--store', storeDir]);
    expect(check.code).toBe(1);
    expect(check.out).toContain(`runs/${runB}/run.json: run.json ENOENT`);
    expect(check.out).toContain(`runs/${runC}/run.json: run.json ENOENT`);
    const repair = await cli(['fsck', '--repair', '--store', storeDir]);
    expect(repair.code).toBe(0);
    expect(repair.out).toMatch(/2 problem\(s\), 2 repaired/);
    expect(JSON.parse(readFileSync(path.join(store.runDir(runB!), 'run.json'), 'utf8')).documents).toHaveLength(2);
    expect((await cli(['fsck', '--store', storeDir])).out).toMatch(/: consistent/);
    // The run that crashed before recording its jobs cannot be finished, and says so.
    const rerun = await cli(['rerun', '--interrupted', '--store', storeDir]);
    expect(rerun.err).toContain(`run ${runC} owes 2 documents but does not list them`);
  }, 180_000);

  it('a result without its latest pointer, a torn records tail and dead writers\' temporary files: fsck finds each, --repair fixes them, a starting command sweeps tmp/', async () => {
    const { inbox, store: storeDir } = workspace('fsck');
    copyFileSync(seedPath('004'), path.join(inbox, 'a.txt'));
    expect((await cli(['extract', inbox, '--store', storeDir, '--quiet'])).code).toBe(0);
    const store = new Store(storeDir);
    const [runId] = await store.runs();
    const pointer = readFileSync(path.join(storeDir, 'latest', 'a.json'), 'utf8');
    const recordsFile = path.join(store.runDir(runId!), 'records.jsonl');
    const records = readFileSync(recordsFile);

    rmSync(path.join(storeDir, 'latest', 'a.json'));
    appendFileSync(recordsFile, '{"kind":"section","docId":"a","ti');
    const tmp = deadWritersTmp(storeDir);
    const check = await cli(['fsck', '--store', storeDir]);
    expect(check.code).toBe(1);
    expect(check.out).toContain('latest/a.json: missing: a has an extraction in run');
    expect(check.out).toContain(`runs/${runId}/records.jsonl: 1 line(s) do not parse`);
    expect(check.out).toContain('tmp: 1 temporary file(s) of writers that are gone');

    const repair = await cli(['fsck', '--repair', '--store', storeDir]);
    expect(repair.code).toBe(0);
    expect(repair.out).toMatch(/3 problem\(s\), 3 repaired/);
    expect(JSON.parse(readFileSync(path.join(storeDir, 'latest', 'a.json'), 'utf8'))).toEqual(JSON.parse(pointer));
    expect(readFileSync(recordsFile)).toEqual(records);
    expect(existsSync(tmp)).toBe(false);

    // A pointer to a run that is gone is also found; and the next command that writes sweeps tmp/.
    const tmp2 = deadWritersTmp(storeDir);
    writeFileSync(path.join(storeDir, 'latest', 'ghost.json'), JSON.stringify({ ...JSON.parse(pointer), docId: 'ghost', runId: 'no-such-run' }));
    expect((await cli(['fsck', '--store', storeDir])).out).toContain('latest/ghost.json: points at run no-such-run, which has no such extraction of ghost');
    expect((await cli(['extract', inbox, '--store', storeDir, '--quiet'])).code).toBe(0);
    expect(existsSync(tmp2)).toBe(false);
    expect((await cli(['fsck', '--repair', '--store', storeDir])).code).toBe(0);
    expect(existsSync(path.join(storeDir, 'latest', 'ghost.json'))).toBe(false);
  }, 180_000);

  it('a run whose writes start failing part-way (a full disk) is listed by status, leaves a consistent store, and is completed once there is room', async () => {
    const { inbox, store: storeDir } = workspace('fsck');
    // The seeds' sizes (10–170 KB) around the limit: the large input cannot even be kept, a middle
    // one's records cannot be appended, the small ones go through.
    for (const s of ['000', '001', '003', '004']) copyFileSync(seedPath(s), path.join(inbox, `${s}.txt`));
    // RLIMIT_FSIZE makes the kernel refuse every write past 120 KB in any file (EFBIG), as a full disk refuses them (ENOSPC).
    const child = spawn('bash', ['-c', `ulimit -f 120 && exec "${process.execPath}" "${BIN}" extract "${inbox}" --store "${storeDir}"`], { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VETREPORT_REDIS_URL: '' } });
    let out = '';
    child.stdout!.on('data', (d) => { out += String(d); });
    child.stderr!.on('data', (d) => { out += String(d); });
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    expect(code, out).toBe(1);
    expect(out).toMatch(/000\.txt: WRITE_FAILED: cannot keep the input .* in the store: EFBIG/);

    const store = new Store(storeDir);
    const [runId] = await store.runs();
    const status = await cli(['status', '--store', storeDir]);
    expect(status.out).toMatch(new RegExp(`${runId}.*complete\\s+4 documents, \\d ok, \\d failed`));
    expect(status.out).toMatch(/000 .*WRITE_FAILED/);
    const m = await store.manifest(runId!);
    expect(m.documents.filter((d) => d.status === 'ok').map((d) => d.docId)).toContain('004');
    const check = await cli(['fsck', '--store', storeDir]);
    expect(check.out).toMatch(/: consistent/);
    expect(check.code).toBe(0);

    // With room again, the failed documents are extracted from their files.
    const rerun = await cli(['rerun', '--failed', '--store', storeDir]);
    expect(rerun.code, rerun.err).toBe(0);
    expect(rerun.out).toMatch(/(\d) of \1 documents re-extracted/);
    for (const s of ['000', '001', '003', '004']) expect((await store.latest(s))?.status).toBe('ok');
    expect((await cli(['fsck', '--store', storeDir])).code).toBe(0);
  }, 240_000);
});
