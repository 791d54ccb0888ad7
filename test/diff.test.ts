// The record diff engine: pairing, field/cell/text changes, change ids, align mode, and one real
// document re-extracted after an edit.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { alignDocuments, diffRecords, diffText, exitCodeFor, sidesOf, type RecordChange, type RecordDiff } from '../src/diff/index.ts';
import { extractFile } from '../src/run-extract.ts';
import { AnyRecord, type CaseRecord, type DocumentRecord, type SectionRecord, type TableCell, type TableRecord, type WarningRecord } from '../src/schema/records.ts';

// ---------------------------------------------------------------------------------------------
// A small factory: records that pass the schema, with provenance that can be shifted.

const SHA = 'a'.repeat(64);
const extractor = { pipeline: 'quality-report', version: '0.1.0' };

function prov(docId: string, line: number, extra: Partial<AnyRecord['provenance']> = {}): AnyRecord['provenance'] {
  return { sourcePath: `reports/${docId}.txt`, sha256: SHA, format: 'txt', lineStart: line, lineEnd: line + 2, charStart: line * 40, charEnd: line * 40 + 80, sectionId: null, ...extra };
}

const valid = <T extends AnyRecord>(r: T): T => AnyRecord.parse(r) as T;

function doc(docId: string, over: Partial<DocumentRecord> = {}): DocumentRecord {
  return valid<DocumentRecord>({
    kind: 'document', id: docId, docId, provenance: prov(docId, 1), extractor,
    source: { path: `reports/${docId}.txt`, sha256: SHA, bytes: 1000, format: 'txt', encoding: 'utf-8' },
    title: '柳州市职业教育质量年度报告', region: '柳州市', year: 2023, institution: null, reportType: '职业教育质量年度报告', aliases: {}, preamble: '',
    counts: { sections: 0, tables: 0, cases: 0, figures: 0, warnings: 0 },
    ...over,
  });
}

function sec(docId: string, key: string, number: string | null, title: string, text: string, over: Partial<SectionRecord> = {}): SectionRecord {
  const id = `${docId}/sec/${key}`;
  return valid<SectionRecord>({ kind: 'section', id, docId, provenance: prov(docId, 10, { sectionId: id }), extractor, number, title, level: key.split(/[./]/).length, parentId: null, text, ...over });
}

function caseRec(docId: string, number: string, title: string, body: string, over: Partial<CaseRecord> = {}): CaseRecord {
  return valid<CaseRecord>({ kind: 'case', id: `${docId}/case/${number}`, docId, provenance: prov(docId, 30), extractor, number, title, subject: '柳职院', subjectFullName: '柳州职业技术学院', body, figures: [], sectionId: null, ...over });
}

function warn(docId: string, code: string, message: string, offset: number): WarningRecord {
  return valid<WarningRecord>({ kind: 'warning', id: `${docId}/warn/${code}/${offset}`, docId, provenance: prov(docId, 50, { charStart: offset, charEnd: offset + 10 }), extractor, code, message });
}

/** A cell as the table stage writes it: integers get a value, everything else is text. */
function cell(text: string): TableCell {
  if (/^\d+$/.test(text)) return { text, value: Number(text), type: 'integer' };
  if (/^\d+\.\d+$/.test(text)) return { text, value: Number(text), type: 'decimal' };
  return { text, value: null, type: text === '' ? 'empty' : 'text' };
}

/** 表1-2: 序号 | 学校 | 在校生人数/2022年 | 在校生人数/2023年 | 招生人数/2023年 */
function table(docId: string, rows: string[][], over: Partial<TableRecord> & { paths?: string[][]; units?: Array<string | null> } = {}): TableRecord {
  const { paths: p, units, ...rest } = over;
  const paths = p ?? [['序号'], ['学校'], ['在校生人数', '2022年'], ['在校生人数', '2023年'], ['招生人数', '2023年']];
  return valid<TableRecord>({
    kind: 'table', id: `${docId}/table/1-2`, docId, provenance: prov(docId, 20), extractor,
    number: '1-2', title: '柳州市各职业院校在校生人数一览表',
    columns: paths.map((path, i) => ({ path, unit: units ? (units[i] ?? null) : path.length > 1 ? '人' : null })),
    headerRows: [paths.map((path) => cell(path[0]!))],
    rows: rows.map((r) => r.map(cell)),
    notes: [], unit: null, sectionId: null,
    ...rest,
  });
}

