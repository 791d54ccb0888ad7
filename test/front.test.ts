// Document facts read off a cover the way a reader reads it: one test per kind of rule, on small
// generated documents (text, and blocks with type sizes as the PDF loader measures them). The corpus
// documents are scored on the same facts by `npm run eval` (test/keys/facts/).
import { describe, expect, it } from 'vitest';
import type { Block, ParagraphHints } from '../src/blocks.ts';
import { loadText } from '../src/load/text.ts';
import { findFrontMatter, placeChains } from '../src/segment/front.ts';
import { segment } from '../src/segment/segment.ts';

const front = (text: string) => segment(loadText(Buffer.from(text, 'utf8')).blocks).front;
const body = '全年工作稳步推进，各项指标均完成年度目标任务，服务区域经济社会发展的能力进一步增强，得到社会各界广泛认可。';

let at = 0;
function para(text: string, hints: ParagraphHints = {}, page = 1): Block {
  const span = { charStart: at, charEnd: at + text.length, page };
  at += text.length + 1;
  return { type: 'paragraph', text, span, hints };
}

describe('region: the most specific place printed in the title', () => {
  it('reads chains of administrative units and takes the last', () => {
    expect(placeChains('淮安市洪泽区人民政府2024年政府信息公开工作年度报告')[0]).toEqual(['淮安市', '洪泽区']);
    expect(front(`淮安市洪泽区人民政府\n2024年政府信息公开工作年度报告\n一、总体情况\n${body}\n`).region).toBe('洪泽区');
  });

  it('never takes the 年 of a year into a place name', () => {
    expect(front(`2023年周口市国民经济和社会发展统计公报\n一、综合\n${body}\n`).region).toBe('周口市');
  });

  it('knows autonomous prefectures by their full name, and 州 inside a city name', () => {
    expect(placeChains('黔东南苗族侗族自治州2016年国民经济和社会发展统计公报')[0]).toEqual(['黔东南苗族侗族自治州']);
    expect(placeChains('柳州市中等职业教育2020年度质量报告')[0]).toEqual(['柳州市']);
  });

  it('takes no level word or placeholder for a place', () => {
    expect(placeChains('含县级市')).toEqual([]);
    expect(placeChains('全市各县区')).toEqual([]);
    expect(front(`某市职业教育质量年度报告（2024年度）\n一、学校概况\n${body}\n`).region).toBeNull();
    expect(placeChains('上海市普陀区2025年区级部门预算').flat()).toEqual(['上海市', '普陀区']);
  });

  it('knows a province by its short name, and 州 inside a name before 市', () => {
    expect(placeChains('广西柳州市第一职业技术学校2023年质量年度报告')[0]).toEqual(['广西', '柳州市']);
    expect(placeChains('广西壮族自治区职业教育质量年度报告')[0]).toEqual(['广西壮族自治区']);
    expect(placeChains('江苏省淮安市')[0]).toEqual(['江苏省', '淮安市']);
    expect(front(`广西柳州市第一职业技术学校2023年质量年度报告\n一、学校概况\n${body}\n`)).toMatchObject({ region: '柳州市', institution: '广西柳州市第一职业技术学校', year: 2023 });
  });
});

describe('year: the year the report covers', () => {
  it('is the title year, written in digits or Chinese numerals', () => {
    expect(front(`某县职业教育中心二〇二四年质量年度报告\n第一章 学校概况\n${body}\n`).year).toBe(2024);
  });

  it('is a year alone in brackets after the title', () => {
    expect(front(`柳州职业技术学院高等职业教育质量年度报告（2023）\n一、学校概况\n${body}\n`).year).toBe(2023);
  });

  it('is not the 届 of graduates nor the 级 of a cohort: the cover date gives it', () => {
    const f = front(`2023届毕业生就业质量年度报告\n二〇二三年十二月\n一、就业概况\n${body}\n`);
    expect(f.year).toBe(2023);
    const g = front(`2020级市场营销专业\n人才培养方案\n山东科技职业学院\n二〇二〇年八月\n一、专业名称及代码\n${body}\n`);
    expect(g.year).toBe(2020);
  });

  it('is the year the first paragraph opens with when the title has none (a bulletin is dated the year after)', () => {
    expect(front(`黔东南州统计局\n2024年5月7日\n2023年，${body}\n一、综合\n${body}\n`).year).toBe(2023);
    // 2019年以来 opens a period, not the year reported on.
    expect(front(`某县职业教育中心\n二〇二四年三月\n2019年以来，${body}\n一、综合\n${body}\n`).year).toBe(2024);
  });
});

