// Every field a record takes from the page can be found in docs/<docId>.txt, where its provenance
// points: a section's title and text within its character range, a case's title and body within its
// own, the document's preamble in the text before the first section. Fields keep what was printed
// (Kangxi radicals, vertical punctuation); the .txt is the text folded for matching, one character
// for one, so a field is compared folded; and a markdown export's markup (**, TeX between $, \%)
// is read as the text it renders.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { runExtract } from '../src/run-extract.ts';
import { cleanInline } from '../src/load/text.ts';
import { foldForMatch } from '../src/text/normalize.ts';
import { CASES_DIR, EXTERNAL_DIR, seedPath } from './helpers/corpus.ts';

const FILES = [
  seedPath('000'), // Word → text: TAB tables, 案例 boxes, appendices
  seedPath('004'), // a newspaper feature: wrapped columns, all preamble
  `${CASES_DIR}B07-kangxi-radicals.txt`,
  `${CASES_DIR}B20-vertical-chinese.pdf`,
  `${CASES_DIR}B23-docx-footnotes.docx`,
  `${CASES_DIR}B06-docx-textbox-case.docx`,
  `${EXTERNAL_DIR}cleaned_research_report_1f978cd81fb7260c8f7644039ec2c054.md`,
  `${EXTERNAL_DIR}hzq2023_working.pdf`,
];

interface Rec {
  kind: string;
  docId: string;
  title?: string;
  text?: string;
  body?: string;
  preamble?: string;
  provenance: { charStart: number; charEnd: number; sectionId: string | null };
}

/** Folded, without any whitespace: wrapped lines are joined and Latin runs spaced when text is read. */
const squeeze = (s: string) => foldForMatch(s).replace(/\s+/g, '');
/** A range of the .txt as the reader sees it: markup rendered, line by line. */
const rendered = (s: string) => squeeze(s.split('\n').map(cleanInline).join('\n'));

let dir: string;
const byDoc = new Map<string, { text: string; records: Rec[] }>();

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vetreport-prov-'));
  await runExtract(FILES.map((f) => path.relative(process.cwd(), f)), dir, qualityReport);
  const records = readFileSync(path.join(dir, 'records.jsonl'), 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Rec);
  for (const r of records) {
    if (!byDoc.has(r.docId)) byDoc.set(r.docId, { text: readFileSync(path.join(dir, 'docs', `${r.docId}.txt`), 'utf8'), records: [] });
    byDoc.get(r.docId)!.records.push(r);
  }
}, 300_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('fields and docs/<docId>.txt', () => {
  it('extracts every file', () => {
    expect(byDoc.size).toBe(FILES.length);
  });

  it('finds every section title and every paragraph of its text inside the section\'s range', () => {
    for (const [docId, { text, records }] of byDoc) {
      for (const s of records.filter((r) => r.kind === 'section' && r.provenance.charEnd > r.provenance.charStart)) {
        const range = rendered(text.slice(s.provenance.charStart, s.provenance.charEnd));
        expect(range, `${docId} ${s.title}`).toContain(squeeze(s.title!));
        for (const p of s.text!.split('\n').filter((x) => x.trim())) expect(range, `${docId} ${s.title}: ${p.slice(0, 30)}`).toContain(squeeze(p));
      }
    }
  });

  it('finds every case title and body inside the case\'s range', () => {
    let n = 0;
    for (const [docId, { text, records }] of byDoc) {
      for (const c of records.filter((r) => r.kind === 'case')) {
        const range = rendered(text.slice(c.provenance.charStart, c.provenance.charEnd));
        expect(range, `${docId} ${c.title}`).toContain(squeeze(c.title!));
        for (const p of c.body!.split('\n').filter((x) => x.trim())) expect(range, `${docId} ${c.title}: ${p.slice(0, 30)}`).toContain(squeeze(p));
        n++;
      }
    }
    expect(n).toBeGreaterThan(20);
  });

  it('finds every paragraph of the preamble in the text, in order', () => {
    for (const [docId, { text, records }] of byDoc) {
      const doc = records.find((r) => r.kind === 'document')!;
      const all = rendered(text);
      let from = 0;
      for (const p of doc.preamble!.split('\n').filter((x) => x.trim())) {
        const at = all.indexOf(squeeze(p), from);
        expect(at, `${docId} preamble: ${p.slice(0, 30)}`).toBeGreaterThanOrEqual(0);
        from = at + 1;
      }
    }
  });
});
