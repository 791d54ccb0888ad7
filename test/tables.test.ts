import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import type { Block, LoadedDocument, RawCell, Span } from '../src/blocks.ts';
import { RecordContext } from '../src/records/build.ts';
import { extractFile } from '../src/run-extract.ts';
import type { AnyRecord, SectionRecord, TableCell, TableRecord, WarningRecord } from '../src/schema/records.ts';
import { segment } from '../src/segment/segment.ts';
import { parseCaption } from '../src/tables/caption.ts';
import { alignSubRow } from '../src/tables/header.ts';
import { extractTables } from '../src/tables/index.ts';

const SEEDS = {
  s000: '000_3d957bb943967ad8',
  s001: '001_5513493e1958f825',
  s002: '002_f871cb208ab6dbba',
  s003: '003_bd1a537eaddbdeb6',
  s004: '004_8c7834f004e3f389',
} as const;
type Seed = keyof typeof SEEDS;
const seedPath = (name: string) => fileURLToPath(new URL(`../../shared/corpus/seeds/${name}.txt`, import.meta.url));

const records = {} as Record<Seed, AnyRecord[]>;
beforeAll(async () => {
  for (const [key, name] of Object.entries(SEEDS) as [Seed, string][]) {
    const res = await extractFile(seedPath(name), name, qualityReport);
    expect(res.status, `${name}: ${res.error?.message}`).toBe('ok');
    records[key] = res.records;
  }
});

const squeeze = (s: string) => s.replace(/\s+/g, '');
const tablesOf = (seed: Seed) => records[seed].filter((r): r is TableRecord => r.kind === 'table');
const warningsOf = (seed: Seed, code: string) => records[seed].filter((r): r is WarningRecord => r.kind === 'warning' && r.code === code);

function table(seed: Seed, number: string): TableRecord {
  const found = tablesOf(seed).filter((t) => t.number === number);
  expect(found, `${seed} 表${number}`).toHaveLength(1);
  return found[0]!;
}

function col(t: TableRecord, p: string[]): number {
  const i = t.columns.findIndex((c) => c.path.length === p.length && c.path.every((s, k) => s === p[k]));
  expect(i, `column ${p.join('/')} in 表${t.number}: ${t.columns.map((c) => c.path.join('/')).join(' | ')}`).toBeGreaterThanOrEqual(0);
  return i;
}

/** The body row with a cell reading `key` (spaces and line breaks ignored). */
function rowIndex(t: TableRecord, key: string): number {
  const i = t.rows.findIndex((r) => r.some((c) => squeeze(c.text) === squeeze(key)));
  expect(i, `row ${key} in 表${t.number}`).toBeGreaterThanOrEqual(0);
  return i;
}

/** A cell by row key × column path: cell(t, '柳职院', ['在校生人数', '2022年']). */
function cell(t: TableRecord, key: string, p: string[]): TableCell {
  return t.rows[rowIndex(t, key)]![col(t, p)]!;
}

