// The store: sources kept by content, re-runs from them after the inbox is gone, each record stored
// once per run, prune and forget.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PIPELINES } from '../pipelines/index.ts';
import { qualityReport } from '../pipelines/quality-report.ts';
import { Store } from '../src/store/store.ts';
import { cli, workspace } from './helpers/cli.ts';
import { seedPath } from './helpers/corpus.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

afterEach(() => {
  delete PIPELINES['quality-report-previous'];
});

describe('the store', () => {
  it('keeps each input once by content, and re-extracts from the kept bytes after the inbox is emptied', async () => {
    const { inbox, store: storeDir } = workspace('store');
    copyFileSync(seedPath('001'), path.join(inbox, 'liuzhou.txt'));
    copyFileSync(seedPath('003'), path.join(inbox, 'qinzhou.txt'));
    copyFileSync(seedPath('003'), path.join(inbox, 'qinzhou-copy.txt'));
    // An older pipeline version made the first extraction.
    PIPELINES['quality-report-previous'] = { ...qualityReport, name: 'quality-report-previous', version: '0.0.1' };
    expect((await cli(['extract', inbox, '--store', storeDir, '--pipeline', 'quality-report-previous', '--quiet'])).code).toBe(0);

    const store = new Store(storeDir);
    const kept = readdirSync(path.join(storeDir, 'sources')).sort();
    expect(kept).toEqual([sha(readFileSync(seedPath('001'))), sha(readFileSync(seedPath('003')))].sort());
    const src = await store.documentSource('qinzhou');
    expect(src!.bytes.equals(readFileSync(seedPath('003')))).toBe(true);
    expect(src!.sourcePath).toBe(path.join(inbox, 'qinzhou.txt').split(path.sep).join('/'));

    rmSync(inbox, { recursive: true });
    const r = await cli(['rerun', '--stale', '--store', storeDir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/3 of 3 documents re-extracted/);
    const latest = await store.allLatest();
    expect(latest.map((p) => `${p.docId}:${p.status}@${p.pipelineVersion}`).sort()).toEqual([`liuzhou:ok@${qualityReport.version}`, `qinzhou-copy:ok@${qualityReport.version}`, `qinzhou:ok@${qualityReport.version}`]);
    const records = (await store.documentRecords(latest.find((p) => p.docId === 'qinzhou')!.runId, 'qinzhou')).trim().split('\n').map((l) => JSON.parse(l));
    expect(records.filter((x) => x.kind === 'section').length).toBeGreaterThan(15);
    expect(records.every((x) => x.extractor.version === qualityReport.version)).toBe(true);
    // Two runs of three documents through fresh extraction processes: past a minute on a loaded machine.
  }, 180_000);

  it('never replaces a good extraction with NOT_FOUND when a document\'s input is gone everywhere', async () => {
    const { inbox, store: storeDir } = workspace('store');
    copyFileSync(seedPath('002'), path.join(inbox, 'report.txt'));
    expect((await cli(['extract', inbox, '--store', storeDir, '--quiet'])).code).toBe(0);
    const store = new Store(storeDir);
    const before = await store.latest('report');
    rmSync(inbox, { recursive: true });
    rmSync(path.join(storeDir, 'sources'), { recursive: true });
    const r = await cli(['rerun', '--all', '--store', storeDir]);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/skipped report: its input is neither kept in the store .* nor at .*report\.txt/);
    expect(r.out).toMatch(/nothing to re-run/);
    expect(await store.latest('report')).toEqual(before);
    expect(await store.runs()).toHaveLength(1);
  });

  it('stores each record once per run: one records.jsonl, no per-document copies', async () => {
    const { inbox, store: storeDir } = workspace('store');
    for (const s of ['000', '001', '002', '003', '004']) copyFileSync(seedPath(s), path.join(inbox, `seed-${s}.txt`));
    expect((await cli(['extract', inbox, '--store', storeDir, '--quiet'])).code).toBe(0);
    const store = new Store(storeDir);
    const [runId] = await store.runs();
    const dir = store.runDir(runId!);
    const records = readFileSync(path.join(dir, 'records.jsonl'), 'utf8');
    const lines = records.trim().split('\n');
    expect(new Set(lines.map((l) => JSON.parse(l).id)).size).toBe(lines.length);
    expect(lines.filter((l) => l.includes('"kind":"document"'))).toHaveLength(5);
    // No other file of the run holds a record.
    const others = filesUnder(dir).filter((f) => !f.endsWith('records.jsonl'));
    for (const f of others) expect(readFileSync(f, 'utf8').includes('"provenance"'), f).toBe(false);
    // The rest is the normalized texts plus small manifests.
    const texts = others.filter((f) => f.endsWith('.txt')).reduce((n, f) => n + statSync(f).size, 0);
    const small = others.filter((f) => !f.endsWith('.txt')).reduce((n, f) => n + statSync(f).size, 0);
    expect(small).toBeLessThan(0.05 * records.length);
    expect(texts).toBeLessThan(records.length);
    // Each document's records are read back through its result's block.
    for (const o of await store.outcomes(runId!)) {
      const mine = (await store.documentRecords(runId!, o.docId)).trim().split('\n').map((l) => JSON.parse(l));
      expect(mine.every((x) => x.docId === o.docId)).toBe(true);
      expect(mine.length).toBe(Object.values(o.counts).reduce((a, b) => a + b, 0));
    }
  });

  it('prune keeps the last N extractions of each document and never a document\'s latest one', async () => {
    const { inbox, store: storeDir } = workspace('store');
    const file = path.join(inbox, 'report.txt');
    copyFileSync(seedPath('003'), path.join(inbox, 'other.txt'));
    const text = readFileSync(seedPath('003'), 'utf8');
    const runs: string[] = [];
    for (let i = 0; i < 3; i++) {
      writeFileSync(file, text.replace('办学定位', `办学定位${'（修订）'.repeat(i)}`));
      expect((await cli(['extract', i === 0 ? inbox : file, '--store', storeDir, '--quiet'])).code).toBe(0);
      runs.unshift((await new Store(storeDir).runs())[0]!);
    }
    const store = new Store(storeDir);
    const firstSha = (await store.result(runs[2]!, 'report'))!.sha256!;
    expect(existsSync(store.sourceFile(firstSha))).toBe(true);

    const dry = await cli(['prune', '--keep', '1', '--dry-run', '--store', storeDir]);
    expect(dry.out).toMatch(/would remove run/);
    expect(await store.runs()).toHaveLength(3);

    // The oldest run holds the only extraction of "other": it stays.
    const r = await cli(['prune', '--keep', '1', '--store', storeDir]);
    expect(r.code).toBe(0);
    expect(await store.runs()).toEqual([runs[0], runs[2]]);
    expect(r.out).toContain(`removed run ${runs[1]}`);
    // However old, a run holding a document's latest extraction stays.
    const old = await cli(['prune', '--older-than', '0', '--store', storeDir]);
    expect(old.out).toContain(`kept run ${runs[2]}: it holds the latest extraction of a document`);
    expect(old.out).toContain(`kept run ${runs[0]}: it holds the latest extraction of a document`);
    expect(await store.runs()).toEqual([runs[0], runs[2]]);
    // Sources of what is left stay; a source nothing names any more goes.
    const midSha = sha(Buffer.from(text.replace('办学定位', '办学定位（修订）')));
    expect(existsSync(store.sourceFile(midSha))).toBe(false);
    expect(existsSync(store.sourceFile(firstSha))).toBe(true);

    expect((await cli(['prune', '--store', storeDir])).code).toBe(2);
  });

  it('forget removes a document from every run, and the other documents stay readable', async () => {
    const { inbox, store: storeDir } = workspace('store');
    copyFileSync(seedPath('001'), path.join(inbox, 'keep.txt'));
    copyFileSync(seedPath('003'), path.join(inbox, 'drop.txt'));
    await cli(['extract', inbox, '--store', storeDir, '--quiet']);
    await cli(['extract', inbox, '--store', storeDir, '--quiet']);
    const store = new Store(storeDir);
    const keepBefore = await store.documentRecords((await store.latest('keep'))!.runId, 'keep');

    const r = await cli(['forget', 'drop', '--store', storeDir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/forgot 1 document \(2 extractions removed\)/);
    expect(await store.latest('drop')).toBeNull();
    for (const runId of await store.runs()) {
      expect(readFileSync(path.join(store.runDir(runId), 'records.jsonl'), 'utf8')).not.toContain('"docId":"drop"');
      expect((await store.manifest(runId)).documents.map((d) => d.docId)).toEqual(['keep']);
      expect(await store.result(runId, 'drop')).toBeNull();
    }
    expect(await store.documentRecords((await store.latest('keep'))!.runId, 'keep')).toBe(keepBefore);
    expect(readdirSync(path.join(storeDir, 'sources'))).toEqual([sha(readFileSync(seedPath('001')))]);
    expect((await cli(['forget', 'nothing-like-this', '--store', storeDir])).code).toBe(2);
  });
});
