// The PDF case files of ../shared/corpus/cases (see its README): each stands for a kind of fault and
// gives the records a careful reader expects.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { DocResult } from '../src/pipeline.ts';
import type { DocumentRecord, TableRecord } from '../src/schema/records.ts';
import { extract, sections } from './helpers/extract.ts';

const CASES = fileURLToPath(new URL('../../shared/corpus/cases/', import.meta.url));
const cases = new Map<string, Promise<DocResult>>();
/** Records of a case file, extracted once per test file. */
function records(name: string): Promise<DocResult> {
  let r = cases.get(name);
  if (!r) cases.set(name, (r = extract(CASES + name)));
  return r;
}
const tables = (r: DocResult) => r.records.filter((x): x is TableRecord => x.kind === 'table');
const doc = (r: DocResult) => r.records.find((x): x is DocumentRecord => x.kind === 'document')!;
const texts = (row: TableRecord['rows'][number]) => row.map((c) => c.text);
const headings = (r: DocResult) => sections(r.records).map((s) => `${s.number ?? ''}${s.title}`);

describe('running headers by position, not by text (B16)', () => {
  it('keeps the title the running header repeats, and drops the headers and page numbers', async () => {
    const r = await records('B16-header-equals-title.pdf');
    expect(doc(r).title).toBe('某职业技术学院2024年质量年度报告');
    expect(r.text!.match(/某职业技术学院2024年质量年度报告/g)).toHaveLength(1);
    expect(r.text).not.toMatch(/—\s*\d+\s*—/);
    expect(headings(r)).toEqual(['一、学生发展', '（一）在校体验', '（二）就业质量', '二、教学改革', '（一）专业建设', '（二）课程建设', '三、服务贡献', '（一）技术服务', '（二）社会培训']);
  });
});

describe('pages read in the orientation their text stands upright in', () => {
  it('reads vertical writing column by column from the right: title, then 第一章 and 第二章 each with its body (B20)', async () => {
    const r = await records('B20-vertical-chinese.pdf');
    expect(doc(r).title).toBe('某县职业教育中心二〇二四年质量年度报告');
    const s = sections(r.records);
    expect(s.map((x) => `${x.number}${x.title}`)).toEqual(['第一章学校概况', '第二章人才培养']);
    expect(s[0]!.text).toMatch(/^学校始建于一九八五年/);
    expect(s[1]!.text).toMatch(/^学校毕业生就业率/);
    // Boxes are on the page as displayed: tall narrow columns, the first chapter right of the second.
    const [a, b] = s.map((x) => x.provenance.bbox!);
    expect(a![3] - a![1]).toBeGreaterThan(3 * (a![2] - a![0]));
    expect(a![0]).toBeGreaterThan(b![2]);
  });

  it('reads a sideways landscape table as the page gives it without /Rotate (B22)', async () => {
    const r = await records('B22-sideways-table-page.pdf');
    const [t, ...rest] = tables(r);
    expect(rest).toEqual([]);
    expect(t).toMatchObject({ number: '3-1', title: '各职业院校2024年经费收入情况', unit: '万元' });
    expect(t!.columns.map((c) => c.path.join('/'))).toEqual(['序号', '学校', '财政拨款', '事业收入', '社会捐赠', '其他收入']);
    expect(t!.rows.map((row) => row[0]!.text)).toEqual(['1', '2', '3', '4', '合计']);
    expect(texts(t!.rows[4]!).slice(2)).toEqual(['38100', '10000', '300', '2000']);
    expect(t!.provenance.page).toBe(2);
    expect(headings(r)).toEqual(['三、经费投入', '（一）经费总量', '（二）分校经费', '（三）经费使用']);
  });

  it('still reads a /Rotate 90 page whose content is drawn turned back as it was (B21)', async () => {
    const r = await records('B21-rotate90-upright-landscape.pdf');
    const [t] = tables(r);
    expect(t!.rows.map((row) => row[0]!.text)).toEqual(['1', '2', '3', '合计']);
    expect(t!.notes).toEqual(['注：其他收入含社会捐赠和技术服务收入。']);
    expect(headings(r)).toEqual(['三、经费投入', '（一）经费总量', '（二）分校经费', '（三）经费使用']);
  });
});

describe('tables continued over pages', () => {
  it('keeps a row the page boundary broke as one row, in one table with its two-row header (B11)', async () => {
    const r = await records('B11-crosspage-repeated-header.pdf');
    const [t, ...rest] = tables(r);
    expect(rest).toEqual([]);
    expect(t!.number).toBe('1-1');
    expect(t!.rows).toHaveLength(46);
    expect(texts(t!.rows[31]!)).toEqual(['32', '北山县', '北山第二职业技术学校', '1938', '1360', '640', '763']);
    expect(t!.rows[45]![0]!.text).toBe('合计');
    expect(t!.columns.map((c) => c.path.join('/'))).toEqual(['序号', '县（区）', '学校', '在校生人数/2022年', '在校生人数/2023年', '毕业生人数/2022年', '毕业生人数/2023年']);
    // Each page's part keeps its page and box; row 32 is counted on the page it starts on.
    expect(t!.provenance.parts!.map((p) => [p.page, ...p.rows])).toEqual([[1, 0, 14], [2, 15, 31], [3, 32, 45]]);
    for (const p of t!.provenance.parts!) expect(p.bbox[3] - p.bbox[1]).toBeGreaterThan(100);
  });

  for (const format of ['pdf', 'docx']) {
    it(`joins the part under 续表3-1 to table 3-1, so that its 合计 adds up over all 24 rows (B15, ${format})`, async () => {
      const r = await records(`B15-continued-table-xubiao.${format}`);
      const [t, ...rest] = tables(r);
      expect(rest).toEqual([]);
      expect(t).toMatchObject({ number: '3-1', title: '各中职学校专任教师情况' });
      expect(t!.rows.map((row) => row[0]!.text)).toEqual([...Array.from({ length: 24 }, (_, k) => String(k + 1)), '合计']);
      expect(r.records.filter((x) => x.kind === 'warning' && x.code === 'TOTAL_MISMATCH')).toEqual([]);
      expect(sections(r.records).some((s) => s.text.includes('续表'))).toBe(false);
      if (format === 'pdf') expect(t!.provenance.parts!.map((p) => p.page)).toEqual([1, 2, 3]);
    });
  }
});