describe('table records from the seeds', () => {
  it('finds every captioned table and nothing else', () => {
    expect(tablesOf('s000').map((t) => t.number)).toEqual([
      '1-1', '1-2', '1-3', '3-1', '3-2', '3-3', '3-4', '3-5', '3-6', '3-7', '3-8', '3-9',
      '4-1', '4-2', '4-3', '4-4', '4-5', '4-6', '4-7', '4-8', '4-9', '4-10', '4-11', '4-12',
      '5-1', '5-2', '6-1', '7-1', '7-2', '7-3', '8-1',
    ]);
    expect(tablesOf('s001').map((t) => t.number)).toEqual(['1-1']);
    expect(tablesOf('s002')).toHaveLength(0);
    expect(tablesOf('s003').map((t) => t.number)).toEqual(['1.2-1', '1.2-2', '2.4', '2.6-1', '2.6-2']);
    expect(tablesOf('s004')).toHaveLength(0);
    for (const seed of Object.keys(SEEDS) as Seed[]) {
      const doc = records[seed].find((r) => r.kind === 'document')!;
      expect(doc.kind === 'document' && doc.counts.tables, seed).toBe(tablesOf(seed).length);
    }
  });

  it('names tables by their number and places them in their section', () => {
    const t = table('s000', '1-2');
    expect(t.id).toBe(`${SEEDS.s000}/table/1-2`);
    expect(t.title).toBe('柳州市各职业院校2022-2023年招生情况及在校生人数一览表');
    expect(t.sectionId).toBe(`${SEEDS.s000}/sec/1.2`);
    expect(t.provenance.sectionId).toBe(t.sectionId);
    // Caption line to last row.
    expect([t.provenance.lineStart, t.provenance.lineEnd]).toEqual([368, 491]);
    expect(table('s003', '1.2-1').id).toBe(`${SEEDS.s003}/table/1.2-1`);
    expect(table('s003', '2.4').title).toBe('钦州市2023年中等职业学校就业升学总体情况');
    expect(warningsOf('s000', 'TABLE_NUMBER_SEQUENCE')).toEqual([]);
    expect(warningsOf('s003', 'TABLE_NUMBER_SEQUENCE')).toEqual([]);
  });

  it('000 表1-2: two header rows rebuilt into column paths, a 合计 row spanning the key columns', () => {
    const t = table('s000', '1-2');
    expect(t.columns).toEqual([
      { path: ['序号'], unit: null },
      { path: ['学校'], unit: null },
      { path: ['在校生人数', '2022年'], unit: '人' },
      { path: ['在校生人数', '2023年'], unit: '人' },
      { path: ['招生人数', '2022年'], unit: '人' },
      { path: ['招生人数', '2023年'], unit: '人' },
      { path: ['招生专业个数', '2022年'], unit: '个' },
      { path: ['招生专业个数', '2023年'], unit: '个' },
    ]);
    expect(t.headerRows.map((r) => r.map((c) => [c.text, c.rowSpan ?? 1, c.colSpan ?? 1]))).toEqual([
      [['序号', 2, 1], ['学校', 2, 1], ['在校生人数（人）', 1, 2], ['招生人数（人）', 1, 2], ['招生专业个数（个）', 1, 2]],
      [['2022年', 1, 1], ['2023年', 1, 1], ['2022年', 1, 1], ['2023年', 1, 1], ['2022年', 1, 1], ['2023年', 1, 1]],
    ]);
    expect(cell(t, '柳职院', ['在校生人数', '2022年'])).toEqual({ text: '17165', value: 17165, type: 'integer', unit: '人' });
    expect(cell(t, '柳州城职院', ['招生人数', '2023年']).value).toBe(6600);
    expect(cell(t, '合计', ['在校生人数', '2023年'])).toMatchObject({ value: 91225, unit: '人' });
    expect(cell(t, '合计', ['招生专业个数', '2022年'])).toMatchObject({ value: 240, unit: '个' });
    const total = t.rows[rowIndex(t, '合计')]!;
    expect(total[0]).toMatchObject({ text: '合计', colSpan: 2 });
    expect(total[1]).toMatchObject({ text: '合计', spannedFrom: [rowIndex(t, '合计'), 0] });
    expect(t.rows).toHaveLength(12);
    // 11 schools add up: no warning for this table.
    expect(warningsOf('s000', 'TOTAL_MISMATCH').filter((w) => w.message.startsWith('表1-2'))).toEqual([]);
  });

  it('000 表1-3: a header row split in two, units in brackets on their own line, a two-paragraph school name', () => {
    const t = table('s000', '1-3');
    expect(t.columns).toEqual([
      { path: ['序号'], unit: null },
      { path: ['学校'], unit: null },
      { path: ['占地面积'], unit: '万平方米' },
      { path: ['教学科研设备总值'], unit: '万元' },
      { path: ['纸质图书数'], unit: '万册' },
      { path: ['电子图书资源数'], unit: '万册' },
      { path: ['生均教学、实习仪器设备资产值'], unit: '元/生' },
      { path: ['生均实训工位数'], unit: '个' },
    ]);
    expect(t.headerRows).toHaveLength(1);
    const k = rowIndex(t, '柳州城职院中专部（鹿寨职教中心）');
    expect(t.rows[k]![1]!.text).toBe('柳州城职院中专部\n（鹿寨职教中心）');
    expect(t.rows[k]![col(t, ['纸质图书数'])]).toEqual({ text: '7.90', value: 7.9, type: 'decimal', unit: '万册' });
    expect(cell(t, '合计', ['纸质图书数'])).toMatchObject({ value: 480.54, type: 'decimal' });
    expect(cell(t, '合计', ['生均实训工位数'])).toEqual({ text: '——', value: null, type: 'na' });
    expect(warningsOf('s000', 'TOTAL_MISMATCH').filter((w) => w.message.startsWith('表1-3'))).toEqual([]);
  });

  it('000 表3-1: a percentage column keeps the number as printed', () => {
    const t = table('s000', '3-1');
    expect(t.columns[col(t, ['新生报到率'])]!.unit).toBe('%');
    expect(cell(t, '柳职院', ['新生报到率'])).toEqual({ text: '94.53', value: 94.53, type: 'percent', unit: '%' });
    expect(cell(t, '柳职院', ['录取新生人数'])).toMatchObject({ value: 5597, type: 'integer', unit: null });
    expect(cell(t, '合计', ['新生报到人数']).value).toBe(16607);
    expect(t.rows[rowIndex(t, '合计')]![0]!.colSpan).toBe(2);
  });

  it('000 表3-4: a header broken over lines, an average row, a bracketed note', () => {
    const t = table('s000', '3-4');
    expect(t.columns[2]).toEqual({ path: ['在校生满意度'], unit: '%' });
    expect(t.headerRows[0]![2]!.text).toBe('在校生\n满意度\n（%）');
    expect(cell(t, '柳铁职院', ['在校生满意度'])).toMatchObject({ value: 86.56, type: 'percent', unit: '%' });
    expect(t.rows[rowIndex(t, '平均值')]![0]).toMatchObject({ text: '平均值', colSpan: 2 });
    expect(cell(t, '平均值', ['专业课教学满意度']).value).toBe(89.83);
    expect(t.notes).toEqual(['（注：融水卫校未参与由教育部职成司组织的2023年全国职业教育学生满意度调查）']);
  });

  it('000 表3-8: three header rows', () => {
    const t = table('s000', '3-8');
    expect(t.columns).toHaveLength(14);
    expect(t.columns[col(t, ['国家级技能竞赛', '2023年', '三等奖'])]!.unit).toBe('项');
    expect(cell(t, '柳职院', ['国家级技能竞赛', '2023年', '三等奖']).value).toBe(1);
    expect(cell(t, '柳铁职院', ['自治区级技能竞赛', '2022年', '二等奖']).value).toBe(19);
    expect(cell(t, '合计', ['自治区级技能竞赛', '2023年', '二等奖']).value).toBe(115);
    expect(t.headerRows.map((r) => r.map((c) => c.colSpan ?? 1))).toEqual([[1, 1, 6, 6], [3, 3, 3, 3], [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1]]);
    expect(t.headerRows[0]![0]!.rowSpan).toBe(3);
  });

  it('000 表4-9: sub-labels under some parents, others spanning down', () => {
    const t = table('s000', '4-9');
    expect(t.columns.map((c) => c.path.join('/'))).toEqual([
      '序号', '学校', '教学资源库数', '各级别教学资源库/国家级', '各级别教学资源库/省级', '各级别教学资源库/校级',
      '在线精品课程数', '各级别在线精品课程数/国家级', '各级别在线精品课程数/省级', '各级别在线精品课程数/校级', '在线精品课程学时', '在线精品课程均学生数',
    ]);
    expect(cell(t, '柳铁职院', ['各级别教学资源库', '国家级']).value).toBe(4);
    expect(cell(t, '合计', ['在线精品课程学时']).value).toBe(56285);
  });

  it('000 表4-3: a caption broken over two lines is one title, and both lines are consumed', () => {
    const t = table('s000', '4-3');
    expect(t.title).toBe('柳州市各高职院校获2023年自治区高等职业学校课程思政基层教学组织认定名单一览表');
    expect(t.provenance.lineStart).toBe(1928);
    const section = records.s000.find((r): r is SectionRecord => r.kind === 'section' && r.id === t.sectionId)!;
    expect(section.text).not.toContain('课程思政基层教学组织认定名单一览表');
    expect(section.text).not.toContain('表4-2');
  });

  it('000 表4-4: the unit in the caption', () => {
    const t = table('s000', '4-4');
    expect(t.title).toBe('柳州市各职业院校2022-2023年“1+X”证书试点一览表');
    expect(t.unit).toBe('个');
    expect(cell(t, '合计', ['2023年', '1+X证书'])).toMatchObject({ value: 139, unit: '个' });
    expect(cell(t, '柳职院', ['序号'])).toMatchObject({ value: 1, unit: null });
  });

  it('000 表4-5: a body row split in two is mended', () => {
    const t = table('s000', '4-5');
    expect(t.rows.map((r) => r.length)).toEqual([5, 5, 5, 5, 5]);
    expect(cell(t, '产创耦合 专创融合：高职学生创新能力培养的改革与实践', ['等次']).text).toBe('二等');
    expect(cell(t, '产创耦合 专创融合：高职学生创新能力培养的改革与实践', ['成果来源']).text).toBe('高职');
  });

  it('000 表1-1 and 表7-3: key cells merged down are repeated with spannedFrom', () => {
    const t11 = table('s000', '1-1');
    const first = rowIndex(t11, '中国特色高水平专业建设计划建设单位');
    const row = t11.rows[rowIndex(t11, '国家示范性高职院校')]!;
    expect(row[1]).toMatchObject({ text: '柳州职业技术学院\n（以下简称“柳职院”）', spannedFrom: [first, 1] });
    expect(row[0]).toMatchObject({ value: 1, spannedFrom: [first, 0] });
    expect(t11.rows[first]![1]!.rowSpan).toBe(15);
    expect(t11.notes).toEqual(['注：以上学校简称以各校章程内规定为主要依据。']);

    const t = table('s000', '7-3');
    expect(t.columns.map((c) => c.path)).toEqual([['学校'], ['类型'], ['资源／内容']]);
    const fanuc = t.rows[rowIndex(t, 'FANUC工业机器人实操与应用技巧')]!;
    expect(fanuc.map((c) => c.text)).toEqual(['柳州\n城职院', '国际化培训资源包', 'FANUC工业机器人实操与应用技巧']);
    expect(fanuc[0]!.spannedFrom).toEqual([rowIndex(t, '0-3岁婴幼儿照护技能训练'), 0]);
    expect(fanuc[1]!.spannedFrom).toEqual([rowIndex(t, '跨境电商直播运营'), 1]);
    expect(fanuc[2]!.spannedFrom).toBeUndefined();
    // The next school starts its own group in every key column.
    expect(t.rows[rowIndex(t, '甜点与烘焙')]!.map((c) => [c.text, c.spannedFrom])).toEqual([
      ['柳一职', undefined], ['国际化课程', undefined], ['甜点与烘焙', undefined],
    ]);
  });

  it('000 表4-1: only key columns are carried down, and a running number follows its school', () => {
    const t = table('s000', '4-1');
    const row = t.rows[rowIndex(t, '数字化设计与制造技术')]!;
    expect(row[0]).toMatchObject({ text: '2', spannedFrom: [rowIndex(t, '物联网应用技术'), 0] });
    expect(row[1]).toMatchObject({ text: '柳铁职院' });
    expect(row[col(t, ['开设专业'])]).toEqual({ text: '', value: null, type: 'empty' });
    expect(row[col(t, ['新增专业', '数量'])]!.type).toBe('empty');
  });

  it('000 表3-9: a 合计 that does not add up is reported', () => {
    const w = warningsOf('s000', 'TOTAL_MISMATCH').filter((x) => x.message.startsWith('表3-9'));
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain('学生实习岗位数/2022年');
    expect(w[0]!.message).toContain('15406');
    expect(w[0]!.message).toContain('18924');
    expect(w[0]!.provenance.lineStart).toBeGreaterThan(1541);
    expect(w[0]!.provenance.lineEnd).toBeLessThanOrEqual(1665);
  });

  it('003 表格1.2-1: a parent over three columns, a remark two rows high, a 合计 over six columns', () => {
    const t = table('s003', '1.2-1');
    expect(t.columns.map((c) => c.path)).toEqual([
      ['序号'], ['学校名称'], ['主管单位'], ['学校性质'], ['学校隶属层级'], ['办学水平标志'],
      ['办学规模', '专任教师数'], ['办学规模', '全日制在校生人数'], ['办学规模', '专业数'], ['备注'],
    ]);
    const head = t.headerRows[0]!;
    expect(head.find((c) => c.text === '办学规模')).toMatchObject({ colSpan: 3 });
    expect(head.find((c) => c.text === '备注')).toMatchObject({ rowSpan: 2 });
    expect(cell(t, '北部湾职业技术学校', ['办学规模', '全日制在校生人数']).value).toBe(7210);
    expect(cell(t, '钦州市文武学校', ['办学水平标志']).type).toBe('na');
    expect(cell(t, '钦州市合浦师范学校', ['备注']).text).toBe('2018年停止招生');
    const total = t.rows[rowIndex(t, '合计')]!;
    expect(total[0]!.colSpan).toBe(6);
    expect(total[col(t, ['办学规模', '专任教师数'])]!.value).toBe(1664);
    expect(total[col(t, ['办学规模', '专业数'])]!.value).toBe(132);
    expect(warningsOf('s003', 'TOTAL_MISMATCH')).toEqual([]);
  });

  it('003 表格1.2-2: a header over two columns, row groups carried down, arrows and ratios', () => {
    const t = table('s003', '1.2-2');
    expect(t.columns.map((c) => c.path)).toEqual([['项目'], ['项目'], ['2022年'], ['2023年'], ['变化情况']]);
    expect(t.headerRows[0]![0]).toMatchObject({ text: '项  目', colSpan: 2 });
    expect(t.rows.map((r) => r[0]!.text)).toEqual(['普通高中', '普通高中', '普通高中', '中职学校', '中职学校', '中职学校', '中职学校', '普职招生比']);
    expect(t.rows.map((r) => r[0]!.spannedFrom ?? null)).toEqual([null, [0, 0], [0, 0], null, [3, 0], [3, 0], [3, 0], null]);
    expect(t.rows[0]![0]!.rowSpan).toBe(3);
    expect(t.rows[3]![0]!.rowSpan).toBe(4);
    // The 中职学校 row arrives split ([中职学校] + [学校数 …]) and is mended.
    expect(t.rows[3]!.map((c) => c.text)).toEqual(['中职学校', '学校数', '11', '12', '1↑']);
    expect(cell(t, '户籍地送生数', ['变化情况'])).toEqual({ text: '793↓', value: 793, type: 'integer', unit: null, direction: 'down' });
    expect(cell(t, '在校生数', ['2023年']).value).toBe(82297);
    expect(cell(t, '普职招生比', ['2023年'])).toMatchObject({ type: 'ratio', value: 1.26, ratio: [1.26, 1] });
    expect(t.rows[7]![0]!.colSpan).toBe(2);
    expect(t.rows[7]![4]!.type).toBe('empty');
  });

  it('003 表格2.4: units named by the row labels', () => {
    const t = table('s003', '2.4');
    expect(t.columns[1]).toEqual({ path: ['2022年（不含技工、区直）'], unit: null });
    expect(cell(t, '毕业学生数（人）', ['2023年（不含技工）'])).toMatchObject({ value: 10888, unit: '人' });
    expect(cell(t, '直接就业率（%）', ['2022年（不含技工、区直）'])).toMatchObject({ value: 22.77, type: 'percent', unit: '%' });
    expect(cell(t, '毕业晋升率（%）', ['与2022年比较增长（下降）'])).toMatchObject({ value: 20.45, direction: 'down' });
    expect(cell(t, '升学人数（人）', ['与2022年比较增长（下降）']).type).toBe('na');
  });

  it('001 表1-1: cells of several paragraphs', () => {
    const t = table('s001', '1-1');
    expect(t.title).toBe('柳州市中职学校一览表（排名不分先后）');
    expect(t.rows).toHaveLength(10);
    expect(cell(t, '柳州市第一职业技术学校（以下简称“一职校”）', ['学校荣誉']).text).toBe(
      '国家中等职业教育改革发展示范学校\n国家级重点中等职业学校\n自治区示范性中等职业学校\n全国教育系统先进集体',
    );
    expect(cell(t, '柳州市鹿寨职业教育中心（以下简称“鹿寨中心”）', ['学校荣誉']).text).toBe('自治区示范性中等职业学校\n自治区重点中等职业学校');
    expect(cell(t, '柳州城市职业学院附属中专部', ['学校荣誉']).type).toBe('empty');
  });
});