const D = 'liuzhou-2023';
const ROWS = [
  ['1', '柳职院', '17165', '16626', '5600'],
  ['2', '柳铁职院', '15512', '15773', '5499'],
  ['3', '柳州城职院', '18537', '22721', '6600'],
];
const only = (d: RecordDiff): RecordChange => {
  expect(d.changes, JSON.stringify(d.changes, null, 1)).toHaveLength(1);
  return d.changes[0]!;
};

// ---------------------------------------------------------------------------------------------

describe('tables: cell-level changes addressed by row key × column path', () => {
  it('a changed cell reads 表1-2 / 柳职院 / 在校生人数/2022年: 17165 → 17156', () => {
    const after = ROWS.map((r) => [...r]);
    after[0]![2] = '17156';
    const c = only(diffRecords([table(D, ROWS)], [table(D, after)]));
    expect(c).toMatchObject({ change: 'changed', kind: 'table', id: `${D}/table/1-2`, fields: [] });
    expect(c.cells).toHaveLength(1);
    expect(c.cells![0]).toMatchObject({ op: 'value', row: '柳职院', column: '在校生人数/2022年', address: '表1-2 / 柳职院 / 在校生人数/2022年', before: '17165', after: '17156', delta: -9 });
    expect(c.cells![0]!.line).toBe('表1-2 / 柳职院 / 在校生人数/2022年: 17165 → 17156');
  });

  it('an added row is one row-added change keyed by the school, not by its 序号; the rows below are not "changed"', () => {
    // Inserted second: every later 序号 shifts, which is not a change of its own.
    const after = [ROWS[0]!, ['2', '柳一职', '12003', '12934', '4647'], ...ROWS.slice(1).map((r) => [String(Number(r[0]) + 1), ...r.slice(1)])];
    const c = only(diffRecords([table(D, ROWS)], [table(D, after)]));
    expect(c.cells!.map((x) => x.line)).toEqual(['表1-2 / 柳一职: row added (在校生人数/2022年=12003; 在校生人数/2023年=12934; 招生人数/2023年=4647)']);
    expect(c.cells![0]).toMatchObject({ op: 'row-added', row: '柳一职', column: null, before: null });
  });

  it('a removed row and a removed column', () => {
    const paths = [['序号'], ['学校'], ['在校生人数', '2022年'], ['在校生人数', '2023年']];
    const after = ROWS.slice(0, 2).map((r) => r.slice(0, 4));
    const c = only(diffRecords([table(D, ROWS)], [table(D, after, { paths })]));
    expect(c.cells!.map((x) => [x.op, x.row, x.column])).toEqual([
      ['column-removed', null, '招生人数/2023年'],
      ['row-removed', '柳州城职院', null],
    ]);
    expect(c.cells![0]!.line).toBe('表1-2 / 招生人数/2023年: column removed');
  });

  it('rows are matched by key, so reordering them changes nothing', () => {
    const after = [ROWS[2]!, ROWS[0]!, ROWS[1]!].map((r, i) => [String(i + 1), ...r.slice(1)]);
    expect(diffRecords([table(D, ROWS)], [table(D, after)]).changes).toEqual([]);
  });

  it('numbers compare by value ("17,165" is 17165), text by text; units are changes', () => {
    const before = table(D, ROWS);
    const after = table(D, ROWS, { units: [null, null, '万人', '人', '人'] });
    after.rows[0]![2] = { text: '17,165', value: 17165, type: 'integer' };
    after.rows[1]![1] = { text: '柳州铁道职院', value: null, type: 'text' };
    const c = only(diffRecords([before], [after]));
    // The renamed school keeps its figures: paired by them, the name change is a value change.
    expect(c.cells!.map((x) => x.line)).toEqual([
      '表1-2 / 在校生人数/2022年: unit 人 → 万人',
      '表1-2 / 柳州铁道职院 / 学校: 柳铁职院 → 柳州铁道职院',
    ]);
  });

  it('a header that differs while the column paths do not is one header change', () => {
    const before = table(D, ROWS);
    const after = table(D, ROWS);
    after.headerRows = [after.headerRows[0]!.map((c, i) => (i === 2 ? { ...c, text: '在校生数' } : c))];
    const c = only(diffRecords([before], [after]));
    expect(c.cells!.map((x) => [x.op, x.row, x.column, x.line])).toEqual([
      ['header', null, null, '表1-2 / header: 序号 | 学校 | 在校生人数 | 在校生人数 | 招生人数 → 序号 | 学校 | 在校生数 | 在校生人数 | 招生人数'],
    ]);
  });

  it('a merged cell reports once, from its origin, not from every row it spans', () => {
    const paths = [['学校'], ['类别'], ['在校生人数']];
    const merged = (kind: string) => {
      const t = table(D, [['柳职院', kind, '17165'], ['柳铁职院', kind, '15512']], { paths });
      t.rows[0]![1] = { ...t.rows[0]![1]!, rowSpan: 2 };
      t.rows[1]![1] = { ...t.rows[1]![1]!, spannedFrom: [0, 1] };
      return valid(t);
    };
    const c = only(diffRecords([merged('高职')], [merged('高职院校')]));
    expect(c.cells!.map((x) => x.line)).toEqual(['表1-2 / 柳职院 / 类别: 高职 → 高职院校']);
  });

  it('a name column that repeats (one school, many honours) is keyed together with the next text column', () => {
    const paths = [['序号'], ['学校名称'], ['学校荣誉']];
    const rows = [['1', '柳职院', '国家示范性高职院校'], ['2', '柳职院', '全国职业教育先进单位'], ['3', '柳铁职院', '自治区示范性高职院校']];
    const after = rows.map((r) => [...r]);
    after[1]![2] = '全国职业教育先进集体';
    const c = only(diffRecords([table(D, rows, { paths })], [table(D, after, { paths })]));
    expect(c.cells!.map((x) => x.line)).toEqual([
      '表1-2 / 柳职院 · 全国职业教育先进单位: row removed',
      '表1-2 / 柳职院 · 全国职业教育先进集体: row added',
    ]);
  });
});

