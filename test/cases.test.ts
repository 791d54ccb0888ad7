// Case stage on the real seeds: 案例 boxes as one-cell tables (000), as appendix sections (001) and
// without a border (003), the subjects read through the aliases each report defines.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { extractBuffer } from '../src/pipeline.ts';
import { extractFile } from '../src/run-extract.ts';
import { parseCaseLabel } from '../src/cases/labels.ts';
import type { AnyRecord, CaseRecord, DocumentRecord, SectionRecord } from '../src/schema/records.ts';

const SEEDS = {
  '000': '000_3d957bb943967ad8.txt',
  '001': '001_5513493e1958f825.txt',
  '002': '002_f871cb208ab6dbba.txt',
  '003': '003_bd1a537eaddbdeb6.txt',
  '004': '004_8c7834f004e3f389.txt',
} as const;
type Seed = keyof typeof SEEDS;

const records = new Map<Seed, AnyRecord[]>();
const texts = new Map<Seed, string>();

beforeAll(async () => {
  for (const seed of Object.keys(SEEDS) as Seed[]) {
    const path = fileURLToPath(new URL(`../../shared/corpus/seeds/${SEEDS[seed]}`, import.meta.url));
    const r = await extractFile(path, `s${seed}`, qualityReport);
    expect(r.status, `${seed}: ${r.error?.message}`).toBe('ok');
    records.set(seed, r.records);
    texts.set(seed, r.text!);
  }
});

const cases = (seed: Seed) => records.get(seed)!.filter((r): r is CaseRecord => r.kind === 'case');
const sections = (seed: Seed) => records.get(seed)!.filter((r): r is SectionRecord => r.kind === 'section');
const documentOf = (seed: Seed) => records.get(seed)![0] as DocumentRecord;
const caseOf = (seed: Seed, number: string) => {
  const found = cases(seed).filter((c) => c.number === number);
  expect(found, `case ${number} of seed ${seed}`).toHaveLength(1);
  return found[0]!;
};
const firstSentence = (text: string) => text.split(/(?<=[。！？；])/)[0]!;

describe('case counts', () => {
  it.each([
    ['000', 26],
    ['001', 3],
    ['002', 0],
    ['003', 4],
    ['004', 0],
  ] as const)('seed %s has %i case records, and the document counts them', (seed, n) => {
    expect(cases(seed)).toHaveLength(n);
    expect(documentOf(seed).counts.cases).toBe(n);
  });
});

describe('provenance', () => {
  it.each(['000', '001', '003'] as const)('seed %s: the character range of a case holds its label, title and body', (seed) => {
    for (const c of cases(seed)) {
      const { charStart, charEnd } = c.provenance;
      const slice = texts.get(seed)!.slice(charStart, charEnd);
      expect(slice, c.id).toContain(`案例${c.number}`);
      expect(slice, c.id).toContain(c.title);
      expect(slice, c.id).toContain(c.body.slice(0, 20));
      expect(slice, c.id).toContain(c.body.slice(-20));
    }
  });
});