describe('tables in a small TAB export', () => {
  let dir: string;
  let recs: AnyRecord[];
  const tab = (...cells: string[]) => [...cells.map((c) => `\t${c}`), ''];
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'vetreport-tables-'));
    const lines = [
      '测试市中等职业教育质量年度报告',
      '一、基本情况',
      '（一）办学规模',
      '全市共有学校2所。',
      '表1-1 测试市学校经费情况一览表',
      '单位：万元',
      ...tab('序号', '学校', '经费', '占比（%）'),
      ...tab('1', '甲校', '1,200.5', '40.1'),
      ...tab('2', '乙校', '1,800.25', '59.9'),
      ...tab('合计', '3,100.75', '100'),
      '',
      '注：数据来源于各校填报。',
      '各校经费稳步增长。',
      '表1-2 测试市学校招生情况',
      ...tab('学校', '招生人数（人）'),
      ...tab('甲校', '300'),
      ...tab('乙校', '200'),
      ...tab('合计', '500'),
      '',
      '招生情况良好。',
      '表1-4 测试市学校专业情况',
      ...tab('学校', '专业数（个）'),
      ...tab('甲校', '12', '多出的一格'),
      ...tab('乙校', '8'),
      '',
      '专业结构持续优化。',
      '表1-4 测试市学校专业设置情况',
      ...tab('学校', '专业数（个）'),
      ...tab('丙校', '5'),
      '',
      '二、学生发展',
      '学生全面发展。',
      '表2-1 测试市学生获奖情况',
      ...tab('学校', '获奖数（项）'),
      ...tab('甲校', '7'),
      '',
      '获奖情况见上表。',
      ...tab('地区', '人数'),
      ...tab('城区', '10'),
      '',
      '全文完。',
    ];
    writeFileSync(path.join(dir, 'mini.txt'), lines.join('\n'));
    const res = await extractFile(path.join(dir, 'mini.txt'), 'mini', qualityReport);
    expect(res.status).toBe('ok');
    recs = res.records;
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const tables = () => recs.filter((r): r is TableRecord => r.kind === 'table');
  const warnings = (code: string) => recs.filter((r): r is WarningRecord => r.kind === 'warning' && r.code === code);

  it('reads the unit line and the note, and warns on a total that does not add up', () => {
    const t = tables()[0]!;
    expect(t.unit).toBe('万元');
    expect(t.notes).toEqual(['注：数据来源于各校填报。']);
    expect(t.columns).toEqual([{ path: ['序号'], unit: null }, { path: ['学校'], unit: null }, { path: ['经费'], unit: null }, { path: ['占比'], unit: '%' }]);
    expect(t.rows[0]![2]).toEqual({ text: '1,200.5', value: 1200.5, type: 'decimal', unit: '万元' });
    const w = warnings('TOTAL_MISMATCH');
    expect(w.map((x) => x.message)).toEqual(['表1-1: the 合计 row prints 3,100.75 under 经费, but the 2 rows above add up to 3000.75']);
    // The percentage column is not a sum and is not checked; 表1-2 adds up.
    expect(w[0]!.provenance.lineStart).toBe(23);
    const section = recs.find((r): r is SectionRecord => r.kind === 'section' && r.title === '办学规模')!;
    // Captions, the unit line and the note are consumed; only running text is left to the section.
    expect(section.text).toBe('全市共有学校2所。\n各校经费稳步增长。\n招生情况良好。\n专业结构持续优化。');
  });

  it('numbers tables, appends ~2 to a repeated number, counts uncaptioned ones', () => {
    expect(tables().map((t) => t.id)).toEqual(['mini/table/1-1', 'mini/table/1-2', 'mini/table/1-4', 'mini/table/1-4~2', 'mini/table/2-1', 'mini/table/@1']);
    expect(tables()[5]).toMatchObject({ number: null, title: null });
    expect(warnings('TABLE_NUMBER_SEQUENCE').map((w) => w.message)).toEqual(['table 表1-4 is out of sequence: expected 表1-3']);
    expect(warnings('TABLE_NUMBER_SEQUENCE')[0]!.provenance.lineStart).toBe(44);
  });

  it('warns on a row longer than the header and keeps its cells', () => {
    const t = tables()[2]!;
    expect(t.rows[0]!.map((c) => c.text)).toEqual(['甲校', '12', '多出的一格']);
    expect(warnings('TABLE_ROW_TOO_LONG').map((w) => w.message)).toEqual([
      '表1-4: row 1 has 3 cells, the header allows 2; the extra cells are kept at the end of the row',
    ]);
  });
});

