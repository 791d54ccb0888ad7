// The PDF loader against real files from the shared corpus (never copied into the repository) and a
// few PDFs written byte by byte here for what the corpus lacks: a font that needs a packed CMap,
// a scanned page, an encrypted file.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Block, TableBlock } from '../src/blocks.ts';
import { ExtractionError } from '../src/errors.ts';
import { loadPdf } from '../src/load/pdf.ts';
import { openPdf, type PdfUse } from '../src/load/pdf/document.ts';
import * as pdfjs from '../src/load/pdfjs.ts';
import { foldForMatch } from '../src/text/normalize.ts';
import { corpus, XIJING, ZHOUKOU, HZQ, REPORT, REPORT_KEY, load, paragraphs, tables, squeeze, cellTexts, buildPdf } from './helpers/pdf.ts';

const CJK_SPACE_CJK = /[\u3400-\u9fff\u3000-\u303f\uff00-\uffef] +[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]/;

async function rejects(buf: Buffer): Promise<ExtractionError> {
  try {
    await loadPdf(buf);
  } catch (e) {
    expect(e).toBeInstanceOf(ExtractionError);
    return e as ExtractionError;
  }
  throw new Error('loadPdf did not throw');
}

// --- a minimal PDF writer for synthetic inputs -------------------------------------------------


function stream(content: string): Buffer {
  const b = Buffer.from(content, 'latin1');
  return Buffer.concat([Buffer.from(`<< /Length ${b.length} >>\nstream\n`), b, Buffer.from('\nendstream')]);
}

