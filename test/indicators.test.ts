// Indicator records: the grammar on small inputs, and the figures of seeds 000 and 003 as a reader
// of the text finds them (each expectation below was checked by hand against the seed's text).
import { beforeAll, describe, expect, it } from 'vitest';
import { normalizeUnit, periodOfLabel, periodsIn, scaleDecimal } from '../src/indicators/grammar.ts';
import { proseFacts } from '../src/indicators/prose.ts';
import { subjectReader } from '../src/indicators/subject.ts';
import { VOCABULARY } from '../src/indicators/vocabulary.ts';
import type { AnyRecord, IndicatorRecord } from '../src/schema/records.ts';
import { seedPath } from './helpers/corpus.ts';
import { extract } from './helpers/extract.ts';

const reader = subjectReader({ aliases: { 柳职院: '柳州职业技术学院', 柳铁职院: '柳州铁道职业技术学院' }, region: '柳州市', title: null });
const facts = (text: string) => proseFacts(text, { year: 2023, subjects: reader });

describe('number and unit grammar', () => {
  it('scales on the decimal digits', () => {
    expect(scaleDecimal('4.2', 4)).toBe(42000);
    expect(scaleDecimal('127752.51', 4)).toBe(1277525100);
    expect(scaleDecimal('1,302.62', 4)).toBe(13026200);
    expect(scaleDecimal('3.5', 8)).toBe(350000000);
    expect(scaleDecimal('0.8', 0)).toBe(0.8);
  });

  it('normalizes units to their base and family', () => {
    expect(normalizeUnit('人', '万')).toEqual({ unit: '人', family: 'persons', scale: 4 });
    expect(normalizeUnit('元', '亿')).toEqual({ unit: '元', family: 'money', scale: 8 });
    expect(normalizeUnit('名')).toEqual({ unit: '人', family: 'persons', scale: 0 });
    expect(normalizeUnit('个百分点')).toEqual({ unit: '百分点', family: 'rate', scale: 0 });
    expect(normalizeUnit('‰')?.family).toBe('rate');
    expect(normalizeUnit('人次', '万')).toEqual({ unit: '人次', family: 'personTimes', scale: 4 });
    expect(normalizeUnit('平方米', '万')).toEqual({ unit: '平方米', family: 'area', scale: 4 });
    expect(normalizeUnit('台套')?.unit).toBe('台套');
    expect(normalizeUnit('%', '万')).toBeNull();
  });

  it('reads periods: 年, 年末, 届, 学年', () => {
    expect(periodsIn('2023年末全市').map((p) => [p.year, p.kind])).toEqual([[2023, 'yearEnd']]);
    expect(periodsIn('2023届毕业生').map((p) => [p.year, p.kind])).toEqual([[2023, 'cohort']]);
    expect(periodsIn('2022-2023学年').map((p) => [p.year, p.kind, p.text])).toEqual([[2023, 'schoolYear', '2022-2023学年']]);
    // A year of comparison or a starting point is not the period of a figure.
    expect(periodsIn('较2022年增加')).toEqual([]);
    expect(periodsIn('自2015年开班以来')).toEqual([]);
    expect(periodOfLabel('2022年')).toEqual({ year: 2022, kind: 'year', text: '2022年' });
    expect(periodOfLabel('在校生人数')).toBeNull();
  });

  it('the issue\'s sentence: 4.2万人 with its change', () => {
    const [f, ...rest] = facts('2023年，全市中职学校在校生4.2万人，比上年增长3.5%。');
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ indicator: 'students.enrolled', value: 42000, unit: '人', printed: { text: '4.2万人', value: '4.2', unit: '万人' }, subject: { name: '柳州市' }, qualifier: ['中职'] });
    expect(f!.period).toMatchObject({ year: 2023, kind: 'year', stated: true });
    expect(f!.change).toMatchObject({ direction: 'up', value: 3.5, unit: '%' });
  });

  it('the parts of the 毕业去向落实率 are their own indicators, not the rate (西京学院 2023)', () => {
    const parts = facts('全体毕业生协议和合同就业率80.81%、升学率3.80%、灵活就业率3.00%、自主创业率2.51%。');
    expect(parts.map((f) => [f.indicator, f.value])).toEqual([
      ['employment.contractRate', 80.81],
      ['further.rate', 3.8],
      ['employment.flexibleRate', 3],
      ['entrepreneurship.rate', 2.51],
    ]);
    expect(facts('2023届毕业生就业率为95.2%。')[0]).toMatchObject({ indicator: 'employment.rate', value: 95.2 });
  });

  it('percentage points, respectively, shares and ellipsis', () => {
    const pp = facts('毕业去向落实率为92.5%，比上年提高2个百分点。');
    expect(pp[0]).toMatchObject({ indicator: 'employment.rate', value: 92.5, unit: '%' });
    expect(pp[0]!.change).toMatchObject({ direction: 'up', value: 2, unit: '百分点' });
    const resp = facts('高职院校生均校内实践教学工位数0.8个，中职学校生均实训工位数1.12个，较上一年分别增长25.31%和103.41%。');
    expect(resp.map((f) => [f.value, f.change?.value])).toEqual([[0.8, 25.31], [1.12, 103.41]]);
    const share = facts('“双师型”教师2300人，占比57.6%，较上一年增加153人。');
    expect(share.map((f) => [f.indicator, f.value])).toEqual([['teachers.dualQualified', 2300], ['teachers.dualQualifiedShare', 57.6]]);
    const ellipsis = facts('其中高职全日制新生人数为17699人、中职学校为14757人。');
    expect(ellipsis.map((f) => [f.indicator, f.value, f.qualifier])).toEqual([['students.admitted', 17699, ['高职', '全日制']], ['students.admitted', 14757, ['中职']]]);
  });

  it('aliases name the subject; an enumeration names none', () => {
    const [a] = facts('其中柳铁职院毕业生月均收入5011.58元。');
    expect(a).toMatchObject({ indicator: 'graduates.salary', value: 5011.58, unit: '元', subject: { name: '柳州铁道职业技术学院', printed: '柳铁职院' } });
    const [b] = facts('柳职院、柳铁职院等2名优秀毕业生荣获该奖。');
    expect(b?.subject?.name).toBe('柳州市');
    expect(b?.indicator).toBeNull();
  });

  it('no year, ordinal, code, phone number, title or heading number becomes a figure', () => {
    expect(facts('2023年5月4日，第20届大赛在1号楼举行。')).toEqual([]);
    expect(facts('荣获第3名，ZK-1301系统，1+X证书，联系电话0772-2812345。')).toEqual([]);
    expect(facts('实施“5个100工程”，出版《职业教育10个案例》。')).toEqual([]);
    expect(facts('1.1发展概况')).toEqual([]);
    expect(facts('（2）4.招生情况')).toEqual([]);
  });

  it('a part takes the indicator of the figure it breaks down; a sibling grade is named like the one before it', () => {
    const parts = facts('2023年，柳州市各职业院校共获全国职业技能大赛获奖30项，其中一等奖2项、二等奖12项。');
    expect(parts.map((f) => [f.indicator, f.label, f.value, f.qualifier])).toEqual([['awards.skills', '柳州市各职业院校共获全国职业技能大赛获奖', 30, []], ['awards.skills', '一等奖', 2, ['一等奖']], ['awards.skills', '二等奖', 12, ['二等奖']]]);
    const closed = facts('撤销和停办电子商务、应用电子技术等专业13个（其中高职9个、中职4个）。');
    expect(closed.map((f) => [f.indicator, f.label, f.value])).toEqual([['majors.closed', '撤销和停办专业', 13], ['majors.closed', '高职', 9], ['majors.closed', '中职', 4]]);
    const grades = facts('柳职院获得广西选拔赛金奖7项、银奖12项。');
    expect(grades.map((f) => [f.label, f.value])).toEqual([['柳职院获得广西选拔赛金奖', 7], ['柳职院获得广西选拔赛银奖', 12]]);
    // The share of a part is its share of the whole above it, not the indicator's rate.
    const share = facts('其中：升读本科227人，占比3.83%。');
    expect(share.map((f) => [f.indicator, f.value])).toEqual([['further.count', 227], [null, 3.83]]);
  });

  it('years listed before 分别 are the periods of the figures, in order', () => {
    const f = facts('2020年、2021年、2022年招生人数分别为5510人、6021人、6624人。');
    expect(f.map((x) => [x.indicator, x.value, x.period?.year])).toEqual([['students.admitted', 5510, 2020], ['students.admitted', 6021, 2021], ['students.admitted', 6624, 2022]]);
  });

  it('what is planned, a figure of several years, a figure qualifying a noun, and a frame are read as a reader reads them', () => {
    // A target or plan is not what was achieved.
    expect(facts('到2028年，该校将建成职业本科专业20个。')).toEqual([]);
    expect(facts('“十四五”时期，我国新增技能人才4000万人以上。')).toEqual([]);
    // 累计, 近年来, 先后: a figure of several years has no one period.
    expect(facts('近年来，学校累计专利授权618项。')[0]).toMatchObject({ indicator: 'research.patents', value: 618, period: null });
    expect(facts('2016年至2020年，学校先后派出30人次。')[0]?.period).toBeNull();
    // 20%以上的…员工: the figure qualifies the noun after it.
    expect(facts('柳工集团20%以上的海外管理岗位员工来自学校。')).toEqual([]);
    // 项目 is a word, not 项 and 目.
    expect(facts('学校获上级支持的270万项目建设资金。')).toEqual([]);
    // 在全区14个设区市中位列第一: the set the subject is placed in.
    expect(facts('在全区14个设区市中位列第一。')).toEqual([]);
    // 增长率为4.86%: the change of the figure before it.
    const [eq, ...none] = facts('教学科研设备总值127752.51万元，增长率为4.86%。');
    expect(none).toEqual([]);
    expect(eq?.change).toMatchObject({ direction: 'up', value: 4.86, unit: '%' });
  });

  it('the vocabulary has at least 40 indicators, each key and variant once', () => {
    expect(VOCABULARY.length).toBeGreaterThanOrEqual(40);
    expect(new Set(VOCABULARY.map((d) => d.key)).size).toBe(VOCABULARY.length);
  });
});

