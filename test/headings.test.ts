// Heading rules, one test per kind of fault, each on the case file or real report that shows it
// (or, where the corpus has none, on a made-up report of a few lines).
import { readFileSync } from 'node:fs';
import { Document, Packer, Paragraph, TextRun } from 'docx';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocResult } from '../src/pipeline.ts';
import type { DocumentRecord } from '../src/schema/records.ts';
import { foldForMatch } from '../src/text/normalize.ts';
import { CASES_DIR, EXTERNAL_DIR } from './helpers/corpus.ts';
import { byPath, childrenOf, extract, extractBytes, sections, warnings } from './helpers/extract.ts';

const outline = (r: DocResult) => sections(r.records).map((s) => `${'  '.repeat(s.level - 1)}${s.number ?? ''}${s.title}`);
const text = (...lines: string[]) => extractBytes(Buffer.from(lines.join('\n')), 'made-up.txt');
const docOf = (r: DocResult) => r.records.find((x): x is DocumentRecord => x.kind === 'document')!;

const files = {
  hzq2023: `${EXTERNAL_DIR}hzq2023_working.pdf`,
  juesuan: `${EXTERNAL_DIR}上海市普陀区规划和自然资源局 2024 年度部门决算.pdf`,
  fujian3: `${EXTERNAL_DIR}附件3 山东科技职业学院2020级市场营销专业人才培养方案.docx`,
  psr: `${EXTERNAL_DIR}核电厂定期安全审查指南 第1部分：通用要求（征求意见稿）.docx`,
  hangbiao: `${EXTERNAL_DIR}行标编制说明（核电厂定期安全审查 第1部分：通用要求）.docx`,
  docx01: `${EXTERNAL_DIR}docx_01.docx`,
  b01: `${CASES_DIR}B01-decimal-quantity-lines.txt`,
  b02: `${CASES_DIR}B02-cn-numeral-quantity-lines.txt`,
  b07: `${CASES_DIR}B07-kangxi-radicals.txt`,
  b08: `${CASES_DIR}B08-fullwidth-numbering.txt`,
};
const r = {} as Record<keyof typeof files, DocResult>;

beforeAll(async () => {
  const done = await Promise.all(Object.values(files).map((f) => extract(f)));
  Object.keys(files).forEach((k, i) => (r[k as keyof typeof files] = done[i]!));
}, 300_000);

describe('run-in headings', () => {
  it('splits （一）主动公开情况。本机关… in a PDF paragraph into heading and body (hzq2023: five under 一、)', () => {
    const one = byPath(r.hzq2023.records, '一');
    const kids = childrenOf(r.hzq2023.records, one);
    expect(kids.map((s) => `${s.number}${s.title}`)).toEqual([
      '（一）主动公开情况', '（二）依申请公开情况', '（三）政府信息管理情况', '（四）政府信息公开平台建设情况', '（五）政府信息公开监督保障情况',
    ]);
    expect(kids[0]!.text.startsWith('主要通过政府门户网站主动公开政府文件')).toBe(true);
    // （三） is the phrase alone, closed by 。, with its body in the next paragraph.
    expect(kids[2]!.text.startsWith('加强区政府门户网站及政务新媒体日常管理')).toBe(true);
  });

  it('splits 一、毕业生去向落实率稳中有升。… in a Word paragraph', async () => {
    const p = (t: string) => new Paragraph({ children: [new TextRun(t)] });
    const doc = new Document({ sections: [{ children: [
      p('一、毕业生去向落实率稳中有升。2024届毕业生去向落实率为92.3%，比上年提高1.2个百分点。'),
      p('二、就业质量持续提高。毕业生平均月收入4860元。'),
      p('（一）专业相关度。毕业生工作与专业相关度为81%。'),
    ] }] });
    const res = await extractBytes(await Packer.toBuffer(doc), 'made-up.docx');
    expect(outline(res)).toEqual(['一、毕业生去向落实率稳中有升', '二、就业质量持续提高', '  （一）专业相关度']);
    expect(byPath(res.records, '一').text).toBe('2024届毕业生去向落实率为92.3%，比上年提高1.2个百分点。');
  });

  it('keeps a list-like number before a sentence in the body, and takes a glossary term closed by ： for a run-in heading', async () => {
    const res = await text('一、名词解释', '（一）财政拨款收入：是指本年度从本级财政部门取得的财政拨款。', '（二）事业收入：指事业单位开展专业业务活动取得的收入。', '二、举措', '1.加强领导。成立了工作专班。', '（1）落实责任，压实任务。');
    expect(outline(res)).toEqual(['一、名词解释', '  （一）财政拨款收入', '  （二）事业收入', '二、举措']);
    const glossary = childrenOf(r.juesuan.records, childrenOf(r.juesuan.records, null).find((x) => x.number === '第四部分')!);
    expect(glossary.map((x) => x.title).slice(0, 3)).toEqual(['财政拨款收入', '事业收入', '经营收入']);
    expect(glossary[0]!.text.startsWith('指单位本年度从本级财政部门取得的财政拨款')).toBe(true);
  });

  it('takes the untitled clauses of a standard for text: numbered paragraphs whose siblings are sentences (PSR guide 5.2.1 beside 5.2.2)', () => {
    const rs = r.psr.records;
    const numbers = sections(rs).map((x) => x.number);
    expect(numbers).not.toContain('5.2.1');
    expect(numbers).not.toContain('5.4.1');
    expect(childrenOf(rs, byPath(rs, '核电厂定期安全评价 第1部分：通用要求/5.2')).map((x) => `${x.number}${x.title}`)).toEqual(['5.2.3确定适用的现行安全标准和实践']);
    expect(byPath(rs, '核电厂定期安全评价 第1部分：通用要求/5.2').text).toContain('5.2.1 PSR一般每十年左右时间开展一次。');
  });
});