describe('tables with known merges (DOCX/PDF)', () => {
  it('builds the grid from colSpan/rowSpan and shares the header logic', () => {
    let offset = 0;
    const span = (text: string): Span => {
      const s = { charStart: offset, charEnd: offset + text.length };
      offset += text.length + 1;
      return s;
    };
    const c = (text: string, colSpan = 1, rowSpan = 1): RawCell => ({ text, span: span(text), colSpan, rowSpan });
    const row = (...cells: RawCell[]) => ({ cells, span: { charStart: cells[0]!.span.charStart, charEnd: cells[cells.length - 1]!.span.charEnd } });
    const caption = '表1-2 2022—2023年在校生规模';
    const blocks: Block[] = [
      { type: 'paragraph', text: '一、学校概况', span: span('一、学校概况'), hints: { styleLevel: 1 } },
      { type: 'paragraph', text: caption, span: span(caption), hints: {} },
    ];
    const rows = [
      row(c('学校名称', 1, 2), c('校区', 1, 2), c('在校生人数（人）', 2)),
      row(c('2022年'), c('2023年')),
      row(c('示例职业技术学院', 1, 2), c('主校区'), c('8120'), c('8560')),
      row(c('东校区'), c('3050'), c('3310')),
      row(c('合计', 2), c('11170'), c('11871')),
    ];
    blocks.push({ type: 'table', rows, spansKnown: true, span: { charStart: rows[0]!.span.charStart, charEnd: rows[4]!.span.charEnd, tableIndex: 0 } });
    const doc: LoadedDocument = { blocks, text: ' '.repeat(offset), encoding: null, issues: [] };
    const ctx = new RecordContext('k', { path: 'k.docx', sha256: '0'.repeat(64), bytes: 1, format: 'docx' }, { pipeline: 'test', version: '0' }, doc, segment(blocks));
    const out = extractTables(ctx, new Set());
    const t = out.records.find((r): r is TableRecord => r.kind === 'table')!;
    expect(out.consumed).toEqual(new Set([1, 2]));
    expect(t.provenance.tableIndex).toBe(0);
    expect(t.columns).toEqual([
      { path: ['学校名称'], unit: null },
      { path: ['校区'], unit: null },
      { path: ['在校生人数', '2022年'], unit: '人' },
      { path: ['在校生人数', '2023年'], unit: '人' },
    ]);
    expect(t.headerRows.map((r) => r.map((x) => [x.text, x.rowSpan ?? 1, x.colSpan ?? 1]))).toEqual([
      [['学校名称', 2, 1], ['校区', 2, 1], ['在校生人数（人）', 1, 2]],
      [['2022年', 1, 1], ['2023年', 1, 1]],
    ]);
    expect(t.rows[0]![0]).toMatchObject({ text: '示例职业技术学院', rowSpan: 2 });
    expect(t.rows[1]![0]).toMatchObject({ text: '示例职业技术学院', spannedFrom: [0, 0] });
    expect(t.rows[1]![3]).toEqual({ text: '3310', value: 3310, type: 'integer', unit: '人' });
    expect(t.rows[2]![0]).toMatchObject({ text: '合计', colSpan: 2 });
    expect(t.rows[2]![1]).toMatchObject({ text: '合计', spannedFrom: [2, 0] });
    const w = out.records.filter((r): r is WarningRecord => r.kind === 'warning');
    expect(w.map((x) => x.code)).toEqual(['TOTAL_MISMATCH']);
    expect(w[0]!.message).toContain('在校生人数/2023年');
  });
});