describe('sections, cases, warnings', () => {
  const text = '2023年，全市持续加大中等职业教育基础设施投入，不断改善办学条件。\n学校占地面积进一步扩大。';

  it('a renamed section (same id, new title) is a changed title with a character diff', () => {
    const c = only(diffRecords([doc(D), sec(D, '1.3', '1.3', '条件改善', text)], [doc(D), sec(D, '1.3', '1.3', '办学条件改善', text)]));
    expect(c).toMatchObject({ change: 'changed', kind: 'section', id: `${D}/sec/1.3`, oldId: null, label: '1.3 办学条件改善' });
    expect(c.fields.map((f) => [f.field, f.before, f.after])).toEqual([['title', '条件改善', '办学条件改善']]);
    expect(c.text).toEqual({ title: [{ op: 'insert', text: '办学' }, { op: 'equal', text: '条件改善' }] });
  });

  it('a renumbered section (new id, same content) is moved, old id → new id', () => {
    const before = [sec(D, '1.2', '1.2', '发展规模', '全市共有中等职业学校12所。'), sec(D, '1.3', '1.3', '条件改善', text)];
    const after = [sec(D, '1.2', '1.2', '发展规模', '全市共有中等职业学校12所。'), sec(D, '1.3', '1.3', '专业建设', '新增专业5个。'), sec(D, '1.4', '1.4', '条件改善', text)];
    const d = diffRecords(before, after);
    expect(d.changes.map((c) => [c.change, c.oldId, c.id])).toEqual([
      ['added', null, `${D}/sec/1.3`],
      ['moved', `${D}/sec/1.3`, `${D}/sec/1.4`],
    ]);
    const moved = d.changes[1]!;
    expect(moved.fields.map((f) => [f.field, f.before, f.after])).toEqual([['number', '1.3', '1.4']]);
    expect(moved.similarity).toBe(1);
    expect(d.summary).toMatchObject({ added: 1, removed: 0, changed: 0, moved: 1 });
  });

  it('when a section is removed and the next one takes its number, the id pair does not win over content', () => {
    const before = [sec(D, '1.3', '1.3', '条件改善', text), sec(D, '1.4', '1.4', '专业建设', '新增专业5个，撤销专业2个，专业结构持续优化。')];
    const after = [sec(D, '1.3', '1.3', '专业建设', '新增专业5个，撤销专业2个，专业结构持续优化。')];
    const d = diffRecords(before, after);
    expect(d.changes.map((c) => [c.change, c.oldId ?? c.id, c.id])).toEqual([
      ['removed', `${D}/sec/1.3`, `${D}/sec/1.3`],
      ['moved', `${D}/sec/1.4`, `${D}/sec/1.3`],
    ]);
    expect(d.changes[0]!.label).toBe('1.3 条件改善');
  });

  it('a case whose number changed is moved', () => {
    const body = '柳职院坚持将“三全育人”综合改革作为新时代推进育人理念和育人方式创新变革的重大命题。';
    const c = only(diffRecords([caseRec(D, '2-1', '构建“匠心育训”三全育人模式', body)], [caseRec(D, '3-1', '构建“匠心育训”三全育人模式', body)]));
    expect(c).toMatchObject({ change: 'moved', kind: 'case', oldId: `${D}/case/2-1`, id: `${D}/case/3-1`, label: '案例3-1 构建“匠心育训”三全育人模式' });
    expect(c.fields.map((f) => [f.field, f.before, f.after])).toEqual([['number', '2-1', '3-1']]);
  });

  it('an added and a removed warning', () => {
    const gap = warn(D, 'NUMBER_GAP', 'numbering jumps from 6.3 to 6.5: 6.4 missing', 17143);
    const lost = warn(D, 'HEADINGS_LOST', 'numbering jumps from 4.2 to 6.3', 16268);
    const toc = warn(D, 'TOC_MISMATCH', 'the table of contents has "1 学生" where the body heading reads "1. 学生"', 8350);
    const d = diffRecords([lost, gap], [lost, toc]);
    expect(d.changes.map((c) => [c.change, c.kind, c.id, c.label])).toEqual([
      ['removed', 'warning', gap.id, 'NUMBER_GAP'],
      ['added', 'warning', toc.id, 'TOC_MISMATCH'],
    ]);
    expect(d.changes[1]!.fields.find((f) => f.field === 'message')).toMatchObject({ before: null, after: toc.message });
    expect(exitCodeFor(d)).toBe(1);
  });

  it('a warning whose offset (and so id) shifted is provenance-only, not a change', () => {
    const d = diffRecords([warn(D, 'NUMBER_GAP', 'numbering jumps from 6.3 to 6.5', 17143)], [warn(D, 'NUMBER_GAP', 'numbering jumps from 6.3 to 6.5', 17145)]);
    expect(d.changes).toEqual([]);
    expect(d.provenanceOnly).toEqual([{ kind: 'warning', id: `${D}/warn/NUMBER_GAP/17145`, oldId: `${D}/warn/NUMBER_GAP/17143`, docId: D }]);
    expect(exitCodeFor(d)).toBe(0);
  });
});

