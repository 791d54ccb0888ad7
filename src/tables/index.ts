// Table stage: TableBlocks (and their captions, notes and unit lines) → table records.
import type { Span, TableBlock } from '../blocks.ts';
import { mergeSpans, type RecordContext, type StageOutput } from '../records/build.ts';
import type { AnyRecord, TableRecord } from '../schema/records.ts';
import { findSurroundings } from './caption.ts';
import { checkRowLength, checkSequence, checkTotals, type Finding } from './checks.ts';
import { layoutFlat } from './flat.ts';
import { layoutKnown } from './grid.ts';
import { columnsOf } from './header.ts';
import { tableCells } from './record.ts';

export function extractTables(ctx: RecordContext, taken: Set<number>): StageOutput {
  const { blocks } = ctx.doc;
  const tables = blocks.flatMap((b, i) => (b.type === 'table' && !taken.has(i) ? [i] : []));
  const around = findSurroundings(ctx, tables, taken);
  const records: AnyRecord[] = [];
  const consumed = new Set<number>();
  const ids = new Map<string, number>();
  const numbered: { number: string; span: Span; at: number }[] = [];
  let uncaptioned = 0;

  for (const t of tables) {
    const block = blocks[t] as TableBlock;
    const s = around.get(t)!;
    // An uncaptioned one-column "table" is a text box (a 案例 frame), not data.
    if (!s.caption && !hasColumns(block)) continue;

    const grid = block.spansKnown ? layoutKnown(block.rows) : layoutFlat(block.rows);
    const columns = columnsOf(grid);
    const { headerRows, rows } = tableCells(grid, columns, s.unit);
    const number = s.caption?.number ?? null;
    const base = number !== null ? number : `@${++uncaptioned}`;
    const seen = (ids.get(base) ?? 0) + 1;
    ids.set(base, seen);
    const section = ctx.seg.sectionOf[t] ?? null;
    let span = block.span;
    for (const b of s.blocks) span = mergeSpans(span, blocks[b]!.span);

    const record: TableRecord = {
      kind: 'table',
      id: `${ctx.docId}/table/${base}${seen > 1 ? `~${seen}` : ''}`,
      docId: ctx.docId,
      provenance: ctx.provenance(span, section),
      extractor: ctx.extractor,
      number,
      title: s.caption?.title || null,
      columns,
      headerRows,
      rows,
      notes: s.notes,
      unit: s.unit,
      sectionId: section ? ctx.sectionId.get(section)! : null,
    };
    records.push(record);
    consumed.add(t);
    for (const b of s.blocks) consumed.add(b);

    const name = number !== null ? `表${number}` : `uncaptioned table ${uncaptioned}`;
    const findings: Finding[] = [...checkTotals(grid, columns, rows, name), ...checkRowLength(grid, name)];
    for (const f of findings) records.push(ctx.warning(f.code, f.message, ctx.provenance(f.span, section)));
    if (number !== null) numbered.push({ number, span: blocks[s.captionBlocks[0]!]!.span, at: t });
  }

  for (const f of checkSequence(numbered)) {
    const at = numbered.find((n) => n.span === f.span)!.at;
    records.push(ctx.warning(f.code, f.message, ctx.provenance(f.span, ctx.seg.sectionOf[at] ?? null)));
  }
  return { records, consumed };
}

function hasColumns(block: TableBlock): boolean {
  return block.rows.length >= 2 && block.rows.some((r) => r.cells.length >= 2);
}
