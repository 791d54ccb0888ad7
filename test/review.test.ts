// The review page without a browser: escaping, the table overlay, the decision API's guards, and the
// static export.
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../src/commands/diff.ts';
import { reviewCommand } from '../src/commands/review.ts';
import { diffRecords } from '../src/diff/index.ts';
import type { RecordChange } from '../src/diff/types.ts';
import { decisionsLog, legacyDecisionsFile, loadDecisions, readDecisionLog, type Decisions } from '../src/review/decisions.ts';
import { startReviewServer } from '../src/review/server.ts';
import { buildReview, docFileName } from '../src/review/model.ts';
import { renderDocument, renderIndex } from '../src/review/render.ts';
import { AnyRecord, type DocumentRecord, type SectionRecord, type TableCell, type TableRecord, type WarningRecord } from '../src/schema/records.ts';
import { Store } from '../src/store/store.ts';
import { extractInto } from './helpers/review.ts';

// ---------------------------------------------------------------------------------------------
// Rendering, on records made up to be hostile.

const SHA = 'a'.repeat(64);
const extractor = { pipeline: 'quality-report', version: '0.1.0' };
const D = 'evil<doc>';
const prov = (line: number, sectionId: string | null = null): AnyRecord['provenance'] => ({ sourcePath: `reports/"x"&<y>.txt`, sha256: SHA, format: 'txt', lineStart: line, lineEnd: line + 1, charStart: line * 10, charEnd: line * 10 + 5, sectionId });
const valid = <T extends AnyRecord>(r: T): T => AnyRecord.parse(r) as T;
const cell = (text: string): TableCell => (/^\d+$/.test(text) ? { text, value: Number(text), type: 'integer' } : { text, value: null, type: text ? 'text' : 'empty' });

function records(v: 'before' | 'after'): AnyRecord[] {
  const a = v === 'after';
  const sec = `${D}/sec/1`;
  const doc = valid<DocumentRecord>({
    kind: 'document', id: D, docId: D, provenance: prov(1), extractor,
    source: { path: 'reports/x.txt', sha256: SHA, bytes: 10, format: 'txt', encoding: 'utf-8' },
    title: '报告 <title> & "quotes"', region: null, year: 2023, institution: null, reportType: null, aliases: {}, preamble: '', counts: { sections: 1, tables: 1, cases: 0, figures: 0, warnings: 1 },
  });
  const section = valid<SectionRecord>({
    kind: 'section', id: sec, docId: D, provenance: prov(2, sec), extractor, number: '1.', title: a ? '标题 <b>粗</b> & \'q\'' : '标题',
    level: 1, parentId: null, text: a ? '正文 <script>alert(1)</script> 结束' : '正文 结束',
  });
  const rows = [
    ['1', '甲校', '100'],
    ['2', '乙校', '200'],
    ['3', '丙校', '300'],
  ];
  const table = valid<TableRecord>({
    kind: 'table', id: `${D}/table/1-1`, docId: D, provenance: prov(3, sec), extractor, number: '1-1', title: '表 <i>t</i>',
    columns: [{ path: ['序号'], unit: null }, { path: ['学校'], unit: null }, { path: ['人数', '2023年'], unit: '人' }],
    headerRows: [
      [{ ...cell('序号'), rowSpan: 2 }, { ...cell('学校'), rowSpan: 2 }, cell('人数')],
      [cell('2023年')],
    ],
    rows: (a ? [rows[0]!, ['2', '丙校', '300'], ['3', '<img src=x onerror=alert(1)>', '999']] : rows).map((r) => r.map(cell)),
    notes: [], unit: null, sectionId: sec,
  });
  const warning = valid<WarningRecord>({ kind: 'warning', id: `${D}/warn/X/5`, docId: D, provenance: prov(9), extractor, code: 'X', message: a ? '</ul><script>alert(2)</script>' : 'old' });
  return [doc, section, table, warning];
}

