// Table stage: TableBlocks (and their captions, notes and unit lines) → table records.
import type { Block, RawRow, Span, TableBlock } from '../blocks.ts';
import { mergeSpans, type RecordContext, type StageOutput } from '../records/build.ts';
import type { AnyRecord, TablePart, TableRecord } from '../schema/records.ts';
import { findSurroundings, type Surroundings } from './caption.ts';
import { checkRowLength, checkSequence, checkTotals, type Finding } from './checks.ts';
import { layoutFlat } from './flat.ts';
import { layoutKnown, type Grid } from './grid.ts';
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

  const { rowsOf, continuations } = joinContinued(blocks, tables, around);
  for (const t of tables) {
    if (continuations.has(t)) continue;
    const block = blocks[t] as TableBlock;
    const s = around.get(t)!;
    // An uncaptioned one-column "table" is a text box (a 案例 frame), not data.
    if (!s.caption && !hasColumns(block)) continue;

    const rawRows = rowsOf.get(t) ?? block.rows;
    const grid = block.spansKnown ? layoutKnown(rawRows) : layoutFlat(rawRows);
    const columns = columnsOf(grid);
    const { headerRows, rows } = tableCells(grid, columns, s.unit);
    const number = s.caption?.number ?? null;
    const base = number !== null ? number : `@${++uncaptioned}`;
    const seen = (ids.get(base) ?? 0) + 1;
    ids.set(base, seen);
    const section = ctx.seg.sectionOf[t] ?? null;
    let span = block.span;
    const pieces = [t, ...[...continuations].filter(([, root]) => root === t).map(([c]) => c)];
    for (const c of pieces) {
      span = mergeSpans(span, blocks[c]!.span);
      for (const b of around.get(c)!.blocks) span = mergeSpans(span, blocks[b]!.span);
    }
    const provenance = ctx.provenance(span, section);
    const printed = partsOf(grid);
    if (printed) provenance.parts = printed;

    const record: TableRecord = {
      kind: 'table',
      id: `${ctx.docId}/table/${base}${seen > 1 ? `~${seen}` : ''}`,
      docId: ctx.docId,
      provenance,
      extractor: ctx.extractor,
      number,
      title: s.caption?.title || null,
      columns,
      headerRows,
      rows,
      // Footnotes cited in the cells, with their marks, after the 注 lines printed under the table.
      notes: [...s.notes, ...pieces.flatMap((c) => (blocks[c] as TableBlock).notes ?? []).map((n) => `${n.mark} ${n.text}`)],
      unit: s.unit,
      sectionId: section ? ctx.sectionId.get(section)! : null,
    };
    records.push(record);
    for (const c of pieces) {
      consumed.add(c);
      for (const b of around.get(c)!.blocks) consumed.add(b);
    }

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

/**
 * A table printed on under a 续表 N caption (or 表 N（续）) is the rest of table N: its rows are
 * appended to the first part's, less the header rows it repeats, so that the record — and its 合计
 * check — covers all of them. Returns the joined rows by first part and each continuation's first part.
 */
function joinContinued(blocks: Block[], tables: number[], around: Map<number, Surroundings>): { rowsOf: Map<number, RawRow[]>; continuations: Map<number, number> } {
  const rowsOf = new Map<number, RawRow[]>();
  const continuations = new Map<number, number>();
  const first = new Map<string, number>();
  for (const t of tables) {
    const cap = around.get(t)!.caption;
    if (cap?.number == null) continue;
    const root = cap.continued ? first.get(cap.number) : undefined;
    if (root === undefined) {
      if (!cap.continued && !first.has(cap.number)) first.set(cap.number, t);
      continue;
    }
    const head = rowsOf.get(root) ?? (blocks[root] as TableBlock).rows;
    const more = (blocks[t] as TableBlock).rows;
    let repeated = 0;
    while (repeated < more.length - 1 && repeated < head.length && rowText(more[repeated]!) === rowText(head[repeated]!)) repeated++;
    rowsOf.set(root, [...head, ...more.slice(repeated)]);
    continuations.set(t, root);
  }
  return { rowsOf, continuations };
}

const rowText = (r: RawRow) => r.cells.map((c) => c.text.replace(/\s+/g, '')).join('|');

/** Where each page's part of a table continued over pages was printed: its rows grouped by page. */
function partsOf(grid: Grid): TablePart[] | undefined {
  const parts: (TablePart & { first: number | null })[] = [];
  grid.rowSpans.forEach((span, r) => {
    if (span.page === undefined || !span.bbox) return;
    const body = r - grid.header;
    const cur = parts[parts.length - 1];
    if (cur && cur.page === span.page) {
      const [a, b] = [cur.bbox, span.bbox];
      cur.bbox = [Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.max(a[2], b[2]), Math.max(a[3], b[3])];
      if (body >= 0) {
        cur.first ??= body;
        cur.rows = [cur.first, body];
      }
    } else parts.push({ page: span.page, bbox: [...span.bbox], rows: [Math.max(0, body), Math.max(0, body)], first: body >= 0 ? body : null });
  });
  const printed = parts.filter((p) => p.first !== null).map(({ page, bbox, rows }) => ({ page, bbox, rows }));
  return new Set(printed.map((p) => p.page)).size > 1 ? printed : undefined;
}
