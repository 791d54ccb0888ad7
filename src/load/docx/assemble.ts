// Lays draft blocks out as the document's normalized text and gives every block its span in it:
// block texts joined by \n, a table's non-empty cells joined by \n in reading order. Empty cells,
// images and page breaks take no text; they get an empty span where they stand.
import type { Block, RawCell, RawRow, Span } from '../../blocks.ts';
import { JoinedText } from '../joined-text.ts';
import type { Draft } from './html-blocks.ts';

export function assemble(drafts: Draft[]): { blocks: Block[]; text: string } {
  const out = new JoinedText();
  const put = (t: string): Span => out.put(t);
  const here = (): Span => out.next();

  const blocks: Block[] = [];
  let tableIndex = 0;
  for (const d of drafts) {
    switch (d.type) {
      case 'paragraph': {
        const span = put(d.text);
        if (d.paragraphIndex !== undefined) span.paragraphIndex = d.paragraphIndex;
        blocks.push({ type: 'paragraph', text: d.text, span, hints: d.hints, ...(d.notes ? { notes: d.notes } : {}) });
        break;
      }
      case 'image': {
        const span = here();
        if (d.paragraphIndex !== undefined) span.paragraphIndex = d.paragraphIndex;
        blocks.push({ type: 'image', ref: d.ref, span });
        break;
      }
      case 'pagebreak':
        blocks.push({ type: 'pagebreak', span: here() });
        break;
      case 'table': {
        const tableStart = here().charStart;
        let tableEnd: number | undefined;
        const rows: RawRow[] = d.rows.map((row) => {
          const rowStart = here().charStart;
          let rowEnd: number | undefined;
          const cells: RawCell[] = row.map((c) => {
            const span = c.text ? put(c.text) : here();
            if (c.text) rowEnd = tableEnd = span.charEnd;
            return { text: c.text, span, colSpan: c.colSpan, rowSpan: c.rowSpan };
          });
          return { cells, span: { charStart: rowStart, charEnd: rowEnd ?? rowStart } };
        });
        const end = tableEnd ?? tableStart;
        const notes = d.rows.flatMap((row) => row.flatMap((c) => c.notes));
        // Empty cells after the last filled one stay inside the table's span.
        for (const r of rows) {
          for (const sp of [r.span, ...r.cells.map((c) => c.span)]) {
            if (sp.charStart > end) sp.charStart = sp.charEnd = end;
          }
        }
        blocks.push({
          type: 'table',
          rows,
          span: { charStart: tableStart, charEnd: end, tableIndex: tableIndex++ },
          spansKnown: true,
          ...(notes.length ? { notes } : {}),
        });
        break;
      }
    }
  }
  const text = out.toString();
  // Empty things after the last text point one past its end; pull them back onto the text.
  const clamp = (span: Span): void => {
    span.charStart = Math.min(span.charStart, text.length);
    span.charEnd = Math.min(span.charEnd, text.length);
  };
  for (const b of blocks) {
    clamp(b.span);
    if (b.type === 'table') for (const r of b.rows) { clamp(r.span); r.cells.forEach((c) => clamp(c.span)); }
  }
  return { blocks, text };
}