describe('rendering', () => {
  const diff = diffRecords(records('before'), records('after'));
  const data = buildReview({ diff, before: records('before'), after: records('after'), beforeLabel: 'run <a>', afterLabel: 'run "b"' });
  const doc = data.docs[0]!;
  const tableChange = diff.changes.find((c) => c.kind === 'table')!;
  const decisions: Decisions = { [tableChange.changeId]: { changeId: tableChange.changeId, address: null, recordChangeId: tableChange.changeId, verdict: 'wrong', comment: '<script>alert(3)</script>', reviewer: '<b>me</b>', at: '2024-01-01T00:00:00Z' } };

  it('escapes report text, labels, paths and comments everywhere', () => {
    for (const html of [renderDocument(data, doc, decisions, { interactive: true }), renderDocument(data, doc, decisions, { interactive: false }), renderIndex(data, decisions, { interactive: true })]) {
      expect(html).not.toMatch(/<script>alert|<img src=x|<b>粗|<i>t<\/i>|<title> &|<doc>|run <a>|<\/ul><script>/);
    }
    const page = renderDocument(data, doc, decisions, { interactive: true });
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(page).toContain('&lt;script&gt;alert(3)&lt;/script&gt;');
    expect(page).toContain('&lt;b&gt;me&lt;/b&gt;');
    expect(page).toContain('标题 &lt;b&gt;粗&lt;/b&gt; &amp; &#39;q&#39;');
    expect(page.match(/<script/g)).toHaveLength(1); // the page's own
    const readOnly = renderDocument(data, doc, decisions, { interactive: false });
    expect(readOnly).not.toMatch(/<script|<button/);
  });

  it('lays the cell changes over the table: both values, the removed row where it stood, the merged header', () => {
    expect(tableChange.cells!.map((c) => c.op).sort()).toEqual(['row-added', 'row-removed']);
    const page = renderDocument(data, doc, {}, { interactive: true });
    const block = page.slice(page.indexOf(`data-change-id="${tableChange.changeId}"`));
    const table = block.slice(0, block.indexOf('</table>'));
    expect(table).toContain('<th rowspan="2">序号</th>');
    const rowsHtml = table.split('<tr').slice(3); // two header rows
    expect(rowsHtml.map((r) => (r.startsWith(' class="row-removed"') ? '-' : r.startsWith(' class="row-added"') ? '+' : '='))).toEqual(['=', '-', '=', '+']);
    expect(rowsHtml[1]).toContain('<del>乙校</del>');
    // A changed section shows its character diff; the block carries the change id and the buttons.
    const sec = diff.changes.find((c) => c.kind === 'section')!;
    const secBlock = page.slice(page.indexOf(`data-change-id="${sec.changeId}"`));
    expect(secBlock.slice(0, secBlock.indexOf('class="review"'))).toContain('<ins>');
    expect(secBlock).toMatch(/^data-change-id="[0-9a-f]{16}"[^]*?<button type="button" class="accept" data-verdict="accepted">Accept<\/button>/);
  });

  it('names document pages by docId, or by a cleaned name and hash when the id is not a safe file name', () => {
    expect(docFileName('liuzhou-2023')).toBe('liuzhou-2023.html');
    expect(docFileName('柳州市2023年报告')).toBe('柳州市2023年报告.html');
    expect(docFileName('../x')).toMatch(/^_+x-[0-9a-f]{10}\.html$/);
    expect(docFileName(D)).toMatch(/^evil_doc_-[0-9a-f]{10}\.html$/);
  });
});

// ---------------------------------------------------------------------------------------------
// The server and the export, on a store with two extractions of seed 000.

const SEED = fileURLToPath(new URL('../../shared/corpus/seeds/000_3d957bb943967ad8.txt', import.meta.url));

interface Res {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function call(url: string, opts: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer } = {}): Promise<Res> {
  const u = new URL(opts.path ?? '/', url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: u.hostname, port: u.port, path: u.pathname, method: opts.method ?? 'GET', headers: { Host: u.host, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => {
      // The server may close the connection of an oversized body before it is all sent.
      if (e.code === 'EPIPE' || e.code === 'ECONNRESET') resolve({ status: -1, headers: {}, body: 'connection closed' });
      else reject(e);
    });
    req.end(opts.body);
  });
}