describe('numbers that only look like headings', () => {
  it('leaves decimal quantities and clause references in the body (B01: 1.5万名…, 2.2的…, 3.5亿元…)', () => {
    expect(outline(r.b01)).toEqual(['一、基本情况', '  1.1办学规模', '  1.2招生情况', '二、人才培养', '  2.1质量标准', '  2.2就业情况']);
    expect(byPath(r.b01.records, '一/1.2').text).toContain('1.5万名学生参加了技能等级认定');
    expect(byPath(r.b01.records, '二/2.1').text.split('\n')).toEqual(['2.2的有关要求同样适用于各校的实训基地建设。', '3.5亿元的专项资金全部用于改善办学条件。']);
    expect(warnings(r.b01.records).filter((w) => w.code.startsWith('NUMBER'))).toEqual([]);
  });

  it('leaves 一、二年级…, 三、四月份…, 1、2号… in the body (B02)', () => {
    expect(outline(r.b02)).toEqual(['一、教学工作', '  （一）课程安排', '  （二）教学评价', '二、学生管理']);
    expect(byPath(r.b02.records, '一/(一)').text.split('\n')).toHaveLength(2);
  });

  it('takes no table row for a heading: titles ending in a figure, rows run together, small print (部门决算)', () => {
    const titles = sections(r.juesuan.records).map((s) => s.title);
    expect(titles.filter((t) => /\d$/.test(foldForMatch(t)))).toEqual([]);
    expect(titles.filter((t) => /[一二三四五六七八九十]、/.test(t))).toEqual([]);
    expect(sections(r.juesuan.records).filter((s) => s.number === '一、').map((s) => s.title)).toEqual(['主要职能', '收入支出决算总体情况说明', '财政拨款收入']);
  });

  it('does not open levels for a 1) 2) list that restarts under unnumbered items, nor for an appendix named in a sentence (PSR guide)', () => {
    const all = sections(r.psr.records);
    expect(all.filter((s) => /^\d\)$/.test(s.number ?? ''))).toEqual([]);
    expect(all.filter((s) => s.number?.startsWith('附录B'))).toEqual([]);
    expect(childrenOf(r.psr.records, all.find((s) => s.title === '核电厂定期安全评价 第1部分：通用要求')!).map((s) => s.number)).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });
});

describe('Word lists and heading styles', () => {
  it('takes a Word-numbered paragraph in a body style for a list item where the file styles its headings (docx_01)', () => {
    const rs = r.docx01.records;
    expect(sections(rs).filter((x) => /^\d\)$|^\d$/.test(x.number ?? '') && x.level > 1)).toEqual([]);
    expect(childrenOf(rs, sections(rs).find((x) => x.title === '复杂嵌套多级列表')!)).toEqual([]);
    expect(childrenOf(rs, sections(rs).find((x) => x.title === '显式空白字符表示')!)).toEqual([]);
  });

  it('takes a list-like item closed by 。 for a heading among sibling headings (行标 3）), for text among text', () => {
    const four = childrenOf(r.hangbiao.records, byPath(r.hangbiao.records, '四'));
    expect(four.map((x) => x.number).slice(0, 4)).toEqual(['1）', '2）', '3）', '4）']);
    expect(four[2]!.title).toBe('用“评价依据”取代“安全基准”');
  });

  it('resumes numbering after unnumbered headings: 3. after 2. and two styled sub-headings is 2.’s sibling (附件3)', () => {
    const rs = r.fujian3.records;
    const spec = sections(rs).find((x) => x.title === '培养规格')!;
    expect(childrenOf(rs, spec).filter((x) => x.number).map((x) => `${x.number}${x.title}`)).toEqual(['1.素质要求', '2.知识要求', '3.能力要求']);
  });
});