describe('institution: the body that reports', () => {
  it('is the title subject when the title opens with a body', () => {
    expect(front(`上海市普陀区规划和自然资源局2024年度部门决算\n一、主要职能\n${body}\n`).institution).toBe('上海市普陀区规划和自然资源局');
  });

  it('is the body named on a 主管部门 line of the cover', () => {
    const f = front(`上海市普陀区2025年区级部门预算\n预算主管部门：上海市普陀区商务委员会\n一、部门主要职能\n${body}\n`);
    expect(f).toMatchObject({ institution: '上海市普陀区商务委员会', region: '普陀区', year: 2025, reportType: '部门预算' });
  });

  it('is the line of bodies under the title, without 发布', () => {
    expect(front(`2023年周口市国民经济和社会发展统计公报\n周口市统计局\n2024年4月29日\n一、综合\n${body}\n`).institution).toBe('周口市统计局');
    expect(front(`黔东南苗族侗族自治州\n2016年国民经济和社会发展统计公报\n黔东南州统计局  国家统计局黔东南调查队\n一、综合\n${body}\n`)).toMatchObject({
      title: '黔东南苗族侗族自治州2016年国民经济和社会发展统计公报',
      institution: '黔东南州统计局 国家统计局黔东南调查队',
    });
  });

  it('is never a numbered heading that happens to end in 局 or 中心, nor a 某… placeholder', () => {
    expect(front(`某县职业教育中心质量年度报告（2024年度）\n（一）专业布局\n${body}\n`).institution).toBeNull();
  });
});

describe('title', () => {
  it('is the largest type of the first page, its lines joined, never a heading', () => {
    at = 0;
    const blocks = [
      para('证券研究报告|公司点评', { fontRatio: 1.05 }),
      para('2022年07月19日', { fontRatio: 0.9 }),
      para('上海市普陀区规划和自然', { fontRatio: 2.4, bold: true }),
      para('资源局', { fontRatio: 2.4, bold: true }),
      para('一、总体情况', { fontRatio: 1, bold: true }),
      para(body, { fontRatio: 1 }),
    ];
    const f = findFrontMatter(blocks, [4]);
    expect(f.title).toBe('上海市普陀区规划和自然资源局');
    expect(f.titleBlocks).toEqual([2, 3]);
  });

  it('takes the subject set above the kind line in smaller title type, and finds the body above the title', () => {
    at = 0;
    const blocks = [
      para('柳州职业技术学院', { fontRatio: 2 }),
      para('高等职业教育质量年度报告（2024）', { fontRatio: 2.6 }),
      para('2024年12月', { fontRatio: 1.4 }),
      para('一、学校概况', { fontRatio: 1.2, bold: true }),
      para(body, { fontRatio: 1 }),
    ];
    expect(findFrontMatter(blocks, [3])).toMatchObject({ title: '柳州职业技术学院高等职业教育质量年度报告（2024）', institution: '柳州职业技术学院', year: 2024, reportType: '高等职业教育质量年度报告' });
    at = 0;
    const apart = [
      para('柳州职业技术学院', { fontRatio: 1.3 }),
      para('高等职业教育质量年度报告', { fontRatio: 2.6 }),
      para('一、学校概况', { fontRatio: 1.2, bold: true }),
      para(body, { fontRatio: 1 }),
    ];
    expect(findFrontMatter(apart, [2])).toMatchObject({ title: '高等职业教育质量年度报告', institution: '柳州职业技术学院' });
  });

  it('runs back from the line naming the kind of document to a label or a Latin line, and keeps a draft qualifier', () => {
    expect(front(`附件3\nShandong Vocational College\n2020级市场营销专业\n人才培养方案\n山东科技职业学院\n一、专业名称及代码\n${body}\n`).title).toBe('2020级市场营销专业人才培养方案');
    expect(front(`NB/T XXXX－20YY\n核电厂定期安全评价 第1部分：通用要求\n编制说明\n（征求意见稿）\n（从工作组讨论稿一直写到报批稿）\n一、任务来源\n${body}\n`)).toMatchObject({
      title: '核电厂定期安全评价 第1部分：通用要求编制说明（征求意见稿）',
      reportType: '编制说明',
    });
  });

  it('is the one # line of a markdown opening, not the ## labels around it', () => {
    const f = front(`## 增持（维持）\n\n所属行业：机械设备\n\n## 证券分析师\n\n# 高测股份：扩产金刚线，强化三元布局\n\n## 投资要点\n\n${body}\n`);
    expect(f.title).toBe('高测股份：扩产金刚线，强化三元布局');
  });

  it('takes the full title the report quotes in 《》 when the cover leaves out its subject', () => {
    const f = front(`2023届毕业生就业质量年度报告\n二〇二三年十二月\n一、编制说明\n学校委托第三方机构编制《西京学院 2023 届毕业生就业质量年度报告》，${body}\n`);
    expect(f).toMatchObject({ title: '西京学院2023届毕业生就业质量年度报告', institution: '西京学院', reportType: '毕业生就业质量年度报告' });
  });

  it('is a short phrase standing alone before the first heading, but never a section name', () => {
    expect(front(`学校简介\n一、办学概况\n${body}\n`).title).toBe('学校简介');
    expect(front(`引  言\n${body}\n1.基本情况\n${body}\n`).title).toBeNull();
  });
});

describe('report type: the kind phrase of the title', () => {
  it.each([
    ['洪泽区人民政府2023年政府信息公开工作年度报告', '政府信息公开工作年度报告'],
    ['政府信息公开工作年度报告格式模板', '政府信息公开工作年度报告'],
    ['某中学附设职业班工作报告（2024年度）', '工作报告'],
    ['柳州市中等职业教育2020年度质量报告', '中等职业教育质量年度报告'],
    ['西京学院2023届毕业生就业质量年度报告', '毕业生就业质量年度报告'],
  ])('%s → %s', (title, kind) => {
    expect(front(`${title}\n一、总体情况\n${body}\n`).reportType).toBe(kind);
  });
});
