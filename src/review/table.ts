// A table as the report prints it (merged header cells via headerRows rowSpan/colSpan, merged body
// cells via rowSpan/colSpan with their spannedFrom repeats left out), with the diff's cell changes laid
// over it: changed cells show the old and the new value, added rows are marked, removed rows are put
// back (from the older table) where they stood.
//
// The diff addresses a cell by row key × column path, the way a reader says it; this module finds
// that cell again in the grid. Whatever it cannot place is still listed under the table.
import type { CellChange } from '../diff/types.ts';
import type { TableCell, TableRecord } from '../schema/records.ts';
import { clean, columnPaths, KEY_SEP } from '../diff/table.ts';
import { esc } from './html.ts';

/**
 * The row a diff row key names: every part of the key ("柳职院", or "学校 · 专业") is the text of a
 * cell of the row; "#n" picks the n-th such row; "第n行" is the n-th row. `check` prefers a row whose
 * cell holds the value the change reports.
 */
export function findRow(t: TableRecord, key: string, check?: (row: number) => boolean): number | null {
  const texts = t.rows.map((r) => new Set(r.map((c) => clean(c.text))));
  const attempt = (base: string, nth: number): number | null => {
    const parts = base.split(KEY_SEP);
    const hits: number[] = [];
    texts.forEach((set, i) => {
      if (parts.every((p) => set.has(p))) hits.push(i);
    });
    if (!hits.length) {
      const m = /^第(\d+)行$/.exec(base);
      if (m && Number(m[1]) >= 1 && Number(m[1]) <= t.rows.length) return Number(m[1]) - 1;
      return null;
    }
    const pick = hits[nth - 1];
    if (pick !== undefined && (!check || check(pick))) return pick;
    return (check && hits.find(check)) ?? pick ?? hits[0]!;
  };
  const m = /^(.*)#(\d+)$/.exec(key);
  if (m) {
    const r = attempt(m[1]!, Number(m[2]));
    if (r !== null) return r;
  }
  return attempt(key, 1);
}

interface Overlay {
  /** after row index → cell changes on it (value, unit) by column index; -1 for the row itself. */
  cells: Map<number, Map<number, CellChange[]>>;
  added: Map<number, CellChange>;
  /** before row index → change, for rows put back from the older table. */
  removed: Map<number, CellChange>;
  addedColumns: Set<number>;
  /** Changes placed in the grid. */
  placed: Set<string>;
}

function overlay(before: TableRecord | null, after: TableRecord, cells: CellChange[]): Overlay {
  const o: Overlay = { cells: new Map(), added: new Map(), removed: new Map(), addedColumns: new Set(), placed: new Set() };
  const paths = columnPaths(after);
  const colOf = (p: string | null) => (p === null ? -1 : paths.indexOf(p));
  for (const c of cells) {
    if (c.op === 'column-added') {
      const ci = colOf(c.column);
      if (ci >= 0) {
        o.addedColumns.add(ci);
        o.placed.add(c.changeId);
      }
      continue;
    }
    if (c.op === 'row-removed') {
      if (!before || c.row === null) continue;
      const r = findRow(before, c.row);
      if (r !== null && !o.removed.has(r)) {
        o.removed.set(r, c);
        o.placed.add(c.changeId);
      }
      continue;
    }
    if (c.row === null) continue;
    if (c.op === 'row-added') {
      const r = findRow(after, c.row);
      if (r !== null && !o.added.has(r)) {
        o.added.set(r, c);
        o.placed.add(c.changeId);
      }
      continue;
    }
    if (c.op === 'value' || c.op === 'unit') {
      const ci = colOf(c.column);
      if (ci < 0) continue;
      const check = c.op === 'value' ? (r: number) => clean(after.rows[r]?.[ci]?.text ?? '') === (c.after ?? '') : undefined;
      const r = findRow(after, c.row, check);
      if (r === null) continue;
      const row = o.cells.get(r) ?? o.cells.set(r, new Map()).get(r)!;
      (row.get(ci) ?? row.set(ci, []).get(ci)!).push(c);
      o.placed.add(c.changeId);
    }
  }
  return o;
}

/** Text cells of a row: what stays when only figures change, to find a row again in the other table. */
const signature = (row: TableCell[] | undefined) => (row ?? []).filter((c) => c.value === null && c.text.trim()).map((c) => clean(c.text)).join('\u0000');

type DisplayRow = { side: 'after'; r: number } | { side: 'before'; r: number };