describe('no changes, provenance, options', () => {
  const records = () => [doc(D), sec(D, '1', '1', '基本情况', '柳州市职业教育概况。'), table(D, ROWS), warn(D, 'NUMBER_GAP', 'gap', 100)];

  it('identical inputs: no changes, exit code 0', () => {
    const d = diffRecords(records(), records());
    expect(d.changes).toEqual([]);
    expect(d.summary).toEqual({ added: 0, removed: 0, changed: 0, moved: 0, provenanceOnly: 0, unchanged: 4 });
    expect(exitCodeFor(d)).toBe(0);
  });

  it('shifted lines, another sha256 and another extractor version are not changes, unless provenance is reported', () => {
    const after = records().map((r) => ({ ...r, extractor: { pipeline: 'quality-report', version: '0.2.0' }, provenance: { ...r.provenance, sha256: 'b'.repeat(64), lineStart: (r.provenance.lineStart ?? 1) + 3 } })) as AnyRecord[];
    const d = diffRecords(records(), after);
    expect(d.changes).toEqual([]);
    expect(d.summary.provenanceOnly).toBe(4);
    expect(exitCodeFor(d)).toBe(0);
    const reported = diffRecords(records(), after, { provenance: 'report' });
    expect(reported.summary.changed).toBe(4);
    expect(reported.changes[1]!.fields.map((f) => f.field)).toEqual(['provenance.sha256', 'provenance.lineStart']);
  });

  it('kinds and docId narrow the diff', () => {
    const after = records();
    (after[1] as SectionRecord).title = '学校概况';
    after.pop();
    expect(diffRecords(records(), after).summary).toMatchObject({ changed: 1, removed: 1 });
    expect(diffRecords(records(), after, { kinds: ['section'] }).changes.map((c) => c.kind)).toEqual(['section']);
    expect(diffRecords(records(), after, { docId: 'other' }).changes).toEqual([]);
  });
});

