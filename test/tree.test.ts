// Segmentation rules on small made-up reports, one rule per test.
import { describe, expect, it } from 'vitest';
import { extractBytes, sections, warnings } from './helpers/extract.ts';

const doc = (...lines: string[]) => extractBytes(Buffer.from(lines.join('\n')), 'made-up.txt');
const tree = async (...lines: string[]) => sections((await doc(...lines)).records).map((s) => `${'  '.repeat(s.level - 1)}${s.number ?? ''}${s.title}`);

describe('levels are learned per document', () => {
  it('puts 1. under （一） when the report nests them so', async () => {
    expect(await tree('一、总体情况', '（一）办学规模', '1.学校数量', '正文。', '2.在校生', '正文。', '（二）专业', '二、成效')).toEqual([
      '一、总体情况', '  （一）办学规模', '    1.学校数量', '    2.在校生', '  （二）专业', '二、成效',
    ]);
  });

  it('puts （一） under 1.1 when another report nests them the other way', async () => {
    expect(await tree('1.总体情况', '1.1办学规模', '（一）学校数量', '正文。', '（二）在校生', '1.2专业', '2.成效')).toEqual([
      '1.总体情况', '  1.1办学规模', '    （一）学校数量', '    （二）在校生', '  1.2专业', '2.成效',
    ]);
  });

  it('handles 第一章 and 第一节 above Chinese numbering', async () => {
    expect(await tree('第一章 学校概况', '第一节 基本情况', '一、规模', '正文。', '第二节 条件', '第二章 人才培养')).toEqual([
      '第一章学校概况', '  第一节基本情况', '    一、规模', '  第二节条件', '第二章人才培养',
    ]);
  });
});

describe('what is not a heading', () => {
  it('keeps 一是…二是… and long numbered sentences in the body', async () => {
    const r = await doc('一、举措', '一是加强领导，压实责任。', '二是完善制度。', '1. 学校建立了产业学院委员会，完善了治理结构，提升了管理效率，取得了显著成效。', '（1）突破关键环节，提高学校治理能力。学校建立委员会。');
    expect(sections(r.records).map((s) => s.title)).toEqual(['举措']);
    expect(sections(r.records)[0]!.text.split('\n')).toHaveLength(4);
  });

  it('does not take a list that starts at 3 for headings', async () => {
    expect(await tree('一、举措', '正文：', '3. 其他', '4. 另外')).toEqual(['一、举措']);
  });
});

describe('numbering warnings', () => {
  it('reports a gap, a repeat and a number out of order, each where it happens', async () => {
    const r = await doc('1.概况', '1.1规模', '1.1.1学校', '1.1.3专业', '1.2条件', '1.2条件（续）', '1.4队伍', '1.3经费');
    expect(warnings(r.records).map((w) => `${w.code}@${w.provenance.lineStart}`)).toEqual(['NUMBER_GAP@4', 'NUMBER_REPEATED@6', 'NUMBER_GAP@7', 'NUMBER_OUT_OF_ORDER@8']);
    expect(warnings(r.records)[0]!.message).toContain('1.1.1 to 1.1.3: 1.1.2 missing');
  });
});
