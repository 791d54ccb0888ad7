// `extract -c N --out DIR`: N documents extracted at once, each in an extraction process of its own,
// written in input order, so the output is byte for byte what one document at a time in this
// process writes (run.json differs only in times).
import { readFileSync, readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { runExtract } from '../src/run-extract.ts';
import { CASES_DIR, EXTERNAL_DIR, SEEDS_DIR } from './helpers/corpus.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-concurrency-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// Every seed, a Word file, a PDF and a markdown file: the loaders of every kind, in both places.
const inputs = [
  ...readdirSync(SEEDS_DIR).sort().map((f) => SEEDS_DIR + f),
  `${EXTERNAL_DIR}word_tables.docx`,
  `${CASES_DIR}B16-header-equals-title.pdf`,
  `${EXTERNAL_DIR}unit_test_headers_numbered.docx.md`,
];

function files(out: string): Map<string, string> {
  const m = new Map<string, string>();
  m.set('records.jsonl', readFileSync(path.join(out, 'records.jsonl'), 'utf8'));
  for (const f of readdirSync(path.join(out, 'docs')).sort()) m.set(`docs/${f}`, readFileSync(path.join(out, 'docs', f), 'utf8'));
  return m;
}

describe('extract --out with concurrency', { timeout: 600_000 }, () => {
  it('writes the same bytes with two extraction processes as one document at a time in process', async () => {
    const seen: string[] = [];
    const one = await runExtract(inputs, path.join(dir, 'one'), qualityReport);
    const two = await runExtract(inputs, path.join(dir, 'two'), qualityReport, (r) => seen.push(r.docId), {}, { concurrency: 2 });
    expect(two.documents.map((d) => d.status)).toEqual(inputs.map(() => 'ok'));
    // Results reach the caller and the output in input order, whichever process finished first.
    expect(seen).toEqual(one.documents.map((d) => d.docId));
    const strip = (ds: typeof one.documents) => ds.map(({ ms: _ms, ...d }) => d);
    expect(strip(two.documents)).toEqual(strip(one.documents));
    const [a, b] = [files(path.join(dir, 'one')), files(path.join(dir, 'two'))];
    expect([...b.keys()]).toEqual([...a.keys()]);
    for (const [name, text] of a) expect(b.get(name), name).toBe(text);
  });
});
