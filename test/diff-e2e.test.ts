// End to end: extract a real report, change one table cell and one heading in the file, re-run,
// and the diff names exactly those two changes, in text and in JSON.
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, it } from 'vitest';
import { main } from '../src/cli.ts';
import { renderDiff, runDiff } from '../src/commands/diff.ts';
import { Store } from '../src/store/store.ts';
import { seedPath } from './helpers/corpus.ts';

it('a re-run after editing one cell and one heading shows exactly those two changes', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-diff-'));
  const inbox = path.join(dir, 'reports');
  mkdirSync(inbox);
  const file = path.join(inbox, 'liuzhou-2023.txt');
  copyFileSync(seedPath('000'), file);
  const store = path.join(dir, 'store');
  expect(await main(['extract', inbox, '--store', store, '--quiet'])).toBe(0);

  const lines = readFileSync(file, 'utf8').split('\n');
  // A rate, not a count: no 合计 depends on it, so the edit has no knock-on changes.
  const cell = lines.indexOf('\t94.53');
  expect(lines.slice(cell - 3, cell)).toEqual(['\t柳职院', '\t5597', '\t5291']);
  lines[cell] = '\t94.35';
  const heading = lines.indexOf('1.2布局结构');
  lines[heading] = '1.2布局与结构';
  writeFileSync(file, lines.join('\n'));
  expect(await main(['extract', inbox, '--store', store, '--quiet'])).toBe(0);

  const { diff } = await runDiff(new Store(store), undefined, undefined, {});
  // The cell is also an indicator (新生报到率 of 柳职院): its record changes with it.
  const cellIndicator = diff.changes.find((c) => c.kind === 'indicator')!;
  expect(diff.changes.map((c) => `${c.change} ${c.id.split('/').slice(1).join('/')}`).sort()).toEqual(['changed sec/1.2', 'changed table/3-1', `changed ${cellIndicator.id.split('/').slice(1).join('/')}`].sort());
  expect(cellIndicator.id).toMatch(/\/ind\/table\/3-1\/r\d+c\d+$/);
  expect(cellIndicator.value!.line).toBe('新生报到率 · 柳州职业技术学院 · 2023: 94.53% → 94.35%');
  const table = diff.changes.find((c) => c.kind === 'table')!;
  expect(table.cells!.map((c) => c.line)).toEqual(['表3-1 / 柳职院 / 新生报到率: 94.53 → 94.35']);
  const section = diff.changes.find((c) => c.kind === 'section')!;
  expect(section.fields.map((f) => [f.field, f.before, f.after])).toEqual([['title', '布局结构', '布局与结构']]);

  const text = renderDiff(diff, 'text');
  expect(text).toContain('表3-1 / 柳职院 / 新生报到率: 94.53 → 94.35');
  expect(text).toContain('title: 布局结构 → 布局与结构');
  expect(text).toContain('新生报到率 · 柳州职业技术学院 · 2023: 94.53% → 94.35%');
  const json = JSON.parse(renderDiff(diff, 'json'));
  expect(json.summary).toMatchObject({ added: 0, removed: 0, changed: 3, moved: 0 });
  expect(json.changes.find((c: { kind: string }) => c.kind === 'indicator').value).toMatchObject({ before: 94.53, after: 94.35, unitBefore: '%', unitAfter: '%' });

  // The command's exit status says "changes" to scripts; comparing a run with itself says "none".
  expect(await main(['diff', '--store', store, '--format', 'json'])).toBe(1);
  const runs = await new Store(store).runs();
  expect(await main(['diff', runs[0]!, runs[0]!, '--store', store])).toBe(0);
  expect(await main(['diff', 'no-such-run', '--store', store])).toBe(2);
});
