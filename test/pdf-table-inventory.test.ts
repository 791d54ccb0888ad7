// Every table a PDF of the corpus captions is one table record with the columns the page prints, and
// no row of a table comes out as a section. Per PDF: the captions found in its text (表N, 表N-M,
// 续表 lines, and the unnumbered titles the answer key names) against the table records made, with
// the column counts of test/keys/tables/<file>.json (`leafCols`, read from the page); and the totals
// the tables print add up.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { TableRecord } from '../src/schema/records.ts';
import { parseCaption } from '../src/tables/caption.ts';
import { CASES_DIR, EXTERNAL_DIR } from './helpers/corpus.ts';
import { extract, sections, warnings } from './helpers/extract.ts';

interface KeyTable {
  num: string | null;
  title: string;
  leafCols?: number;
}

const KEYS = new URL('./keys/tables/', import.meta.url);
const pdfs = [
  ...readdirSync(EXTERNAL_DIR).filter((f) => f.endsWith('.pdf')).map((f) => EXTERNAL_DIR + f),
  ...readdirSync(CASES_DIR).filter((f) => f.endsWith('.pdf')).map((f) => CASES_DIR + f),
];
const squeeze = (s: string) => s.normalize('NFKC').replace(/\s+/g, '');

function keyOf(file: string): KeyTable[] {
  const name = file.split('/').pop()!;
  const url = new URL(`${encodeURIComponent(name)}.json`, KEYS);
  return existsSync(url) ? (JSON.parse(readFileSync(url, 'utf8')) as KeyTable[]) : [];
}

describe('captioned PDF tables: one record each, with the printed columns; no table row is a section; totals add up', () => {
  for (const file of pdfs) {
    const name = file.split('/').pop()!;
    it(name, { timeout: 240_000 }, async () => {
      const r = await extract(file);
      expect(r.status).toBe('ok');
      const tables = r.records.filter((x): x is TableRecord => x.kind === 'table');

      // Numbered captions printed in the text (a 续表 line continues its table and adds none).
      const captioned = new Set<string>();
      for (const line of r.text!.split('\n')) {
        const c = parseCaption(line);
        if (c?.number && !c.continued) captioned.add(c.number);
      }
      const numbers = tables.flatMap((t) => (t.number ? [t.number] : []));
      for (const n of captioned) expect(numbers.filter((x) => x === n), `${name}: records of 表${n}`).toHaveLength(1);
      expect(numbers.filter((n) => !captioned.has(n)), `${name}: table numbers no caption prints`).toEqual([]);

      const sectionTitle = new Map(sections(r.records).map((x) => [x.id, x.title]));
      // Tables of the answer key, by number or by their unnumbered title: one record, the printed columns.
      for (const k of keyOf(file)) {
        let found = tables.filter((t) => (k.num ? t.number === k.num : squeeze(t.title ?? '') === squeeze(k.title)));
        // A table printed without any caption is known by the section it stands in.
        if (!k.num && found.length === 0) found = tables.filter((t) => !t.title && squeeze(sectionTitle.get(t.sectionId ?? '') ?? '') === squeeze(k.title));
        expect(found, `${name}: ${k.num ? `表${k.num}` : k.title}`).toHaveLength(1);
        if (k.leafCols !== undefined) expect(found[0]!.columns, `${name}: columns of ${k.num ?? k.title}`).toHaveLength(k.leafCols);
      }

      // A row label (一、一般公共预算财政拨款收入 …) belongs to its table, never to the chapter tree;
      // nor does a "heading" that ends in an amount.
      const labels = new Set(tables.flatMap((t) => t.rows.map((row) => squeeze(row[0]?.text ?? ''))).filter((s) => s.length >= 4));
      const rowLike = sections(r.records).filter((s) => labels.has(squeeze(`${s.number ?? ''}${s.title}`)) || /\s[\d,]+\.\d{2}$/.test(s.title));
      expect(rowLike.map((s) => `${s.number ?? ''}${s.title}`), `${name}: table rows read as sections`).toEqual([]);

      // Every total the corpus prints adds up, the nested rows of classification codes (208 ⊃ 20805
      // ⊃ 2080501) counted once, at their top level; so no TOTAL_MISMATCH is a true one here.
      expect(warnings(r.records).filter((w) => w.code === 'TOTAL_MISMATCH').map((w) => w.message), `${name}: totals`).toEqual([]);
    });
  }
});