/** After rows in order, with each removed before row next to the row that stood beside it. */
function displayRows(before: TableRecord | null, after: TableRecord, removed: Map<number, CellChange>): DisplayRow[] {
  const rows: DisplayRow[] = after.rows.map((_, r) => ({ side: 'after', r }));
  if (!before || removed.size === 0) return rows;
  const afterSig = new Map<string, number>();
  after.rows.forEach((row, r) => {
    const s = signature(row);
    if (s && !afterSig.has(s)) afterSig.set(s, r);
  });
  const anchor = (j: number): { r: number; after: boolean } => {
    for (let k = j - 1; k >= 0; k--) {
      if (removed.has(k)) continue;
      const r = afterSig.get(signature(before.rows[k]));
      if (r !== undefined) return { r, after: true };
    }
    for (let k = j + 1; k < before.rows.length; k++) {
      if (removed.has(k)) continue;
      const r = afterSig.get(signature(before.rows[k]));
      if (r !== undefined) return { r, after: false };
    }
    return { r: after.rows.length, after: false };
  };
  // Each removed row gets a slot: before after-row r (2r) or after it (2r+1); ties keep before order.
  const slots = [...removed.keys()].sort((x, y) => x - y).map((j) => {
    const a = anchor(j);
    return { j, slot: a.after ? 2 * a.r + 1 : 2 * a.r };
  });
  const out: DisplayRow[] = [];
  let s = 0;
  for (let r = 0; r <= after.rows.length; r++) {
    while (s < slots.length && slots[s]!.slot <= 2 * r) out.push({ side: 'before', r: slots[s++]!.j });
    if (r < after.rows.length) out.push({ side: 'after', r });
    while (s < slots.length && slots[s]!.slot === 2 * r + 1) out.push({ side: 'before', r: slots[s++]!.j });
  }
  while (s < slots.length) out.push({ side: 'before', r: slots[s++]!.j });
  return out;
}

const spanAttrs = (c: TableCell, merge: boolean) => (merge ? `${c.rowSpan && c.rowSpan > 1 ? ` rowspan="${c.rowSpan}"` : ''}${c.colSpan && c.colSpan > 1 ? ` colspan="${c.colSpan}"` : ''}` : '');
const numClass = (c: TableCell) => (c.value !== null && c.type !== 'text' ? ' num' : '');
const cellText = (c: TableCell) => (c.text === '' ? '' : esc(c.text).replace(/\n/g, '<br>'));

function headerHtml(t: TableRecord, gutter: boolean, changed: boolean): string {
  let rows = t.headerRows;
  if (!rows.length && t.columns.length) rows = [t.columns.map((c) => ({ text: c.path.join('/'), value: null, type: 'text' as const }))];
  if (!rows.length) return '';
  const trs = rows.map((row, i) => {
    const g = gutter && i === 0 ? `<th class="g" rowspan="${rows.length}"></th>` : '';
    return `<tr>${g}${row
      .filter((c) => !c.spannedFrom)
      .map((c) => `<th${spanAttrs(c, true)}>${cellText(c)}</th>`)
      .join('')}</tr>`;
  });
  return `<thead${changed ? ' class="hdr-changed"' : ''}>${trs.join('')}</thead>`;
}

const ANCHOR = (changeId: string) => `cc-${changeId}`;

function changedCell(c: TableCell, changes: CellChange[], merge: boolean): string {
  const value = changes.find((x) => x.op === 'value');
  const unit = changes.filter((x) => x.op === 'unit');
  const ids = changes.map((x) => x.changeId).join(' ');
  let inner = value ? `${value.before !== null ? `<del>${esc(value.before)}</del>` : '<del class="none">∅</del>'} <ins>${value.after !== null ? esc(value.after) : '∅'}</ins>` : cellText(c);
  for (const u of unit) inner += ` <span class="unitchg">单位 <del>${esc(u.before ?? '∅')}</del> <ins>${esc(u.after ?? '∅')}</ins></span>`;
  const title = changes.map((x) => x.line).join('\n');
  return `<td class="chg${numClass(c)}"${spanAttrs(c, merge)} id="${esc(ANCHOR(changes[0]!.changeId))}" data-cell-change-id="${esc(ids)}" title="${esc(title)}">${inner}</td>`;
}

export interface TableRenderOptions {
  /** 'changed'/'moved': overlay the cell changes; 'added'/'removed': the whole table is new/gone. */
  mode: 'plain' | 'changed' | 'added' | 'removed';
  before?: TableRecord | null;
  cells?: CellChange[];
}