interface Expected {
  indicator: string | null;
  value: number;
  unit: string;
  year: number | null;
  subject: string | null;
  /** A piece of the printed label, when the value alone is ambiguous. */
  label?: string;
}

function findFact(recs: IndicatorRecord[], e: Expected): IndicatorRecord | undefined {
  return recs.find((r) => r.value === e.value && r.unit === e.unit && (!e.label || r.label.includes(e.label)) && r.source === 'text');
}

function check(recs: IndicatorRecord[], expected: Expected[]): void {
  for (const e of expected) {
    const r = findFact(recs, e);
    expect(r, `${e.indicator} ${e.value}${e.unit}`).toBeDefined();
    expect({ indicator: r!.indicator, value: r!.value, unit: r!.unit, year: r!.period?.year ?? null, subject: r!.subject }, `${e.label ?? e.indicator} ${e.value}`).toEqual({ indicator: e.indicator, value: e.value, unit: e.unit, year: e.year, subject: e.subject });
  }
}

const indicators = (rs: AnyRecord[]) => rs.filter((r): r is IndicatorRecord => r.kind === 'indicator');

/** Numbers that must never be figures: years, ordinals and heading numbers, as printed in the text. */
function noneFromNonFigures(recs: IndicatorRecord[], text: string): void {
  for (const r of recs.filter((x) => x.source === 'text')) {
    const at = r.provenance.charStart!;
    const printed = text.slice(at, r.provenance.charEnd);
    expect(printed.replace(/\s+/g, ''), r.id).toBe(r.printed.text.replace(/\s+/g, ''));
    // A year is followed by 年/届, an ordinal preceded by 第.
    expect(/^(?:19|20)\d{2}(?:年|届)/.test(text.slice(at, at + 5)), `${r.id} is a year`).toBe(false);
    expect(text.slice(at - 1, at), `${r.id} is an ordinal`).not.toBe('第');
    // A heading number stands at the start of its line followed by 、 . or a title.
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    expect(/^\s*$/.test(text.slice(lineStart, at)) && /^\d+(?:\.\d+)*[、.．\s]/.test(text.slice(at, at + 8)), `${r.id} is a heading number`).toBe(false);
  }
}

