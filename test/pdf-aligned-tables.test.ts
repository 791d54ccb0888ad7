// Tables without vertical rules (three-line tables, whitespace-aligned columns) in PDFs: the
// research report's side-by-side financial tables, checked against a rendering of pages 1–3 and the
// report's hand-cleaned answer key; pages written here for the layouts the corpus lacks (a two-level
// header, wrapped rows, lists and chart labels that must stay text), and the same kinds of table set
// by LibreOffice from a Word file where soffice is installed; and the ruled tables and contents
// pages of the other corpus files, which must come out as before.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { AlignmentType, BorderStyle, Document, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { afterAll, describe, expect, it } from 'vitest';
import type { LoadedDocument, ParagraphBlock, TableBlock } from '../src/blocks.ts';
import { loadPdf } from '../src/load/pdf.ts';
import { XIJING, ZHOUKOU, REPORT, load, paragraphs, tables, squeeze, cellTexts, buildPdf } from './helpers/pdf.ts';

const texts = cellTexts;

/** The cell in the row whose first cell is `row`, under the header cell `column` (single-span header). */
function cell(t: TableBlock, row: string, column: string): string {
  const c = texts(t, 0).indexOf(column);
  const r = t.rows.find((x) => x.cells[0]!.text === row);
  if (c < 0 || !r) throw new Error(`no ${row} × ${column} in table starting ${texts(t, 0).join('|')}`);
  return r.cells[c]!.text;
}

/** Every cell's span indexes its own text, on the table's page, inside the table's box. */
function expectProvenance(doc: LoadedDocument, t: TableBlock): void {
  const [x0, y0, x1, y1] = t.span.bbox!;
  for (const row of t.rows) {
    for (const c of row.cells) {
      expect(doc.text.slice(c.span.charStart, c.span.charEnd)).toBe(c.text);
      expect(c.span.page).toBe(t.span.page);
      const [a, b, cc, d] = c.span.bbox!;
      expect(a >= x0 - 0.01 && b >= y0 - 0.01 && cc <= x1 + 0.01 && d <= y1 + 0.01 && a < cc && b < d, `${c.text} ${c.span.bbox} in ${t.span.bbox}`).toBe(true);
    }
  }
  const filled = t.rows.flatMap((r) => r.cells).filter((c) => c.text);
  expect(t.span.charStart).toBe(filled[0]!.span.charStart);
  expect(t.span.charEnd).toBe(filled[filled.length - 1]!.span.charEnd);
}

