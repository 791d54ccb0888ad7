// The same report in any encoding a Chinese .txt arrives in gives the same records.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../src/load/encoding.ts';
import type { AnyRecord } from '../src/schema/records.ts';
import { seedPath } from './helpers/corpus.ts';
import { extractBytes, warnings } from './helpers/extract.ts';

/** Records minus what legitimately differs between two byte encodings of one text. */
function comparable(records: AnyRecord[]): unknown[] {
  return records.map((r) => {
    const { provenance, ...rest } = r;
    const { sha256: _s, ...prov } = provenance;
    if (rest.kind === 'document') return { ...rest, source: { ...rest.source, sha256: '', bytes: 0, encoding: '' }, prov };
    return { ...rest, prov };
  });
}

async function recordsOf(buf: Buffer) {
  const r = await extractBytes(buf, 'report.txt');
  expect(r.status).toBe('ok');
  return r;
}

describe('encodings', () => {
  const utf8 = readFileSync(seedPath('001'));
  const text = utf8.toString('utf8');

  it.each([
    ['gb18030', () => iconv.encode(text, 'gb18030'), 'gb18030'],
    ['utf-8 with BOM', () => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]), 'utf-8-bom'],
    ['utf-16le with BOM', () => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'utf-16le'],
    ['utf-16be with BOM', () => iconv.encode(text, 'utf-16be', { addBOM: true }), 'utf-16be'],
    ['utf-16le without BOM', () => Buffer.from(text, 'utf16le'), 'utf-16le'],
    ['CRLF line ends', () => Buffer.from(text.replace(/\n/g, '\r\n')), 'utf-8'],
  ])('%s gives the same records as UTF-8', async (_name, make, encoding) => {
    const base = await recordsOf(utf8);
    const other = await recordsOf(make());
    expect(other.records[0]).toMatchObject({ kind: 'document', source: { encoding } });
    expect(comparable(other.records)).toEqual(comparable(base.records));
  });

  it('a GBK copy of a seed gives the same records as the UTF-8 one', async () => {
    const src = readFileSync(seedPath('000'));
    const gbk = iconv.encode(src.toString('utf8'), 'gbk');
    expect(gbk.length).toBeLessThan(src.length);
    const a = await recordsOf(src);
    const b = await recordsOf(gbk);
    expect(b.records[0]).toMatchObject({ source: { encoding: 'gb18030' } });
    expect(comparable(b.records)).toEqual(comparable(a.records));
  });

  it('survives a few undecodable bytes with a warning that says where', async () => {
    const lines = readFileSync(seedPath('003'), 'utf8').split('\n');
    const before = Buffer.from(lines.slice(0, 9).join('\n') + '\n');
    const broken = Buffer.concat([before, Buffer.from([0xe9, 0x28]), Buffer.from(lines.slice(9).join('\n'))]);
    const r = await recordsOf(broken);
    const w = warnings(r.records).find((x) => x.code === 'UNDECODABLE_BYTES');
    expect(w?.provenance.lineStart).toBe(10);
    expect(w?.message).toMatch(/byte \d+/);
  });

  it('a UTF-8 BOM before GBK bytes is read as GB18030, and before bytes that fit no encoding is refused, never text with U+FFFD', async () => {
    const src = readFileSync(seedPath('004'));
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const a = await recordsOf(src);
    const b = await recordsOf(Buffer.concat([bom, iconv.encode(src.toString('utf8'), 'gbk')]));
    expect(b.records[0]).toMatchObject({ source: { encoding: 'gb18030' } });
    expect(comparable(b.records)).toEqual(comparable(a.records));
    expect(JSON.stringify(b.records)).not.toContain('\ufffd');

    const soup = Buffer.alloc(4000);
    for (let i = 0; i < soup.length; i++) soup[i] = 0x80 + ((i * 7919) % 0x7f);
    expect(() => decodeText(Buffer.concat([bom, soup]))).toThrow(expect.objectContaining({ code: 'UNDECODABLE' }));
    const r = await extractBytes(Buffer.concat([bom, soup]), 'report.txt');
    expect(r.status).toBe('failed');
    expect(r.records.map((x) => `${x.kind}:${(x as { code?: string }).code}`)).toContain('error:UNDECODABLE');
  });

  it('refuses bytes that fit no encoding', () => {
    const soup = Buffer.alloc(4000);
    for (let i = 0; i < soup.length; i++) soup[i] = 0x80 + ((i * 7919) % 0x7f);
    expect(() => decodeText(soup)).toThrow(expect.objectContaining({ code: 'UNDECODABLE' }));
  });
});