describe('seed 000 (柳州市 2023)', () => {
  let recs: IndicatorRecord[];
  let text: string;
  beforeAll(async () => {
    const res = await extract(seedPath('000'));
    recs = indicators(res.records);
    text = res.text!;
  }, 120_000);

  it('states at least 25 figures exactly as the text does', () => {
    const C = '柳州市';
    check(recs, [
      { indicator: 'institutions.count', value: 12, unit: '所', year: 2023, subject: C, label: '共有职业院校' },
      { indicator: 'institutions.count', value: 3, unit: '所', year: 2023, subject: C, label: '高职院校' },
      { indicator: 'institutions.count', value: 9, unit: '所', year: 2023, subject: C, label: '中职学校' },
      { indicator: 'students.enrolled', value: 91225, unit: '人', year: 2023, subject: C },
      { indicator: 'students.enrolled', value: 55120, unit: '人', year: 2023, subject: C },
      { indicator: 'students.perSchool', value: 18373, unit: '人', year: 2023, subject: C },
      { indicator: 'students.enrolled', value: 36105, unit: '人', year: 2023, subject: C },
      { indicator: 'majors.count', value: 224, unit: '个', year: 2023, subject: C },
      { indicator: 'majors.closed', value: 13, unit: '个', year: 2023, subject: C, label: '撤销专业' },
      { indicator: 'students.admitted', value: 32456, unit: '人', year: 2023, subject: C },
      { indicator: 'students.admitted', value: 17699, unit: '人', year: 2023, subject: C },
      { indicator: 'students.admitted', value: 14757, unit: '人', year: 2023, subject: C, label: '中职学校' },
      { indicator: 'equipment.value', value: 1277525100, unit: '元', year: 2023, subject: C },
      { indicator: 'campus.area', value: 5595200, unit: '平方米', year: 2023, subject: C },
      { indicator: 'training.stationsPerStudent', value: 0.8, unit: '个', year: 2023, subject: C },
      { indicator: 'library.books', value: 4805400, unit: '册', year: 2023, subject: C },
      { indicator: 'library.ebooks', value: 13026200, unit: '册', year: 2023, subject: C },
      { indicator: 'students.satisfaction', value: 88.08, unit: '%', year: 2023, subject: C },
      { indicator: 'students.aid', value: 80999, unit: '人次', year: 2023, subject: C },
      { indicator: 'students.aidAmount', value: 237789300, unit: '元', year: 2023, subject: C },
      { indicator: 'graduates.count', value: 17336, unit: '人', year: 2023, subject: C, label: '高职院校毕业生' },
      { indicator: 'employment.placed', value: 15432, unit: '人', year: 2023, subject: C },
      { indicator: 'employment.rate', value: 89.02, unit: '%', year: 2023, subject: C },
      { indicator: 'employment.localRate', value: 68.09, unit: '%', year: 2023, subject: C },
      { indicator: 'employment.rate', value: 94.18, unit: '%', year: 2023, subject: C },
      { indicator: 'graduates.salary', value: 5011.58, unit: '元', year: 2023, subject: '柳州铁道职业技术学院' },
      { indicator: 'employer.satisfaction', value: 97.83, unit: '%', year: 2023, subject: C },
      { indicator: 'teachers.staff', value: 4707, unit: '人', year: 2023, subject: C },
      { indicator: 'teachers.fulltime', value: 3993, unit: '人', year: 2023, subject: C },
      { indicator: 'teachers.dualQualified', value: 2300, unit: '人', year: 2023, subject: C },
      { indicator: 'teachers.dualQualifiedShare', value: 57.6, unit: '%', year: 2023, subject: C },
      { indicator: 'teachers.parttime', value: 2740, unit: '人', year: 2023, subject: C },
      { indicator: 'social.training', value: 6299, unit: '人次', year: 2023, subject: C },
    ]);
    const enrolled = recs.find((r) => r.value === 91225 && r.source === 'text')!;
    expect(enrolled.change).toMatchObject({ direction: 'up', value: 4029, unit: '人' });
    expect(enrolled.qualifier).toContain('全日制');
    expect(text.slice(enrolled.provenance.charStart, enrolled.provenance.charEnd)).toBe('91225人');
  });

  it('a school\'s enrolment from 表1-2: 柳职院 在校生人数/2022年 = 17165', () => {
    const r = recs.find((x) => x.cell?.tableId.endsWith('/table/1-2') && x.cell.rowLabel === '柳职院' && x.cell.columnPath.join('/') === '在校生人数/2022年');
    expect(r).toMatchObject({ indicator: 'students.enrolled', value: 17165, unit: '人', subject: '柳州职业技术学院', period: { year: 2022 }, source: 'table' });
    expect(text.slice(r!.provenance.charStart, r!.provenance.charEnd)).toBe('17165');
  });

  it('no year, ordinal or heading number became a figure', () => noneFromNonFigures(recs, text));
});