describe('research report: unruled financial tables', () => {
  it('reads the four tables of page 3 as four tables, left column first, with their cells under the right years', async () => {
    const doc = await load(REPORT);
    const p3 = tables(doc).filter((t) => t.span.page === 3);
    // Two tables on the left (主要财务指标 above 现金流量表), two on the right (利润表 above 资产负债表),
    // printed in shared rows: each is its own block, read column by column as the answer key does.
    expect(p3.map((t) => t.rows[0]!.cells[0]!.text)).toEqual(['主要财务指标', '现金流量表(百万元)', '利润表(百万元)', '资产负债表(百万元)']);
    for (const t of p3) {
      expect(texts(t, 0).slice(1)).toEqual(['2021', '2022E', '2023E', '2024E']);
      expect(t.spansKnown).toBe(true);
      expect(t.rows.every((r) => r.cells.length === 5 && r.cells.every((c) => c.colSpan === 1 && c.rowSpan === 1))).toBe(true);
      expectProvenance(doc, t);
    }
    const [ratios, cash, income, balance] = p3 as [TableBlock, TableBlock, TableBlock, TableBlock];
    expect(cell(ratios, '每股收益', '2022E')).toBe('2.91');
    expect(cell(ratios, 'P/E', '2024E')).toBe('15.38');
    expect(cell(ratios, 'EBIT增长率', '2021')).toBe('233.7%');
    expect(cell(ratios, '固定资产周转率', '2023E')).toBe('10.3');
    // Group labels (每股指标(元), 价值评估(倍) …) are rows of their own, not glued to the row above.
    expect(texts(ratios, 1)).toEqual(['每股指标(元)', '', '', '', '']);
    expect(texts(ratios, 6)).toEqual(['价值评估(倍)', '', '', '', '']);
    expect(ratios.rows).toHaveLength(32);
    expect(cell(cash, '经营活动现金流', '2023E')).toBe('658');
    expect(cell(cash, '现金净流量', '2024E')).toBe('696');
    expect(cash.rows).toHaveLength(16);
    expect(cell(income, '营业总收入', '2021')).toBe('1,567');
    expect(cell(income, 'EBIT', '2024E')).toBe('1,074');
    expect(cell(income, '归属母公司所有者净利润', '2022E')).toBe('471');
    expect(income.rows).toHaveLength(25);
    expect(cell(balance, '资产总计', '2024E')).toBe('10,141');
    expect(cell(balance, '负债和所有者权益合计', '2021')).toBe('3,235');
    expect(balance.rows).toHaveLength(25);
    // The left tables stand left of the right ones on the page.
    expect(ratios.span.bbox![2]).toBeLessThan(income.span.bbox![0]);
    expect(cash.span.bbox![2]).toBeLessThan(balance.span.bbox![0]);
    // Nothing of one table leaks into the other.
    expect(ratios.rows.some((r) => r.cells.some((c) => /营业总收入|利润表|资产总计/.test(c.text)))).toBe(false);
    // The notes under the tables stay paragraphs.
    const after = doc.blocks.slice(doc.blocks.indexOf(balance) + 1, doc.blocks.indexOf(balance) + 3).map((b) => (b.type === 'paragraph' ? b.text : b.type));
    expect(after).toEqual(['备注：表中计算估值指标的收盘价日期为7月19日', '资料来源：公司年报（2020-2021），德邦研究所']);
  });

  it('keeps page 2\'s stock-data sidebar and forecast table apart, each after its own title', async () => {
    const doc = await load(REPORT);
    const p2 = tables(doc).filter((t) => t.span.page === 2);
    expect(p2).toHaveLength(2);
    const [stock, forecast] = p2 as [TableBlock, TableBlock];
    expect(stock.rows.map((r) => r.cells.length)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(texts(stock, 3)).toEqual(['总市值(百万元)：', '18,785.44']);
    expect(texts(stock, 2)).toEqual(['52周内股价区间(元)：', '21.60-97.40']);
    expect(texts(forecast, 0)).toEqual(['', '2020', '2021', '2022E', '2023E', '2024E']);
    expect(stock.rows).toHaveLength(6);
    expect(cell(forecast, '净利润(百万元)', '2022E')).toBe('471');
    expect(cell(forecast, '净资产收益率(%)', '2020')).toBe('6.0%');
    expect(forecast.rows).toHaveLength(8);
    for (const t of p2) expectProvenance(doc, t);
    // Their titles shared one printed line; each now stands right before its table.
    const before = (t: TableBlock) => doc.blocks[doc.blocks.indexOf(t) - 1] as ParagraphBlock;
    expect(before(stock).text).toBe('股票数据');
    expect(before(forecast).text).toBe('主要财务数据及预测');
    expect(doc.blocks.indexOf(stock)).toBeLessThan(doc.blocks.indexOf(forecast));
  });

  it('finds the small index table of the page 1 sidebar, and leaves prose, lists and chart labels as paragraphs', async () => {
    const doc = await load(REPORT);
    const p1 = tables(doc).filter((t) => t.span.page === 1);
    expect(p1).toHaveLength(1);
    expect(p1[0]!.rows.map((_, r) => texts(p1[0]!, r))).toEqual([
      ['沪深300对比', '1M', '2M', '3M'],
      ['绝对涨幅(%)', '7.18', '32.88', '80.86'],
      ['相对涨幅(%)', '8.10', '25.93', '78.39'],
    ]);
    const ps = paragraphs(doc);
    const long = ps.find((p) => p.text.startsWith('•顺应下游需求扩张，金刚线产能快速扩产'))!;
    expect(long.text.length).toBeGreaterThan(300);
    expect(long.span.page).toBe(1);
    // The chart's axis labels and the numbered research list stay text.
    expect(ps.filter((p) => /^-?\d+%$/.test(p.text))).toHaveLength(23);
    expect(ps.filter((p) => /^[1-5]\.《/.test(p.text))).toHaveLength(5);
    // No cell of a table found from alignment (pages 1–3; page 4's rating table is ruled) holds prose.
    const cells = tables(doc).filter((t) => t.span.page! <= 3).flatMap((t) => t.rows.flatMap((r) => r.cells.map((c) => c.text)));
    expect(cells.length).toBeGreaterThan(500);
    expect(cells.filter((c) => c.length >= 20 || /[。，；]/.test(c))).toEqual([]);
  });
});

describe('other corpus files: ruled tables and contents pages as before', () => {
  it('leaves the ruled tables of 西京学院 and the six of 周口 as they were', async () => {
    const xj = await load(XIJING);
    const ts = tables(xj);
    // 42 grids, less the data table of the chart on p.89 (part of its figure) and 表2-1's second page (joined).
    expect(ts).toHaveLength(40);
    const t12 = ts.find((t) => texts(t, 0).join('|') === '学院|专业|人数|占比' && t.span.page === 12)!;
    expect([t12.span.page, t12.span.pageEnd, t12.rows.length]).toEqual([12, 13, 18]);
    expect(t12.rows[1]!.cells[0]!).toMatchObject({ text: '机械工程学院', rowSpan: 2, colSpan: 1 });
    expect(texts(t12, 17)).toEqual(['总计', '228', '100.00%']);

    const zk = await load(ZHOUKOU);
    expect(tables(zk).map((t) => t.span.page)).toEqual([1, 2, 4, 5, 5, 7]);
    const t1 = tables(zk)[0]!;
    expect(t1.rows).toHaveLength(10);
    expect(texts(t1, 0)).toEqual(['指标', '年末数（万人）', '比重（%）']);
    expect(texts(t1, 3)).toEqual(['乡村', '473.94', '54.69']);
    const products = tables(zk).find((t) => texts(t, 0)[0] === '产品名称' && t.span.page === 5)!;
    expect(texts(products, 1)).toEqual(['钢材', '吨', '1577693', '48.8']);
    // The first test to read the 97-page report pays for it; a loaded machine needs the room.
  }, 180_000);

  it('keeps the contents pages of 西京学院 as contents entries, not tables', async () => {
    const xj = await load(XIJING);
    const toc = paragraphs(xj).filter((p) => p.hints.tocEntry);
    expect(toc.length).toBeGreaterThanOrEqual(90);
    expect(new Set(toc.map((p) => p.span.page))).toEqual(new Set([7, 8, 9, 10]));
    expect(tables(xj).filter((t) => t.span.page! >= 7 && t.span.page! <= 10)).toEqual([]);
  });
});

// --- pages written here -------------------------------------------------------------------------


function stream(content: string): Buffer {
  const b = Buffer.from(content, 'latin1');
  return Buffer.concat([Buffer.from(`<< /Length ${b.length} >>\nstream\n`), b, Buffer.from('\nendstream')]);
}

/**
 * One A4 page in a CJK font whose every glyph is one em wide (DW 1000), so positions are simple to
 * reason about. Coordinates are top-left based, y = baseline.
 */
class Page {
  private ops: string[] = [];
  text(x: number, base: number, s: string, size = 10): this {
    const hex = Buffer.from(s, 'utf16le').swap16().toString('hex');
    this.ops.push(`BT /F1 ${size} Tf ${x} ${842 - base} Td <${hex}> Tj ET`);
    return this;
  }
  right(x1: number, base: number, s: string, size = 10): this {
    return this.text(x1 - s.length * size, base, s, size);
  }
  centre(mid: number, base: number, s: string, size = 10): this {
    return this.text(mid - (s.length * size) / 2, base, s, size);
  }
  rule(x0: number, x1: number, y: number): this {
    this.ops.push(`0.5 w ${x0} ${842 - y} m ${x1} ${842 - y} l S`);
    return this;
  }
  pdf(): Buffer {
    return buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
      '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>',
      stream(this.ops.join('\n')),
      '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
      '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>',
      '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
    ]);
  }
}

