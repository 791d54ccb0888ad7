// Markdown input read as markdown: pipe tables and HTML <table> elements are table blocks whose
// cells point at their text, and `#` lines are heading evidence like Word's heading styles.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { TableBlock } from '../src/blocks.ts';
import { loadText } from '../src/load/text.ts';
import type { DocResult } from '../src/pipeline.ts';
import type { TableRecord } from '../src/schema/records.ts';
import { EXTERNAL_DIR } from './helpers/corpus.ts';
import { extract, sections } from './helpers/extract.ts';

const RESEARCH = 'cleaned_research_report_1f978cd81fb7260c8f7644039ec2c054.md';
const tablesOf = (text: string): TableBlock[] => loadText(Buffer.from(text, 'utf8')).blocks.filter((b): b is TableBlock => b.type === 'table');

describe('pipe tables', () => {
  it('gives the tables of word_tables.docx.md cell for cell as the converter\'s own grid of the Word file has them', () => {
    const md = readFileSync(EXTERNAL_DIR + 'word_tables.docx.md');
    const docling = JSON.parse(readFileSync(EXTERNAL_DIR + 'word_tables.docx.json', 'utf8')) as { tables: Array<{ data: { grid: Array<Array<{ text: string }>> } }> };
    const doc = loadText(md);
    const tables = doc.blocks.filter((b): b is TableBlock => b.type === 'table');
    expect(tables).toHaveLength(docling.tables.length);
    tables.forEach((t, k) => {
      expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual(docling.tables[k]!.data.grid.map((row) => row.map((c) => c.text)));
      // Every cell's span is its text in the document text.
      for (const r of t.rows) for (const c of r.cells) expect(doc.text.slice(c.span.charStart, c.span.charEnd)).toBe(c.text);
    });
  });

  it('takes rows without outer bars and keeps escaped bars and TeX as text', () => {
    const [t] = tablesOf('表头 | 数值\n:--- | ---:\n比例\\|占比 | $35.0 \\%$\n合计 | 12\n');
    expect(t!.rows.map((r) => r.cells.map((c) => c.text))).toEqual([['表头', '数值'], ['比例|占比', '35.0 %'], ['合计', '12']]);
    expect(t!.spansKnown).toBe(false);
  });

  it('needs the delimiter row: a line with bars in prose is text', () => {
    expect(tablesOf('收入|支出两项合计增长了5%。\n下一段。\n')).toEqual([]);
  });
});

describe('HTML tables', () => {
  it('keeps colspan and rowspan and points each cell at its text over several lines', () => {
    const text = '前文。\n\n<table>\n  <tr><th colspan="2">指标</th></tr>\n  <tr>\n    <td rowspan="2">学生</td>\n    <td>1,200</td>\n  </tr>\n  <tr><td>95.5%</td></tr>\n</table>\n\n后文。\n';
    const doc = loadText(Buffer.from(text, 'utf8'));
    const [t] = doc.blocks.filter((b): b is TableBlock => b.type === 'table');
    expect(t!.spansKnown).toBe(true);
    expect(t!.rows.map((r) => r.cells.map((c) => [c.text, c.colSpan ?? 1, c.rowSpan ?? 1]))).toEqual([[['指标', 2, 1]], [['学生', 1, 2], ['1,200', 1, 1]], [['95.5%', 1, 1]]]);
    for (const r of t!.rows) for (const c of r.cells) expect(doc.text.slice(c.span.charStart, c.span.charEnd)).toBe(c.text);
    expect(t!.rows[1]!.cells[0]!.span.lineStart).toBe(6);
    expect(doc.blocks.filter((b) => b.type === 'paragraph').map((b) => (b as { text: string }).text)).toEqual(['前文。', '后文。']);
  });

  it('reads a first row holding only the table\'s name as one cell across the table', () => {
    const [t] = tablesOf('<table><thead><tr><th>股票数据</th><th></th></tr></thead><tr><td>总股本(百万股):</td><td>227.92</td></tr><tr><td>每股净资产(元):</td><td>5.50</td></tr></table>\n');
    expect(t!.rows[0]!.cells).toHaveLength(1);
    expect(t!.rows[0]!.cells[0]!.colSpan).toBe(2);
  });
});

describe('a broker note in markdown', () => {
  let r: DocResult;
  beforeAll(async () => {
    r = await extract(EXTERNAL_DIR + RESEARCH);
  }, 60_000);

  it('gives every pipe and HTML table as a table record with typed values', () => {
    const tables = r.records.filter((x): x is TableRecord => x.kind === 'table');
    expect(tables).toHaveLength(8);
    const forecast = tables.find((t) => t.columns[0]?.path[0] === '主要财务数据及预测')!;
    const revenue = forecast.rows.find((row) => row[0]?.text === '营业收入(百万元)')!;
    const at = forecast.columns.findIndex((c) => c.path.join('/').endsWith('2022E'));
    expect(revenue[at]!.value).toBe(3684);
  });

  it('takes # lines for headings, the # title for the title, and no cited report for a heading', () => {
    const titles = sections(r.records).map((s) => `${s.number ?? ''}${s.title}`);
    expect(titles).toEqual(['增持（维持）', '证券分析师', '研究助理', '相关研究', '投资要点', '财务报表分析和预测', '信息披露', '分析师与研究助理简介', '分析师声明', '投资评级说明', '1.投资评级的比较和评级标准', '2.市场基准指数的比较标准', '法律声明']);
    const doc = r.records.find((x) => x.kind === 'document')!;
    expect(doc).toMatchObject({ title: '高测股份 (688556.5 H): 扩产 4000 万公里金刚线，强化光伏碰片切割三元布局' });
  });
});
