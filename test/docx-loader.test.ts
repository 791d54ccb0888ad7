// DOCX loader against real files: the shared corpus (with docling's answer keys, and Word's own
// TOC as a key for list labels), the generated fixtures, hand-built packages and hostile input.
import fs from 'node:fs';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Block, LoadedDocument, ParagraphBlock, TableBlock } from '../src/blocks.ts';
import { ExtractionError } from '../src/errors.ts';
import { loadDocx } from '../src/load/docx.ts';
import { docxPackage } from './helpers/docx.ts';

const corpus = (name: string): URL => new URL(`../../shared/corpus/external/${name}`, import.meta.url);
const fixture = (name: string): URL => new URL(`../fixtures/${name}`, import.meta.url);

const cache = new Map<string, Promise<LoadedDocument>>();
function load(url: URL): Promise<LoadedDocument> {
  if (!cache.has(url.href)) cache.set(url.href, loadDocx(fs.readFileSync(url)));
  return cache.get(url.href)!;
}

const paragraphs = (doc: LoadedDocument): ParagraphBlock[] => doc.blocks.filter((b): b is ParagraphBlock => b.type === 'paragraph');
const tables = (doc: LoadedDocument): TableBlock[] => doc.blocks.filter((b): b is TableBlock => b.type === 'table');
const squeeze = (s: string): string => s.replace(/\s+/g, '');

interface PlacedCell {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  text: string;
}

/** Places cells on the grid the way a renderer does; fails on overlapping cells. */
function layout(t: TableBlock): { cells: PlacedCell[]; widths: number[] } {
  const taken = new Set<string>();
  const cells: PlacedCell[] = [];
  t.rows.forEach((r, row) => {
    let col = 0;
    for (const c of r.cells) {
      while (taken.has(`${row}:${col}`)) col++;
      const rowSpan = c.rowSpan ?? 1;
      const colSpan = c.colSpan ?? 1;
      for (let dr = 0; dr < rowSpan; dr++) {
        for (let dc = 0; dc < colSpan; dc++) {
          const key = `${row + dr}:${col + dc}`;
          if (taken.has(key)) throw new Error(`cells overlap at ${key}`);
          taken.add(key);
        }
      }
      cells.push({ row, col, rowSpan, colSpan, text: c.text });
      col += colSpan;
    }
  });
  const widths = t.rows.map((_, row) => {
    let w = 0;
    while (taken.has(`${row}:${w}`)) w++;
    return w;
  });
  return { cells, widths };
}

function cellAt(cells: PlacedCell[], row: number, col: number): PlacedCell | undefined {
  return cells.find((c) => c.row === row && c.col === col);
}

/** Every block's span points at its own text in doc.text, in document order. */
function expectSpansConsistent(doc: LoadedDocument): void {
  let last = 0;
  for (const b of doc.blocks) {
    expect(b.span.charStart).toBeGreaterThanOrEqual(last);
    expect(b.span.charEnd).toBeGreaterThanOrEqual(b.span.charStart);
    if (b.type === 'paragraph') {
      expect(doc.text.slice(b.span.charStart, b.span.charEnd)).toBe(b.text);
    } else if (b.type === 'table') {
      for (const r of b.rows) {
        for (const c of r.cells) {
          expect(doc.text.slice(c.span.charStart, c.span.charEnd)).toBe(c.text);
          expect(c.span.charStart).toBeGreaterThanOrEqual(b.span.charStart);
          expect(c.span.charEnd).toBeLessThanOrEqual(b.span.charEnd);
        }
      }
    } else {
      expect(b.span.charEnd).toBe(b.span.charStart);
    }
    expect(b.span.charEnd).toBeLessThanOrEqual(doc.text.length);
    last = b.span.charEnd;
  }
  const texts = doc.blocks.flatMap((b: Block) =>
    b.type === 'paragraph' ? [b.text] : b.type === 'table' ? b.rows.flatMap((r) => r.cells.map((c) => c.text).filter((t) => t !== '')) : [],
  );
  expect(doc.text).toBe(texts.join('\n'));
}