describe('seed 003 (钦州市 2023)', () => {
  let recs: IndicatorRecord[];
  let text: string;
  beforeAll(async () => {
    const res = await extract(seedPath('003'));
    recs = indicators(res.records);
    text = res.text!;
  }, 120_000);

  it('states at least 25 figures exactly as the text does', () => {
    const C = '钦州市';
    check(recs, [
      { indicator: 'institutions.count', value: 12, unit: '所', year: 2023, subject: C, label: '中等职业学校' },
      { indicator: 'institutions.count', value: 2, unit: '所', year: 2023, subject: C, label: '区直' },
      { indicator: 'institutions.count', value: 10, unit: '所', year: 2023, subject: C, label: '市属' },
      { indicator: 'students.enrolled', value: 117502, unit: '人', year: 2023, subject: C },
      { indicator: 'students.enrolled', value: 82297, unit: '人', year: 2023, subject: C },
      { indicator: 'students.enrolled', value: 35205, unit: '人', year: 2023, subject: C },
      { indicator: 'students.admitted', value: 28782, unit: '人', year: 2023, subject: C },
      { indicator: 'students.admitted', value: 15638, unit: '人', year: 2023, subject: C },
      { indicator: 'funding.total', value: 21000000, unit: '元', year: 2023, subject: C, label: '全市投入' },
      { indicator: 'campus.area', value: 959092.47, unit: '平方米', year: 2023, subject: C },
      { indicator: 'building.area', value: 528046.3, unit: '平方米', year: 2023, subject: C },
      { indicator: 'equipment.perStudent', value: 5798.13, unit: '元', year: 2023, subject: C },
      { indicator: 'library.books', value: 806463, unit: '册', year: 2023, subject: C },
      { indicator: 'library.ebooks', value: 294924, unit: '册', year: 2023, subject: C },
      { indicator: 'students.satisfaction', value: 76.58, unit: '%', year: 2023, subject: C },
      { indicator: 'employer.satisfaction', value: 83.82, unit: '%', year: 2023, subject: C },
      { indicator: 'parents.satisfaction', value: 86.81, unit: '%', year: 2023, subject: C },
      { indicator: 'graduates.count', value: 10888, unit: '人', year: 2023, subject: C },
      { indicator: 'employment.placed', value: 10098, unit: '人', year: 2023, subject: C },
      { indicator: 'further.count', value: 5921, unit: '人', year: 2023, subject: C, label: '毕业生升学人数' },
      { indicator: 'further.rate', value: 54.38, unit: '%', year: 2023, subject: C, label: '毕业晋升率' },
      { indicator: 'further.rate', value: 74.83, unit: '%', year: 2022, subject: C, label: '毕业晋升率' },
      { indicator: 'employment.directRate', value: 36.77, unit: '%', year: 2023, subject: C, label: '直接就业率' },
      { indicator: 'entrepreneurship.rate', value: 2.37, unit: '%', year: 2023, subject: C },
      { indicator: 'entrepreneurship.count', value: 95, unit: '人', year: 2023, subject: C, label: '自主创业' },
      { indicator: 'awards.skills', value: 25, unit: '个', year: 2023, subject: '浦北县第一职业技术学校' },
      { indicator: 'teachers.dualQualified', value: 811, unit: '人', year: 2023, subject: C },
      { indicator: 'majors.new', value: 4, unit: '个', year: 2023, subject: C, label: '新增专业' },
      { indicator: 'funding.perStudent', value: 4628.71, unit: '元', year: 2023, subject: C },
    ]);
    const rate = recs.find((r) => r.value === 54.38 && r.label.includes('毕业晋升率'))!;
    expect(rate.change).toMatchObject({ direction: 'down', value: 20.45, unit: '百分点' });
  });

  it('no year, ordinal or heading number became a figure', () => noneFromNonFigures(recs, text));
});