function onePage(contents: string, resources = '<< >>', extra: string[] = []): (string | Buffer)[] {
  return [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources ${resources} /Contents 4 0 R >>`,
    stream(contents),
    ...extra,
  ];
}

// --- text and CJK ---------------------------------------------------------------------------------

describe('CJK text', () => {
  it('comes out of a non-embedded font that needs a packed CMap (UniGB-UCS2-H)', async () => {
    // Every CID font in the corpus is Identity-H with a ToUnicode map (checked with pdffonts), which
    // pdfjs decodes without CMap files; this font has neither, so its text exists only through the
    // bundled UniGB-UCS2-H and Adobe-GB1 CMaps.
    const phrase = '职业教育质量年度报告';
    const hex = Buffer.from(phrase, 'utf16le').swap16().toString('hex');
    const pdf = buildPdf(
      onePage(`BT /F1 16 Tf 72 700 Td <${hex}> Tj ET`, '<< /Font << /F1 5 0 R >> >>', [
        '<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H /DescendantFonts [6 0 R] >>',
        '<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo << /Registry (Adobe) /Ordering (GB1) /Supplement 4 >> /FontDescriptor 7 0 R /DW 1000 >>',
        '<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] /ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>',
      ]),
    );
    const doc = await loadPdf(pdf);
    expect(doc.text).toBe(phrase);
    expect(paragraphs(doc).map((p) => p.text)).toEqual([phrase]);
    expect(doc.encoding).toBeNull();
  });

  it('reads the corpus PDFs as Chinese text', async () => {
    const zk = await load(ZHOUKOU);
    expect(paragraphs(zk)[0]!.text).toBe('2023年周口市国民经济和社会发展统计公报');
    expect(zk.pageCount).toBe(13);
    const cjk = (zk.text.match(/[\u4e00-\u9fff]/g) ?? []).length;
    expect(cjk).toBeGreaterThan(4000);
  });

  it('puts no space between CJK characters of prose, even in letter-spaced justified lines', async () => {
    const hzq = await load(HZQ);
    // pdftotext renders this justified line as "号 ， 邮 编 ： 223100 ， 电 话 ："
    const intro = paragraphs(hzq).find((p) => p.text.startsWith('本报告由'))!;
    expect(intro.text).toContain('90号，邮编：223100，电话：0517-87222589，电子邮箱：hzzwgk@126.com）。');
    for (const name of [ZHOUKOU, HZQ, XIJING]) {
      const prose = paragraphs(await load(name)).filter((p) => p.text.length > 40);
      expect(prose.filter((p) => CJK_SPACE_CJK.test(p.text)).map((p) => p.text)).toEqual([]);
    }
  });
});

// --- paragraphs against the hand-cleaned answer key ----------------------------------------------

describe('research report vs. its answer key', () => {
  // The key was transcribed with OCR slips (蓝关县 for 壶关县, 杨云道 for 杨云逍) and markdown noise
  // (LaTeX, ASCII punctuation); lines are compared after folding both, and also by character 4-grams.
  const canon = (s: string) =>
    foldForMatch(s)
      .replace(/\$|\\mathrm\{|\\mathbf\{|[{}]/g, '')
      .replace(/\\%/g, '%')
      .replace(/[，,]/g, ',')
      .replace(/[；;]/g, ';')
      .replace(/[：:]/g, ':')
      .replace(/[（(]/g, '(')
      .replace(/[）)]/g, ')')
      .replace(/[“”"]/g, '"')
      .replace(/^•/, '')
      .replace(/\s+/g, '');
  const keyLines = () => {
    const out: string[] = [];
    let inTable = false;
    for (const raw of readFileSync(corpus(REPORT_KEY), 'utf8').split('\n')) {
      const l = raw.trim();
      if (l.startsWith('<table')) inTable = true;
      if (inTable) {
        if (l.includes('</table>')) inTable = false;
        continue;
      }
      if (!l || l.startsWith('#') || l.startsWith('|')) continue; // headings and markdown tables
      out.push(l.replace(/^- /, ''));
    }
    return out;
  };
  const grams = (s: string) => {
    const n = Math.min(4, s.length);
    const g = new Set<string>();
    for (let i = 0; i + n <= s.length; i++) g.add(s.slice(i, i + n));
    return g;
  };

  it('has the key\'s prose lines, each within one block', async () => {
    const doc = await load(REPORT);
    const lines = keyLines();
    expect(lines.length).toBeGreaterThan(30);
    const units = [...paragraphs(doc).map((p) => canon(p.text)), ...tables(doc).flatMap((t) => t.rows.flatMap((r) => r.cells.map((c) => canon(c.text))))];
    const all = canon(doc.text);
    let verbatim = 0;
    let found = 0;
    let long = 0;
    let whole = 0;
    for (const line of lines) {
      const c = canon(line);
      const g = grams(c);
      const best = Math.max(...units.map((u) => [...g].filter((x) => u.includes(x)).length / g.size));
      if (all.includes(c)) verbatim++;
      if (all.includes(c) || best >= 0.9) found++;
      if (c.length >= 30) {
        long++;
        if (best >= 0.9) whole++;
      }
    }
    // Found word for word, or (where the key misread the PDF) 90% of its 4-grams inside one block.
    expect(found / lines.length).toBeGreaterThanOrEqual(0.95);
    expect(verbatim / lines.length).toBeGreaterThanOrEqual(0.75);
    // Paragraphs are whole: a long key line is not spread over several output blocks.
    expect(long).toBeGreaterThan(10);
    expect(whole / long).toBeGreaterThanOrEqual(0.9);
  });

  it('keeps the sidebar and the main column apart and joins wrapped bullet paragraphs', async () => {
    const ps = paragraphs(await load(REPORT));
    const event = ps.find((p) => p.text.includes('事件：公司拟与壶关县人民政府'))!;
    // Five printed lines, the middle one bold: one paragraph.
    expect(event.text).toBe('•事件：公司拟与壶关县人民政府签署的《壶关年产12000万千米金刚线项目投资协议书》，项目一期计划建设年产4,000万千米金刚线产能，预计一期总投资额约6.66亿元；后续年产8,000万千米金刚线项目尚未具体约定，存在较大不确定性。');
    expect(event.span.page).toBe(1);
    // Sidebar lines share baselines with the main column but never its paragraphs.
    for (const p of ps) {
      const sidebar = /所属行业|资格编号|沪深300对比|相关研究|《光伏设备/.test(p.text);
      const main = /壶关|金刚线产能|切割代工/.test(p.text.replace(/《[^》]*》/g, ''));
      expect(sidebar && main, p.text).toBe(false);
    }
    const relatedItems = ps.filter((p) => /^[1-5]\.《/.test(p.text)).map((p) => p.text.slice(0, 2));
    expect(relatedItems).toEqual(['1.', '2.', '3.', '4.', '5.']);
  });

  it('drops the footer repeated on every page', async () => {
    const doc = await load(REPORT);
    expect(doc.text).not.toContain('请务必阅读正文之后的信息披露和法律声明');
    expect(doc.text).not.toMatch(/^\d\/4$/m);
  });
});

// --- pictures: boxes for layout, pixels only for drawing ------------------------------------------

describe('pictures', () => {
  /**
   * Every picture painted on the first `pages` pages (its object id, pixel size and what pdfjs
   * resolved its object to), and how many glyph outlines pdfjs compiled for drawing meanwhile.
   */
  async function pictures(use: PdfUse, pages: number): Promise<{ pictures: Array<{ id: string; w: number; h: number; data: unknown }>; glyphPaths: number }> {
    const doc = await openPdf(new Uint8Array(readFileSync(corpus(XIJING))), use);
    const out: Array<{ id: string; w: number; h: number; data: unknown }> = [];
    let glyphPaths = 0;
    try {
      for (let p = 1; p <= pages; p++) {
        const page = await doc.getPage(p);
        const ops = await page.getOperatorList();
        for (let i = 0; i < ops.fnArray.length; i++) {
          if (ops.fnArray[i] !== pdfjs.OPS.paintImageXObject) continue;
          const [id, w, h] = ops.argsArray[i] as [string, number, number];
          // Pictures used on several pages are kept document-wide, the others with their page.
          const objs = id.startsWith('img_') ? page.objs : page.commonObjs;
          out.push({ id, w, h, data: await new Promise((resolve) => objs.get(id, resolve)) });
        }
        for (const [id] of page.commonObjs as unknown as Iterable<[string, unknown]>) if (id.includes('_path_')) glyphPaths++;
      }
    } finally {
      await doc.destroy();
    }
    return { pictures: out, glyphPaths };
  }

  it('keeps each picture\'s place and size for layout without decoding its pixels or compiling glyph outlines, and makes both for drawing', async () => {
    const layout = await pictures('layout', 6);
    const drawing = await pictures('drawing', 6);
    const [boxes, pixels] = [layout.pictures, drawing.pictures];
    expect(layout.glyphPaths).toBe(0);
    expect(drawing.glyphPaths).toBeGreaterThan(100);
    expect(boxes.length).toBeGreaterThan(2);
    expect(boxes.map(({ w, h }) => [w, h])).toEqual(pixels.map(({ w, h }) => [w, h]));
    // Null is what pdfjs gives a picture it did not decode: without patches/pdfjs-dist+5.6.205.patch
    // (`drawable`), every picture would be decoded here too.
    expect(boxes.every((b) => b.data === null)).toBe(true);
    expect(pixels.every((b) => { const d = b.data as { width: number; height: number } | null; return d?.width === b.w && d.height === b.h; })).toBe(true);
  });
});

// --- running headers, footers, page numbers -------------------------------------------------------

describe('page furniture', () => {
  const HEADER = '2023届毕业生就业质量年度报告';

  it('keeps the running header and page numbers of 西京学院 out of the text, but pages in provenance', async () => {
    const doc = await load(XIJING);
    expect(doc.pageCount).toBe(97);
    // The header is printed on every odd page from 3 on; what remains is the cover title and a mention in prose.
    const withHeader = paragraphs(doc).filter((p) => squeeze(p.text).includes(HEADER));
    expect(withHeader.map((p) => p.span.page)).toEqual([1, 5]);
    expect(squeeze(withHeader[0]!.text)).toBe(HEADER);
    expect(withHeader[0]!.hints.fontRatio).toBeGreaterThan(2);
    expect(withHeader[1]!.text).toContain(`《西京学院${HEADER}》`);
    // Page numbers ("1", "2", … in a box in the bottom margin) are gone.
    expect(paragraphs(doc).filter((p) => /^\d{1,2}$/.test(p.text))).toEqual([]);
    // …and a paragraph broken by the page turn (and its page number) is one block spanning both pages.
    const turn = paragraphs(doc).find((p) => p.text.startsWith('分学历来看，硕士毕业生分布于6个学院'))!;
    expect(turn.text).toContain('会计学院（62人，占比27.19%）、土木工程学院（44人，占比19.30%）');
    expect(turn.span.page).toBe(11);
    expect(turn.span.pageEnd).toBe(12);
    // Also when a footnote stands at the foot of the page in between.
    const ps = paragraphs(doc);
    const overNote = ps.find((p) => p.text.startsWith('毕业生评价目前从事的职业与性格的匹配度为3.88分'))!;
    expect(overNote.text).toContain('兴趣匹配度为3.73分，能力匹配度为3.91分。');
    expect([overNote.span.page, overNote.span.pageEnd]).toEqual([61, 62]);
    const note = ps[ps.indexOf(overNote) + 1]!;
    expect(note.text).toMatch(/^14匹配度=/);
    expect(note.span.page).toBe(61);
    expect(note.hints.fontRatio).toBeLessThan(1);
  });

  it('drops "- N -" page numbers of 周口 and hzq', async () => {
    for (const name of [ZHOUKOU, HZQ]) {
      const doc = await load(name);
      expect(doc.text).not.toMatch(/-\s*\d+\s*-/);
      expect(doc.blocks.filter((b) => b.type === 'pagebreak')).toHaveLength(doc.pageCount! - 1);
    }
  });
});

// --- heading evidence -----------------------------------------------------------------------------

describe('heading evidence', () => {
  it('gives 西京学院 chapter, section and subsection headings their own blocks, larger than the body', async () => {
    const ps = paragraphs(await load(XIJING));
    const block = (text: string) => ps.find((p) => squeeze(p.text) === text && !p.hints.tocEntry);
    const chapter = block('第一章毕业生就业基本情况')!;
    const section = block('一、毕业生规模与结构')!;
    const sub = block('（一）毕业生规模')!;
    expect(chapter.span.page).toBe(11);
    expect(chapter.hints.fontRatio).toBeGreaterThan(1.8);
    expect(section.hints.fontRatio).toBeGreaterThan(1.3);
    expect(sub.hints.fontRatio).toBeGreaterThan(1.05);
    for (const h of [chapter, section, sub]) expect(h.hints.bold || h.hints.fontRatio! > 1).toBe(true);
    expect(chapter.hints.bold).toBe(true); // SimHei
    const body = ps.find((p) => p.text.startsWith('毕业生总人数为5372人'))!;
    expect(body.hints.fontRatio).toBe(1);
    expect(body.hints.bold).toBe(false);
  });

  it('sees synthetic bold (fill+stroke text) and Hei faces with GBK/UTF-8 encoded names', async () => {
    // 周口: "一、综 合" is a Song face painted with text render mode 2.
    const zk = paragraphs(await load(ZHOUKOU)).find((p) => p.text === '一、综合')!;
    expect(zk.hints.bold).toBe(true);
    expect(zk.hints.fontRatio).toBeGreaterThan(1.1);
    // hzq: "一、总体情况" is in 黑体 at body size; the font's name reaches pdfjs as raw UTF-8 bytes.
    const hzq = paragraphs(await load(HZQ));
    const heading = hzq.find((p) => p.text === '一、总体情况')!;
    expect(heading.hints.bold).toBe(true);
    expect(heading.hints.fontRatio).toBe(1);
    expect(hzq.find((p) => p.text.startsWith('2023年，洪泽区人民政府坚持'))!.hints.bold).toBe(false);
    // Run-in headings stay with their paragraph (segmentation splits them off), and are not bold as a whole.
    const runIn = hzq.find((p) => p.text.startsWith('（一）主动公开情况。'))!;
    expect(runIn.text).toBe('（一）主动公开情况。主要通过政府门户网站主动公开政府文件、项目审批、通知公告等各类政府信息。2023年，我区在政府网站平台主动公开政府信息1136条。');
    expect(runIn.hints.bold).toBe(false);
  });

  it('marks dot-leader table-of-contents lines with their page', async () => {
    const ps = paragraphs(await load(XIJING));
    const toc = ps.filter((p) => p.hints.tocEntry);
    expect(toc.length).toBeGreaterThanOrEqual(90);
    expect(new Set(toc.map((p) => p.span.page))).toEqual(new Set([7, 8, 9, 10]));
    expect(toc[0]!.hints.tocEntry).toEqual({ title: '第一章毕业生就业基本情况', page: '1' });
    expect(toc.find((p) => p.text === '（一）升学率')!.hints.tocEntry!.page).toBe('38');
    expect(ps.filter((p) => !p.hints.tocEntry && /\.{5,}\s*\d+$/.test(p.text))).toEqual([]);
  });
});

// --- tables ----------------------------------------------------------------------------------------

describe('ruled tables', () => {
  it('reads 周口 表1 (a three-line table: rules on top, under the header, at the bottom) row by row', async () => {
    // Checked against `pdftotext -layout` and a rendering of page 1.
    const doc = await load(ZHOUKOU);
    const i = doc.blocks.findIndex((b) => b.type === 'paragraph' && b.text === '表1 2023年末周口市常住人口数及其构成');
    expect(i).toBeGreaterThan(0);
    const t = doc.blocks[i + 1] as TableBlock;
    expect(t.type).toBe('table');
    expect(t.spansKnown).toBe(true);
    expect(t.span.page).toBe(1);
    expect(t.rows.map((_, r) => cellTexts(t, r))).toEqual([
      ['指标', '年末数（万人）', '比重（%）'],
      ['全市常住人口', '866.60', ''],
      ['其中：城镇', '392.66', '45.31'],
      ['乡村', '473.94', '54.69'],
      ['其中：男性', '428.20', '49.41'],
      ['女性', '438.40', '50.59'],
      ['其中：0-15岁（含不满16周岁）', '212.60', '24.53'],
      ['16-59岁（含不满60周岁）', '463.10', '53.44'],
      ['60周岁及以上', '190.90', '22.03'],
      ['其中：65周岁及以上', '146.80', '16.94'],
    ]);
    expect(t.rows.flatMap((r) => r.cells).every((c) => c.colSpan === 1 && c.rowSpan === 1)).toBe(true);
    expect(tables(doc).map((x) => x.span.page)).toEqual([1, 2, 4, 5, 5, 7]);
  });

  it('joins 西京学院 表1-2, continued on the next page under a repeated caption and header, into one table', async () => {
    const doc = await load(XIJING);
    const captions = paragraphs(doc).filter((p) => squeeze(p.text) === '表1-2硕士毕业生专业分布');
    expect(captions).toHaveLength(1); // the repeat on page 13 is dropped
    const t = doc.blocks[doc.blocks.indexOf(captions[0]!) + 1] as TableBlock;
    expect(t.type).toBe('table');
    expect(t.span.page).toBe(12);
    expect(t.span.pageEnd).toBe(13);
    expect(t.span.page!).toBeLessThan(t.span.pageEnd!);
    expect(t.rows.filter((r) => r.cells[0]!.text === '学院')).toHaveLength(1); // header kept once
    expect(cellTexts(t, 0)).toEqual(['学院', '专业', '人数', '占比']);
    expect(t.rows).toHaveLength(18);
    expect(new Set(t.rows.map((r) => r.span.page))).toEqual(new Set([12, 13]));
    const first = t.rows[1]!.cells[0]!;
    expect([first.text, first.rowSpan, first.colSpan]).toEqual(['机械工程学院', 2, 1]);
    const last = t.rows[t.rows.length - 1]!.cells;
    expect(last.map((c) => [c.text, c.colSpan])).toEqual([
      ['总计', 2],
      ['228', 1],
      ['100.00%', 1],
    ]);
    expect(last[0]!.span.page).toBe(13);
  });

  it('keeps the merged header cells of hzq\'s statutory table, split across pages 3 and 4', async () => {
    const doc = await load(HZQ);
    const t = tables(doc).find((x) => x.rows[0]!.cells[1]?.text === '申请人情况')!;
    expect(t.span.page).toBe(3);
    expect(t.span.pageEnd).toBe(4);
    const cell = (r: number, text: string) => t.rows[r]!.cells.find((c) => c.text === text)!;
    expect(t.rows[0]!.cells[0]!.text).toBe('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）');
    expect([t.rows[0]!.cells[0]!.rowSpan, t.rows[0]!.cells[0]!.colSpan]).toEqual([3, 3]);
    expect(cell(0, '申请人情况').colSpan).toBe(7);
    expect([cell(1, '自然人').rowSpan, cell(1, '法人或其他组织').colSpan, cell(1, '总计').rowSpan]).toEqual([2, 5, 2]);
    expect(cellTexts(t, 2)).toEqual(['商业企业', '科研机构', '社会公益组织', '法律服务机构', '其他']);
    // The vertical-writing row header (pdfjs' text content loses half of it), merged on over the
    // page break: one cell of 20 rows, as is （四）无法提供 over its three.
    expect(cell(5, '三、本年度办理结果').rowSpan).toBe(20);
    expect(t.rows.flatMap((r) => r.cells).find((c) => c.text === '（四）无法提供')!.rowSpan).toBe(3);
    expect(cellTexts(t, 3)).toEqual(['一、本年新收政府信息公开申请数量', '21', '0', '0', '0', '0', '0', '21']);
    const last = t.rows[t.rows.length - 1]!;
    expect(cellTexts(t, t.rows.length - 1)).toEqual(['四、结转下年度继续办理', '0', '0', '0', '0', '0', '0', '0']);
    expect(last.span.page).toBe(4);

    const review = tables(doc).find((x) => x.rows[0]!.cells[0]!.text === '行政复议')!;
    expect(review.rows[0]!.cells.map((c) => [c.text, c.colSpan])).toEqual([
      ['行政复议', 5],
      ['行政诉讼', 10],
    ]);
    expect(review.rows[1]!.cells.slice(0, 5).every((c) => c.rowSpan === 2)).toBe(true);
    expect(review.rows[1]!.cells.slice(5).map((c) => [c.text, c.colSpan])).toEqual([
      ['未经复议直接起诉', 5],
      ['复议后起诉', 5],
    ]);
    expect(cellTexts(review, 3)).toEqual(['10', '1', '0', '0', '0', '0', '0', '0', '0', '0', '5', '0', '0', '0', '0']);
  });

  it('builds every table as a consistent grid (spans cover each row exactly once)', async () => {
    for (const name of [XIJING, ZHOUKOU, HZQ, REPORT]) {
      for (const t of tables(await load(name))) {
        const width = t.rows[0]!.cells.reduce((n, c) => n + (c.colSpan ?? 1), 0);
        const taken = t.rows.map(() => new Array<number>(width).fill(0));
        t.rows.forEach((row, r) => {
          let col = 0;
          for (const c of row.cells) {
            while (col < width && taken[r]![col]) col++;
            for (let i = r; i < r + c.rowSpan!; i++) for (let j = col; j < col + c.colSpan!; j++) taken[i]![j]!++;
            col += c.colSpan!;
          }
        });
        expect(taken.flat().every((n) => n === 1), `${name} table on page ${t.span.page}`).toBe(true);
      }
    }
  });
});

// --- provenance -------------------------------------------------------------------------------------

describe('spans', () => {
  it('index the text exactly and place every block inside its page', async () => {
    for (const name of [XIJING, ZHOUKOU, HZQ, REPORT]) {
      const doc = await load(name);
      const pages = doc.pageCount!;
      let lastPage = 1;
      const check = (b: { span: Block['span'] }, what: string) => {
        const s = b.span;
        expect(s.page, what).toBeGreaterThanOrEqual(1);
        expect(s.page, what).toBeLessThanOrEqual(pages);
        if (s.pageEnd !== undefined) expect(s.pageEnd, what).toBeGreaterThan(s.page!);
        if (s.bbox) {
          const [x0, y0, x1, y1] = s.bbox;
          expect(0 <= x0 && x0 <= x1 && x1 <= 596 && 0 <= y0 && y0 <= y1 && y1 <= 843, `${what} ${s.bbox}`).toBe(true);
        }
      };
      for (const b of doc.blocks) {
        check(b, `${name} ${b.type}`);
        expect(b.span.page!, 'blocks in page order').toBeGreaterThanOrEqual(lastPage);
        lastPage = b.span.page!;
        if (b.type === 'paragraph') {
          expect(doc.text.slice(b.span.charStart, b.span.charEnd)).toBe(b.text);
          expect(b.span.bbox).toBeDefined();
        }
        if (b.type === 'table') {
          for (const row of b.rows) {
            check(row, `${name} row`);
            for (const c of row.cells) {
              check(c, `${name} cell`);
              expect(doc.text.slice(c.span.charStart, c.span.charEnd)).toBe(c.text);
            }
          }
        }
        if (b.type === 'pagebreak') expect(b.span.charStart).toBe(b.span.charEnd);
      }
      const breaks = doc.blocks.filter((b) => b.type === 'pagebreak').map((b) => b.span.page);
      expect(breaks).toEqual(Array.from({ length: pages - 1 }, (_, k) => k + 2));
      expect(doc.encoding).toBeNull();
      expect(doc.issues).toEqual([]);
    }
  });
});

// --- bad input ----------------------------------------------------------------------------------------

describe('bad input', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('rejects an empty file', async () => {
    expect((await rejects(Buffer.alloc(0))).code).toBe('EMPTY_FILE');
  });

  it('rejects bytes that are not a PDF', async () => {
    const random = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919 + 13) % 251));
    expect((await rejects(random)).code).toBe('NOT_A_PDF');
    expect((await rejects(readFileSync(corpus(REPORT_KEY)))).code).toBe('NOT_A_PDF');
  });

  it('rejects a truncated copy of a real PDF', async () => {
    const full = readFileSync(corpus(ZHOUKOU));
    const e = await rejects(full.subarray(0, Math.floor(full.length / 2)));
    expect(e.code).toBe('CORRUPT_PDF');
    expect(e.message).toMatch(/damaged|truncated/);
  });

  it('rejects a PDF that needs a password', async () => {
    // Standard security handler whose /U entry matches no empty user password.
    const bytes = (n: number, seed: number) => Array.from({ length: n }, (_, i) => ((i * 37 + seed) % 256).toString(16).padStart(2, '0')).join('');
    const pdf = buildPdf(
      onePage('BT /F1 12 Tf 72 700 Td (secret) Tj ET', '<< >>', [`<< /Filter /Standard /V 1 /R 2 /Length 40 /O <${bytes(32, 11)}> /U <${bytes(32, 5)}> /P -4 >>`]),
      `/Encrypt 5 0 R /ID [<${bytes(16, 3)}> <${bytes(16, 3)}>] `,
    );
    const e = await rejects(pdf);
    expect(e.code).toBe('ENCRYPTED_PDF');
    expect(e.message).toMatch(/password/);
  });

  const qpdf = spawnSync('qpdf', ['--version']).status === 0;
  it.skipIf(!qpdf)('rejects a real PDF encrypted by qpdf with a user password, and opens one with only an owner password', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-pdf-'));
    dirs.push(dir);
    const locked = path.join(dir, 'locked.pdf');
    const owner = path.join(dir, 'owner.pdf');
    expect(spawnSync('qpdf', ['--encrypt', 'user', 'owner', '256', '--', corpus(HZQ), locked]).status).toBe(0);
    expect(spawnSync('qpdf', ['--encrypt', '', 'owner', '256', '--', corpus(HZQ), owner]).status).toBe(0);
    expect((await rejects(readFileSync(locked))).code).toBe('ENCRYPTED_PDF');
    const opened = await loadPdf(readFileSync(owner));
    expect(paragraphs(opened)[0]!.text).toBe('洪泽区人民政府');
  });

  it('reports a scanned page instead of returning nothing silently when OCR is off', async () => {
    const pdf = buildPdf(onePage('q 495 0 0 742 50 50 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x80\x40\x20\x10 EI Q'));
    const doc = await loadPdf(pdf, { ocr: 'never' });
    expect(doc.issues).toHaveLength(1);
    expect(doc.issues[0]!.code).toBe('NO_TEXT_LAYER');
    expect(doc.issues[0]!.message).toMatch(/^page 1 has no text layer \(scanned image\?\)/);
    expect(doc.issues[0]!.span.page).toBe(1);
    expect(paragraphs(doc)).toEqual([]);
    expect(doc.blocks.map((b) => b.type)).toEqual(['image']);
  });

  it('does not call a page scanned when its only text is furniture or sits in a form XObject', async () => {
    // Three pages, each a full-page picture under a running header; the last also has its text in a form.
    const image = 'q 495 0 0 700 50 50 cm BI /W 2 /H 2 /CS /G /BPC 8 ID \x80\x40\x20\x10 EI Q';
    const header = 'BT /F1 9 Tf 72 800 Td (Annual Report 2024) Tj ET';
    const font = '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>';
    const page = (contents: number, xobject = '') => `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 9 0 R >> ${xobject} >> /Contents ${contents} 0 R >>`;
    const form = Buffer.concat([Buffer.from('<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 9 0 R >> >> /Length 47 >>\nstream\n'), Buffer.from('BT /F1 20 Tf 100 400 Td (Cover in a form) Tj ET'), Buffer.from('\nendstream')]);
    const pdf = buildPdf([
      '<< /Type /Catalog /Pages 2 0 R >>',
      '<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>',
      page(6),
      page(7),
      page(8, '/XObject << /Fm1 10 0 R >>'),
      stream(`${image}\n${header}`),
      stream(`${image}\n${header}`),
      stream(`${image}\n${header}\nq /Fm1 Do Q`),
      font,
      form,
    ]);
    const doc = await loadPdf(pdf);
    expect(doc.issues).toEqual([]);
    expect(paragraphs(doc).map((p) => p.text)).toEqual(['Cover in a form']);
  });
});