const spans = (t: TableBlock, r: number) => t.rows[r]!.cells.map((c) => `${c.text}${c.colSpan! > 1 ? `<c${c.colSpan}>` : ''}${c.rowSpan! > 1 ? `<r${c.rowSpan}>` : ''}`);

describe('written pages', () => {
  it('reads a three-line table with a two-level header: centred year cells span their two columns, 学院 both header rows', async () => {
    // Cells 170–250, 250–330, 330–410, 410–490; figures right-aligned 10pt inside them, the years centred over two.
    const p = new Page().text(60, 60, '各学院毕业生情况如下表所示，其中机械工程学院人数最多。');
    p.centre(280, 85, '表1 2022—2023届各学院毕业生人数').rule(60, 490, 95);
    p.centre(250, 110, '2022届').centre(410, 110, '2023届').text(65, 117, '学院');
    p.right(240, 125, '人数').right(320, 125, '占比').right(400, 125, '人数').right(480, 125, '占比').rule(60, 490, 132);
    const body = [
      ['机械工程学院', '1200', '35.1%', '1300', '36.0%'],
      ['信息工程学院（含', '800', '23.4%', '850', '23.5%'],
      ['软件学院）', '', '', '', ''],
      ['商学院', '600', '17.5%', '640', '17.7%'],
      ['艺术学院', '420', '12.3%', '400', '11.1%'],
    ];
    body.forEach(([a, b, c, d, e], k) => p.text(65, 147 + 15 * k, a!).right(240, 147 + 15 * k, b!).right(320, 147 + 15 * k, c!).right(400, 147 + 15 * k, d!).right(480, 147 + 15 * k, e!));
    p.rule(60, 490, 214).text(60, 232, '资料来源：学校就业统计。');
    const doc = await loadPdf(p.pdf());

    expect(doc.blocks.map((b) => b.type)).toEqual(['paragraph', 'paragraph', 'table', 'paragraph']);
    const t = doc.blocks[2] as TableBlock;
    expect((doc.blocks[1] as ParagraphBlock).text).toBe('表1 2022—2023届各学院毕业生人数');
    expect(spans(t, 0)).toEqual(['学院<r2>', '2022届<c2>', '2023届<c2>']);
    expect(spans(t, 1)).toEqual(['人数', '占比', '人数', '占比']);
    // The wrapped school name is one cell, its row one row.
    expect(t.rows.slice(2).map((r) => r.cells.map((c) => c.text))).toEqual([
      ['机械工程学院', '1200', '35.1%', '1300', '36.0%'],
      ['信息工程学院（含软件学院）', '800', '23.4%', '850', '23.5%'],
      ['商学院', '600', '17.5%', '640', '17.7%'],
      ['艺术学院', '420', '12.3%', '400', '11.1%'],
    ]);
    expect(t.spansKnown).toBe(true);
    expect(t.span.page).toBe(1);
    // Bounded by the top and bottom rules.
    expect(t.span.bbox![1]).toBeCloseTo(95, 0);
    expect(t.span.bbox![3]).toBeCloseTo(214, 0);
    expectProvenance(doc, t);
    expect((doc.blocks[3] as ParagraphBlock).text).toBe('资料来源：学校就业统计。');
  });

  it('keeps wrapped rows of a numbered three-line table together: a line without a number in the key column continues its row', async () => {
    const p = new Page().centre(280, 70, '表2 2023年新设与重点专业招生计划').rule(60, 500, 80);
    p.text(65, 95, '序号').text(120, 95, '专业名称').right(340, 95, '招生计划').text(380, 95, '备注').rule(60, 500, 102);
    const rows = [
      ['1', '计算机应用技术', '320', '省级重点专业'],
      ['', '', '', ''],
      ['2', '大数据技术与', '210', '2023年新设'],
      ['', '应用', '', ''],
      ['3', '软件技术', '180', '—'],
      ['4', '现代物流管理', '150', '校企合作'],
      ['', '', '', '订单班'],
      ['5', '工业机器人技术', '95', '—'],
    ].filter((r) => r.some(Boolean));
    rows.forEach(([a, b, c, d], k) => p.text(70, 117 + 13 * k, a!).text(120, 117 + 13 * k, b!).right(340, 117 + 13 * k, c!).text(380, 117 + 13 * k, d!));
    p.rule(60, 500, 117 + 13 * rows.length - 6);
    const doc = await loadPdf(p.pdf());
    const t = tables(doc)[0]!;
    expect(tables(doc)).toHaveLength(1);
    expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual([
      ['序号', '专业名称', '招生计划', '备注'],
      ['1', '计算机应用技术', '320', '省级重点专业'],
      ['2', '大数据技术与应用', '210', '2023年新设'],
      ['3', '软件技术', '180', '—'],
      ['4', '现代物流管理', '150', '校企合作订单班'],
      ['5', '工业机器人技术', '95', '—'],
    ]);
    expectProvenance(doc, t);
  });

  it('reads whitespace-aligned columns without any rule, keeping a group label its own row', async () => {
    const p = new Page().text(60, 60, '近两年主要指标如下：');
    const rows = [
      ['指标', '2022年', '2023年'],
      ['毕业生总数（人）', '5200', '5372'],
      ['就业去向落实率', '90.60%', '91.97%'],
      ['分学历', '', ''],
      ['本科', '90.10%', '91.80%'],
      ['研究生', '95.20%', '96.10%'],
    ];
    rows.forEach(([a, b, c], k) => p.text(60, 85 + 16 * k, a!).right(330, 85 + 16 * k, b!).right(430, 85 + 16 * k, c!));
    p.text(60, 200, '两年相比，毕业去向落实率稳中有升，研究生高于本科生。');
    const doc = await loadPdf(p.pdf());
    expect(doc.blocks.map((b) => b.type)).toEqual(['paragraph', 'table', 'paragraph']);
    const t = doc.blocks[1] as TableBlock;
    expect(t.rows.map((r) => r.cells.map((c) => c.text))).toEqual(rows);
    expectProvenance(doc, t);
  });

  it('leaves a contents list without leaders, a list with hanging numbers and chart labels as text', async () => {
    const p = new Page();
    // Contents: titles and page numbers, no dot leaders.
    [['第一章 毕业生就业基本情况', '1'], ['一、毕业生规模与结构', '1'], ['二、毕业去向落实率', '3'], ['三、毕业去向分布', '5'], ['第二章 就业相关分析', '9']].forEach(([a, b], k) =>
      p.text(70, 150 + 16 * k, a!).right(520, 150 + 16 * k, b!),
    );
    // A numbered list whose numbers hang in a margin column.
    ['学校坚持立德树人根本任务，深化产教融合。', '毕业生就业去向落实率保持在较高水平。', '用人单位对毕业生的满意度持续提升。'].forEach((s, k) =>
      p.text(70, 280 + 16 * k, `${k + 1}.`).text(110, 280 + 16 * k, s),
    );
    // Data labels of a chart: figures centred over their categories, no label column.
    [['66.67%', '61.98%', '60.12%'], ['16.12%', '16.68%', '17.01%'], ['3.80%', '5.71%', '3.00%']].forEach((vals, k) =>
      vals.forEach((v, j) => p.centre(150 + 120 * j, 400 + 16 * k, v)),
    );
    const doc = await loadPdf(p.pdf());
    expect(tables(doc)).toEqual([]);
    const ps = paragraphs(doc).map((b) => squeeze(b.text));
    expect(ps.filter((s) => /^第[一二]章/.test(s))).toEqual(['第一章毕业生就业基本情况1', '第二章就业相关分析9']);
    expect(ps.filter((s) => /^\d\.\S{10,}。$/.test(s))).toHaveLength(3);
    expect(ps.filter((s) => /^(?:\d+\.\d+%){3}$/.test(s))).toHaveLength(3);
  });
});

