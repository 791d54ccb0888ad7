// The review page end to end in a real browser (Debian's chromium driven by playwright-core): a store
// with two extractions of seed 000 — one table cell and one heading edited in between — served, a
// change accepted, the page reloaded; then the static export opened from disk.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runDiff } from '../src/commands/diff.ts';
import { reviewCommand } from '../src/commands/review.ts';
import type { RecordChange } from '../src/diff/types.ts';
import { loadDecisions } from '../src/review/decisions.ts';
import { Store } from '../src/store/store.ts';
import { extractInto, launchBrowser, watchConsole } from './helpers/review.ts';

const SEED = fileURLToPath(new URL('../../shared/corpus/seeds/000_3d957bb943967ad8.txt', import.meta.url));
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));

/** The seed with 表1-2's 柳职院 在校生人数 2022年 value 17165 → 17156 and the heading 1.2布局结构 → 1.2布局与结构. */
function editedSeed(text: string): string {
  const lines = text.split('\n');
  const caption = lines.findIndex((l) => l.startsWith('表1-2 '));
  expect(caption).toBeGreaterThan(0);
  const school = lines.findIndex((l, i) => i > caption && l === '\t柳职院');
  expect(school).toBeGreaterThan(caption);
  // The school's row: its first figure is 在校生人数 2022年.
  expect(lines[school + 1]).toBe('\t17165');
  lines[school + 1] = '\t17156';
  const heading = lines.findIndex((l) => l === '1.2布局结构');
  expect(heading).toBeGreaterThan(0);
  lines[heading] = '1.2布局与结构';
  return lines.join('\n');
}

describe('review page in a browser', () => {
  let dir: string;
  let store: Store;
  let browser: Browser;
  let tableChange: RecordChange;
  let headingChange: RecordChange;
  let server: { url?: string; close?: () => Promise<void> } = {};

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'vetreport-review-browser-'));
    const inbox = path.join(dir, 'inbox');
    mkdirSync(inbox);
    const file = path.join(inbox, 'liuzhou-2023.txt');
    copyFileSync(SEED, file);
    const storeDir = path.join(dir, 'store');
    await extractInto(storeDir, file);
    writeFileSync(file, editedSeed(readFileSync(SEED, 'utf8')));
    await extractInto(storeDir, file);
    store = new Store(storeDir);

    const { diff } = await runDiff(store, undefined, undefined, {});
    tableChange = diff.changes.find((c) => c.kind === 'table' && c.label.startsWith('表1-2'))!;
    headingChange = diff.changes.find((c) => c.kind === 'section' && c.fields.some((f) => f.field === 'title'))!;
    expect(tableChange.cells?.map((c) => c.line)).toEqual(['表1-2 / 柳职院 / 在校生人数/2022年: 17165 → 17156']);
    expect(headingChange.fields.find((f) => f.field === 'title')).toMatchObject({ before: '布局结构', after: '布局与结构' });

    server = await reviewCommand({ store, log: () => undefined });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    await server.close?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('serves the pages without console errors, shows the changed cell with both values, and keeps a decision across a reload', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchConsole(page);

    await page.goto(server.url!);
    await expect.poll(() => page.locator('table.docs a').count()).toBe(1);
    const row = page.locator('tr[data-doc-id="liuzhou-2023"]');
    // changed: section 1.2 and 表1-2 (and the document's warning count, when the edit trips a check)
    expect(Number(await row.locator('td').nth(4).innerText())).toBeGreaterThanOrEqual(2);
    await row.locator('a').click();
    await page.waitForURL(/\/docs\/liuzhou-2023\.html$/);

    const block = page.locator(`[data-change-id="${tableChange.changeId}"]`);
    const cell = block.locator('td.chg');
    await expect.poll(() => cell.count()).toBe(1);
    expect(await cell.locator('del').innerText()).toBe('17165');
    expect(await cell.locator('ins').innerText()).toBe('17156');
    // The merged header as printed: 在校生人数（人） over its two year columns.
    expect(await block.locator('thead th[colspan="2"]').first().innerText()).toBe('在校生人数（人）');
    expect(await block.locator('.review > .decision').innerText()).toContain('Not reviewed');
    // The heading change, as a character diff.
    const heading = page.locator(`[data-change-id="${headingChange.changeId}"]`);
    expect(await heading.locator('ins').first().innerText()).toBe('与');

    await block.scrollIntoViewIfNeeded();
    await page.evaluate('window.scrollBy(0, -120)');
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'review-page.png') });

    await block.locator('input.comment').fill('checked against the printed report <p. 4>');
    await block.locator('.review button.accept').click();
    await expect.poll(() => block.getAttribute('data-verdict')).toBe('accepted');

    await page.reload();
    const again = page.locator(`[data-change-id="${tableChange.changeId}"]`);
    expect(await again.getAttribute('data-verdict')).toBe('accepted');
    const shown = await again.locator('.review > .decision').innerText();
    expect(shown).toContain('Accepted');
    expect(shown).toContain('checked against the printed report <p. 4>');
    expect(await page.locator(`[data-change-id="${headingChange.changeId}"]`).getAttribute('data-verdict')).toBeNull();

    const after = (await runDiff(store, undefined, undefined, {})).after;
    expect((await loadDecisions(after.dir))[tableChange.changeId]).toMatchObject({ verdict: 'accepted' });
    const { diff: unreviewed } = await runDiff(store, undefined, undefined, { unreviewed: true });
    const ids = unreviewed.changes.map((c) => c.changeId);
    expect(ids).not.toContain(tableChange.changeId);
    expect(ids).toContain(headingChange.changeId);

    expect(errors).toEqual([]);
    await page.close();
  });

  it('opens the static export from disk without console errors and shows both values', async () => {
    const out = path.join(dir, 'export');
    const r = await reviewCommand({ store, out, log: () => undefined });
    expect(r.written).toBe(path.join(out, 'index.html'));

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = watchConsole(page);
    await page.goto(pathToFileURL(r.written!).href);
    await page.locator('tr[data-doc-id="liuzhou-2023"] a').click();
    await page.waitForURL(/\/docs\/liuzhou-2023\.html$/);
    expect(page.url().startsWith('file://')).toBe(true);

    const block = page.locator(`[data-change-id="${tableChange.changeId}"]`);
    expect(await block.locator('td.chg del').innerText()).toBe('17165');
    expect(await block.locator('td.chg ins').innerText()).toBe('17156');
    // Read-only: the decision as recorded, no buttons.
    expect(await block.locator('.review > .decision').innerText()).toContain('Accepted');
    expect(await page.locator('button').count()).toBe(0);

    expect(errors).toEqual([]);
    await page.close();
  });
});