describe('word_tables.docx (docling answer key)', () => {
  let doc: LoadedDocument;
  let key: { tables: { data: { num_rows: number; num_cols: number; table_cells: Record<string, number | string | boolean>[] } }[] };
  beforeAll(async () => {
    doc = await load(corpus('word_tables.docx'));
    key = JSON.parse(fs.readFileSync(corpus('word_tables.docx.json'), 'utf8'));
  });

  it('has every table of the key, with the same grid, spans and cell texts', () => {
    const ours = tables(doc);
    expect(ours).toHaveLength(key.tables.length);
    key.tables.forEach((kt, i) => {
      const t = ours[i]!;
      expect(t.spansKnown).toBe(true);
      expect(t.span.tableIndex).toBe(i);
      const { cells, widths } = layout(t);
      expect(t.rows).toHaveLength(kt.data.num_rows);
      expect(Math.max(...widths)).toBe(kt.data.num_cols);
      const matched = new Set<PlacedCell>();
      for (const kc of kt.data.table_cells) {
        const c = cellAt(cells, kc.start_row_offset_idx as number, kc.start_col_offset_idx as number);
        expect(c, `table ${i} cell ${kc.start_row_offset_idx},${kc.start_col_offset_idx}`).toBeDefined();
        expect([c!.rowSpan, c!.colSpan, squeeze(c!.text)]).toEqual([kc.row_span, kc.col_span, squeeze(kc.text as string)]);
        matched.add(c!);
      }
      // Cells docling leaves out are the fillers for rows that start late (w:gridBefore): empty.
      for (const c of cells) if (!matched.has(c)) expect(c.text).toBe('');
    });
  });

  it('keeps the columns of rows that start late (w:gridBefore)', () => {
    const late = tables(doc)[5]!;
    expect(late.rows[1]!.cells.map((c) => [c.text, c.colSpan])).toEqual([['', 1], ['Cell 1.1', 1]]);
    const { cells } = layout(tables(doc)[6]!);
    expect(cellAt(cells, 0, 2)).toMatchObject({ rowSpan: 2, text: 'Merged Cell 0.2 1.2' });
    expect(cellAt(cells, 1, 0)).toMatchObject({ colSpan: 2, text: '' });
  });

  it('keeps the text around the tables', () => {
    expect(paragraphs(doc).map((p) => p.text)).toContain('A non-uniform table with a vertical span over a row starting late');
    expectSpansConsistent(doc);
  });
});