describe('captions', () => {
  it('reads the number as printed, without 表/表格 and spaces', () => {
    expect(parseCaption('表1-2 柳州市各职业院校招生情况')).toEqual({ number: '1-2', title: '柳州市各职业院校招生情况', unit: null });
    expect(parseCaption('表 1- 2 毕业生就业去向')).toMatchObject({ number: '1-2', title: '毕业生就业去向' });
    expect(parseCaption('表格1.2-1  2023年钦州市中等职业学校规模情况')).toMatchObject({ number: '1.2-1', title: '2023年钦州市中等职业学校规模情况' });
    expect(parseCaption('表格 2.4钦州市2023年中等职业学校就业升学总体情况')).toMatchObject({ number: '2.4', title: '钦州市2023年中等职业学校就业升学总体情况' });
    expect(parseCaption('表1-1柳州市中职学校一览表（排名不分先后）')).toMatchObject({ number: '1-1', title: '柳州市中职学校一览表（排名不分先后）' });
  });

  it('takes a unit out of the caption', () => {
    expect(parseCaption('表4-12 教师教学能力比赛获奖一览表（单位：项）')).toEqual({ number: '4-12', title: '教师教学能力比赛获奖一览表', unit: '项' });
  });

  it('does not take a sentence or a word starting with 表 for a caption', () => {
    expect(parseCaption('表1-1显示，各校招生稳定。')).toBeNull();
    expect(parseCaption('表演艺术')).toBeNull();
    expect(parseCaption('见表1-1，不含技工学校。')).toBeNull();
  });
});

