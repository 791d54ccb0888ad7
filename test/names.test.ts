// Names that always fit, and writes that fail for one document only: a docId keeps a readable prefix
// and a short hash when the file name is too long to be suffixed; a document whose files cannot be
// written gets an error record saying so, and the batch keeps its other documents.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import type { CliIO } from '../src/cli/io.ts';
import { docIdFor, MAX_DOC_ID_BYTES } from '../src/records/ids.ts';
import { Store } from '../src/store/store.ts';
import { seedPath } from './helpers/corpus.ts';

// 83 characters, 249 bytes in UTF-8: a legal file name that no suffix fits onto.
const LONG = `${'广西壮族自治区柳州市职业教育'.repeat(4)}质量年度报告（２０２３年度）正式版本最终稿修订版本其一`;

async function cli(args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const io: CliIO = { say: () => undefined, warn: (l) => { err += `${l}\n`; } };
  return { code: await main(args, io), err };
}

function inputs() {
  const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-names-'));
  const inbox = path.join(dir, 'in');
  mkdirSync(inbox);
  copyFileSync(seedPath('003'), path.join(inbox, `${LONG}.txt`));
  copyFileSync(seedPath('001'), path.join(inbox, 'liuzhou.txt'));
  return { dir, inbox };
}

describe('names', () => {
  it('a docId fits file-name limits: a readable prefix and a short hash of the whole name', () => {
    expect(Buffer.byteLength(`${LONG}.txt`)).toBeGreaterThan(250);
    const id = docIdFor(`${LONG}.txt`);
    expect(Buffer.byteLength(id)).toBeLessThanOrEqual(MAX_DOC_ID_BYTES);
    expect(id).toMatch(/^广西壮族自治区柳州市职业教育.*-[0-9a-f]{10}$/);
    expect(docIdFor(`${LONG}.pdf`)).toBe(id);
    expect(docIdFor(`${LONG}（修订）.txt`)).not.toBe(id);
    expect(docIdFor('short name.txt')).toBe('short-name');
  });

  it('an 83-character Chinese file name is extracted and stored, in the store and with --out', async () => {
    const { dir, inbox } = inputs();
    const id = docIdFor(`${LONG}.txt`);
    expect((await cli(['extract', inbox, '--out', path.join(dir, 'out'), '--quiet'])).code).toBe(0);
    expect(readdirSync(path.join(dir, 'out', 'docs'))).toContain(`${id}.json`);
    const storeDir = path.join(dir, 'store');
    expect((await cli(['extract', inbox, '--store', storeDir, '--quiet'])).code).toBe(0);
    const p = await new Store(storeDir).latest(id);
    expect(p?.status).toBe('ok');
    expect(p?.sourcePath.endsWith(`${LONG}.txt`)).toBe(true);
  });

  it('a document whose files cannot be written ends as an error record; the others are written; exit 1', async () => {
    const { dir, inbox } = inputs();
    const id = docIdFor(`${LONG}.txt`);
    // --out: an earlier output whose docs/liuzhou.json is a folder now (no file can replace it).
    const out = path.join(dir, 'out');
    expect((await cli(['extract', inbox, '--out', out, '--quiet'])).code).toBe(0);
    mkdirSync(path.join(out, 'docs', 'liuzhou.json.d'));
    const { rmSync, renameSync, writeFileSync } = await import('node:fs');
    rmSync(path.join(out, 'docs', 'liuzhou.json'));
    renameSync(path.join(out, 'docs', 'liuzhou.json.d'), path.join(out, 'docs', 'liuzhou.json'));
    writeFileSync(path.join(out, 'docs', 'liuzhou.json', 'keep'), '');
    const r = await cli(['extract', inbox, '--out', out, '--quiet']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/liuzhou\.txt: WRITE_FAILED: cannot write the extraction of .*liuzhou\.txt/);
    const records = readFileSync(path.join(out, 'records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(records.filter((x) => x.docId === 'liuzhou').map((x) => `${x.kind}:${x.code}`)).toEqual(['error:WRITE_FAILED']);
    expect(records.filter((x) => x.docId === id && x.kind === 'section').length).toBeGreaterThan(10);

    // Store: the document's latest pointer cannot be written.
    const storeDir = path.join(dir, 'store');
    mkdirSync(path.join(storeDir, 'latest', 'liuzhou.json', 'x'), { recursive: true });
    const s = await cli(['extract', inbox, '--store', storeDir]);
    expect(s.code).toBe(1);
    expect(s.err).toMatch(/liuzhou\.txt/);
    const store = new Store(storeDir);
    const [runId] = await store.runs();
    const m = await store.manifest(runId!);
    expect(m.documents.find((d) => d.docId === 'liuzhou')?.error?.code).toBe('WRITE_FAILED');
    expect(m.documents.find((d) => d.docId === id)?.status).toBe('ok');
    expect((await store.latest(id))?.status).toBe('ok');
  });
});
