// Records are serialized once for every output: the nested document is put together from each
// record's JSON, and must read exactly as serializing the nested objects would.
import { readFileSync, readdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { documentJsonl, nestedJson, recordsJson } from '../src/output/extraction.ts';
import { nestedDocument } from '../src/output/nested.ts';
import { extractBuffer, failed } from '../src/pipeline.ts';
import { ExtractionError } from '../src/errors.ts';
import type { AnyRecord } from '../src/schema/records.ts';
import { EXTERNAL_DIR, SEEDS_DIR } from './helpers/corpus.ts';

const files = [
  ...readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).map((f) => SEEDS_DIR + f),
  ...['word_tables.docx', 'unit_test_headers_numbered.docx', '政务公开年报模版.docx', '上海市普陀区商务委员会25年预算.pdf'].map((f) => EXTERNAL_DIR + f),
];

describe('serialized once', () => {
  it.each(files.map((f) => [f.slice(f.lastIndexOf('/') + 1), f]))('%s: nested JSON and JSON lines from the same strings', async (name, file) => {
    const r = await extractBuffer(readFileSync(file), name, 'doc', qualityReport);
    expect(r.status).toBe('ok');
    expect(nestedJson(r)).toBe(`${JSON.stringify(nestedDocument(r.records))}\n`);
    expect(documentJsonl(r)).toBe(r.records.map((rec) => `${JSON.stringify(rec)}\n`).join(''));
    // Made once: the same strings for a second writer.
    expect(recordsJson(r)).toBe(recordsJson(r));
  }, 120_000);

  it('an error record, and sections whose parent is missing, nest as the objects do', () => {
    const r = failed('bad', 'bad.pdf', null, 'pdf', new ExtractionError('CORRUPT_PDF', 'damaged'), qualityReport);
    expect(nestedJson(r)).toBe(`${JSON.stringify(nestedDocument(r.records))}\n`);
    const sec = (id: string, parentId: string | null) => ({ kind: 'section', id, docId: 'd', parentId, title: id, level: 1 }) as unknown as AnyRecord;
    const records = [sec('d/sec/2', 'd/sec/1'), sec('d/sec/3', null), sec('d/sec/3.1', 'd/sec/3'), { kind: 'table', id: 'd/t1', sectionId: 'd/sec/9' } as unknown as AnyRecord, { kind: 'figure', id: 'd/f1', sectionId: 'd/sec/3.1' } as unknown as AnyRecord];
    const doc = { ...r, status: 'ok' as const, records, error: null };
    expect(nestedJson(doc)).toBe(`${JSON.stringify(nestedDocument(records))}\n`);
  });
});
