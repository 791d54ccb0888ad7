// Diff output: the terminal listing and the JSON structure the review page reads.
import { describe, expect, it } from 'vitest';
import { diffRecords, formatJson, formatText, renderSegments, toJson } from '../src/diff/index.ts';
import { AnyRecord, type SectionRecord, type TableCell, type TableRecord, type WarningRecord } from '../src/schema/records.ts';

const D = 'qinzhou-2023';
const extractor = { pipeline: 'quality-report', version: '0.1.0' };
const prov = (line: number, extra: Partial<AnyRecord['provenance']> = {}): AnyRecord['provenance'] => ({
  sourcePath: `reports/${D}.txt`, sha256: 'c'.repeat(64), format: 'txt', lineStart: line, lineEnd: line + 1, charStart: line * 30, charEnd: line * 30 + 60, sectionId: null, ...extra,
});

const sec = (key: string, title: string, text: string, line: number): SectionRecord =>
  AnyRecord.parse({ kind: 'section', id: `${D}/sec/${key}`, docId: D, provenance: prov(line), extractor, number: key, title, level: key.split('.').length, parentId: null, text }) as SectionRecord;

const warn = (code: string, message: string, line: number): WarningRecord =>
  AnyRecord.parse({ kind: 'warning', id: `${D}/warn/${code}/${line * 30}`, docId: D, provenance: prov(line), extractor, code, message }) as WarningRecord;

const cell = (text: string): TableCell => (/^\d+$/.test(text) ? { text, value: Number(text), type: 'integer' } : { text, value: null, type: 'text' });
const table = (students: string): TableRecord =>
  AnyRecord.parse({
    kind: 'table', id: `${D}/table/1-2`, docId: D, provenance: prov(20, { lineEnd: 40 }), extractor, number: '1-2', title: '各校在校生人数',
    columns: [{ path: ['学校'], unit: null }, { path: ['在校生人数', '2022年'], unit: '人' }],
    headerRows: [[cell('学校'), cell('在校生人数')], [cell('2022年')]],
    rows: [[cell('柳职院'), cell(students)], [cell('柳铁职院'), cell('15512')]],
    notes: [], unit: null, sectionId: null,
  }) as TableRecord;

const longText = (word: string) => `${'钦州市中等职业学校认真贯彻党的教育方针，不断创新工作思路。'.repeat(3)}学校${word}办学理念，${'持续推进产教融合、校企合作。'.repeat(3)}`;

const before = [sec('1.3', '条件改善', longText('更新'), 230), table('17165'), warn('NUMBER_GAP', 'numbering jumps from 6.3 to 6.5: 6.4 missing', 392)];
const after = [sec('1.3', '办学条件改善', longText('改进'), 230), table('17156'), warn('HEADINGS_LOST', 'numbering jumps from 6.5 to 8.2', 411)];

