// The chapter trees of the five real seeds, checked against what a reader of each report sees.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DocResult } from '../src/pipeline.ts';
import { foldForMatch } from '../src/text/normalize.ts';
import { seedPath } from './helpers/corpus.ts';
import { byPath, childrenOf, extract, path, sections, warnings } from './helpers/extract.ts';

const top = (r: DocResult) => childrenOf(r.records, null).map((s) => `${s.number ?? ''}${s.title}`);
const results: Record<string, DocResult> = {};

beforeAll(async () => {
  for (const seed of ['000', '001', '002', '003', '004']) results[seed] = await extract(seedPath(seed));
});

describe('seed 000 (柳州市 2023, Word → text with TAB tables)', () => {
  it('has the introduction, chapters 1–10 and the appendix block at the top level', () => {
    expect(top(results['000']!)).toEqual([
      '引言', '1.基本情况', '2.党建引领', '3.学生发展', '4.教育教学', '5.产教融合',
      '6.服务贡献', '7.国际合作', '8.政策落实', '9.特色创新', '10.挑战与展望', '附件典型经验',
    ]);
  });

  it('puts 9.1.1–9.1.5 under 9.1 and 3.4.1–3.4.2 under 3.4', () => {
    const rs = results['000']!.records;
    expect(childrenOf(rs, byPath(rs, '9.1')).map((s) => s.number)).toEqual(['9.1.1', '9.1.2', '9.1.3', '9.1.4', '9.1.5']);
    expect(childrenOf(rs, byPath(rs, '3.4')).map((s) => s.title)).toEqual(['就业质量', '升学情况']);
    expect(byPath(rs, '9.1.4').level).toBe(3);
    expect(byPath(rs, '9.1.4').title).toBe('典型经验四：温剑《培养“大国工匠”，柳州这座城市有何秘诀？》（柳州日报） 附件4');
  });

  it('restarts numbering inside each appendix and titles 附件N by the line under it', () => {
    const rs = results['000']!.records;
    const a2 = byPath(rs, '附件/附件2');
    expect(a2.title).toBe('《产教融合国内国际双循环，教产协同创新发展“两促进”》');
    expect(childrenOf(rs, a2).map((s) => s.number)).toEqual(['一、', '二、', '三、']);
    expect(childrenOf(rs, byPath(rs, '附件/附件3/二')).map((s) => s.number)).toEqual(['（一）', '（二）', '（三）']);
    expect(byPath(rs, '附件/附件3/二/(三)').level).toBe(4);
  });

  it('reports no numbering problems in a cleanly numbered report', () => {
    expect(warnings(results['000']!.records).filter((w) => /NUMBER|HEADINGS_LOST/.test(w.code))).toEqual([]);
  });

  it('keeps table cells and 案例 labels out of the headings', () => {
    const titles = sections(results['000']!.records).map((s) => s.title);
    expect(titles.some((t) => /^(柳职院|合计|序号)$/.test(t))).toBe(false);
    expect(titles.some((t) => t.startsWith('案例'))).toBe(false);
  });
});

describe('seed 001 (柳州市 2020 中职)', () => {
  it('has chapters 1–9 and the appendix', () => {
    expect(top(results['001']!).map((t) => t.replace(/[^\d附件].*$/u, ''))).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '附件']);
  });

  it('finds 2.1.2 although its line starts with a non-breaking space', () => {
    const rs = results['001']!.records;
    const s = byPath(rs, '2.1.2');
    expect(s.title).toBe('发挥劳动教育在育人体系中的重要作用');
    expect(s.parentId).toBe(byPath(rs, '2.1').id);
    expect(s.provenance.lineStart).toBe(80);
  });

  it('splits run-in headings into title and body', () => {
    const s = byPath(results['001']!.records, '3.2.1');
    expect(s.title).toBe('课程改革');
    expect(s.text.startsWith('落实《中等职业学校公共基础课程标准（2020年版）》')).toBe(true);
  });

  it('reads the title block and what the report says about itself', () => {
    const doc = results['001']!.records.find((r) => r.kind === 'document')!;
    expect(doc).toMatchObject({ title: '柳州市中等职业教育2020年度质量报告', region: '柳州市', year: 2020, reportType: '中等职业教育质量年度报告' });
  });

  it('files the appendix cases under 附件 with their own inner numbering', () => {
    const rs = results['001']!.records;
    expect(childrenOf(rs, byPath(rs, '附件')).map((s) => s.number)).toEqual(['7.1', '7.2', '7.3']);
    expect(childrenOf(rs, byPath(rs, '附件/7.2')).map((s) => s.number)).toEqual(['一、', '二、', '三、', '四、']);
  });
});

