// Records from the real Word and PDF files of the corpus, and bad binary input in one batch.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import type { DocResult } from '../src/pipeline.ts';
import { AnyRecord, type TableRecord } from '../src/schema/records.ts';
import { EXTERNAL_DIR } from './helpers/corpus.ts';
import { extract, sections } from './helpers/extract.ts';

const tables = (r: DocResult) => r.records.filter((x): x is TableRecord => x.kind === 'table');
/** A body cell by row key (text of the first cells) and column path. */
function cell(t: TableRecord, rowKey: string, column: string[]) {
  const c = t.columns.findIndex((col) => col.path.join('/') === column.join('/'));
  const row = t.rows.find((r) => r.slice(0, 2).some((x) => x.text.replace(/\s+/g, '') === rowKey));
  if (c < 0 || !row) throw new Error(`no ${rowKey} × ${column.join('/')} in 表${t.number}: ${t.columns.map((x) => x.path.join('/')).join(' | ')}`);
  return row[c]!;
}

describe('西京学院 2023 graduate employment report (97-page PDF)', () => {
  let r: DocResult;
  beforeAll(async () => {
    r = await extract(`${EXTERNAL_DIR}西京学院2023届毕业生就业质量年度报告.pdf`);
  }, 120_000);

  it('has chapters 第一章 … 第九章, with 一、 and （一） under them', () => {
    const top = sections(r.records).filter((s) => s.level === 1);
    expect(top.map((s) => s.number)).toEqual(['第一章', '第二章', '第三章', '第四章', '第五章', '第六章', '第七章', '第八章', '第九章']);
    expect(top[0]!.title).toBe('毕业生就业基本情况');
    const s = sections(r.records).find((x) => x.title === '毕业生规模');
    expect(s).toMatchObject({ number: '（一）', level: 3 });
    // The table of contents (pages 7–10) is recognised, not taken for headings.
    expect(sections(r.records).every((x) => (x.provenance.page ?? 0) > 10)).toBe(true);
  });

  it('joins 表1-2, which crosses from page 12 to 13, into one record with merged cells carried down', () => {
    const t = tables(r).find((x) => x.number === '1-2')!;
    expect(t.provenance).toMatchObject({ page: 12, pageEnd: 13 });
    expect(t.columns.map((c) => c.path.join('/'))).toEqual(['学院', '专业', '人数', '占比']);
    const second = t.rows[1]!;
    expect(second[0]).toMatchObject({ text: '机械工程学院', spannedFrom: [0, 0] });
    expect(cell(t, '土木工程学院', ['人数']).value).toBe(44);
    expect(cell(t, '土木工程学院', ['占比'])).toMatchObject({ value: 19.3, type: 'percent' });
    // 汇总 rows are group subtotals: the 总计 adds up against the schools, not twice.
    expect(r.records.filter((x) => x.kind === 'warning' && x.code === 'TOTAL_MISMATCH')).toEqual([]);
  });

  it('gives every record a page and a box on it', () => {
    for (const x of r.records.filter((y) => y.kind !== 'document')) {
      expect(x.provenance.page, x.id).toBeGreaterThanOrEqual(1);
      const [x0, y0, x1, y1] = x.provenance.bbox!;
      expect(x0 < x1 && y0 < y1, x.id).toBe(true);
    }
  });
});

describe('周口市 2023 statistical bulletin (PDF)', () => {
  it('has chapters 一、 to 十一、 and its six ruled tables with units from the header', async () => {
    const r = await extract(`${EXTERNAL_DIR}周口市统计公报2023.pdf`);
    expect(sections(r.records).filter((s) => s.level === 1).map((s) => s.number)).toEqual(['一、', '二、', '三、', '四、', '五、', '六、', '七、', '八、', '九、', '十、', '十一、']);
    const ts = tables(r);
    expect(ts.map((t) => t.number)).toEqual(['1', '2', '3', '4', '5', '6']);
    const t1 = ts[0]!;
    expect(t1.title).toBe('2023年末周口市常住人口数及其构成');
    expect(t1.columns.map((c) => [c.path.join('/'), c.unit])).toEqual([['指标', null], ['年末数', '万人'], ['比重', '%']]);
    expect(cell(t1, '全市常住人口', ['年末数'])).toMatchObject({ value: 866.6, unit: '万人' });
    expect(cell(t1, '乡村', ['比重']).value).toBe(54.69);
  });
});

describe('bad Word and PDF files in one batch', () => {
  it('ends each in an error record with its reason and still extracts the good ones', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-badbin-'));
    const inputs = path.join(dir, 'in');
    mkdirSync(inputs);
    copyFileSync(`${EXTERNAL_DIR}word_tables.docx`, path.join(inputs, 'good.docx'));
    copyFileSync(`${EXTERNAL_DIR}周口市统计公报2023.pdf`, path.join(inputs, 'good.pdf'));
    writeFileSync(path.join(inputs, 'empty.pdf'), '');
    const pdf = readFileSync(`${EXTERNAL_DIR}周口市统计公报2023.pdf`);
    writeFileSync(path.join(inputs, 'truncated.pdf'), pdf.subarray(0, pdf.length >> 1));
    const docx = readFileSync(`${EXTERNAL_DIR}word_tables.docx`);
    writeFileSync(path.join(inputs, 'corrupt.docx'), docx.subarray(0, docx.length >> 1));
    writeFileSync(path.join(inputs, 'old.docx'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]));
    const bomb = new JSZip();
    bomb.file('word/document.xml', Buffer.alloc(300 * 1024 * 1024, 0x20));
    writeFileSync(path.join(inputs, 'bomb.docx'), await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } }));

    const out = path.join(dir, 'out');
    expect(await main(['extract', inputs, '--out', out, '--quiet'])).toBe(1);
    const records = readFileSync(path.join(out, 'records.jsonl'), 'utf8').trim().split('\n').map((l) => AnyRecord.parse(JSON.parse(l)));
    const errors = Object.fromEntries(records.flatMap((x) => (x.kind === 'error' ? [[x.docId, x.code]] : [])));
    // A .docx holding Word 97 bytes is converted by LibreOffice where it is installed, else read by the
    // text-only .doc reader; these bytes are no Word file either way.
    const soffice = spawnSync('soffice', ['--version'], { stdio: 'ignore' }).status === 0;
    expect(errors).toEqual({ empty: 'EMPTY_FILE', truncated: 'CORRUPT_PDF', corrupt: 'CORRUPT_ARCHIVE', old: soffice ? 'CONVERSION_FAILED' : 'LEGACY_DOC', bomb: 'ZIP_BOMB' });
    expect(records.filter((x) => x.docId === 'good' && x.kind === 'table').length).toBeGreaterThan(3);
    expect(records.filter((x) => x.docId === 'good-pdf' && x.kind === 'section').length).toBe(11);
  }, 300_000);
});