describe('seed 000: one-cell table boxes', () => {
  // number, title, subject, subjectFullName, section — read off the seed's labels and box openings.
  const expected: [string, string, string, string, string][] = [
    ['2-1', '扎实开展党建主题教育，赋能学校高质量发展', '柳交校', '柳州市交通学校', '2.2'],
    ['2-2', '打造“1225育人”体系 实施党建品牌聚力计划', '柳州城职院', '柳州城市职业学院', '2.3'],
    ['2-3', '党建引领立品牌，党建+教育显特色', '柳旅校', '柳州市旅游学校', '2.3'],
    ['3-1', '构建“匠心育训·携手赋能”三全育人模式', '柳职院', '柳州职业技术学院', '3.2'],
    ['3-2', '创新赋能，构建“崇德向善”三全育人体系', '柳一职', '柳州市第一职业技术学校', '3.2'],
    ['3-3', '“双线四步法”创新课程思政建设新模式', '柳铁职院', '柳州铁道职业技术学院', '3.2'],
    ['3-4', '坚持思政教育主线，构筑红色育人新高地', '柳州城职院', '柳州城市职业学院', '3.2'],
    ['3-5', '“双融双促”助成长 “双轨筑梦”育新人', '柳铁职院', '柳州铁道职业技术学院', '3.3'],
    ['3-6', '助学筑梦育新人 守正创新促成长', '柳二职', '柳州市第二职业技术学校', '3.3'],
    ['3-7', '强化国防特色教育 建设国防示范学校', '柳交校', '柳州市交通学校', '3.3'],
    ['3-8', '助力残疾人技能竞赛 国赛成绩取得历史突破', '柳二职', '柳州市第二职业技术学校', '3.6'],
    ['3-9', '以赛促教 推动专业综合能力提升', '鹿寨职教中心', '鹿寨职业教育中心', '3.6'],
    ['4-1', '对标企业数字化转型进程 推进课程建设', '柳一职', '柳州市第一职业技术学校', '4.2'],
    ['4-2', '高端引领、跨界融合，“双师”队伍提质升级', '柳职院', '柳州职业技术学院', '4.6'],
    ['4-3', '创新驱动+科技研发 打造黄大年式教师团队', '柳铁职院', '柳州铁道职业技术学院', '4.6'],
    ['5-1', '共建现场工程师学院，打造校企协同育人新模式', '柳州城职院', '柳州城市职业学院', '5.3'],
    ['5-2', '构建产教融合新格局 打造首批国家级市域产教联合体', '柳职院', '柳州职业技术学院', '5.4'],
    ['5-3', '校企联动、虚实融合、岗课赛证融通，共促“三教”改革', '柳铁职院', '柳州铁道职业技术学院', '5.5'],
    ['6-1', '启动农产品电商培训计划，解决农村电商发展燃眉之急', '柳州城职院', '柳州城市职业学院', '6.1'],
    // The box opens on its topic (蜡染，是…); the school is named two sentences later.
    ['6-2', '苗族蜡染进校园 非遗文化助发展', '融水职校', '融水苗族自治县民族职业技术学校', '6.1'],
    // 由柳职院牵头建设的…研究中心
    ['6-3', '打造工程技术研究中心，服务汽车制造链高质量发展', '柳职院', '柳州职业技术学院', '6.2'],
    ['6-4', '“柳州市女工手工公益培训”，助推全民终身学习建设', '柳二职', '柳州市第二职业技术学校', '6.3'],
    ['6-5', '以文化浸润心灵 抓好校园文化活动', '柳一职', '柳州市第一职业技术学校', '6.4'],
    ['6-6', '行走的课堂，“沉浸式”体验高铁之旅', '柳铁职院', '柳州铁道职业技术学院', '6.4'],
    ['7-1', '校企协同出海 实现工程机械标准全球输出', '柳职院', '柳州职业技术学院', '7.3'],
    ['7-2', '面向东盟 推广中国特色职教资源', '柳一职', '柳州市第一职业技术学校', '7.3'],
  ];

  it('finds every box in document order with its number, title, subject and section', () => {
    const got = cases('000').map((c) => [c.number, c.title, c.subject, c.subjectFullName, c.sectionId]);
    expect(got).toEqual(expected.map(([n, t, s, f, sec]) => [n, t, s, f, `s000/sec/${sec}`]));
    expect(cases('000').map((c) => c.id)).toEqual(expected.map(([n]) => `s000/case/${n}`));
  });

  it('keeps the label out of the body and starts the body with the box text', () => {
    const c = caseOf('000', '2-1');
    expect(c.body.startsWith('柳交校牢牢把握“学思想、强党性、重实践、建新功”的总要求')).toBe(true);
    for (const k of cases('000')) {
      expect(k.body).not.toMatch(/^案例|【/);
      expect(k.body.length).toBeGreaterThan(100);
      expect(k.figures).toEqual([]);
      expect(k.provenance.sectionId).toBe(k.sectionId);
    }
  });

  it('covers label paragraph and table in the provenance of a label-before-frame box', () => {
    const c = caseOf('000', '3-1'); // label on line 826, box table on lines 828-830
    expect(c.provenance.lineStart).toBe(826);
    expect(c.provenance.lineEnd).toBe(830);
    expect(c.body.startsWith('柳职院坚持将“三全育人”综合改革')).toBe(true);
  });

  it('takes in the box paragraphs the export set outside the table, and stops at the section text', () => {
    const c42 = caseOf('000', '4-2');
    expect(c42.body).toContain('打破体制壁垒，探索人才共享模式。');
    expect(c42.body).toContain('近三年来，柳职院成功获批建设 2 支国家级职业教育教师教学创新团队');
    expect(c42.body).not.toContain('选树师德典型');
    const c63 = caseOf('000', '6-3');
    expect(c63.body).toContain('基于柳州地区汽车企业转型升级需求');
    const s46 = sections('000').find((s) => s.id === 's000/sec/4.6')!;
    expect(s46.text).toContain('选树师德典型，健全师德师风建设。');
    expect(s46.text).not.toContain('打破体制壁垒');
  });

  it('leaves no case body or label in any section text or the preamble', () => {
    const texts = [...sections('000').map((s) => s.text), documentOf('000').preamble];
    for (const c of cases('000')) {
      const first = firstSentence(c.body);
      expect(texts.some((t) => t.includes(first)), `case ${c.number}: ${first}`).toBe(false);
    }
    expect(texts.some((t) => /案例\d+-\d+【/.test(t))).toBe(false);
  });

  it('collects the short names the report defines in table 1-1', () => {
    const aliases = documentOf('000').aliases;
    expect(aliases['柳职院']).toBe('柳州职业技术学院');
    expect(aliases).toEqual({
      柳职院: '柳州职业技术学院',
      柳铁职院: '柳州铁道职业技术学院',
      柳州城职院: '柳州城市职业学院',
      柳一职: '柳州市第一职业技术学校',
      柳二职: '柳州市第二职业技术学校',
      柳交校: '柳州市交通学校',
      柳旅校: '柳州市旅游学校',
      鹿寨职教中心: '鹿寨职业教育中心',
      融水卫校: '广西融水民族卫生学校',
      融水职校: '融水苗族自治县民族职业技术学校',
      柳州机电工业职校: '柳州市机械电子工业职业技术学校（民办）',
      柳州城职院中专部: '柳州城市职业学院附属中专部',
    });
  });
});