const post = (url: string, body: unknown, headers: Record<string, string> = {}) =>
  call(url, { method: 'POST', path: '/api/decisions', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

describe('review server and export', () => {
  let dir: string;
  let store: Store;
  let url: string;
  let close: () => Promise<void>;
  let change: RecordChange;
  let afterDir: string;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vetreport-review-'));
    mkdirSync(path.join(dir, 'in'));
    const file = path.join(dir, 'in', 'liuzhou-2023.txt');
    copyFileSync(SEED, file);
    const storeDir = path.join(dir, 'store');
    for (let round = 0; round < 2; round++) {
      if (round === 1) writeFileSync(file, readFileSync(SEED, 'utf8').replace('\t柳职院\n\t17165\n', '\t柳职院\n\t17156\n'));
      await extractInto(storeDir, file);
    }
    store = new Store(storeDir);
    const r = await runDiff(store, undefined, undefined, {});
    change = r.diff.changes.find((c) => c.kind === 'table')!;
    expect(change.cells?.[0]?.line).toBe('表1-2 / 柳职院 / 在校生人数/2022年: 17165 → 17156');
    afterDir = r.after.dir;
    const srv = await reviewCommand({ store, log: () => undefined });
    url = srv.url!;
    close = srv.close!;
  });

  afterAll(async () => {
    await close?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('binds to 127.0.0.1 and serves the index and the document page with a content security policy', async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const index = await call(url);
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(index.headers['content-security-policy']).toMatch(/default-src 'none'.*script-src 'sha256-/);
    expect(index.body).toContain('href="docs/liuzhou-2023.html"');
    const page = await call(url, { path: '/docs/liuzhou-2023.html' });
    expect(page.status).toBe(200);
    expect(page.body).toContain(`data-change-id="${change.changeId}"`);
    expect(page.body).toContain('<del>17165</del> <ins>17156</ins>');
    expect((await call(url, { path: '/docs/nope.html' })).status).toBe(404);
    expect((await call(url, { path: '/etc/passwd' })).status).toBe(404);
  });

  it('refuses requests for another Host (DNS rebinding) and cross-origin posts', async () => {
    const port = new URL(url).port;
    expect((await call(url, { headers: { Host: `evil.example:${port}` } })).status).toBe(403);
    expect((await call(url, { headers: { Host: `127.0.0.1:${Number(port) + 1}` } })).status).toBe(403);
    expect((await call(url, { path: '/api/decisions', headers: { Host: 'evil.example' } })).status).toBe(403);
    expect((await post(url, { changeId: change.changeId, verdict: 'accepted' }, { Host: `evil.example:${port}` })).status).toBe(403);
    expect((await post(url, { changeId: change.changeId, verdict: 'accepted' }, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await post(url, { changeId: change.changeId, verdict: 'accepted' }, { Origin: 'null' })).status).toBe(403);
    expect((await post(url, { changeId: change.changeId, verdict: 'accepted' }, { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect(existsSync(decisionsLog(afterDir))).toBe(false);
  });

  it('refuses malformed decisions, unknown changes, other content types and oversized bodies', async () => {
    const id = change.changeId;
    for (const bad of [
      { changeId: id, verdict: 'maybe' },
      { changeId: id },
      { verdict: 'accepted' },
      { changeId: 'not-an-id', verdict: 'accepted' },
      { changeId: id, verdict: 'accepted', comment: 5 },
      { changeId: id, verdict: 'accepted', comment: '长'.repeat(1001) },
      { changeId: id, verdict: 'accepted', reviewer: 7 },
      { changeId: id, verdict: 'accepted', reviewer: 'r'.repeat(81) },
      { changeId: id, verdict: 'accepted', extra: true },
      [id, 'accepted'],
      '{"changeId": ',
    ]) {
      const r = await post(url, bad);
      expect(r.status, JSON.stringify(bad).slice(0, 80)).toBe(400);
      expect(JSON.parse(r.body).error).toBeTruthy();
    }
    expect((await post(url, { changeId: 'ffffffffffffffff', verdict: 'accepted' })).status).toBe(404);
    expect((await post(url, { changeId: id, verdict: 'accepted' }, { 'Content-Type': 'text/plain' })).status).toBe(415);
    expect((await post(url, { changeId: id, verdict: 'accepted' }, { 'Content-Type': 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect((await post(url, { changeId: id, verdict: 'accepted', comment: 'x'.repeat(17 * 1024) })).status).toBe(413);
    // Without a Content-Length: counted as it arrives.
    expect((await post(url, { changeId: id, verdict: 'accepted', comment: 'x'.repeat(17 * 1024) }, { 'Transfer-Encoding': 'chunked' })).status).toBe(413);
    expect((await call(url, { method: 'DELETE', path: '/api/decisions' })).status).toBe(405);
    expect(existsSync(decisionsLog(afterDir))).toBe(false);
  });

  it('answers 400 to a request with two Host headers', async () => {
    const u = new URL(url);
    const raw = await new Promise<string>((resolve, reject) => {
      const sock = connect(Number(u.port), u.hostname, () => sock.end(`GET / HTTP/1.1\r\nHost: ${u.host}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`));
      const chunks: Buffer[] = [];
      sock.on('data', (c: Buffer) => chunks.push(c));
      sock.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
      sock.on('error', reject);
    });
    expect(raw).toMatch(/^HTTP\/1\.1 400 /);
  });

  it('accepts a good decision, appends it to the run\'s decision log and shows it on the next load', async () => {
    const r = await post(url, { changeId: change.changeId, verdict: 'accepted', comment: '  核对过 <原表>  ', reviewer: ' 张三 ' }, { Origin: new URL(url).origin });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).decision).toMatchObject({ changeId: change.changeId, address: null, recordChangeId: change.changeId, verdict: 'accepted', comment: '核对过 <原表>', reviewer: '张三' });
    const lines = readFileSync(decisionsLog(afterDir), 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(1);
    const saved = JSON.parse(lines[0]!) as Decisions[string];
    expect(saved).toMatchObject({ verdict: 'accepted', comment: '核对过 <原表>' });
    expect(Date.parse(saved.at)).not.toBeNaN();

    const listed = await call(url, { path: '/api/decisions' });
    expect(JSON.parse(listed.body)[change.changeId].verdict).toBe('accepted');
    const page = await call(url, { path: '/docs/liuzhou-2023.html' });
    const block = page.body.slice(page.body.indexOf(`id="c-${change.changeId}"`));
    expect(block.slice(0, block.indexOf('class="actions"'))).toMatch(/data-verdict="accepted"[^]*✓ Accepted<\/span><q>核对过 &lt;原表&gt;<\/q>/);
    expect((await runDiff(store, undefined, undefined, { unreviewed: true })).diff.changes.map((c) => c.changeId)).not.toContain(change.changeId);

    // A second verdict is appended and is the current one.
    expect((await post(url, { changeId: change.changeId, verdict: 'wrong' })).status).toBe(200);
    expect(readFileSync(decisionsLog(afterDir), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
    expect((await loadDecisions(afterDir))[change.changeId]!.verdict).toBe('wrong');
  });

  it('takes a decision about one cell of a table change, addressed as the diff addresses it', async () => {
    const cellChange = change.cells![0]!;
    const r = await post(url, { changeId: cellChange.changeId, verdict: 'accepted' });
    expect(r.status).toBe(200);
    expect(JSON.parse(r.body).decision).toMatchObject({ changeId: cellChange.changeId, address: '表1-2 / 柳职院 / 在校生人数/2022年', recordChangeId: change.changeId });
    const page = await call(url, { path: '/docs/liuzhou-2023.html' });
    expect(page.body).toMatch(new RegExp(`data-part="cell" data-change-id="${cellChange.changeId}"[^]*?data-decision-for="${cellChange.changeId}" data-verdict="accepted"`));
  });

  it('keeps every decision of two servers on one store posting 50 interleaved decisions', async () => {
    const second = await startReviewServer({ store });
    try {
      const { diff } = await runDiff(store, undefined, undefined, {});
      const ids = diff.changes.flatMap((c) => [c.changeId, ...(c.cells ?? []).map((x) => x.changeId)]);
      expect(ids.length).toBeGreaterThanOrEqual(2);
      const before = (await readDecisionLog(afterDir)).length;
      // 50 decisions, alternating servers, all in flight at once; each one's comment tells it apart.
      const posted = Array.from({ length: 50 }, (_, i) => ({ changeId: ids[i % ids.length]!, verdict: i % 3 ? 'accepted' : 'wrong', comment: `decision ${i}`, reviewer: i % 2 ? 'b' : 'a' }));
      const results = await Promise.all(posted.map((d, i) => post(i % 2 ? second.url : url, d)));
      expect(results.map((r) => r.status)).toEqual(posted.map(() => 200));
      const log = (await readDecisionLog(afterDir)).slice(before);
      expect(log.map((d) => d.comment).sort()).toEqual(posted.map((d) => d.comment).sort());
      for (const d of log) expect(d).toMatchObject(posted[Number(d.comment.split(' ')[1])]!);
      // The current state is the last decision per id, in log order, whichever server wrote it.
      const current = await loadDecisions(afterDir);
      for (const id of new Set(ids.slice(0, Math.min(ids.length, 50)))) expect(current[id]!.comment).toBe(log.filter((d) => d.changeId === id).at(-1)!.comment);
    } finally {
      await second.close();
    }
  });

  it('reads decisions of the older review.json format as made before everything in the log', async () => {
    const dir2 = await mkdtemp(path.join(os.tmpdir(), 'vetreport-review-legacy-'));
    try {
      const id = 'aaaaaaaaaaaaaaaa';
      writeFileSync(legacyDecisionsFile(dir2), JSON.stringify({ [id]: { changeId: id, verdict: 'accepted', comment: 'old', at: '2024-01-01T00:00:00Z' } }));
      expect((await loadDecisions(dir2))[id]).toMatchObject({ verdict: 'accepted', address: null, recordChangeId: id, reviewer: '' });
      // A torn last line (a crash mid-write) is skipped, and the next decision starts on a fresh line.
      writeFileSync(decisionsLog(dir2), `{"changeId":"${id}","verdict":"wro`);
      const { appendDecision } = await import('../src/review/decisions.ts');
      await appendDecision(dir2, { changeId: id, address: null, recordChangeId: id, verdict: 'wrong', comment: 'new', reviewer: '', at: '2024-01-02T00:00:00Z' });
      expect((await loadDecisions(dir2))[id]).toMatchObject({ verdict: 'wrong', comment: 'new' });
    } finally {
      await rm(dir2, { recursive: true, force: true });
    }
  });

  it('exports static, self-contained pages: index.html and one page per document, read-only', async () => {
    const out = path.join(dir, 'export');
    const logged: string[] = [];
    const r = await reviewCommand({ store, out, log: (s) => logged.push(s) });
    expect(r).toEqual({ written: path.join(out, 'index.html') });
    expect(logged.join('\n')).toContain('index.html');
    expect(readdirSync(path.join(out, 'docs'))).toEqual(['liuzhou-2023.html']);
    for (const file of [path.join(out, 'index.html'), path.join(out, 'docs', 'liuzhou-2023.html')]) {
      const html = readFileSync(file, 'utf8');
      expect(html).not.toMatch(/<script[^>]*\ssrc\s*=/i);
      expect(html).not.toMatch(/<link[^>]*\shref\s*=\s*["']?(?:https?:)?\/\//i);
      expect(html).not.toMatch(/\s(?:src|href)\s*=\s*["']?(?:https?:)?\/\//i);
      expect(html).not.toMatch(/<script|<button|@import|url\(/i);
      expect(html).toContain('<meta http-equiv="Content-Security-Policy"');
    }
    const page = readFileSync(path.join(out, 'docs', 'liuzhou-2023.html'), 'utf8');
    expect(page).toContain('<del>17165</del> <ins>17156</ins>');
    expect(page).toContain('✗ Flagged as wrong');
    expect(readFileSync(path.join(out, 'index.html'), 'utf8')).toContain('href="docs/liuzhou-2023.html"');
  });
});

// ---------------------------------------------------------------------------------------------
// Editions side by side: seed 000 as the 2023 edition and a "2024 edition" whose 表1-2 year columns
// are one year on (2022年/2023年 → 2023年/2024年), reviewed with --align.

describe('review of two editions (align mode)', () => {
  let dir: string;
  let store: Store;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vetreport-review-align-'));
    mkdirSync(path.join(dir, 'in'));
    const lines = readFileSync(SEED, 'utf8').split('\n');
    const caption = lines.findIndex((l) => l.startsWith('表1-2 '));
    const bodyStart = lines.findIndex((l, i) => i > caption && l === '\t1');
    let shifted = 0;
    for (let i = caption; i < bodyStart; i++) {
      const m = /^\t(20\d\d)年$/.exec(lines[i]!);
      if (m) {
        lines[i] = `\t${Number(m[1]) + 1}年`;
        shifted++;
      }
    }
    expect(shifted).toBe(6);
    const first = path.join(dir, 'in', 'liuzhou-2023.txt');
    const second = path.join(dir, 'in', 'liuzhou-2024.txt');
    copyFileSync(SEED, first);
    writeFileSync(second, lines.join('\n'));
    const storeDir = path.join(dir, 'store');
    for (const file of [first, second]) await extractInto(storeDir, file);
    store = new Store(storeDir);
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('pairs the editions\' sections by number and title and 表1-2 by caption, and shows the pair on one page', async () => {
    // The editions are two documents: name the runs (the default pairs a document with its own earlier run).
    const [newer, older] = await store.runs();
    const { diff } = await runDiff(store, older, newer, { align: true });
    expect(diff.documents).toEqual([{ before: 'liuzhou-2023', after: 'liuzhou-2024' }]);
    // Every section and table has its counterpart: nothing added or removed, 表1-2 changed in its year columns.
    expect(diff.changes.filter((c) => (c.kind === 'section' || c.kind === 'table') && (c.change === 'added' || c.change === 'removed'))).toEqual([]);
    const table = diff.changes.find((c) => c.kind === 'table' && c.label.startsWith('表1-2'))!;
    expect(table).toMatchObject({ change: 'changed', id: 'liuzhou-2024/table/1-2', oldId: 'liuzhou-2023/table/1-2' });
    expect(table.cells!.some((c) => /2024年/.test(c.address))).toBe(true);

    const srv = await reviewCommand({ store, a: older, b: newer, align: true, log: () => undefined });
    try {
      const index = await call(srv.url!);
      expect(index.body).toContain('href="docs/liuzhou-2024.html"');
      expect(index.body).not.toContain('href="docs/liuzhou-2023.html"');
      const page = await call(srv.url!, { path: '/docs/liuzhou-2024.html' });
      expect(page.status).toBe(200);
      // The page holds every change of the pair, 表1-2's with its cells, each decidable on its own.
      for (const c of diff.changes) expect(page.body).toContain(`data-change-id="${c.changeId}"`);
      for (const c of table.cells!) expect(page.body).toContain(`data-part="cell" data-change-id="${c.changeId}"`);
      const cell = table.cells![0]!;
      expect((await post(srv.url!, { changeId: cell.changeId, verdict: 'accepted' })).status).toBe(200);
    } finally {
      await srv.close!();
    }
    // Without --align the editions are two unrelated documents: one removed, one added.
    const plain = await runDiff(store, older, newer, {});
    expect(plain.diff.changes.filter((c) => c.kind === 'document').map((c) => c.change).sort()).toEqual(['added', 'removed']);
  });
});

// ---------------------------------------------------------------------------------------------
// A decision carries over: three extractions of seed 000 (the original, then 表1-2's 17165 → 17156,
// then also the heading 1.2布局结构 → 1.2布局与结构). The cell change accepted while reviewing the
// first two runs is the same change when the third run is compared with the first.

describe('decisions across runs', () => {
  let dir: string;
  let store: Store;
  let runs: { first: string; second: string; third: string };

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vetreport-review-carry-'));
    mkdirSync(path.join(dir, 'in'));
    const file = path.join(dir, 'in', 'liuzhou-2023.txt');
    const original = readFileSync(SEED, 'utf8');
    const cellEdited = original.replace('\t柳职院\n\t17165\n', '\t柳职院\n\t17156\n');
    const bothEdited = cellEdited.replace('\n1.2布局结构\n', '\n1.2布局与结构\n');
    expect(bothEdited).not.toBe(cellEdited);
    const storeDir = path.join(dir, 'store');
    for (const text of [original, cellEdited, bothEdited]) {
      writeFileSync(file, text);
      await extractInto(storeDir, file);
    }
    store = new Store(storeDir);
    const [third, second, first] = await store.runs();
    runs = { first: first!, second: second!, third: third! };
  }, 300_000);

  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('an accepted cell change stays accepted when a later run is compared with the first; a newer decision about it wins', async () => {
    const cellOf = async (a: string, b: string) => {
      const table = (await runDiff(store, a, b, {})).diff.changes.find((c) => c.kind === 'table')!;
      expect(table.cells?.map((c) => c.line)).toEqual(['表1-2 / 柳职院 / 在校生人数/2022年: 17165 → 17156']);
      return table.cells![0]!;
    };
    const cell = await cellOf(runs.first, runs.second);
    const srv = await reviewCommand({ store, a: runs.first, b: runs.second, log: () => undefined });
    try {
      expect((await post(srv.url!, { changeId: cell.changeId, verdict: 'accepted', comment: '核对过' })).status).toBe(200);
    } finally {
      await srv.close!();
    }

    // First against third: the same cell change (same id), already decided; the heading change is not.
    expect((await cellOf(runs.first, runs.third)).changeId).toBe(cell.changeId);
    const open = (await runDiff(store, runs.first, runs.third, { unreviewed: true })).diff.changes;
    expect(open.flatMap((c) => [c.changeId, ...(c.cells ?? []).map((x) => x.changeId)])).not.toContain(cell.changeId);
    expect(open.some((c) => c.kind === 'section' && c.fields.some((f) => f.after === '布局与结构'))).toBe(true);

    const later = await reviewCommand({ store, a: runs.first, b: runs.third, log: () => undefined });
    try {
      expect(JSON.parse((await call(later.url!, { path: '/api/decisions' })).body)[cell.changeId]).toMatchObject({ verdict: 'accepted', comment: '核对过' });
      const page = await call(later.url!, { path: '/docs/liuzhou-2023.html' });
      expect(page.body).toMatch(new RegExp(`data-decision-for="${cell.changeId}" data-verdict="accepted"`));
      // Flagged wrong now: written to the third run's log, it is the current decision; the second run's log keeps its own.
      expect((await post(later.url!, { changeId: cell.changeId, verdict: 'wrong' })).status).toBe(200);
      expect(JSON.parse((await call(later.url!, { path: '/api/decisions' })).body)[cell.changeId].verdict).toBe('wrong');
    } finally {
      await later.close!();
    }
    expect((await readDecisionLog(store.runDir(runs.second))).map((d) => d.verdict)).toEqual(['accepted']);
    expect((await readDecisionLog(store.runDir(runs.third))).map((d) => d.verdict)).toEqual(['wrong']);
    // A comparison whose newer side is the second run does not see the third run's decision.
    expect((await loadDecisions([store.runDir(runs.first), store.runDir(runs.second)]))[cell.changeId]!.verdict).toBe('accepted');
    const back = await reviewCommand({ store, a: runs.first, b: runs.second, log: () => undefined });
    try {
      expect(JSON.parse((await call(back.url!, { path: '/api/decisions' })).body)[cell.changeId].verdict).toBe('accepted');
    } finally {
      await back.close!();
    }
  }, 300_000);
});
