// Web pages: a report saved from a bureau's site (GBK, navigation, sidebar, footer, scripts) and a
// Word report saved as a web page by LibreOffice, wrapped in such a site: the page's content gives
// the same sections and tables as the Word file; nothing of the site's furniture is read.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TableBlock } from '../src/blocks.ts';
import { decodeHtml, loadHtml } from '../src/load/html.ts';
import type { DocResult } from '../src/pipeline.ts';
import type { DocumentRecord, TableRecord } from '../src/schema/records.ts';
import { EXTERNAL_DIR } from './helpers/corpus.ts';
import { extractBytes, sections } from './helpers/extract.ts';

const tree = (r: DocResult) => sections(r.records).map((s) => [s.number, s.title, s.level, s.text]);
const tables = (r: DocResult) => r.records.filter((x): x is TableRecord => x.kind === 'table').map((t) => [t.number, t.title, t.headerRows.map((row) => row.map((c) => c.text)), t.rows.map((row) => row.map((c) => c.text))]);
const doc = (r: DocResult) => r.records.find((x): x is DocumentRecord => x.kind === 'document')!;

const SITE_TOP =
  '<div id="top"><div class="logo">某市教育局</div><ul class="nav"><li><a href="/">首页</a></li><li><a href="/zwgk">政务公开</a></li><li><a href="/bsfw">办事服务</a></li><li><a href="/hdjl">互动交流</a></li></ul></div>' +
  '<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; <a href="/zwgk">政务公开</a> &gt; 年度报告</div>';
const SITE_SIDE = '<div class="side"><h3>相关链接</h3><ul><li><a href="/a">教育部</a></li><li><a href="/b">省教育厅</a></li><li><a href="/c">一、招生信息公开</a></li></ul></div>';
const SITE_FOOT =
  '<div id="footer">版权所有：某市教育局　地址：某市人民路1号　备案号：X-ICP备12345678号</div>' +
  '<script>var menu = "二、网站导航"; document.write("三、脚本文字");</script><style>.nav{color:red}</style>';
const FURNITURE = /首页|政务公开|办事服务|相关链接|版权所有|备案号|网站导航|脚本文字|招生信息公开|当前位置/;

describe('a report saved from a bureau site (GBK)', () => {
  const page =
    '<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk"><title>某市2023年职业教育质量年度报告_某市教育局</title></head><body>' +
    SITE_TOP +
    '<div class="main"><div class="article"><h1 class="title">某市2023年职业教育质量年度报告</h1><div class="info">发布时间：2024-03-01　来源：市教育局</div>' +
    '<div class="content">\n<p>　　2023年，全市职业教育坚持立德树人，\n办学质量稳步提升。</p>' +
    '<p><strong>一、基本情况</strong></p><p>全市共有中等职业学校12所，在校生3.2万人。</p>' +
    '<p><strong>（一）学校布局</strong></p><p>市区7所，县域5所。</p>' +
    '<p>表1 各类学校在校生情况</p>' +
    '<table border="1"><tr><td rowspan="2">类别</td><td colspan="2">在校生（人）</td></tr><tr><td>2022年</td><td>2023年</td></tr>' +
    '<tr><td>公办</td><td>25000</td><td>26000</td></tr><tr><td>民办</td><td>5500</td><td>6000</td></tr><tr><td>合计</td><td>30500</td><td>32000</td></tr></table>' +
    '<p><strong>二、人才培养</strong></p><p>毕业生就业率96.5%。</p></div></div>' +
    SITE_SIDE +
    '</div>' +
    SITE_FOOT +
    '</body></html>';
  const bytes = iconv.encode(page, 'gbk');

  it('decodes by the declared charset', () => {
    const { html, encoding } = decodeHtml(bytes);
    expect(encoding).toBe('gb18030');
    expect(html).toContain('某市2023年职业教育质量年度报告');
  });

  it('gives the article: title, chapters by their numbers, the table with its merged header; nothing of the site', async () => {
    const r = await extractBytes(bytes, 'report.htm');
    expect(r.status).toBe('ok');
    expect(doc(r).source.format).toBe('html');
    expect(doc(r).source.encoding).toBe('gb18030');
    expect(doc(r).title).toBe('某市2023年职业教育质量年度报告');
    expect(tree(r)).toEqual([
      ['一、', '基本情况', 1, '全市共有中等职业学校12所，在校生3.2万人。'],
      ['（一）', '学校布局', 2, '市区7所，县域5所。'],
      ['二、', '人才培养', 1, '毕业生就业率96.5%。'],
    ]);
    expect(tables(r)).toEqual([
      ['1', '各类学校在校生情况', [['类别', '在校生（人）'], ['2022年', '2023年']], [['公办', '25000', '26000'], ['民办', '5500', '6000'], ['合计', '30500', '32000']]],
    ]);
    const t = r.records.find((x): x is TableRecord => x.kind === 'table')!;
    expect(t.columns.map((c) => [c.path, c.unit])).toEqual([[['类别'], null], [['在校生', '2022年'], '人'], [['在校生', '2023年'], '人']]);
    // A source line break inside Chinese text is no space.
    expect(doc(r).preamble).toContain('坚持立德树人，办学质量稳步提升。');
    expect(r.text).not.toMatch(FURNITURE);
  });

  it('keeps rowspan and colspan on the table block', async () => {
    const loaded = await loadHtml(bytes);
    const t = loaded.blocks.find((b): b is TableBlock => b.type === 'table')!;
    expect(t.rows[0]!.cells.map((c) => [c.text, c.rowSpan, c.colSpan])).toEqual([['类别', 2, 1], ['在校生（人）', 1, 2]]);
    expect(t.spansKnown).toBe(true);
  });

  it('reads UTF-8 with a BOM and no declaration', async () => {
    const r = await extractBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page.replace(/<meta[^>]*>/, ''), 'utf8')]), 'report.html');
    expect(doc(r).source.encoding).toBe('utf-8-bom');
    expect(tree(r).map((s) => s[1])).toEqual(['基本情况', '学校布局', '人才培养']);
  });
});

const soffice = spawnSync('soffice', ['--version']).status === 0;

describe.runIf(soffice)('a Word report saved as a web page by LibreOffice, inside a site, in GBK', () => {
  const source = `${EXTERNAL_DIR}政务公开年报模版.docx`;
  const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-html-'));
  let page: Buffer;
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  beforeAll(() => {
    writeFileSync(path.join(dir, 'gk.docx'), readFileSync(source));
    const r = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'html', '--outdir', dir, path.join(dir, 'gk.docx')], { timeout: 300_000 });
    if (r.status !== 0) throw new Error(`soffice could not save the page: ${r.stderr}`);
    const html = readFileSync(path.join(dir, 'gk.html'), 'utf8')
      .replace(/charset=utf-8/i, 'charset=gb2312')
      .replace(/(<body[^>]*>)/i, `$1${SITE_TOP}<div class="main"><div class="content">`)
      .replace(/<\/body>/i, `</div>${SITE_SIDE}</div>${SITE_FOOT}</body>`);
    page = iconv.encode(html, 'gbk');
  }, 320_000);

  it('gives the sections and tables of the Word file, and none of the site', async () => {
    const original = await extractBytes(readFileSync(source), 'gk.docx');
    const r = await extractBytes(page, 'gk.html');
    expect(r.status).toBe('ok');
    expect(doc(r).title).toBe(doc(original).title);
    expect(tree(r)).toEqual(tree(original));
    expect(tables(r)).toEqual(tables(original));
    expect(r.text).not.toMatch(FURNITURE);
  }, 120_000);
});
