// The Word case files of ../shared/corpus/cases (see its README) and the kinds of fault they stand
// for: list numbering bound to heading styles, text boxes, footnotes, the lines above a title.
import { describe, expect, it } from 'vitest';
import type { DocResult } from '../src/pipeline.ts';
import type { CaseRecord, DocumentRecord, SectionRecord } from '../src/schema/records.ts';
import { CASES_DIR } from './helpers/corpus.ts';
import { extract, extractBytes, sections, warnings } from './helpers/extract.ts';
import { docxPackage } from './helpers/docx.ts';

const cache = new Map<string, Promise<DocResult>>();
function records(name: string): Promise<DocResult> {
  let r = cache.get(name);
  if (!r) cache.set(name, (r = extract(CASES_DIR + name)));
  return r;
}
const doc = (r: DocResult) => r.records.find((x): x is DocumentRecord => x.kind === 'document')!;
const cases = (r: DocResult) => r.records.filter((x): x is CaseRecord => x.kind === 'case');
const tree = (r: DocResult) =>
  sections(r.records).map((s) => {
    const parent = sections(r.records).find((p) => p.id === s.parentId);
    return `${s.number ?? ''} ${s.title} < ${parent ? parent.number : '-'}`;
  });
const section = (r: DocResult, title: string): SectionRecord => sections(r.records).find((s) => s.title === title)!;

/** A minimal Word package: paragraphs given as body XML. */
function docx(body: string): Promise<Buffer> {
  return docxPackage(`<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);
}
const p = (text: string, bold = false) => `<w:p><w:r>${bold ? '<w:rPr><w:b/></w:rPr>' : ''}<w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;

describe('Word list numbering bound to heading styles (B03)', () => {
  it('numbers chapters from where the list starts: 3 > 3.1 > 3.1.1, 4 > 4.1, nothing in the preamble', async () => {
    const r = await records('B03-docx-multilevel-start3.docx');
    expect(tree(r)).toEqual([
      '3 办学条件 < -',
      '3.1 基础设施 < 3',
      '3.1.1 实训基地 < 3.1',
      '3.2 信息化建设 < 3',
      '4 师资队伍 < -',
      '4.1 队伍结构 < 4',
    ]);
    expect(doc(r).preamble).toBe('');
    expect(section(r, '办学条件').text).toBe('本章介绍学院办学条件的总体情况。');
    expect(section(r, '信息化建设').text).toBe('建成智慧教室60间。');
    // The author set the start: no gap to report.
    expect(warnings(r.records).map((w) => w.code)).not.toContain('NUMBER_GAP');
  });
});

describe('Word text boxes (B06)', () => {
  it('reads a VML box and a DrawingML-only box in place; each 案例 label + body is a case record of its section', async () => {
    const r = await records('B06-docx-textbox-case.docx');
    expect(cases(r).map((c) => [c.number, c.title, c.body, sections(r.records).find((s) => s.id === c.sectionId)?.title])).toEqual([
      ['1-1', '校企共建智能制造产业学院', '市一职校与本地装备企业共建产业学院，共同开发课程8门，年培养学徒200人。', '校企合作'],
      ['1-2', '“订单班”助力乡村振兴', '市农业学校开设农机维修订单班，毕业生全部返乡就业。', '服务地方'],
    ]);
    expect(section(r, '校企合作').text).toBe('全市共建产业学院5个，校企合作企业320家。');
    expect(section(r, '服务地方').text).toBe('各校面向县域产业开设订单班14个。');
    expect(warnings(r.records).map((w) => w.code)).not.toContain('DOCX_TEXTBOX_UNREAD');
  });

  it('takes a 案例 label and its body in plain paragraphs as a case record too', async () => {
    const r = await extractBytes(
      await docx(
        p('某市职业教育质量年度报告') + p('一、产教融合') + p('（一）校企合作') + p('全市共建产业学院5个。') +
          p('案例1-1 校企共建智能制造产业学院') + p('市一职校与本地装备企业共建产业学院，市一职校年培养学徒200人。') +
          p('（二）服务地方') + p('各校开设订单班14个。'),
      ),
      'plain-case.docx',
    );
    expect(cases(r).map((c) => [c.number, c.title, c.body])).toEqual([['1-1', '校企共建智能制造产业学院', '市一职校与本地装备企业共建产业学院，市一职校年培养学徒200人。']]);
    expect(section(r, '校企合作').text).toBe('全市共建产业学院5个。');
  });
});

describe('footnotes (B23)', () => {
  it('keeps each footnote with the section whose paragraph cites it, with its mark, never as section text', async () => {
    const r = await records('B23-docx-footnotes.docx');
    const notes = sections(r.records).map((s) => [s.title, s.notes ?? []]);
    expect(notes).toEqual([
      ['基本情况', []],
      ['办学规模', [{ mark: '1', text: '数据来源：2024年全市教育事业统计快报。' }]],
      ['师资队伍', [{ mark: '2', text: '双师型教师认定依据省教育厅2023年印发的认定办法。' }]],
      ['学生发展', []],
      ['就业质量', [{ mark: '3', text: '就业率按截至当年8月31日的初次去向落实率计算。' }]],
      ['升学情况', []],
    ]);
    expect(section(r, '办学规模').text).toBe('全市中职学校在校生2.6万人，比上年增加1200人。');
    expect(section(r, '升学情况').text).toBe('升入高职院校的毕业生占比为52.4%。');
    for (const s of sections(r.records)) expect(s.text).not.toMatch(/数据来源|认定办法|初次去向/);
  });
});

describe('lines above and around the title', () => {
  it('takes a label printed above the title (附件3, 2.年度报告) as no root of the tree, and a title split over two paragraphs as one title', async () => {
    for (const label of ['附件3', '2.年度报告']) {
      const r = await extractBytes(
        await docx(
          p(label) + p('某某职业技术学院', true) + p('2024年质量年度报告', true) +
            p('一、学校概况') + p('学校占地面积800亩，在校生12000人。') + p('二、学生发展') + p('毕业生就业率96%。'),
        ),
        'label-above.docx',
      );
      expect(tree(r)).toEqual(['一、 学校概况 < -', '二、 学生发展 < -']);
      expect(doc(r).title).toBe('某某职业技术学院2024年质量年度报告');
    }
  });
});