describe('seed 001: appendix cases', () => {
  it('reads number, 《title》 and the school line of each', () => {
    const got = cases('001').map((c) => [c.id, c.number, c.title, c.subject, c.subjectFullName, c.sectionId]);
    expect(got).toEqual([
      ['s001/case/一', '一', '诊改引领 数据驱动 线上教学保障停课不停学', '柳州市第一职业技术学校', '柳州市第一职业技术学校', 's001/sec/附件/7.1'],
      ['s001/case/二', '二', '深化交流合作 加强协同创新 构建国际交流新格局', '柳州市第二职业技术学校', '柳州市第二职业技术学校', 's001/sec/附件/7.2'],
      // The school line is misprinted 柳州市通学校; the report defines 柳州市交通学校（以下简称“市交校”）.
      ['s001/case/三', '三', '弘扬劳动精神  营建劳动基地', '柳州市通学校', '柳州市交通学校', 's001/sec/附件/7.3'],
    ]);
  });

  it('keeps the headings as sections and takes their paragraphs and subsections into the body', () => {
    const ids = sections('001').map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['s001/sec/附件/7.1', 's001/sec/附件/7.1/一', 's001/sec/附件/7.2', 's001/sec/附件/7.3']));
    const c1 = caseOf('001', '一');
    expect(c1.body.startsWith('疫情期间，为扎实落实教育部停课不停学的相关文件精神')).toBe(true);
    expect(c1.body).toContain('\n一、线上教学准备\n开展线上教学前');
    expect(c1.body).toContain('三、线上教学实施效果');
    expect(c1.body).not.toContain('《诊改引领');
    expect(c1.body).not.toContain('柳州市第一职业技术学校\n');
    expect(c1.body).not.toContain('深化交流合作'); // the next case
    expect(c1.provenance.lineStart).toBe(213);
    expect(c1.provenance.lineEnd).toBe(224);
    for (const s of sections('001').filter((s) => s.id.startsWith('s001/sec/附件/7.'))) expect(s.text).toBe('');
  });

  it('lists the captions of its figures apart from the body', () => {
    const c2 = caseOf('001', '二');
    expect(c2.figures).toEqual(['图：二职校“侗寨五娘”歌舞秀推广非遗民族文化', '图：服装设计专业张由温同学在法国里昂SEPR学校进行交流学习']);
    expect(c2.body).not.toContain('图：');
    expect(caseOf('001', '三').figures).toEqual(['图：同学们参加平整菜地实践活动', '图：在欢声笑语中称量劳动果实']);
    expect(caseOf('001', '一').figures).toEqual([]);
  });

  it('collects the short names of table 1-1', () => {
    expect(documentOf('001').aliases).toMatchObject({ 一职校: '柳州市第一职业技术学校', 市交校: '柳州市交通学校', 工业职校: '柳州市工业职业技术学校（民办）' });
  });
});