describe('numbering forms', () => {
  it('reads full-width digits, half-width parentheses, spaces after numbers and a １） level (B08)', () => {
    expect(outline(r.b08)).toEqual(['第１章学校概况', '  １．１办学规模', '  １．２专业设置', '第２章人才培养', '  (一)德育工作', '  (二)技能竞赛', '    １）市级竞赛']);
    expect(byPath(r.b08.records, '第2章/(二)/1)').text).toBe('获一等奖3项。');
  });

  it('takes a title that opens with a date range', async () => {
    const res = await text('二、建设历程', '（一）2018年9月至2020年2月，探索试点阶段', '正文。', '（二）2020年3月至2022年6月，推广应用阶段', '正文。');
    expect(outline(res)).toEqual(['二、建设历程', '  （一）2018年9月至2020年2月，探索试点阶段', '  （二）2020年3月至2022年6月，推广应用阶段']);
  });

  it('takes a number typed without its dot between siblings that have one, and only there', async () => {
    const res = await text('一、主要做法', '1.建设目标：完成实训基地建设。', '正文。', '2.建设内容', '正文。', '3实施成效：学生技能显著提升。', '正文。', '4.经验总结', '3所学校参加了评估。');
    expect(outline(res)).toEqual(['一、主要做法', '  1.建设目标', '  2.建设内容', '  3实施成效', '  4.经验总结']);
    expect(byPath(res.records, '一/3').text.split('\n')[0]).toBe('学生技能显著提升。');
    expect(byPath(res.records, '一/4').text).toBe('3所学校参加了评估。');
  });
});

describe('Unicode stand-ins', () => {
  it('matches Kangxi radicals as the ideographs they stand for, with offsets unchanged (B07)', () => {
    expect(outline(r.b07)).toEqual(['⼀、学校概况', '  （⼀）办学条件', '  （⼆）师资队伍', '⼆、教育教学', '  （⼀）专业建设', '三、社会服务', '  （⼀）技术服务']);
    const raw = readFileSync(files.b07, 'utf8');
    expect(r.b07.text!.length).toBe(raw.length);
    expect(r.b07.text).not.toMatch(/[\u2f00-\u2fdf]/);
    expect(r.b07.text).toContain('其中高级职称教师占34.5%');
    // Records keep what was printed; the normalized text they point into is the folded one.
    for (const s of sections(r.b07.records)) {
      expect(r.b07.text!.slice(s.provenance.charStart, s.provenance.charEnd)).toContain(foldForMatch(s.title));
      expect(raw.slice(s.provenance.charStart, s.provenance.charEnd)).toContain(s.title);
    }
    expect(docOf(r.b07).preamble).toBe('');
  });

  it('folds compatibility ideographs and vertical and small punctuation one character for one', () => {
    const s = '学校始建于一九八五年︐现有︒︵一︶﹐\uf900\u2e9f　１２';
    expect(foldForMatch(s)).toBe('学校始建于一九八五年，现有。（一），豈母 12');
    expect(foldForMatch(s)).toHaveLength(s.length);
    // A compatibility ideograph whose unified form lies outside the BMP is left as it is.
    expect(foldForMatch('\ufa6c')).toBe('\ufa6c');
  });
});

describe('roots and tables of contents', () => {
  it('does not root the tree at a label printed above the title (附件3)', () => {
    expect(childrenOf(r.fujian3.records, null).map((s) => s.number)).toEqual(['第一部分', '第二部分']);
    expect(sections(r.fujian3.records).some((s) => s.number === '附件3')).toBe(false);
  });

  it('takes a table of contents without dot leaders for what it is (部门决算: the body repeats its first line)', () => {
    const top = childrenOf(r.juesuan.records, null);
    expect(top.map((s) => s.number)).toEqual(['第一部分', '第三部分', '第四部分']);
    expect(top[0]!.provenance.page).toBe(4); // the TOC fills pages 2–3
  });

  it('joins a heading wrapped onto a second line that the PDF made a paragraph of its own (部门决算)', () => {
    const third = childrenOf(r.juesuan.records, null).find((s) => s.number === '第三部分')!;
    expect(third.title).toBe('上海市普陀区规划和自然资源局2024年度部门决算情况说明');
    expect(third.text).toBe('');
  });
});
