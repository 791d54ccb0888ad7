// Bad input ends as an error record and a non-zero exit; the other inputs of the run are still written.
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, copyFileSync, existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import { AnyRecord } from '../src/schema/records.ts';
import { seedPath } from './helpers/corpus.ts';

function workspace() {
  const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-bad-'));
  const inputs = path.join(dir, 'in');
  mkdirSync(inputs);
  return { dir, inputs, out: path.join(dir, 'out') };
}

function readRecords(out: string) {
  return readFileSync(path.join(out, 'records.jsonl'), 'utf8').trim().split('\n').map((l) => AnyRecord.parse(JSON.parse(l)));
}

describe('bad input', () => {
  it('reports each bad file with a clear error record and still extracts the good one', async () => {
    const { inputs, out } = workspace();
    copyFileSync(seedPath('001'), path.join(inputs, 'good.txt'));
    writeFileSync(path.join(inputs, 'empty.txt'), '');
    writeFileSync(path.join(inputs, 'image.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]));
    const noise = Buffer.alloc(3000);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 2654435761) % 256;
    writeFileSync(path.join(inputs, 'binary.txt'), noise);
    const soup = Buffer.alloc(3000);
    for (let i = 0; i < soup.length; i++) soup[i] = 0x80 + ((i * 7919) % 0x7f);
    writeFileSync(path.join(inputs, 'invalid-utf8.txt'), soup);

    const code = await main(['extract', inputs, '--out', out, '--quiet']);
    expect(code).toBe(1);

    const records = readRecords(out);
    const errors = Object.fromEntries(records.filter((r) => r.kind === 'error').map((r) => [r.docId, r.kind === 'error' ? r.code : '']));
    expect(errors).toEqual({
      binary: 'NOT_TEXT',
      empty: 'EMPTY_FILE',
      image: 'NOT_TEXT',
      'invalid-utf8': 'UNDECODABLE',
    });
    // Nothing but the error record comes from a failed input.
    for (const id of Object.keys(errors)) expect(records.filter((r) => r.docId === id)).toHaveLength(1);
    expect(records.filter((r) => r.docId === 'good' && r.kind === 'section').length).toBeGreaterThan(40);
    const manifest = JSON.parse(readFileSync(path.join(out, 'run.json'), 'utf8'));
    expect(manifest.documents.find((d: { docId: string }) => d.docId === 'good').status).toBe('ok');
    expect(manifest.documents.find((d: { docId: string }) => d.docId === 'image').error.message).toMatch(/PNG/);
    expect(existsSync(path.join(out, 'docs', 'good.json'))).toBe(true);
    expect(readdirSync(path.join(out, 'docs')).some((f) => f.endsWith('.tmp'))).toBe(false);
  });

  it('exits 0 when every input succeeds and 2 on a usage error', async () => {
    const { inputs, out } = workspace();
    copyFileSync(seedPath('003'), path.join(inputs, 'ok.txt'));
    expect(await main(['extract', inputs, '--out', out, '--quiet'])).toBe(0);
    expect(await main(['extract', '--out', out])).toBe(2);
    expect(await main(['extract', inputs, '--out', out, '--pipeline', 'nope'])).toBe(2);
    expect(await main(['extract', inputs, '--out', out, '--redis', 'redis://127.0.0.1:1'])).toBe(2);
  });

  it('keeps the docId of a corrected file while its sha256 changes', async () => {
    const { inputs, out } = workspace();
    const file = path.join(inputs, '钦州市2023年度报告.txt');
    copyFileSync(seedPath('003'), file);
    await main(['extract', file, '--out', out, '--quiet']);
    const first = readRecords(out)[0]!;
    writeFileSync(file, readFileSync(file, 'utf8').replace('办学定位', '办学定位与目标'));
    await main(['extract', file, '--out', out, '--quiet']);
    const second = readRecords(out)[0]!;
    expect(second.docId).toBe(first.docId);
    expect(second.provenance.sha256).not.toBe(first.provenance.sha256);
  });
});
