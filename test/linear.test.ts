// Work that grows with the input, never with its square. Each input here is large enough that a
// quadratic pass over it would run for minutes (past the test timeout) while a linear one takes a
// second or two; the assertions check the results, never the time taken (`npm run bench` times
// the same algorithms, see bench/linear.ts).
import { describe, expect, it } from 'vitest';
import type { ParagraphBlock, TableBlock } from '../src/blocks.ts';
import { diffRecords } from '../src/diff/index.ts';
import { loadText } from '../src/load/text.ts';
import { segment } from '../src/segment/segment.ts';
import { han, renumbered, schoolTable, shortLines, title, tocAndBody } from './helpers/synthetic.ts';

const paragraphs = (blocks: ReturnType<typeof loadText>['blocks']) => blocks.filter((b): b is ParagraphBlock => b.type === 'paragraph');

describe('text loader on shapes that used to rescan the growing paragraph', () => {
  it('joins 200 000 short unterminated lines (a table exported one cell per line) into one paragraph', () => {
    const lines = shortLines(200_000);
    const doc = loadText(Buffer.from(lines.join('\n') + '\n'));
    const paras = paragraphs(doc.blocks);
    expect(paras).toHaveLength(1);
    // Wrapped lines join without a space (a digit before a Han character takes none either).
    expect(paras[0]!.text).toBe(lines.join(''));
    expect(paras[0]!.span).toMatchObject({ charStart: 0, lineStart: 1, lineEnd: 200_000 });
  });

  it('reads 20 000 lines of “k.m 标题”', () => {
    const lines: string[] = [];
    for (let k = 1; k <= 200; k++) for (let m = 1; m <= 100; m++) lines.push(`${k}.${m} 标题`);
    const doc = loadText(Buffer.from(lines.join('\n')));
    // Short unterminated lines are a wrapped column: one paragraph, its lines joined with a space
    // only where two Latin/digit runs meet.
    expect(paragraphs(doc.blocks)).toHaveLength(1);
    expect(paragraphs(doc.blocks)[0]!.text.startsWith('1.1 标题1.2 标题1.3 标题')).toBe(true);
    expect(paragraphs(doc.blocks)[0]!.span.lineEnd).toBe(20_000);
  });

  it('continues one table cell over 20 000 paragraphs separated by single blank lines', () => {
    const lines = ['\t单元格'];
    for (let i = 0; i < 20_000; i++) lines.push('', `续行${i}`);
    lines.push('', '\t末格', '', '', '结束。');
    const doc = loadText(Buffer.from(lines.join('\n')));
    const table = doc.blocks.find((b): b is TableBlock => b.type === 'table')!;
    expect(table.rows).toHaveLength(2);
    const first = table.rows[0]!.cells[0]!.text.split('\n');
    expect(first).toHaveLength(20_001);
    expect(first.at(-1)).toBe('续行19999');
    expect(table.rows[1]!.cells[0]!.text).toBe('末格');
    expect(paragraphs(doc.blocks).map((p) => p.text)).toEqual(['结束。']);
  });

  it('joins 50 000 page-broken markdown paragraphs into one', () => {
    const parts = Array.from({ length: 50_000 }, (_, i) => `${han(i, 40)}`);
    const md = `# 一、概况\n\n${parts.join('\n\n')}\n\n# 二、结语\n\n全文完。\n\n# 三、附记\n\n无。\n`;
    const doc = loadText(Buffer.from(md));
    const paras = paragraphs(doc.blocks);
    expect(paras.map((p) => p.text)).toEqual(['一、概况', parts.join(''), '二、结语', '全文完。', '三、附记', '无。']);
  });
});

describe('table of contents against the body', () => {
  it('matches 9 801 dot-leader entries with their headings', () => {
    const { toc, body } = tocAndBody();
    // One heading reads differently in the body than in the contents (entry 500 is 6.6).
    body[3 * 500] = `6.6 ${title(1)}`;
    const doc = loadText(Buffer.from(['目录', ...toc, ...body].join('\n')));
    const seg = segment(doc.blocks);
    expect(seg.toc).toHaveLength(9801);
    expect(seg.sections.filter((s) => !s.inferred)).toHaveLength(99 * 99);
    expect(seg.warnings.filter((w) => w.code.startsWith('TOC_') || w.code === 'HEADING_NOT_IN_TOC').map((w) => w.code)).toEqual(['TOC_MISMATCH']);
  });
});

// The diff pairs records across runs; these runs are as large as a store of many documents.

describe('diff matching on large runs', () => {
  it('pairs 10 000 renumbered sections by content (one inserted at the top shifts every number)', () => {
    const N = 10_000;
    const { before, after } = renumbered(N);
    const diff = diffRecords(before, after);
    expect(diff.summary).toMatchObject({ added: 1, removed: 0, moved: N, changed: 0 });
    const moved = diff.changes.filter((c) => c.change === 'moved');
    expect(moved.every((c) => c.oldId === `d/sec/${Number(c.id.split('/sec/')[1]) - 1}`)).toBe(true);
    // In document order: the added section first, then the moved ones as they stand after.
    expect(diff.changes[0]!.change).toBe('added');
    expect(diff.changes[1]!.id).toBe('d/sec/2');
  });

  it('reports a table of 20 000 rows that all changed as rows added and removed, with their values', () => {
    const N = 20_000;
    const before = schoolTable(N, (i) => `学校${han(i, 3)}`, (i) => 1000 + i);
    const after = schoolTable(N, (i) => `新校${han(i, 3)}`, (i) => 100_000 + i);
    const diff = diffRecords([before], [after]);
    const cells = diff.changes[0]!.cells!;
    expect(cells.filter((c) => c.op === 'row-added')).toHaveLength(N);
    expect(cells.filter((c) => c.op === 'row-removed')).toHaveLength(N);
    // The 序号 column numbers rows; a row's summary leaves it and the key out.
    expect(cells.find((c) => c.op === 'row-added')!.after).toBe('在校生人数=100000');
  });

  it('pairs 20 000 renamed table rows by their unchanged figures', () => {
    const N = 20_000;
    const before = schoolTable(N, (i) => `学校${han(i, 3)}`, (i) => 1000 + i);
    const after = schoolTable(N, (i) => `新校${han(i, 3)}`, (i) => 1000 + i);
    const cells = diffRecords([before], [after]).changes[0]!.cells!;
    expect(cells).toHaveLength(N);
    expect(cells.every((c) => c.op === 'value' && c.column === '学校' && c.after === c.before!.replace('学校', '新校'))).toBe(true);
  });
});
