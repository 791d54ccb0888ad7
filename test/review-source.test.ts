// The review page against the source, in a real browser (Debian's chromium via playwright-core):
// a PDF report (LibreOffice's PDF of the Word fixture, then of a copy with two cells of 表1-2 edited)
// and a text seed (two cells of 表1-2 and a heading edited, the heading now holding a <script>).
// Each changed cell opens its source — the PDF page drawn by pdf.js with the record's box, the text
// lines with the record's lines and the cell's value marked — is accepted or flagged on its own, and
// both decisions are there after a reload. Two browser contexts post 50 interleaved decisions and
// none is lost. A run whose source the store no longer keeps says so.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import JSZip from 'jszip';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../src/commands/diff.ts';
import { reviewCommand } from '../src/commands/review.ts';
import type { RecordChange } from '../src/diff/types.ts';
import { loadDecisions, readDecisionLog } from '../src/review/decisions.ts';
import { docxPart } from '../src/review/source.ts';
import type { TableRecord } from '../src/schema/records.ts';
import { Store } from '../src/store/store.ts';
import { extractInto, launchBrowser, watchConsole } from './helpers/review.ts';

const SEED = fileURLToPath(new URL('../../shared/corpus/seeds/000_3d957bb943967ad8.txt', import.meta.url));
const DOCX = fileURLToPath(new URL('../fixtures/docx/quality-report-numbered.docx', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** Seed 000 with 表1-2's 柳职院 2022 在校生 17165 → 17156, 柳铁职院 2023 在校生 15773 → 15737, and heading 1.2 holding a script tag. */
function editedSeed(text: string): string {
  const lines = text.split('\n');
  const at = (value: string, after: string) => {
    const i = lines.findIndex((l, k) => k > lines.indexOf(after) && l === value);
    expect(i).toBeGreaterThan(0);
    return i;
  };
  lines[at('\t17165', '\t柳职院')] = '\t17156';
  lines[at('\t15773', '\t柳铁职院')] = '\t15737';
  const heading = lines.indexOf('1.2布局结构');
  expect(heading).toBeGreaterThan(0);
  lines[heading] = '1.2布局<script>window.__xss=1</script>结构';
  return lines.join('\n');
}

/** The Word fixture with 表1-2's 8120 → 8210 and 3050 → 3005 (both 2022 在校生). */
async function editedDocx(): Promise<Buffer> {
  const zip = await JSZip.loadAsync(readFileSync(DOCX));
  const xml = await zip.file('word/document.xml')!.async('string');
  expect(xml.split('>8120<')).toHaveLength(2);
  expect(xml.split('>3050<')).toHaveLength(2);
  zip.file('word/document.xml', xml.replace('>8120<', '>8210<').replace('>3050<', '>3005<'));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** An element as the page's script sees it (the tests are compiled without the DOM library). */
interface Styled {
  style: { left: string; top: string; width: string };
}

interface Fixture {
  store: Store;
  server: { url?: string; close?: () => Promise<void> };
  table: RecordChange;
  tableRecord: TableRecord;
}

async function fixture(storeDir: string): Promise<Fixture> {
  const store = new Store(storeDir);
  const r = await runDiff(store, undefined, undefined, {});
  const table = r.diff.changes.find((c) => c.kind === 'table')!;
  expect(table, r.diff.changes.map((c) => `${c.change} ${c.kind} ${c.label}`).join('\n')).toBeTruthy();
  expect(table.cells).toHaveLength(2);
  const tableRecord = r.after.records.find((x) => x.kind === 'table' && x.id === table.id) as TableRecord;
  const server = await reviewCommand({ store, log: () => undefined });
  return { store, server, table, tableRecord };
}

describe('review against the source, in a browser', () => {
  let dir: string;
  let browser: Browser;
  let pdf: Fixture;
  let text: Fixture;
  let word: Fixture;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vetreport-review-source-'));
    // Two PDFs of one report, made by LibreOffice in one run (its own profile).
    writeFileSync(path.join(dir, 'v1.docx'), readFileSync(DOCX));
    writeFileSync(path.join(dir, 'v2.docx'), await editedDocx());
    const conv = spawnSync('soffice', ['--headless', `-env:UserInstallation=file://${dir}/profile`, '--convert-to', 'pdf', '--outdir', dir, path.join(dir, 'v1.docx'), path.join(dir, 'v2.docx')], { stdio: 'pipe', timeout: 240_000 });
    if (!existsSync(path.join(dir, 'v2.pdf'))) throw new Error(`soffice made no PDF: ${conv.stderr?.toString()}`);
    /** v1 then v2 of the report in `ext`, extracted under one name into their own store. */
    const twoEditions = async (ext: 'pdf' | 'docx'): Promise<Fixture> => {
      mkdirSync(path.join(dir, `in-${ext}`));
      const file = path.join(dir, `in-${ext}`, `report.${ext}`);
      for (const v of ['v1', 'v2']) {
        copyFileSync(path.join(dir, `${v}.${ext}`), file);
        await extractInto(path.join(dir, `store-${ext}`), file);
      }
      return fixture(path.join(dir, `store-${ext}`));
    };
    pdf = await twoEditions('pdf');
    // The same two Word files, extracted as Word: the panel shows the record's table from document.xml.
    word = await twoEditions('docx');

    mkdirSync(path.join(dir, 'in-txt'));
    const txtFile = path.join(dir, 'in-txt', 'liuzhou-2023.txt');
    copyFileSync(SEED, txtFile);
    await extractInto(path.join(dir, 'store-txt'), txtFile);
    writeFileSync(txtFile, editedSeed(readFileSync(SEED, 'utf8')));
    await extractInto(path.join(dir, 'store-txt'), txtFile);
    text = await fixture(path.join(dir, 'store-txt'));

    browser = await launchBrowser();
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await pdf?.server.close?.();
    await text?.server.close?.();
    await word?.server.close?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('shows a changed PDF table cell on its page with the record\'s box, turns pages and zooms, keeps a cell accepted and a cell flagged across a reload', async () => {
    const { table, tableRecord, server } = pdf;
    expect(table.cells!.map((c) => c.line)).toEqual(['表1-2 / 示例职业技术学院 · 主校区 / 在校生人数/2022年: 8120 → 8210', '表1-2 / 示例职业技术学院 · 东校区 / 在校生人数/2022年: 3050 → 3005']);
    const bbox = tableRecord.provenance.bbox!;
    expect(tableRecord.provenance.page).toBeGreaterThanOrEqual(1);

    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchConsole(page);
    await page.goto(new URL('docs/report.html', server.url).href);
    const [first, second] = table.cells!;
    const cell1 = page.locator(`li[data-part="cell"][data-change-id="${first!.changeId}"]`);
    const cell2 = page.locator(`li[data-part="cell"][data-change-id="${second!.changeId}"]`);
    await cell1.locator('button.src').click();
    const panel = page.locator('#source-panel');
    await expect.poll(() => panel.getAttribute('data-loaded'), { timeout: 30_000 }).toBe('pdf');
    expect(await panel.locator('.sp-page-box').getAttribute('data-page')).toBe(String(tableRecord.provenance.page));
    // The box drawn over the page is the record's, at the panel's scale (125%).
    const box = panel.locator('.sp-box');
    expect(await box.count()).toBe(1);
    const style = await box.evaluate((e) => ({ left: parseFloat((e as unknown as Styled).style.left), top: parseFloat((e as unknown as Styled).style.top), width: parseFloat((e as unknown as Styled).style.width) }));
    expect(style.left).toBeCloseTo(bbox[0] * 1.25, 1);
    expect(style.top).toBeCloseTo(bbox[1] * 1.25, 1);
    expect(style.width).toBeCloseTo((bbox[2] - bbox[0]) * 1.25, 1);
    // The page was really drawn: the canvas under the box is not blank.
    const inked = (await page.evaluate(`(() => {
      const cv = document.querySelector('#source-panel canvas');
      const px = cv.getContext('2d').getImageData(0, 0, cv.width, cv.height).data;
      let dark = 0;
      for (let i = 0; i < px.length; i += 4) if (px[i] < 128) dark++;
      return dark;
    })()`)) as number;
    expect(inked).toBeGreaterThan(1000);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-source-pdf.png') });
    // Zoom in: the box grows with the page.
    await panel.locator('.sp-zoom-in').click();
    await expect.poll(() => panel.locator('.sp-box').evaluate((e) => parseFloat((e as unknown as Styled).style.width))).toBeCloseTo((bbox[2] - bbox[0]) * 1.25 * 1.25, 1);
    // Turning pages: the text says page n / N and the box shows only on the record's page.
    const pages = Number((await panel.locator('.sp-page').innerText()).split('/')[1]);
    if (pages > 1) {
      await panel.locator('.sp-next').click();
      await expect.poll(() => panel.locator('.sp-page-box').getAttribute('data-page')).toBe(String(tableRecord.provenance.page! + 1));
      expect(await panel.locator('.sp-box').count()).toBe(0);
      await panel.locator('.sp-prev').click();
      await expect.poll(() => panel.locator('.sp-page-box').getAttribute('data-page')).toBe(String(tableRecord.provenance.page));
    }

    await cell1.locator('button.accept').click();
    await expect.poll(() => cell1.locator('.decision').getAttribute('data-verdict')).toBe('accepted');
    await cell2.locator('button.wrong').click();
    await expect.poll(() => cell2.locator('.decision').getAttribute('data-verdict')).toBe('wrong');
    // Every cell decided, one flagged: the table change reads flagged.
    const block = page.locator(`.change[data-change-id="${table.changeId}"]`);
    expect(await block.getAttribute('data-state')).toBe('wrong');

    await page.reload();
    expect(await page.locator(`li[data-change-id="${first!.changeId}"] .decision`).getAttribute('data-verdict')).toBe('accepted');
    expect(await page.locator(`li[data-change-id="${second!.changeId}"] .decision`).getAttribute('data-verdict')).toBe('wrong');
    expect(await page.locator(`.change[data-change-id="${table.changeId}"]`).getAttribute('data-state')).toBe('wrong');
    const saved = await loadDecisions((await runDiff(pdf.store, undefined, undefined, {})).after.dir);
    expect(saved[first!.changeId]).toMatchObject({ verdict: 'accepted', address: first!.address, recordChangeId: table.changeId });
    expect(saved[second!.changeId]).toMatchObject({ verdict: 'wrong', address: second!.address });
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a changed Word table cell\'s table from the document itself, the new value in it, and keeps a decision across a reload', async () => {
    const { table, tableRecord, server } = word;
    expect(table.cells!.map((c) => c.line)).toEqual(['表1-2 / 示例职业技术学院 · 主校区 / 在校生人数/2022年: 8120 → 8210', '表1-2 / 示例职业技术学院 · 东校区 / 在校生人数/2022年: 3050 → 3005']);
    expect(tableRecord.provenance.tableIndex).toBeTypeOf('number');
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchConsole(page);
    await page.goto(new URL('docs/report.html', server.url).href);
    const [first] = table.cells!;
    const cell1 = page.locator(`li[data-part="cell"][data-change-id="${first!.changeId}"]`);
    await cell1.locator('button.src').click();
    const panel = page.locator('#source-panel');
    await expect.poll(() => panel.getAttribute('data-loaded'), { timeout: 30_000 }).toBe('docx');
    // The record's table, marked, as the Word file holds it now: the new figures, not the old.
    const part = panel.locator('.sp-body .docx-part.mark');
    expect(await part.count()).toBe(1);
    const shown = await part.locator('table').innerText();
    expect(shown).toContain('8210');
    expect(shown).toContain('3005');
    expect(shown).not.toContain('8120');
    expect(shown).toContain('主校区');
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-source-docx.png') });

    await cell1.locator('button.accept').click();
    await expect.poll(() => cell1.locator('.decision').getAttribute('data-verdict')).toBe('accepted');
    await page.reload();
    expect(await page.locator(`li[data-change-id="${first!.changeId}"] .decision`).getAttribute('data-verdict')).toBe('accepted');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows a changed text cell\'s lines with the record\'s lines and the value marked, keeps both cell decisions across a reload, renders a <script> heading as text', async () => {
    const { table, tableRecord, server } = text;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchConsole(page);
    await page.goto(new URL('docs/liuzhou-2023.html', server.url).href);
    // The edited heading is text, never markup.
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('h3.sec-title, h2.sec-title, h4.sec-title').filter({ hasText: '<script>' }).count()).toBeGreaterThan(0);

    const [first, second] = table.cells!;
    const cell1 = page.locator(`li[data-part="cell"][data-change-id="${first!.changeId}"]`);
    await cell1.locator('button.src').click();
    const panel = page.locator('#source-panel');
    await expect.poll(() => panel.getAttribute('data-loaded')).toBe('lines');
    const { lineStart, lineEnd } = tableRecord.provenance;
    const marked = await panel.locator('ol.src-lines li.mark').evaluateAll((els) => els.map((e) => Number(e.getAttribute('data-line'))));
    expect(marked[0]).toBe(lineStart);
    expect(marked.at(-1)).toBe(lineEnd);
    expect(marked).toHaveLength(lineEnd! - lineStart! + 1);
    // Context around the record, and the cell's new value marked in its line.
    expect(await panel.locator('ol.src-lines li').first().getAttribute('data-line')).toBe(String(lineStart! - 3));
    expect(await panel.locator('ol.src-lines mark').allInnerTexts()).toEqual(['17156']);
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-source-text.png') });

    await cell1.locator('button.accept').click();
    await expect.poll(() => cell1.locator('.decision').getAttribute('data-verdict')).toBe('accepted');
    await page.locator(`li[data-change-id="${second!.changeId}"] button.wrong`).click();
    await expect.poll(() => page.locator(`li[data-change-id="${second!.changeId}"] .decision`).getAttribute('data-verdict')).toBe('wrong');
    await page.reload();
    expect(await page.locator(`li[data-change-id="${first!.changeId}"] .decision`).getAttribute('data-verdict')).toBe('accepted');
    expect(await page.locator(`li[data-change-id="${second!.changeId}"] .decision`).getAttribute('data-verdict')).toBe('wrong');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('filters by kind and state, moves and decides with the keys, and comes back to the change in the link after a reload', async () => {
    const { server, store } = text;
    const { diff } = await runDiff(store, undefined, undefined, {});
    const section = diff.changes.find((c) => c.kind === 'section')!;
    const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
    const errors = watchConsole(page);
    await page.goto(new URL('docs/liuzhou-2023.html', server.url).href);
    const shown = () => page.locator('.change[data-change-id]:not(.filtered-out)').evaluateAll((els) => els.map((e) => e.getAttribute('data-change-id')));
    await page.selectOption('select[data-filter="kind"]', 'section');
    expect(await shown()).toEqual(diff.changes.filter((c) => c.kind === 'section').map((c) => c.changeId));
    await page.selectOption('select[data-filter="kind"]', '');
    await page.selectOption('select[data-filter="state"]', 'wrong');
    expect(await shown()).toEqual([text.table.changeId]);
    await page.selectOption('select[data-filter="state"]', '');
    await page.locator('h1').click();
    // j moves to the first change on the page, puts it in the URL; the next j to the second, f flags it.
    const order = await shown();
    expect(order.slice().sort()).toEqual(diff.changes.map((c) => c.changeId).sort());
    await page.keyboard.press('j');
    const firstId = order[0]!;
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#c-${firstId}`);
    await page.keyboard.press('j');
    const secondId = order[1]!;
    await expect.poll(() => page.evaluate('location.hash')).toBe(`#c-${secondId}`);
    await page.keyboard.press('f');
    await expect.poll(() => page.locator(`.change[data-change-id="${secondId}"]`).getAttribute('data-verdict')).toBe('wrong');
    await page.reload();
    await expect.poll(() => page.locator('.change.current').getAttribute('data-change-id')).toBe(secondId);
    expect(await page.locator(`.change[data-change-id="${secondId}"]`).getAttribute('data-verdict')).toBe('wrong');
    expect(section).toBeTruthy();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps all 50 decisions two reviewers post at once from two browser contexts', async () => {
    const { server, store } = text;
    const { diff, after } = await runDiff(store, undefined, undefined, {});
    const ids = diff.changes.flatMap((c) => [c.changeId, ...(c.cells ?? []).map((x) => x.changeId)]);
    const before = (await readDecisionLog(after.dir)).length;
    const contexts = await Promise.all([browser.newContext(), browser.newContext()]);
    const pages = await Promise.all(contexts.map(async (ctx) => {
      const p = await ctx.newPage();
      await p.goto(new URL('docs/liuzhou-2023.html', server.url).href);
      return p;
    }));
    // Reviewer 0 posts the even decisions, reviewer 1 the odd ones, all in flight together.
    const statuses = await Promise.all(pages.map((p, who) => p.evaluate(async ({ ids, who }) => {
      const out: number[] = [];
      await Promise.all(Array.from({ length: 25 }, async (_, k) => {
        const i = 2 * k + who;
        const res = await fetch('/api/decisions', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ changeId: ids[i % ids.length], verdict: i % 2 ? 'accepted' : 'wrong', comment: `decision ${i}`, reviewer: `reviewer ${who}` }) });
        out.push(res.status);
      }));
      return out;
    }, { ids, who })));
    expect(statuses.flat()).toEqual(Array(50).fill(200));
    const log = (await readDecisionLog(after.dir)).slice(before);
    expect(log.map((d) => d.comment).sort()).toEqual(Array.from({ length: 50 }, (_, i) => `decision ${i}`).sort());
    // What a reload shows is the last decision per change, whichever reviewer made it.
    await pages[0]!.reload();
    const current = await loadDecisions(after.dir);
    for (const c of diff.changes) {
      const last = log.filter((d) => d.changeId === c.changeId).at(-1);
      if (last) expect(await pages[0]!.locator(`.change[data-change-id="${c.changeId}"]`).getAttribute('data-verdict')).toBe(current[c.changeId]!.verdict);
      if (last) expect(current[c.changeId]!.comment).toBe(last.comment);
    }
    await Promise.all(contexts.map((c) => c.close()));
  });

  it('says so when the store no longer keeps the run\'s source', async () => {
    const { server, store, tableRecord } = text;
    rmSync(store.sourceFile(tableRecord.provenance.sha256!));
    const page = await browser.newPage();
    await page.goto(new URL('docs/liuzhou-2023.html', server.url).href);
    await page.locator(`.change[data-change-id="${text.table.changeId}"] .chead button.src`).click();
    const panel = page.locator('#source-panel');
    await expect.poll(() => panel.getAttribute('data-loaded')).toBe('message');
    expect(await panel.locator('.sp-msg').innerText()).toMatch(/no longer kept in the store/);
    // And nothing outside the comparison's sources is served.
    expect((await page.request.get(new URL(`sources/${'0'.repeat(64)}`, server.url).href)).status()).toBe(404);
    expect((await page.request.get(new URL('sources/..%2F..%2Fetc%2Fpasswd', server.url).href)).status()).toBe(404);
    expect((await page.request.get(new URL('assets/pdfjs/..%2Fpackage.json', server.url).href)).status()).toBe(404);
    await page.close();
  });
});

describe('a Word record\'s part, from the kept source', () => {
  it('draws the fixture\'s table with its merged cells and every text escaped, and a paragraph with its neighbours', async () => {
    const buf = readFileSync(DOCX);
    const table = await docxPart(buf, { tableIndex: 0 });
    expect(table).toContain('<td>8120</td>');
    expect(table).toMatch(/colspan="2"/);
    expect(table).not.toMatch(/<(?!\/?(?:div|table|tr|td|br)\b)/);
    const para = await docxPart(buf, { paragraphIndex: 3 });
    expect(para.match(/<p /g)!.length).toBeGreaterThanOrEqual(3);
    expect(para).toMatch(/<p data-paragraph="3" class="mark">/);
    await expect(docxPart(buf, { tableIndex: 99 })).rejects.toThrow(/no table 100/);
  });
});