describe('seed 002 (PDF → markdown, unreliable # levels)', () => {
  it('nests by numbering, not by # count', () => {
    const rs = results['002']!.records;
    expect(top(results['002']!).map((t) => t.slice(0, 2))).toEqual(['一、', '二、', '三、', '四、', '五、', '六、']);
    // "#### 1. 学校层面" and "## 2. 机电设备…" are siblings under （二） of 一、.
    const p = byPath(rs, '一/(二)');
    expect(childrenOf(rs, p).map((s) => `${s.number} ${s.title}`)).toEqual(['1. 学校层面', '2. 机电设备维修与管理专业群层面']);
    expect(byPath(rs, '一/(二)/1').level).toBe(3);
    expect(childrenOf(rs, byPath(rs, '二/(一)'))).toHaveLength(11);
  });

  it('does not emit the table of contents as headings, and reports where it disagrees with the body', () => {
    const rs = results['002']!.records;
    expect(sections(rs).every((s) => (s.provenance.lineStart ?? 0) > 86)).toBe(true);
    const toc = warnings(rs).filter((w) => w.code === 'TOC_MISMATCH');
    expect(toc.map((w) => w.provenance.lineStart)).toEqual([187, 208]);
    expect(toc[0]!.message).toContain('家長');
  });

  it('keeps numbered sentences and figure panel labels in the body', () => {
    const rs = results['002']!.records;
    const s = byPath(rs, '二/(一)/8');
    expect(s.text).toContain('(1) 突破关键环节，提高学校治理能力。');
    expect(sections(rs).some((x) => x.title.includes('在校生满意度'))).toBe(false);
  });

  it('joins a paragraph split by a page break and removes markup', () => {
    const s = byPath(results['002']!.records, '二/(一)/8');
    expect(s.text).toContain('申报广西主席质量奖、中国质量奖，开创了在职教领域申报政府质量奖的先河');
    const all = sections(results['002']!.records).map((x) => x.text + x.title).join('\n');
    expect(all).not.toMatch(/<\/?b>|\*\*|\$\\geq/);
    expect(all).toContain('≥ 100%');
  });
});

describe('seed 003 (钦州市 2023, bookmarks, lost headings)', () => {
  it('strips bookmark noise from headings', () => {
    const rs = results['003']!.records;
    expect(byPath(rs, '1.1').title).toBe('办学定位');
    expect(sections(rs).some((s) => s.title.includes('bookmark'))).toBe(false);
    expect(childrenOf(rs, null)[0]).toMatchObject({ number: null, title: '前言' });
  });

  it('recreates the lost chapters 6 and 8 as inferred parents and warns about each loss', () => {
    const rs = results['003']!.records;
    expect(top(results['003']!)).toEqual(['前言', '1基本情况', '2人才培养', '3服务贡献', '4文化传承', '6', '8']);
    expect(byPath(rs, '6')).toMatchObject({ inferred: true, level: 1 });
    expect(byPath(rs, '6.3').parentId).toBe(byPath(rs, '6').id);
    const w = warnings(rs).map((x) => `${x.code}@${x.provenance.lineStart}`);
    expect(w).toEqual(expect.arrayContaining(['HEADINGS_LOST@389', 'NUMBER_GAP@392', 'HEADINGS_LOST@411']));
    expect(warnings(rs).find((x) => x.code === 'HEADINGS_LOST')!.message).toContain('4.2 to 6.3');
  });
});

describe('seed 004 (newspaper columns, hard-wrapped)', () => {
  it('finds the headline by its ——写在… subtitle and no chapters', () => {
    const r = results['004']!;
    const doc = r.records.find((x) => x.kind === 'document')!;
    expect(doc.title).toBe('匠心筑梦向新行 跃上葱茏再攀峰');
    expect(sections(r.records)).toHaveLength(0);
  });

  it('re-joins wrapped lines without inserting spaces between Chinese characters', () => {
    const doc = results['004']!.records.find((x) => x.kind === 'document')!;
    expect(doc.preamble).toContain('2024年，柳州职业技术大学获批设立，这不仅是学校发展史上具有里程碑意义的重大事件，标志着学校教育教学和人才培养工作跃上一个新台阶');
    expect(doc.preamble).toContain('跑出“职教出海”的“加速度”。');
    expect(doc.preamble).toContain('今年4月18日，《中国教育报》头版头条');
    expect(doc.preamble).not.toMatch(/[\u4e00-\u9fff]\n[\u4e00-\u9fff]{1,3}\n/);
  });
});

describe('provenance', () => {
  it('points every heading at its line and character range in the normalized text', () => {
    for (const seed of ['000', '001', '002', '003']) {
      const r = results[seed]!;
      const lines = readFileSync(seedPath(seed), 'utf8').split('\n');
      for (const s of sections(r.records).filter((x) => !x.inferred)) {
        const { lineStart, charStart, charEnd } = s.provenance;
        const squash = (t: string) => foldForMatch(t).replace(/\s+/g, '');
        const slice = squash(r.text!.slice(charStart, charEnd));
        const heading = squash(s.number ?? s.title).slice(0, 4);
        expect(squash(lines[lineStart! - 1]!), `${s.id} line`).toContain(heading);
        expect(slice, `${s.id} title`).toContain(squash(s.title).slice(0, 4));
        expect(slice, `${s.id} chars`).toContain(heading);
        expect(s.provenance.sectionId).toBe(s.id);
      }
    }
  });

  it('gives every record the pipeline name and version', () => {
    for (const r of Object.values(results)) {
      for (const rec of r.records) expect(rec.extractor).toEqual({ pipeline: 'quality-report', version: expect.stringMatching(/^\d+\.\d+\.\d+/) });
    }
  });

  it('is deterministic: a second extraction gives identical records', async () => {
    const again = await extract(seedPath('003'));
    expect(JSON.stringify(again.records)).toBe(JSON.stringify(results['003']!.records));
  });
});

it('uses semantic section ids', () => {
  const ids = sections(results['002']!.records).map(path);
  expect(ids).toContain('二/(三)/1');
  expect(new Set(ids).size).toBe(ids.length);
});
