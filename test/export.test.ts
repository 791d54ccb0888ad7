// vetreport export and show on a store holding the seeds and two external reports: every output is
// read back with its own library (the CSV text, exceljs, better-sqlite3) and checked against cells
// and figures of the reports.
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import ExcelJS from 'exceljs';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import type { CliIO } from '../src/cli/io.ts';
import { EXTERNAL_DIR, SEEDS_DIR } from './helpers/corpus.ts';

const DOC = '000_3d957bb943967ad8';
let dir: string;
let store: string;

function capture(): CliIO & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, say: (l) => out.push(l), warn: (l) => err.push(l) };
}

/** RFC 4180 as Excel writes it: quoted fields with doubled quotes, CRLF rows, a leading BOM. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const s = text.replace(/^\ufeff/, '');
  for (let i = 0; i < s.length; i++) {
    const ch = s[i]!;
    if (quoted) {
      if (ch === '"' && s[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\r' && s[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i++; } else field += ch;
  }
  return rows;
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'vetreport-export-'));
  store = path.join(dir, 'store');
  const inbox = path.join(dir, 'reports');
  mkdirSync(inbox);
  for (const f of readdirSync(SEEDS_DIR)) copyFileSync(path.join(SEEDS_DIR, f), path.join(inbox, f));
  for (const f of ['docx_01.docx', 'word_tables.docx']) copyFileSync(path.join(EXTERNAL_DIR, f), path.join(inbox, f));
  expect(await main(['extract', inbox, '--store', store, '--quiet'], capture())).toBe(0);
}, 300_000);

describe('export', () => {
  it('csv: a file per table with the column paths as header, indicators in long format, documents', async () => {
    const out = path.join(dir, 'csv');
    const io = capture();
    expect(await main(['export', '--format', 'csv', '--out', out, '--store', store], io)).toBe(0);
    expect(io.out.join('\n')).toMatch(/7 documents/);
    const t = parseCsv(readFileSync(path.join(out, 'tables', DOC, '1-2.csv'), 'utf8'));
    const col = t[0]!.indexOf('在校生人数 / 2022年');
    expect(col).toBeGreaterThan(0);
    const row = t.find((r) => r.includes('柳职院'))!;
    expect(row[col]).toBe('17165');
    // The 合计 label spans two columns: written once.
    const total = t.find((r) => r.includes('合计'))!;
    expect(total.filter((x) => x === '合计')).toHaveLength(1);

    const ind = parseCsv(readFileSync(path.join(out, 'indicators.csv'), 'utf8'));
    const h = ind[0]!;
    const rec = ind.find((r) => r[h.indexOf('document')] === DOC && r[h.indexOf('indicator')] === 'employment.rate' && r[h.indexOf('value')] === '89.02')!;
    expect(rec[h.indexOf('subject')]).toBe('柳州市');
    expect(rec[h.indexOf('period')]).toBe('2023');
    expect(rec[h.indexOf('unit')]).toBe('%');
    expect(rec[h.indexOf('printed')]).toBe('89.02%');
    const docs = parseCsv(readFileSync(path.join(out, 'documents.csv'), 'utf8'));
    expect(docs.slice(1).map((r) => r[0])).toContain(DOC);
    expect(JSON.parse(readFileSync(path.join(out, 'export.json'), 'utf8')).source).toMatch(/^latest extraction of every document \(run /);

    // Deterministic: the same source gives the same bytes; the folder is replaced whole.
    writeFileSync(path.join(out, 'stray.txt'), 'left from before');
    const again = path.join(dir, 'csv2');
    expect(await main(['export', '--format', 'csv', '--out', again, '--store', store], capture())).toBe(0);
    expect(await main(['export', '--format', 'csv', '--out', out, '--store', store], capture())).toBe(0);
    expect(readdirSync(out)).not.toContain('stray.txt');
    for (const f of ['indicators.csv', 'documents.csv', `tables/${DOC}/1-2.csv`]) expect(readFileSync(path.join(again, f))).toEqual(readFileSync(path.join(out, f)));
  }, 180_000);

  it('xlsx: a sheet per table with merged header cells and numbers as numbers; indicators and documents sheets', async () => {
    const out = path.join(dir, 'corpus.xlsx');
    expect(await main(['export', '--format', 'xlsx', '--out', out, '--store', store], capture())).toBe(0);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    const index = wb.getWorksheet('tables')!;
    let sheet = '';
    index.eachRow((r) => { if (r.getCell(3).value === `${DOC}/table/1-2`) sheet = String(r.getCell(1).value); });
    const ws = wb.getWorksheet(sheet)!;
    expect(String(ws.getCell(1, 1).value)).toContain('柳州市各职业院校2022-2023年招生情况及在校生人数一览表');
    // Header rows 2–3: 在校生人数 spans the two year columns.
    expect(ws.getCell(2, 3).value).toBe('在校生人数（人）');
    expect(ws.getCell(2, 4).isMerged).toBe(true);
    expect(ws.getCell(3, 3).value).toBe('2022年');
    let found: unknown = null;
    ws.eachRow((r) => { if (r.getCell(2).value === '柳职院') found = r.getCell(3).value; });
    expect(found).toBe(17165);
    const inds = wb.getWorksheet('indicators')!;
    const head = (inds.getRow(1).values as unknown[]).slice(1);
    let rate: unknown[] | null = null;
    inds.eachRow((r) => { const v = (r.values as unknown[]).slice(1); if (v[head.indexOf('document')] === DOC && v[head.indexOf('indicator')] === 'employment.rate' && v[head.indexOf('value')] === 94.18) rate = v; });
    expect(rate).not.toBeNull();
    expect(rate![head.indexOf('subject')]).toBe('柳州市');
    const docs = wb.getWorksheet('documents')!;
    expect(docs.rowCount).toBe(8);
  }, 180_000);

  it('sqlite: the query across the store, cells by row and column, foreign keys that hold', async () => {
    const out = path.join(dir, 'corpus.sqlite');
    expect(await main(['export', '--format', 'sqlite', '--out', out, '--store', store], capture())).toBe(0);
    const db = new Database(out, { readonly: true });
    try {
      const rows = db.prepare("SELECT subject, value FROM indicators WHERE indicator='employment.rate' AND period=2023").all() as Array<{ subject: string; value: number }>;
      expect(rows).toEqual(expect.arrayContaining([{ subject: '柳州市', value: 89.02 }, { subject: '柳州市', value: 94.18 }]));
      const cell = db.prepare("SELECT value FROM cells WHERE table_id = ? AND row_label = '柳职院' AND column_path = '在校生人数 / 2022年'").get(`${DOC}/table/1-2`) as { value: number };
      expect(cell.value).toBe(17165);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      const counts = db.prepare('SELECT (SELECT count(*) FROM documents) d, (SELECT count(*) FROM sections) s, (SELECT count(*) FROM tables) t, (SELECT count(*) FROM cases) c, (SELECT count(*) FROM warnings) w').get() as Record<string, number>;
      expect(counts.d).toBe(7);
      for (const k of ['s', 't', 'c', 'w']) expect(counts[k]).toBeGreaterThan(0);
      expect((db.prepare("SELECT value FROM export_info WHERE key='source'").get() as { value: string }).value).toMatch(/^latest extraction/);
    } finally {
      db.close();
    }
    const again = path.join(dir, 'again.sqlite');
    expect(await main(['export', '--format', 'sqlite', '--out', again, '--store', store], capture())).toBe(0);
    expect(readFileSync(again)).toEqual(readFileSync(out));
  }, 180_000);

  it('usage errors are one line and exit 2', async () => {
    const io = capture();
    expect(await main(['export', '--format', 'pdf', '--out', path.join(dir, 'x'), '--store', store], io)).toBe(2);
    expect(await main(['export', '--format', 'csv', '--out', path.join(dir, 'x'), '--store', store, '--doc', 'nope'], io)).toBe(2);
    expect(await main(['export', 'no-such-run', '--format', 'csv', '--out', path.join(dir, 'x'), '--store', store], io)).toBe(2);
    expect(io.err.every((l) => !l.includes('\n'))).toBe(true);
  });
});

describe('show', () => {
  it('md: chapter tree, tables as Markdown, cases and indicators', async () => {
    const io = capture();
    expect(await main(['show', DOC, '--store', store], io)).toBe(0);
    const md = io.out.join('\n');
    expect(md).toMatch(/^## 1\. ?基本情况$/m);
    expect(md).toMatch(/^### 1\.1 ?发展概况$/m);
    expect(md).toContain('| 序号 | 学校 | 在校生人数 / 2022年 | 在校生人数 / 2023年 |');
    expect(md).toMatch(/^\| 1 \| 柳职院 \| 17165 \| 16626 \|/m);
    expect(md).toMatch(/^> \*\*案例/m);
    expect(md).toContain('| 毕业去向落实率 · 柳州市 · 2023 | employment.rate | 89.02% | 89.02% |');
  });

  it('outline: the chapter tree with what each section holds', async () => {
    const io = capture();
    expect(await main(['show', DOC, '--format', 'outline', '--store', store], io)).toBe(0);
    const text = io.out.join('\n');
    expect(text).toMatch(/^ {4}1\.2 ?\S+ {2}\[1 table, \d+ indicators\]$/m);
    expect(await main(['show', 'no-such-doc', '--store', store], capture())).toBe(2);
  });
});