describe('header sub-row alignment', () => {
  it('gives each parent its run of sub-labels, and an empty cell to a parent that spans down', () => {
    // 表1-2: 序号 学校 在校生人数 招生人数 招生专业个数 over [ , , 2022年 2023年 ×3].
    expect(alignSubRow([false, false, false, false, false], ['', '', '2022年', '2023年', '2022年', '2023年', '2022年', '2023年'])).toEqual([1, 1, 2, 2, 2]);
    // 表4-9: some parents span down between those with sub-labels.
    expect(alignSubRow(new Array(8).fill(false), ['', '', '', '国家级', '省级', '校级', '', '国家级', '省级', '校级', '', ''])).toEqual([1, 1, 1, 3, 1, 3, 1, 1]);
  });

  it('prefers the split where sub-labels repeat', () => {
    expect(alignSubRow([false, false, false, false], ['2022年', '2023年', '', '2022年', '2023年', '2022年', '2023年'])).toEqual([2, 1, 2, 2]);
    expect(alignSubRow([false, false, false], ['一等奖', '二等奖', '三等奖', '一等奖', '二等奖', '三等奖', ''])).toEqual([3, 3, 1]);
  });

  it('keeps a parent that already spans down over an empty cell', () => {
    expect(alignSubRow([true, true, false, false], ['', '', '一等奖', '二等奖', '一等奖', '二等奖'])).toEqual([1, 1, 2, 2]);
  });
});