describe('change ids', () => {
  it('are the same across two runs of the diff and differ between changes', () => {
    const before = [doc(D), sec(D, '1.3', '1.3', '条件改善', '改善办学条件。'), table(D, ROWS), warn(D, 'NUMBER_GAP', 'gap', 100)];
    const rows = ROWS.map((r) => [...r]);
    rows[0]![2] = '17156';
    rows[1]![3] = '15770';
    const after = [doc(D), sec(D, '1.3', '1.3', '办学条件改善', '改善办学条件。'), table(D, rows), warn(D, 'TOC_MISMATCH', 'toc', 120)];
    const ids = (d: RecordDiff) => d.changes.flatMap((c) => [c.changeId, ...c.fields.map((f) => f.changeId), ...(c.cells ?? []).map((x) => x.changeId)]);
    const first = ids(diffRecords(before, after));
    // Fresh objects, same content: same ids.
    const again = ids(diffRecords(structuredClone(before), structuredClone(after)));
    expect(again).toEqual(first);
    expect(first.every((id) => /^[0-9a-f]{16}$/.test(id))).toBe(true);
    expect(new Set(first).size).toBe(first.length);
    // Another new value for the same cell is another change.
    rows[0]![2] = '17157';
    const other = diffRecords(before, [...after.slice(0, 2), table(D, rows), after[3]!]);
    const cellIds = (d: RecordDiff) => d.changes.find((c) => c.kind === 'table')!.cells!.map((x) => x.changeId);
    expect(cellIds(other)[0]).not.toBe(cellIds(diffRecords(before, after))[0]);
    expect(cellIds(other)[1]).toBe(cellIds(diffRecords(before, after))[1]);
  });
});