describe('tables and subjects', () => {
  it('a table cell is an indicator when a row, column or the title names one; a change column and an unrelated table give none', async () => {
    const r000 = indicators((await extract(seedPath('000'))).records).filter((r) => r.source === 'table');
    // 表3-2 lists admission score lines and 表3-3 grades of entrants: no vocabulary indicator.
    expect(r000.filter((r) => /\/table\/3-[23]$/.test(r.cell!.tableId))).toEqual([]);
    // 表4-12 …教师教学能力比赛获奖一览表 (单位：项): the title names what its 国家级/一等奖 columns count.
    const award = r000.find((r) => r.cell!.tableId.endsWith('/table/4-12') && r.cell!.rowLabel === '柳职院' && r.cell!.columnPath.join('/') === '自治区（省）级/一等奖');
    expect(award).toMatchObject({ indicator: 'awards.teachingCompetition', value: 7, unit: '项', subject: '柳州职业技术学院', qualifier: ['一等奖'] });
    // 表4-10 prints no unit: 生师比 is a ratio, 博士数 a count of people.
    expect(r000.find((r) => r.cell!.tableId.endsWith('/table/4-10') && r.cell!.rowLabel === '柳职院' && r.label === '生师比')).toMatchObject({ indicator: 'ratio.studentTeacher', value: 12.66, unit: 'ratio' });
    const r003 = indicators((await extract(seedPath('003'))).records).filter((r) => r.source === 'table' && r.cell!.tableId.endsWith('/table/2.4'));
    // 2022年（不含技工、区直）: the bracket notes what the column leaves out; the year is the period.
    expect(r003.find((r) => r.value === 8128)).toMatchObject({ indicator: 'graduates.count', period: { year: 2022, stated: true } });
    // 与2022年比较增长（下降） holds differences, not figures.
    expect(r003.filter((r) => r.cell!.columnPath.join('').includes('比较'))).toEqual([]);
  }, 120_000);

  it('a feature about a school speaks of that school (seed 004)', async () => {
    const recs = indicators((await extract(seedPath('004'))).records);
    expect(recs.length).toBeGreaterThan(10);
    expect(new Set(recs.map((r) => r.subject))).toEqual(new Set(['柳州职业技术大学']));
    expect(recs.find((r) => r.value === 618)).toMatchObject({ indicator: 'research.patents', unit: '项', period: null });
  }, 120_000);
});

it('every seed\'s text figures point at their own characters', async () => {
  for (const seed of ['001', '002', '004']) {
    const res = await extract(seedPath(seed));
    const text = res.text!;
    for (const r of indicators(res.records).filter((x) => x.source === 'text')) {
      // A figure a line break cut (16\n个 in a converted PDF) is printed without the break.
      expect(text.slice(r.provenance.charStart, r.provenance.charEnd).replace(/\s+/g, ''), r.id).toBe(r.printed.text.replace(/\s+/g, ''));
    }
  }
}, 120_000);