describe('formatText', () => {
  it('one line per change, grouped by document then record, a summary line, no colour', () => {
    const out = formatText(diffRecords(before, after));
    expect(out).toBe(
      [
        'qinzhou-2023',
        '  ~ section 1.3 办学条件改善  @ reports/qinzhou-2023.txt:230-231',
        '      title: 条件改善 → 办学条件改善',
        // 12 characters of context each side.
        '      text: …，不断创新工作思路。学校[-更新-]{+改进+}办学理念，持续推进产教融…',
        '  ~ table 表1-2 各校在校生人数  @ reports/qinzhou-2023.txt:20-40',
        '      表1-2 / 柳职院 / 在校生人数/2022年: 17165 → 17156',
        '  - warning NUMBER_GAP: numbering jumps from 6.3 to 6.5: 6.4 missing  @ reports/qinzhou-2023.txt:392-393',
        '  + warning HEADINGS_LOST: numbering jumps from 6.5 to 8.2  @ reports/qinzhou-2023.txt:411-412',
        '4 changes: 1 added, 1 removed, 2 changed, 0 moved (0 provenance-only, 0 unchanged)',
        '',
      ].join('\n'),
    );
    // eslint-disable-next-line no-control-regex
    expect(out).not.toMatch(/\u001b\[/);
  });

  it('moved records show old → new id; no changes is just the summary', () => {
    const moved = formatText(diffRecords([sec('1.3', '条件改善', longText('更新'), 230)], [sec('1.4', '条件改善', longText('更新'), 240)]));
    expect(moved.split('\n')[1]).toBe('  > section 1.4 条件改善  (sec/1.3 → sec/1.4)  @ reports/qinzhou-2023.txt:240-241');
    expect(moved.split('\n')[2]).toBe('      number: 1.3 → 1.4');
    expect(formatText(diffRecords(before, before))).toBe('0 changes: 0 added, 0 removed, 0 changed, 0 moved (0 provenance-only, 3 unchanged)\n');
  });

  it('renders edits with a little context and caps how many it shows', () => {
    const segs = [
      { op: 'equal' as const, text: '一二三四五六七八九十' },
      { op: 'delete' as const, text: '甲' },
      { op: 'insert' as const, text: '乙\n丙' },
      { op: 'equal' as const, text: '十九八七六五四三二一' },
    ];
    expect(renderSegments(segs, { context: 3 })).toBe('…八九十[-甲-]{+乙⏎丙+}十九八…');
    const many = Array.from({ length: 10 }, (_, i) => [{ op: 'equal' as const, text: `段${i}` }, { op: 'insert' as const, text: 'x' }]).flat();
    expect(renderSegments(many, { maxEdits: 2 })).toBe('段0{+x+}段1{+x+} … 8 more edits');
  });
});

describe('formatJson', () => {
  const diff = diffRecords(before, after);
  const json = JSON.parse(formatJson(diff));

  it('has the documented shape: summary, changes with kind/id/docId/change/fields, cells, text, both provenances', () => {
    expect(Object.keys(json)).toEqual(['summary', 'changes', 'provenanceOnly']);
    expect(json.summary).toEqual({ added: 1, removed: 1, changed: 2, moved: 0, provenanceOnly: 0, unchanged: 0 });
    expect(json.changes.map((c: { change: string; kind: string }) => `${c.change} ${c.kind}`)).toEqual(['changed section', 'changed table', 'removed warning', 'added warning']);
    for (const c of json.changes) {
      expect(Object.keys(c).slice(0, 8)).toEqual(['changeId', 'change', 'kind', 'id', 'oldId', 'docId', 'label', 'fields']);
      expect(c.changeId).toMatch(/^[0-9a-f]{16}$/);
      expect(c.docId).toBe(D);
    }
    const [s, t, removed, added] = json.changes;
    expect(s.fields.map((f: { field: string }) => f.field)).toEqual(['title', 'text']);
    expect(s.text.title).toEqual([{ op: 'insert', text: '办学' }, { op: 'equal', text: '条件改善' }]);
    expect(s.text.text.filter((x: { op: string }) => x.op !== 'equal')).toEqual([{ op: 'delete', text: '更新' }, { op: 'insert', text: '改进' }]);
    expect(s.before).toEqual({ id: `${D}/sec/1.3`, docId: D, sourcePath: `reports/${D}.txt`, lineStart: 230, lineEnd: 231, charStart: 6900, charEnd: 6960 });
    expect(s.after.sourcePath).toBe(`reports/${D}.txt`);
    expect(t.cells).toEqual([
      {
        changeId: expect.stringMatching(/^[0-9a-f]{16}$/),
        op: 'value', row: '柳职院', column: '在校生人数/2022年', address: '表1-2 / 柳职院 / 在校生人数/2022年',
        before: '17165', after: '17156', delta: -9, line: '表1-2 / 柳职院 / 在校生人数/2022年: 17165 → 17156',
      },
    ]);
    expect(t.text).toBeUndefined();
    expect(removed.after).toBeNull();
    expect(removed.before.lineStart).toBe(392);
    expect(added.before).toBeNull();
    expect(added.fields).toEqual([
      { changeId: expect.any(String), field: 'code', before: null, after: 'HEADINGS_LOST' },
      { changeId: expect.any(String), field: 'message', before: null, after: 'numbering jumps from 6.5 to 8.2' },
    ]);
  });

  it('is byte-for-byte the same for the same inputs and round-trips toJson', () => {
    expect(formatJson(diffRecords(structuredClone(before), structuredClone(after)))).toBe(formatJson(diff));
    expect(json).toEqual(JSON.parse(JSON.stringify(toJson(diff))));
  });

  it('align mode lists the paired documents', () => {
    const other = (rs: AnyRecord[]) => rs.map((r) => JSON.parse(JSON.stringify(r).replaceAll(D, 'qinzhou-2022')) as AnyRecord);
    const j = JSON.parse(formatJson(diffRecords(other(before), after, { align: true })));
    expect(j.documents).toEqual([{ before: 'qinzhou-2022', after: D }]);
    expect(j.unpairedDocuments).toEqual({ before: [], after: [] });
    expect(j.changes[0]).toMatchObject({ change: 'changed', id: `${D}/sec/1.3`, oldId: 'qinzhou-2022/sec/1.3' });
    expect(formatText(diffRecords(other(before), after, { align: true })).split('\n')[0]).toBe('qinzhou-2022 → qinzhou-2023');
  });
});