describe('character diff (Chinese, no spaces)', () => {
  it('two sentences', () => {
    expect(diffText('学校规模持续扩大，办学质量稳步提升。', '学校规模保持稳定，办学质量显著提升。')).toEqual([
      { op: 'equal', text: '学校规模' },
      { op: 'delete', text: '持续扩大' },
      { op: 'insert', text: '保持稳定' },
      { op: 'equal', text: '，办学质量' },
      { op: 'delete', text: '稳步' },
      { op: 'insert', text: '显著' },
      { op: 'equal', text: '提升。' },
    ]);
  });

  it('a number edit reads as one replacement, not a scatter of single characters', () => {
    expect(diffText('全市在校生17165人', '全市在校学生17156人')).toEqual([
      { op: 'equal', text: '全市在校' },
      { op: 'insert', text: '学' },
      { op: 'equal', text: '生171' },
      { op: 'delete', text: '65' },
      { op: 'insert', text: '56' },
      { op: 'equal', text: '人' },
    ]);
  });

  it('paragraphs first: an inserted paragraph is one insert; long texts stay fast and exact', () => {
    expect(diffText('第一段。\n第三段。', '第一段。\n第二段。\n第三段。')).toEqual([
      { op: 'equal', text: '第一段。\n' },
      { op: 'insert', text: '第二段。\n' },
      { op: 'equal', text: '第三段。' },
    ]);
    const para = (i: number) => `第${i}段：柳州市职业院校全面贯彻落实立德树人根本任务，持续深化产教融合、校企合作，人才培养质量稳步提升。`.repeat(8);
    const a = Array.from({ length: 400 }, (_, i) => para(i)).join('\n');
    const b = a.replace('第200段：柳州市', '第200段：钦州市');
    const t0 = performance.now();
    const segs = diffText(a, b);
    expect(performance.now() - t0).toBeLessThan(2000);
    expect(sidesOf(segs)).toEqual({ before: a, after: b });
    expect(segs.filter((s) => s.op !== 'equal')).toEqual([{ op: 'delete', text: '柳' }, { op: 'insert', text: '钦' }]);
  });
});

describe('align mode: two editions, different docIds', () => {
  const y22 = 'liuzhou-2022';
  const y23 = 'liuzhou-2023';
  const before = [
    doc(y22, { year: 2022 }),
    sec(y22, '1', '1', '基本情况', ''),
    sec(y22, '1.1', '1.1', '办学定位', '2022年，柳州市坚持服务地方产业发展。', { parentId: `${y22}/sec/1` }),
    sec(y22, '1.2', '1.2', '发展规模', '2022年全市中职在校生5万人。', { parentId: `${y22}/sec/1` }),
    sec(y22, '2', '2', '学生发展', '学生发展情况。'),
    table(y22, [['1', '柳职院', '17165'], ['2', '柳铁职院', '15512']], { title: '2022年在校生人数', paths: [['序号'], ['学校'], ['在校生人数', '2022年']] }),
  ];
  const after = [
    doc(y23, { year: 2023 }),
    sec(y23, '1', '1', '基本情况', ''),
    sec(y23, '1.1', '1.1', '办学定位', '2023年，柳州市坚持服务地方产业发展。', { parentId: `${y23}/sec/1` }),
    sec(y23, '1.2', '1.2', '条件改善', '新建实训基地3个。', { parentId: `${y23}/sec/1` }),
    sec(y23, '1.3', '1.3', '发展规模', '2023年全市中职在校生5.2万人。', { parentId: `${y23}/sec/1` }),
    sec(y23, '2', '2', '学生发展', '学生发展情况。'),
    table(y23, [['1', '柳职院', '16626'], ['2', '柳铁职院', '15512']], { title: '2023年在校生人数', paths: [['序号'], ['学校'], ['在校生人数', '2023年']] }),
  ];

  it('pairs sections by number and title, then title alone; tables by caption with years blanked', () => {
    const al = alignDocuments(before, after);
    expect(al.documents).toEqual([{ before: y22, after: y23 }]);
    expect(al.yearShift).toEqual({ [y23]: 1 });
    const pairs = al.pairs.filter((p) => p.before?.kind !== 'document' && p.after?.kind !== 'document').map((p) => [p.before?.id ?? null, p.after?.id ?? null, p.by]);
    expect(pairs).toEqual(expect.arrayContaining([
      [`${y22}/sec/1`, `${y23}/sec/1`, 'number+title'],
      [`${y22}/sec/1.1`, `${y23}/sec/1.1`, 'number+title'],
      [`${y22}/sec/2`, `${y23}/sec/2`, 'number+title'],
      [`${y22}/sec/1.2`, `${y23}/sec/1.3`, 'title'],
      [`${y22}/table/1-2`, `${y23}/table/1-2`, 'number+title'],
      [null, `${y23}/sec/1.2`, null],
    ]));
    expect(pairs).toHaveLength(6);
  });

  it('the diff reads year on year: text edits, a new section, the same cell a year later', () => {
    const d = diffRecords(before, after, { align: true, kinds: ['section', 'table'] });
    expect(d.documents).toEqual([{ before: y22, after: y23 }]);
    const byId = new Map(d.changes.map((c) => [c.id, c]));
    // Unchanged apart from the docId in their ids and parentId: not listed.
    expect(byId.has(`${y23}/sec/1`)).toBe(false);
    expect(byId.has(`${y23}/sec/2`)).toBe(false);
    const s11 = byId.get(`${y23}/sec/1.1`)!;
    expect(s11).toMatchObject({ change: 'changed', oldId: `${y22}/sec/1.1` });
    expect(s11.fields.map((f) => f.field)).toEqual(['text']);
    expect(s11.text!.text).toEqual([{ op: 'equal', text: '202' }, { op: 'delete', text: '2' }, { op: 'insert', text: '3' }, { op: 'equal', text: '年，柳州市坚持服务地方产业发展。' }]);
    expect(byId.get(`${y23}/sec/1.3`)!.fields.map((f) => f.field)).toEqual(['number', 'text']);
    expect(byId.get(`${y23}/sec/1.2`)!.change).toBe('added');
    const t = byId.get(`${y23}/table/1-2`)!;
    expect(t.fields.map((f) => f.field)).toEqual(['title']);
    expect(t.cells!.map((c) => c.line)).toEqual(['表1-2 / 柳职院 / 在校生人数/2023年: 17165 → 16626']);
    expect(d.summary).toMatchObject({ added: 1, removed: 0, changed: 3, moved: 0 });
  });
});