describe('unit_test_headers_numbered.docx (docling answer key)', () => {
  it('recovers the Word list labels the key shows, in order', async () => {
    const doc = await load(corpus('unit_test_headers_numbered.docx'));
    const md = fs.readFileSync(corpus('unit_test_headers_numbered.docx.md'), 'utf8');
    // "## 1 Section 1" / "    - 1.1. Section A.1" / "1. Appendix A: Glossary"
    const expected = md
      .split('\n')
      .map((l) => /^(?:#{2,}\s+|\s*-\s+|)(\d+(?:\.\d+)*\.?)\s+(.+)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => [m[1]!.replace(/\.$/, ''), m[2]!]);
    expect(expected.length).toBeGreaterThan(20);
    const labelled = paragraphs(doc)
      .filter((p) => p.hints.listLabel)
      .map((p) => {
        const label = p.hints.listLabel!;
        expect(p.text.startsWith(`${label} `)).toBe(true);
        return [label.replace(/\.$/, ''), p.text.slice(label.length + 1)];
      });
    expect(labelled).toEqual(expected);
  });

  it('gives heading styles their level and prints no label for numFmt none', async () => {
    const doc = await load(corpus('unit_test_headers_numbered.docx'));
    const byText = new Map(paragraphs(doc).map((p) => [p.text, p]));
    expect(byText.get('1. Section 1')!.hints.styleLevel).toBe(1);
    expect(byText.get('1.2.1. Section 1.2.3')!.hints.styleLevel).toBe(3);
    expect(byText.get('REFERENCES')!.hints).toEqual({ styleLevel: 2 });
    // Skipped level shows its start value and then counts on from it (as Word and LibreOffice print).
    expect(byText.get('2.1.1. Section 2.1.1')).toBeDefined();
    expect(byText.get('2.2. Section 2.1')).toBeDefined();
    expect(byText.get('Paragraph 1.1')!.span.paragraphIndex).toBe(4);
    expectSpansConsistent(doc);
  });
});

describe('行标编制说明（核电厂定期安全审查 第1部分：通用要求）.docx', () => {
  let doc: LoadedDocument;
  beforeAll(async () => {
    doc = await load(corpus('行标编制说明（核电厂定期安全审查 第1部分：通用要求）.docx'));
  });

  it('labels the Word-numbered 一、 heading among typed ones', () => {
    const headings = paragraphs(doc).filter((p) => /^[一二三四五六七八九十]、/.test(p.text));
    expect(headings.map((p) => p.text.slice(0, 2))).toEqual(['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、']);
    expect(headings[0]).toMatchObject({ text: '一、任务来源及计划要求', hints: { listLabel: '一、' } });
    for (const h of headings.slice(1)) expect(h.hints.listLabel).toBeUndefined();
  });

  it('numbers the 1）…15） list and leaves bullets unlabelled', () => {
    const items = paragraphs(doc).filter((p) => p.hints.listLabel?.endsWith('）'));
    expect(items.map((p) => p.hints.listLabel)).toEqual(Array.from({ length: 15 }, (_, i) => `${i + 1}）`));
    expect(items[0]!.text).toBe('1）引入差异项定义');
    const bullet = paragraphs(doc).find((p) => p.text.startsWith('补充PSR工作开展实际需要'));
    expect(bullet!.hints.listLabel).toBeUndefined();
    expectSpansConsistent(doc);
  });
});

describe('核电厂定期安全审查指南 第1部分：通用要求（征求意见稿）.docx', () => {
  it('renders GB/T-style clause numbers (lvlText "%1　", suff nothing) and label-only term numbers', async () => {
    const doc = await load(corpus('核电厂定期安全审查指南 第1部分：通用要求（征求意见稿）.docx'));
    const texts = paragraphs(doc).map((p) => p.text);
    expect(texts).toContain('1 范围');
    expect(texts).toContain('3 术语和定义');
    const term = paragraphs(doc).find((p) => p.text === '3.1');
    expect(term?.hints).toMatchObject({ listLabel: '3.1', styleLevel: 3 });
    const toc = paragraphs(doc).filter((p) => p.hints.tocEntry);
    expect(toc.map((p) => p.hints.tocEntry!.title)).toContain('1 范围');
    expectSpansConsistent(doc);
  });
});

describe('政务公开年报模版.docx', () => {
  let t: TableBlock;
  beforeAll(async () => {
    t = tables(await load(corpus('政务公开年报模版.docx')))[1]!;
  });

  it('lays out the 3-level merged header as the XML says', () => {
    const { cells, widths } = layout(t);
    expect(t.rows).toHaveLength(28);
    expect(new Set(widths)).toEqual(new Set([10]));
    const at = (r: number, c: number): [number, number, string] => {
      const x = cellAt(cells, r, c)!;
      return [x.rowSpan, x.colSpan, squeeze(x.text)];
    };
    expect(at(0, 0)[0]).toBe(3);
    expect(at(0, 0)[1]).toBe(3);
    expect(at(0, 0)[2]).toMatch(/^（本列数据的勾稽关系/);
    expect(at(0, 3)).toEqual([1, 7, '申请人情况']);
    expect(at(1, 3)).toEqual([2, 1, '自然人']);
    expect(at(1, 4)).toEqual([1, 5, '法人或其他组织']);
    expect(at(1, 9)).toEqual([2, 1, '总计']);
    expect(t.rows[2]!.cells.map((c) => squeeze(c.text))).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    expect(at(5, 0)).toEqual([22, 1, '三、本年度办理结果']);
    expect(at(7, 1)).toEqual([8, 1, '（三）不予公开']);
    expect(at(26, 1)).toEqual([1, 2, '（七）总计']);
    expect(at(27, 0)).toEqual([1, 3, '四、结转下年度继续办理']);
  });

  it('keeps the empty data cells as cells', () => {
    const { cells } = layout(t);
    expect(cellAt(cells, 3, 3)!.text).toBe('');
    expect(cellAt(cells, 3, 9)!.text).toBe('');
  });
});

describe('docx_01.docx', () => {
  let doc: LoadedDocument;
  beforeAll(async () => {
    doc = await load(corpus('docx_01.docx'));
  });

  it('recovers list-numbered headings exactly as Word printed them in its TOC', () => {
    const paras = paragraphs(doc);
    const toc = paras.filter((p) => p.hints.tocEntry).map((p) => p.hints.tocEntry!.title);
    expect(toc.length).toBeGreaterThan(30);
    const body = new Set(paras.filter((p) => !p.hints.tocEntry).map((p) => squeeze(p.text)));
    for (const title of toc) expect(body.has(squeeze(title)), title).toBe(true);
    const h = paras.find((p) => p.text === '1.1. 显式空白字符表示');
    expect(h?.hints).toMatchObject({ listLabel: '1.1.', styleLevel: 2, bold: true });
    expect(paras.find((p) => p.text === '2.2.1 Figure with caption')?.hints).toMatchObject({ listLabel: '2.2.1', styleLevel: 3 });
  });

  it('keeps the 39-row form table whole: 25 columns in every row, 141 distinct horizontal merges', () => {
    const form = tables(doc).find((t) => t.rows.length === 39)!;
    expect(form).toBeDefined();
    const { cells, widths } = layout(form);
    expect(new Set(widths)).toEqual(new Set([25]));
    // 148 w:gridSpan cells, 7 of them vertical continuations folded into the cell above.
    expect(cells.filter((c) => c.colSpan > 1)).toHaveLength(141);
    expect(cells.reduce((n, c) => n + c.rowSpan * c.colSpan, 0)).toBe(39 * 25);
    expect(squeeze(form.rows[0]!.cells[0]!.text)).toBe('主申请人-基本情况');
    expect(form.rows[0]!.cells[0]!.colSpan).toBe(25);
  });

  it('restores SEQ field numbers (w:fldSimple) in captions and names images', () => {
    const paras = paragraphs(doc).map((p) => p.text);
    expect(paras).toContain('Figure 1: This is a cute mascot');
    const images = doc.blocks.filter((b) => b.type === 'image');
    expect(images.length).toBeGreaterThan(3);
    expect(images.map((i) => i.ref)).toContain('卡通人物');
    expect(images.map((i) => i.ref)).toContain('image5.gif');
    expectSpansConsistent(doc);
  });
});

describe('generated fixtures', () => {
  let numbered: LoadedDocument;
  let plain: LoadedDocument;
  beforeAll(async () => {
    numbered = await load(fixture('docx/quality-report-numbered.docx'));
    plain = await load(fixture('docx/quality-report-plain.docx'));
  });

  const HEADINGS = [
    ['一、', 1, '一、学校概况'],
    ['（一）', 2, '（一）办学基本情况'],
    ['1.', 3, '1. 专业设置'],
    ['2.', 3, '2. 师资队伍'],
    ['（二）', 2, '（二）学生发展'],
    ['二、', 1, '二、人才培养'],
    ['（一）', 2, '（一）专业建设'],
    ['1.', 3, '1. 专业群建设'],
    ['三、', 1, '三、服务贡献'],
    ['（一）', 2, '（一）社会培训'],
    ['四、', 1, '四、面临挑战'],
  ] as const;

  it('prints Word numbering on styled headings (inherited from the style and direct)', () => {
    const headings = paragraphs(numbered).filter((p) => p.hints.styleLevel !== undefined);
    expect(headings.map((p) => [p.hints.listLabel, p.hints.styleLevel, p.text])).toEqual(HEADINGS.map((h) => [...h]));
    for (const h of headings) expect(h.hints.bold).toBe(true);
    const list = paragraphs(numbered).filter((p) => /^[①②③]/.test(p.text));
    expect(list.map((p) => p.hints.listLabel)).toEqual(['①', '②', '③']);
    expect(list[0]!.text).toBe('①毕业生就业率达到95.2%；');
  });

  it('sees bold plain paragraphs with typed numbers, and no heading styles, in the plain variant', () => {
    const paras = paragraphs(plain);
    for (const p of paras) {
      expect(p.hints.styleLevel).toBeUndefined();
      expect(p.hints.listLabel).toBeUndefined();
    }
    const bold = paras.filter((p) => p.hints.bold).map((p) => p.text);
    expect(bold).toEqual(expect.arrayContaining(['1. 学校概况', '1.1 办学基本情况', '1.1.1 专业设置', '3.1 社会培训', '4. 面临挑战']));
    expect(paras.find((p) => p.text.startsWith('示例职业技术学院是一所'))!.hints.bold).toBeUndefined();
  });

  it('keeps the merged two-row header and the 合计 row of 表1-2', () => {
    for (const doc of [numbered, plain]) {
      const caption = paragraphs(doc).find((p) => p.text.startsWith('表1-2'))!;
      const t = doc.blocks[doc.blocks.indexOf(caption) + 1] as TableBlock;
      expect(t.type).toBe('table');
      const grid = t.rows.map((r) => r.cells.map((c) => [c.text, c.rowSpan, c.colSpan]));
      expect(grid).toEqual([
        [['学校名称', 2, 1], ['校区', 2, 1], ['在校生人数（人）', 1, 2]],
        [['2022年', 1, 1], ['2023年', 1, 1]],
        [['示例职业技术学院', 2, 1], ['主校区', 1, 1], ['8120', 1, 1], ['8560', 1, 1]],
        [['东校区', 1, 1], ['3050', 1, 1], ['3310', 1, 1]],
        [['合计', 1, 2], ['11170', 1, 1], ['11870', 1, 1]],
      ]);
      expect(new Set(layout(t).widths)).toEqual(new Set([4]));
    }
  });

  it('keeps the 案例 box as a one-cell table, the image and its caption', () => {
    const box = tables(numbered).find((t) => t.rows[0]!.cells[0]!.text.startsWith('案例2-1'))!;
    expect(box.rows).toHaveLength(1);
    expect(box.rows[0]!.cells).toHaveLength(1);
    expect(box.rows[0]!.cells[0]!.text.split('\n')).toEqual([
      '案例2-1【产教融合共建智能制造实训基地】',
      '学校与本地龙头企业共建智能制造实训基地，设备总值3200万元。',
      '基地年培训企业员工1500人次，服务中小企业技术改造项目12项。',
    ]);
    const i = numbered.blocks.findIndex((b) => b.type === 'image');
    expect(numbered.blocks[i]).toMatchObject({ type: 'image', ref: '技能竞赛获奖柱状图' });
    expect(numbered.blocks[i + 1]).toMatchObject({ type: 'paragraph', text: '图1 2023年学生技能竞赛获奖情况' });
  });

  it('reads the two-column section in order, without inventing page breaks for continuous sections', () => {
    const texts = paragraphs(numbered).map((p) => p.text);
    const a = texts.indexOf('三、服务贡献');
    const starts = ['三、服务贡献', '学校面向区域', '学校开展社会', '（一）社会培训', '面向退役军人'];
    texts.slice(a, a + 5).forEach((t, i) => expect(t.startsWith(starts[i]!)).toBe(true));
    expect(numbered.blocks.some((b) => b.type === 'pagebreak')).toBe(false);
  });

  it('matches the committed text export line for line outside tables', () => {
    const lines = fs
      .readFileSync(fixture('text/quality-report-numbered.txt'), 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '' && !l.startsWith('\t'));
    const inBox = new Set(tables(numbered).flatMap((t) => t.rows.flatMap((r) => r.cells.flatMap((c) => c.text.split('\n')))));
    expect(lines.filter((l) => !inBox.has(l))).toEqual(paragraphs(numbered).map((p) => p.text));
  });

  it('gives body paragraphs their index and consistent spans', () => {
    expect(paragraphs(numbered).every((p) => p.span.paragraphIndex !== undefined)).toBe(true);
    expectSpansConsistent(numbered);
    expectSpansConsistent(plain);
  });
});

// ---------------------------------------------------------------------------------------------
// Hand-built packages: the XML cases mammoth gets wrong on its own.

const NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" ' +
  'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:v="urn:schemas-microsoft-com:vml" ' +
  'xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" ' +
  'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"';

function docxOf(bodyXml: string, extra: Record<string, string> = {}, documentXml?: string): Promise<Buffer> {
  return docxPackage(documentXml ?? `<?xml version="1.0" encoding="UTF-8"?><w:document ${NS}><w:body>${bodyXml}</w:body></w:document>`, extra);
}

const p = (text: string, pPr = ''): string => `<w:p>${pPr}<w:r><w:t xml:space="preserve">${text}</w:t></w:r></w:p>`;
const tc = (text: string, tcPr = ''): string => `<w:tc><w:tcPr>${tcPr}</w:tcPr>${p(text)}</w:tc>`;

describe('hand-built DOCX', () => {
  it('handles text boxes, SEQ fields, deleted paragraph marks, stray bookmarks in rows and late rows', async () => {
    const body =
      `<w:p><w:r><w:t>锚段落</w:t></w:r><w:r><w:pict><v:shape><v:textbox><w:txbxContent>${p('文本框内容')}</w:txbxContent></v:textbox></v:shape></w:pict></w:r></w:p>` +
      `<w:p><w:r><w:t xml:space="preserve">表</w:t></w:r><w:fldSimple w:instr=" SEQ 表 \\* ARABIC "><w:r><w:t>3</w:t></w:r></w:fldSimple><w:r><w:t xml:space="preserve"> 招生情况</w:t></w:r></w:p>` +
      '<w:tbl><w:tblGrid><w:gridCol/><w:gridCol/><w:gridCol/></w:tblGrid>' +
      `<w:tr>${tc('学校')}${tc('2022年')}${tc('合计', '<w:vMerge w:val="restart"/>')}</w:tr>` +
      '<w:bookmarkStart w:id="1" w:name="_Toc1"/>' +
      `<w:tr><w:trPr><w:gridBefore w:val="1"/></w:trPr>${tc('100')}${tc('', '<w:vMerge/>')}</w:tr>` +
      '</w:tbl>' +
      p('前半句', '<w:pPr><w:rPr><w:del w:id="9" w:author="a" w:date="2024-01-01T00:00:00Z"/></w:rPr></w:pPr>') +
      p('后半句。');
    const doc = await loadDocx(await docxOf(body));
    const paras = paragraphs(doc);
    expect(paras.map((x) => [x.text, x.span.paragraphIndex])).toEqual([
      ['锚段落', 0],
      ['文本框内容', 0],
      ['表3 招生情况', 1],
      // A deleted paragraph mark joins two paragraphs; the index is where the text starts.
      ['前半句后半句。', 2],
    ]);
    const t = tables(doc)[0]!;
    expect(t.rows.map((r) => r.cells.map((c) => [c.text, c.rowSpan, c.colSpan]))).toEqual([
      [['学校', 1, 1], ['2022年', 1, 1], ['合计', 2, 1]],
      [['', 1, 1], ['100', 1, 1]],
    ]);
    expectSpansConsistent(doc);
  });

  it('reads DrawingML-only text boxes in place: a plain drawing, a Choice with no Fallback, a group of two boxes', async () => {
    const wsp = (text: string) =>
      `<wps:wsp><wps:txbx><w:txbxContent>${p(text)}</w:txbxContent></wps:txbx></wps:wsp>`;
    const drawing = (inner: string) =>
      '<w:drawing><wp:anchor><wp:docPr id="1" name="Text Box 1"/><a:graphic>' +
      `<a:graphicData uri="http://schemas.microsoft.com/office/word/2010/wordprocessingShape">${inner}</a:graphicData></a:graphic></wp:anchor></w:drawing>`;
    const body =
      `<w:p><w:r><w:t>正文</w:t></w:r><w:r>${drawing(wsp('框内文字'))}</w:r></w:p>` +
      p('第二段') +
      `<w:p xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:r><mc:AlternateContent><mc:Choice Requires="wps">${drawing(wsp('只有Choice的框'))}</mc:Choice></mc:AlternateContent></w:r></w:p>` +
      `<w:p><w:r>${drawing(`<wpg:wgp xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup">${wsp('组合框一')}${wsp('组合框二')}</wpg:wgp>`)}</w:r></w:p>` +
      p('末段');
    const doc = await loadDocx(await docxOf(body));
    const paras = paragraphs(doc);
    expect(paras.map((x) => [x.text, x.span.paragraphIndex])).toEqual([
      ['正文', 0],
      ['框内文字', 0],
      ['第二段', 1],
      ['只有Choice的框', 2],
      ['组合框一', 3],
      ['组合框二', 3],
      ['末段', 4],
    ]);
    // Paragraphs of one box share its number; body paragraphs have none.
    expect(paras.map((x) => x.hints.textBox)).toEqual([undefined, 0, undefined, 1, 2, 3, undefined]);
    expect(doc.issues).toEqual([]);
    expectSpansConsistent(doc);
  });

  it('still splits paragraphs when WordprocessingML is the default namespace', async () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-8"?><document xmlns="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><body>' +
      '<p><r><t>甲</t></r></p>' +
      '<p><r><t>乙</t></r></p></body></document>';
    const doc = await loadDocx(await docxOf('', {}, xml));
    expect(paragraphs(doc).map((x) => x.text)).toEqual(['甲', '乙']);
  });

  it('renders numbering formats, start overrides and restarts', async () => {
    const lvl = (i: number, fmt: string, text: string, extra = ''): string =>
      `<w:lvl w:ilvl="${i}"><w:start w:val="1"/><w:numFmt w:val="${fmt}"/><w:lvlText w:val="${text}"/>${extra}</w:lvl>`;
    const numbering =
      `<?xml version="1.0" encoding="UTF-8"?><w:numbering ${NS}>` +
      `<w:abstractNum w:abstractNumId="0">${lvl(0, 'chineseCountingThousand', '第%1章')}${lvl(1, 'decimal', '%1.%2', '<w:isLgl/>')}${lvl(2, 'ideographTraditional', '%3、')}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="1">${lvl(0, 'upperRoman', '%1.')}${lvl(1, 'lowerLetter', '(%2)', '<w:lvlRestart w:val="0"/>')}</w:abstractNum>` +
      `<w:abstractNum w:abstractNumId="2">${lvl(0, 'decimalZero', '%1', '<w:suff w:val="space"/>')}</w:abstractNum>` +
      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>' +
      '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>' +
      '<w:num w:numId="3"><w:abstractNumId w:val="2"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="9"/></w:lvlOverride></w:num>' +
      '</w:numbering>';
    const rels =
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>';
    const np = (numId: number, ilvl: number, text: string): string =>
      p(text, `<w:pPr><w:numPr><w:ilvl w:val="${ilvl}"/><w:numId w:val="${numId}"/></w:numPr></w:pPr>`);
    const body = [
      np(1, 0, '总则'), np(1, 1, '目的'), np(1, 2, '甲项'), np(1, 2, '乙项'), np(1, 0, '分则'), np(1, 1, '范围'), np(1, 2, '丙项'),
      np(2, 0, 'One'), np(2, 1, 'a'), np(2, 1, 'b'), np(2, 0, 'Two'), np(2, 1, 'c'),
      np(3, 0, 'nine'), np(3, 0, 'ten'),
    ].join('');
    const doc = await loadDocx(await docxOf(body, { 'word/numbering.xml': numbering, 'word/_rels/document.xml.rels': rels }));
    expect(paragraphs(doc).map((x) => x.text)).toEqual([
      '第一章 总则', '1.1 目的', '甲、甲项', '乙、乙项', '第二章 分则', '2.1 范围', '甲、丙项',
      'I. One', '(a) a', '(b) b', 'II. Two', '(c) c',
      '09 nine', '10 ten',
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Hostile input.

async function expectCode(buf: Buffer, code: string, message?: RegExp): Promise<void> {
  const err = await loadDocx(buf).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ExtractionError);
  expect((err as ExtractionError).code).toBe(code);
  if (message) expect((err as ExtractionError).message).toMatch(message);
}

/** Rewrites the declared uncompressed size of entries (local and central headers); undefined keeps it. */
function declareSizes(buf: Buffer, size: (name: string) => number | undefined): Buffer {
  const out = Buffer.from(buf);
  let eocd = out.length - 22;
  while (out.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  let at = out.readUInt32LE(eocd + 16);
  for (let i = out.readUInt16LE(eocd + 10); i > 0; i--) {
    const nameLen = out.readUInt16LE(at + 28);
    const name = out.subarray(at + 46, at + 46 + nameLen).toString();
    const n = size(name);
    if (n !== undefined) {
      out.writeUInt32LE(n, at + 24);
      out.writeUInt32LE(n, out.readUInt32LE(at + 42) + 22);
    }
    at += 46 + nameLen + out.readUInt16LE(at + 30) + out.readUInt16LE(at + 32);
  }
  return out;
}

describe('bad input', () => {
  it('refuses an empty file', async () => {
    await expectCode(Buffer.alloc(0), 'EMPTY_FILE');
  });

  it('refuses bytes that are not a ZIP', async () => {
    let x = 12345;
    const noise = Buffer.from(Array.from({ length: 4096 }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff));
    await expectCode(noise, 'NOT_A_DOCX', /not a ZIP/);
  });

  it('recognizes a legacy .doc (OLE2) header', async () => {
    const ole = Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(1024)]);
    await expectCode(ole, 'NOT_A_DOCX', /legacy \.doc \(OLE2/);
  });

  it('refuses a truncated archive', async () => {
    const buf = fs.readFileSync(fixture('docx/quality-report-plain.docx'));
    await expectCode(buf.subarray(0, Math.floor(buf.length / 2)), 'CORRUPT_ARCHIVE');
  });

  it('refuses a ZIP without word/document.xml', async () => {
    const zip = new JSZip();
    zip.file('[Content_Types].xml', '<Types/>');
    zip.file('notes.txt', 'hello');
    await expectCode(await zip.generateAsync({ type: 'nodebuffer' }), 'DOCX_NO_BODY', /word\/document\.xml/);
  });

  it('refuses a zip bomb by its declared ratio before inflating it', async () => {
    const zip = new JSZip();
    zip.file('word/document.xml', Buffer.alloc(20 * 1024 * 1024, 0x20));
    const bomb = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
    expect(bomb.length).toBeLessThan(100 * 1024);
    await expectCode(bomb, 'ZIP_BOMB', /zip bomb/);
  });

  it('refuses an archive whose entries declare more than 200 MB in total', async () => {
    const zip = new JSZip();
    for (let i = 0; i < 60; i++) zip.file(`word/media/part${i}.bin`, 'x');
    zip.file('word/document.xml', '<w:document/>');
    const buf = declareSizes(await zip.generateAsync({ type: 'nodebuffer', compression: 'STORE' }), (n) => (n.startsWith('word/media') ? 4 * 1024 * 1024 : undefined));
    await expectCode(buf, 'ZIP_BOMB', /200 MB/);
  });

  it('stops inflating at the declared size when the headers lie', async () => {
    const real = await docxOf(p('x'.repeat(2000)).repeat(2000));
    const lying = declareSizes(real, (n) => (n === 'word/document.xml' ? 1000 : undefined));
    await expectCode(lying, 'ZIP_BOMB', /beyond its declared/);
  });
});
