// The same fixture report as text export and as Word file gives the same chapter tree, tables and
// cases: the loaders differ, everything after the block stream is shared.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnyRecord } from '../src/schema/records.ts';
import { extract } from './helpers/extract.ts';

const fixture = (p: string) => fileURLToPath(new URL(`../fixtures/${p}`, import.meta.url));

/** What a reader compares across formats: content, not where in the file it sat. */
function content(records: AnyRecord[]) {
  const path = (id: string) => id.split('/').slice(1).join('/');
  return {
    sections: records.flatMap((r) => (r.kind === 'section' ? [{ id: path(r.id), number: r.number, title: r.title, level: r.level, parent: r.parentId && path(r.parentId), text: r.text }] : [])),
    tables: records.flatMap((r) => (r.kind === 'table' ? [{ number: r.number, title: r.title, columns: r.columns, rows: r.rows.map((row) => row.map((c) => [c.text, c.value, c.type, c.unit ?? null])) }] : [])),
    cases: records.flatMap((r) => (r.kind === 'case' ? [{ number: r.number, title: r.title, subject: r.subject, body: r.body }] : [])),
    figures: records.flatMap((r) => (r.kind === 'figure' ? [{ number: r.number, caption: r.caption }] : [])),
    warnings: records.flatMap((r) => (r.kind === 'warning' ? [r.code] : [])),
  };
}

describe('cross-format', () => {
  it('the PDFs LibreOffice made of both fixtures give the same tree, tables, cases and figures as the text export', async () => {
    const text = content((await extract(fixture('text/quality-report-numbered.txt'))).records);
    // A PDF keeps no paragraph marks: where a paragraph ends without indent or spacing is a guess, so
    // paragraph breaks inside a section or case are not compared; every character is.
    const unbroken = (c: ReturnType<typeof content>) => ({
      ...c,
      sections: c.sections.map((s) => ({ ...s, text: s.text.replace(/\n/g, '') })),
      cases: c.cases.map((x) => ({ ...x, body: x.body.replace(/\n/g, '') })),
    });
    const numbered = await extract(fixture('pdf/quality-report-numbered.pdf'));
    expect(numbered.status).toBe('ok');
    expect(unbroken(content(numbered.records))).toEqual(unbroken(text));
    // The plain variant prints 1./1.1/1.1.1 where the numbered one prints 一、/（一）/1.
    const plain = unbroken(content((await extract(fixture('pdf/quality-report-plain.pdf'))).records));
    expect(plain.sections.map((s) => [s.level, s.title, s.text])).toEqual(unbroken(text).sections.map((s) => [s.level, s.title, s.text]));
    expect(plain.tables).toEqual(text.tables);
    expect(plain.cases).toEqual(unbroken(text).cases);
    // Pages and boxes: every record from a PDF says where on which page it stands.
    for (const r of numbered.records.filter((x) => x.kind !== 'document')) {
      expect(r.provenance.page, r.id).toBeGreaterThanOrEqual(1);
      expect(r.provenance.bbox, r.id).toHaveLength(4);
    }
  });

  it('the numbered fixture reads the same from DOCX (Word numbering) as from its text export', async () => {
    const text = await extract(fixture('text/quality-report-numbered.txt'));
    const docx = await extract(fixture('docx/quality-report-numbered.docx'));
    expect(docx.status).toBe('ok');
    const a = content(text.records);
    expect(a.sections.length).toBe(11);
    expect(a.tables).toHaveLength(1);
    expect(a.cases).toHaveLength(1);
    expect(content(docx.records)).toEqual(a);
  });

  it('the plain fixture (typed numbers, bold headings, no styles) has the same structure as the numbered one', async () => {
    const numbered = content((await extract(fixture('docx/quality-report-numbered.docx'))).records);
    const plain = content((await extract(fixture('docx/quality-report-plain.docx'))).records);
    expect(plain.sections.map((s) => [s.level, s.title, s.text])).toEqual(numbered.sections.map((s) => [s.level, s.title, s.text]));
    expect(plain.tables).toEqual(numbered.tables);
    expect(plain.cases).toEqual(numbered.cases);
  });
});

describe('Word heading styles and numbering against an answer key', () => {
  it('gives the headings of unit_test_headers_numbered.docx the levels of its markdown key', async () => {
    const { readFileSync } = await import('node:fs');
    const { EXTERNAL_DIR } = await import('./helpers/corpus.ts');
    const key = readFileSync(`${EXTERNAL_DIR}unit_test_headers_numbered.docx.md`, 'utf8')
      .split('\n')
      .filter((l) => /^#{2,} /.test(l))
      .map((l) => `${l.indexOf(' ') - 1} ${l.replace(/^#+ /, '')}`);
    const r = await extract(`${EXTERNAL_DIR}unit_test_headers_numbered.docx`);
    const ours = r.records
      .filter((x) => x.kind === 'section' && !x.inferred)
      .map((x) => (x.kind === 'section' ? `${x.level} ${x.number ? `${x.number.replace(/\.$/, '')} ` : ''}${x.title}` : ''));
    // The key stops at REFERENCES; the document's appendix follows it.
    expect(ours.slice(0, key.length - 1)).toEqual(key.slice(0, -1));
    expect(ours).toContain(key[key.length - 1]);
  });
});