describe('real data: seed 003 re-extracted after one heading was edited', () => {
  const seed = fileURLToPath(new URL('../../shared/corpus/seeds/003_bd1a537eaddbdeb6.txt', import.meta.url));
  let tmp: string | null = null;
  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('names exactly the one changed title', async () => {
    const original = await readFile(seed, 'utf8');
    const heading = /^1\.3 (?:\[bookmark: [^\]]*\])*条件改善$/m;
    expect(original).toMatch(heading);
    tmp = await mkdtemp(path.join(os.tmpdir(), 'vetreport-diff-'));
    const copy = path.join(tmp, path.basename(seed));
    // Longer by two characters: every later offset (and warning id) shifts.
    await writeFile(copy, original.replace(heading, (m) => m.replace('条件改善', '办学条件改善')));

    const docId = '003_bd1a537eaddbdeb6';
    const a = await extractFile(seed, docId, qualityReport);
    const b = await extractFile(copy, docId, qualityReport);
    expect(a.status).toBe('ok');
    expect(b.status).toBe('ok');
    const d = diffRecords(a.records, b.records);
    const c = only(d);
    expect(c).toMatchObject({ change: 'changed', kind: 'section', id: `${docId}/sec/1.3`, oldId: null, docId, label: '1.3 办学条件改善' });
    expect(c.fields.map((f) => [f.field, f.before, f.after])).toEqual([['title', '条件改善', '办学条件改善']]);
    expect(c.text).toEqual({ title: [{ op: 'insert', text: '办学' }, { op: 'equal', text: '条件改善' }] });
    expect(c.before!.sourcePath).toContain('shared/corpus/seeds/003_bd1a537eaddbdeb6.txt');
    expect(c.after!.sourcePath).toContain('vetreport-diff-');
    expect(c.after!.lineStart).toBe(230);
    expect(d.summary).toMatchObject({ added: 0, removed: 0, changed: 1, moved: 0 });
    // Everything else differs only in provenance (the new sha256; offsets after the edit).
    expect(d.summary.provenanceOnly + d.summary.unchanged).toBe(a.records.length - 1);
    // Warnings below the edit got new ids (their offsets are in them) and were still paired.
    const below = a.records.filter((r) => r.kind === 'warning' && (r.provenance.lineStart ?? 0) > 230).map((r) => r.id);
    expect(below.length).toBeGreaterThan(0);
    expect(d.provenanceOnly.filter((p) => p.kind === 'warning' && p.oldId !== null).map((p) => p.oldId)).toEqual(below);
    expect(exitCodeFor(d)).toBe(1);
  });
});