/** The grid. Returns the HTML and which cell changes it could place. */
export function tableHtml(t: TableRecord, opts: TableRenderOptions): { html: string; placed: Set<string> } {
  const cells = opts.cells ?? [];
  const changed = opts.mode === 'changed';
  const o = changed ? overlay(opts.before ?? null, t, cells) : { cells: new Map(), added: new Map(), removed: new Map(), addedColumns: new Set<number>(), placed: new Set<string>() };
  const gutter = changed;
  // Merged body cells span rows; a removed row put back between them would be swallowed, so a table
  // with removed rows shows each repeat instead.
  const merge = o.removed.size === 0;
  const headerChanged = cells.some((c) => c.op === 'header');
  const body: string[] = [];
  for (const d of displayRows(opts.before ?? null, t, o.removed)) {
    if (d.side === 'before') {
      const row = opts.before!.rows[d.r] ?? [];
      const ch = o.removed.get(d.r)!;
      body.push(
        `<tr class="row-removed" id="${esc(ANCHOR(ch.changeId))}" data-cell-change-id="${esc(ch.changeId)}" title="${esc(ch.line)}"><td class="g" title="row removed">−</td>${row
          .map((c) => `<td class="${c.spannedFrom ? 'rep' : ''}${numClass(c)}">${c.text ? `<del>${cellText(c)}</del>` : ''}</td>`)
          .join('')}</tr>`,
      );
      continue;
    }
    const row = t.rows[d.r] ?? [];
    const added = o.added.get(d.r);
    const rowChanges = o.cells.get(d.r);
    const tds = row
      .map((c, ci) => {
        const ch = rowChanges?.get(ci);
        if (c.spannedFrom && merge) {
          // A change on a repeat of a merged cell has no cell of its own here: the list shows it.
          for (const x of ch ?? []) o.placed.delete(x.changeId);
          return '';
        }
        if (ch && ch.length) return changedCell(c, ch, merge);
        const cls = `${c.spannedFrom ? 'rep' : ''}${numClass(c)}${o.addedColumns.has(ci) ? ' col-added' : ''}`.trim();
        const text = added || o.addedColumns.has(ci) ? (c.text ? `<ins>${cellText(c)}</ins>` : '') : cellText(c);
        return `<td${cls ? ` class="${cls}"` : ''}${spanAttrs(c, merge)}>${text}</td>`;
      })
      .join('');
    const g = gutter ? `<td class="g"${added ? ' title="row added"' : rowChanges ? ' title="changed"' : ''}>${added ? '+' : rowChanges ? '~' : ''}</td>` : '';
    const attrs = added ? ` class="row-added" id="${esc(ANCHOR(added.changeId))}" data-cell-change-id="${esc(added.changeId)}" title="${esc(added.line)}"` : rowChanges ? ' class="row-changed"' : '';
    body.push(`<tr${attrs}>${g}${tds}</tr>`);
  }
  const cls = `grid${opts.mode === 'added' ? ' t-added' : opts.mode === 'removed' ? ' t-removed' : ''}`;
  const html = `<div class="tscroll"><table class="${cls}">${headerHtml(t, gutter, headerChanged)}<tbody>${body.join('')}</tbody></table></div>`;
  return { html, placed: o.placed };
}

/** Every cell change as a line: address, old → new; a link to the cell when the grid shows it. */
/** The cell changes as a list; `decide(id)` adds each cell's decision and buttons (per-cell review). */
export function cellListHtml(cells: CellChange[], placed: Set<string>, decide?: (changeId: string) => string): string {
  if (!cells.length) return '';
  const OP: Record<CellChange['op'], string> = { value: '值', unit: '单位', 'row-added': '新增行', 'row-removed': '删除行', 'column-added': '新增列', 'column-removed': '删除列', header: '表头' };
  const items = cells.map((c) => {
    const addr = placed.has(c.changeId) ? `<a href="#${esc(ANCHOR(c.changeId))}">${esc(c.address)}</a>` : esc(c.address);
    const b = c.before !== null ? `<del>${esc(c.before)}</del>` : '';
    const a = c.after !== null ? `<ins>${esc(c.after)}</ins>` : '';
    const arrow = b && a ? ' → ' : '';
    const delta = c.delta !== undefined ? ` <span class="delta">(${c.delta > 0 ? '+' : ''}${esc(String(c.delta))})</span>` : '';
    const part = decide ? ` class="part" data-part="cell" data-change-id="${esc(c.changeId)}"` : '';
    return `<li data-cell-change-id="${esc(c.changeId)}"${part}><span class="op op-${esc(c.op)}">${OP[c.op]}</span> ${addr}: ${b}${arrow}${a}${delta}${decide ? decide(c.changeId) : ''}</li>`;
  });
  return `<ul class="cells">${items.join('')}</ul>`;
}