describe('seed 003: boxes without a border', () => {
  it('reads 案例3.3 without the bookmark noise, its subject and its figure', () => {
    const c = caseOf('003', '3.3');
    expect(c.id).toBe('s003/case/3.3');
    expect(c.title).toBe('职校“无人机下乡”，服务特色农业发展');
    expect(c.subject).toBe('灵山县职业技术学校');
    expect(c.subjectFullName).toBe('灵山县职业技术学校');
    expect(c.sectionId).toBe('s003/sec/3.3');
    expect(c.figures).toEqual(['图3.3 灵山县职业学校师生在“玉兰花产业示范基地”开展助农活动']);
    expect(c.body.startsWith('灵山县职业技术学校“无人机下乡”。该校农机设备应用与维修专业')).toBe(true);
    expect(`${c.title}${c.body}`).not.toMatch(/bookmark|_Toc|\[image/);
    expect(c.provenance.lineStart).toBe(363);
    expect(c.provenance.lineEnd).toBe(366);
  });

  it('ends a box where the text stops speaking of its subject', () => {
    const c = caseOf('003', '4.2');
    expect(c.subject).toBe('广西正久职业学校');
    expect(c.body.split('\n')).toHaveLength(1);
    expect(c.body).not.toContain('2023年度，钦州市中等职业学校主要面向地方办学');
    const s42 = sections('003').find((s) => s.id === 's003/sec/4.2')!;
    expect(s42.text).toContain('2023年度，钦州市中等职业学校主要面向地方办学');
    expect(s42.text).not.toContain(firstSentence(c.body));
  });

  it('finds the subject after a leading purpose clause', () => {
    const c = caseOf('003', '6.5');
    expect(c.subject).toBe('浦北县第一职业技术学校');
    expect(c.figures).toEqual(['图6.5 浦北县第一职业技术学校“现代学徒制”教学实训现场']);
    expect(caseOf('003', '2.1').subject).toBe('北部湾职业技术学校');
  });

  it('has no aliases to report', () => {
    expect(documentOf('003').aliases).toEqual({});
  });
});

describe('labels and synthetic boxes', () => {
  it('accepts only 案例 followed by a number or a bracketed title', () => {
    expect(parseCaseLabel('案例2-1【扎实开展党建主题教育】')).toEqual({ number: '2-1', title: '扎实开展党建主题教育', runIn: '' });
    expect(parseCaseLabel('案例一：')).toEqual({ number: '一', title: '', runIn: '' });
    expect(parseCaseLabel('案例：《标题》')).toEqual({ number: null, title: '标题', runIn: '' });
    expect(parseCaseLabel('案例教学深入推进。')).toBeNull();
    expect(parseCaseLabel('案例2020年入选国家级典型案例，并在全国推广。')).toBeNull();
  });

  it('reads a box whose label and body share one cell, numbers repeats and unnumbered boxes, and trims names in prose', async () => {
    const text = [
      '1.学校概况',
      '本年度由柳州职业技术学院（以下简称“柳职院”）牵头。',
      '\t案例1-1【第一个】',
      '柳职院开展工作。第二句。',
      '',
      '',
      '正文继续。',
      '\t案例1-1【重复的编号】',
      '融安县职业教育中心学校坚持育人。',
      '',
      '',
      '案例【没有编号】',
      '柳职院再开展工作。',
      '2.下一章',
      '',
    ].join('\n');
    const r = await extractBuffer(Buffer.from(text), 'synthetic.txt', 'syn', qualityReport);
    expect(r.status).toBe('ok');
    const doc = r.records[0] as DocumentRecord;
    expect(doc.aliases).toEqual({ 柳职院: '柳州职业技术学院' });
    const got = r.records.filter((x): x is CaseRecord => x.kind === 'case').map((c) => [c.id, c.title, c.subject, c.subjectFullName, c.body]);
    expect(got).toEqual([
      ['syn/case/1-1', '第一个', '柳职院', '柳州职业技术学院', '柳职院开展工作。第二句。'],
      ['syn/case/1-1~2', '重复的编号', '融安县职业教育中心学校', '融安县职业教育中心学校', '融安县职业教育中心学校坚持育人。'],
      ['syn/case/@1', '没有编号', '柳职院', '柳州职业技术学院', '柳职院再开展工作。'],
    ]);
    const s1 = r.records.find((x): x is SectionRecord => x.kind === 'section' && x.number === '1.')!;
    expect(s1.text).toBe('本年度由柳州职业技术学院（以下简称“柳职院”）牵头。\n正文继续。');
  });
});