// --- a Word file typeset by LibreOffice ---------------------------------------------------------------

describe('three-line and borderless Word tables, typeset by LibreOffice', () => {
  const soffice = spawnSync('soffice', ['--version']).status === 0;
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const NONE = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };
  const LINE = { style: BorderStyle.SINGLE, size: 8, color: '000000' };
  type Spec = { text: string; colSpan?: number; rowSpan?: number; align?: 'c' | 'r' };
  /** Borders only on top, under the header and at the bottom (`ruled`), or none at all. */
  const table = (rows: Spec[][], header: number, ruled: boolean, widths: number[]) =>
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      columnWidths: widths,
      borders: { top: ruled ? LINE : NONE, bottom: ruled ? LINE : NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE },
      rows: rows.map(
        (r, i) =>
          new TableRow({
            children: r.map(
              (c) =>
                new TableCell({
                  columnSpan: c.colSpan,
                  rowSpan: c.rowSpan,
                  borders: { top: NONE, left: NONE, right: NONE, bottom: ruled && i === header - 1 ? LINE : NONE },
                  children: [new Paragraph({ alignment: c.align === 'r' ? AlignmentType.RIGHT : c.align === 'c' ? AlignmentType.CENTER : AlignmentType.LEFT, children: [new TextRun({ text: c.text, size: 21 })] })],
                }),
            ),
          }),
      ),
    });
  const para = (text: string, centre = false) => new Paragraph({ alignment: centre ? AlignmentType.CENTER : undefined, children: [new TextRun({ text, size: 21 })] });
  const num = (text: string): Spec => ({ text, align: 'r' });

  it.skipIf(!soffice)('reads them with their merged header cells and wrapped cells', async () => {
    const doc = new Document({
      sections: [
        {
          children: [
            para('各学院毕业生情况如下表所示，其中机械工程学院人数最多，信息工程学院次之，商学院和艺术学院人数相对较少。'),
            para('表1 2022—2023届各学院毕业生人数', true),
            table(
              [
                [{ text: '学院', rowSpan: 2, align: 'c' }, { text: '2022届', colSpan: 2, align: 'c' }, { text: '2023届', colSpan: 2, align: 'c' }],
                [{ text: '人数', align: 'c' }, { text: '占比', align: 'c' }, { text: '人数', align: 'c' }, { text: '占比', align: 'c' }],
                [{ text: '机械工程学院' }, num('1200'), num('35.1%'), num('1300'), num('36.0%')],
                [{ text: '信息工程学院（含软件学院、大数据学院）' }, num('800'), num('23.4%'), num('850'), num('23.5%')],
                [{ text: '商学院' }, num('600'), num('17.5%'), num('640'), num('17.7%')],
                [{ text: '合计' }, num('2600'), num('76.0%'), num('2790'), num('77.2%')],
              ],
              2,
              true,
              [2400, 1600, 1600, 1600, 1600],
            ),
            para('资料来源：学校就业统计。'),
            para('近两年主要指标如下：'),
            table(
              [
                [{ text: '指标' }, num('2022年'), num('2023年')],
                [{ text: '毕业生总数（人）' }, num('5200'), num('5372')],
                [{ text: '就业去向落实率' }, num('90.60%'), num('91.97%')],
                [{ text: '分学历' }, { text: '' }, { text: '' }],
                [{ text: '本科' }, num('90.10%'), num('91.80%')],
              ],
              0,
              false,
              [3600, 2000, 2000],
            ),
            para('两年相比，毕业去向落实率稳中有升。'),
            para('表2 2023年新设与重点专业招生计划', true),
            table(
              [
                [{ text: '序号', align: 'c' }, { text: '专业名称', align: 'c' }, { text: '招生计划', align: 'c' }, { text: '备注', align: 'c' }],
                [{ text: '1', align: 'c' }, { text: '计算机应用技术' }, num('320'), { text: '省级重点专业' }],
                [{ text: '2', align: 'c' }, { text: '大数据技术与应用（含云计算方向）' }, num('210'), { text: '2023年新设' }],
                [{ text: '3', align: 'c' }, { text: '现代物流管理' }, num('150'), { text: '校企合作订单班，与本地龙头企业共建' }],
                [{ text: '4', align: 'c' }, { text: '工业机器人技术' }, num('95'), { text: '—' }],
              ],
              1,
              true,
              [900, 2600, 1400, 2800],
            ),
            para('注：招生计划以省教育考试院公布为准。'),
          ],
        },
      ],
    });
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-aligned-'));
    dirs.push(dir);
    writeFileSync(path.join(dir, 'tables.docx'), await Packer.toBuffer(doc));
    const run = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'tables.docx')], { stdio: 'pipe', timeout: 120_000 });
    expect(run.status).toBe(0);
    const pdf = await loadPdf(readFileSync(path.join(dir, 'tables.pdf')));

    const ts = tables(pdf);
    expect(ts).toHaveLength(3);
    const [schools, indicators, majors] = ts as [TableBlock, TableBlock, TableBlock];
    // The Word table's merges, recovered from where the header text stands.
    expect(spans(schools, 0)).toEqual(['学院<r2>', '2022届<c2>', '2023届<c2>']);
    expect(spans(schools, 1)).toEqual(['人数', '占比', '人数', '占比']);
    expect(texts(schools, 3)).toEqual(['信息工程学院（含软件学院、大数据学院）', '800', '23.4%', '850', '23.5%']);
    expect(schools.rows).toHaveLength(6);
    expect(indicators.rows.map((_, r) => texts(indicators, r))).toEqual([
      ['指标', '2022年', '2023年'],
      ['毕业生总数（人）', '5200', '5372'],
      ['就业去向落实率', '90.60%', '91.97%'],
      ['分学历', '', ''],
      ['本科', '90.10%', '91.80%'],
    ]);
    expect(majors.rows.map((_, r) => texts(majors, r))).toEqual([
      ['序号', '专业名称', '招生计划', '备注'],
      ['1', '计算机应用技术', '320', '省级重点专业'],
      ['2', '大数据技术与应用（含云计算方向）', '210', '2023年新设'],
      ['3', '现代物流管理', '150', '校企合作订单班，与本地龙头企业共建'],
      ['4', '工业机器人技术', '95', '—'],
    ]);
    for (const t of ts) expectProvenance(pdf, t);
    // Captions, sources and prose around them stay paragraphs, in reading order.
    const before = (t: TableBlock) => (pdf.blocks[pdf.blocks.indexOf(t) - 1] as ParagraphBlock).text;
    expect([before(schools), before(indicators), before(majors)]).toEqual(['表1 2022—2023届各学院毕业生人数', '近两年主要指标如下：', '表2 2023年新设与重点专业招生计划']);
    expect(paragraphs(pdf).map((p) => p.text)).toContain('各学院毕业生情况如下表所示，其中机械工程学院人数最多，信息工程学院次之，商学院和艺术学院人数相对较少。');
  }, 120_000);
});
