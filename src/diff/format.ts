// Diff output: a terminal listing (one line per change, grouped by document then record, no
// colour) and a stable JSON structure for tools and the review page.
import type { Segment } from './text.ts';
import type { CellChange, FieldChange, RecordChange, RecordDiff, Side } from './types.ts';

export interface TextFormatOptions {
  /** Characters of unchanged text shown on each side of an edit (default 12). */
  context?: number;
  /** Longest edit shown before it is cut with "…" (default 60). */
  maxEdit?: number;
  /** Edits shown per text field before "… n more edits" (default 6). */
  maxEdits?: number;
}

const cut = (s: string, n: number, fromEnd = false) => {
  const cs = Array.from(s);
  if (cs.length <= n) return s;
  return fromEnd ? `…${cs.slice(cs.length - n).join('')}` : `${cs.slice(0, n).join('')}…`;
};
const oneLine = (s: string) => s.replace(/\n/g, '⏎');

/** "…前文[-删去-]{+加入+}后文…": the edits of a text field with a little context, on one line. */
export function renderSegments(segs: Segment[], o: TextFormatOptions = {}): string {
  const ctx = o.context ?? 12;
  const maxEdit = o.maxEdit ?? 60;
  const maxEdits = o.maxEdits ?? 6;
  let out = '';
  let edits = 0;
  const total = segs.filter((s, i) => s.op !== 'equal' && segs[i - 1]?.op === 'equal').length + (segs[0] && segs[0].op !== 'equal' ? 1 : 0);
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    if (s.op === 'equal') {
      if (edits >= maxEdits) break;
      const cs = Array.from(s.text);
      if (i === 0) out += cut(s.text, ctx, true);
      else if (i === segs.length - 1) out += cut(s.text, ctx);
      else out += cs.length > 2 * ctx ? `${cs.slice(0, ctx).join('')}…${cs.slice(cs.length - ctx).join('')}` : s.text;
      continue;
    }
    if (i === 0 || segs[i - 1]!.op === 'equal') {
      if (edits >= maxEdits) break;
      edits++;
    }
    out += s.op === 'delete' ? `[-${cut(s.text, maxEdit)}-]` : `{+${cut(s.text, maxEdit)}+}`;
  }
  if (total > edits) out += ` … ${total - edits} more edit${total - edits === 1 ? '' : 's'}`;
  return oneLine(out);
}

function location(s: Side | null): string {
  if (!s) return '';
  let at = s.sourcePath;
  if (s.lineStart !== undefined) at += `:${s.lineStart}${s.lineEnd !== undefined && s.lineEnd !== s.lineStart ? `-${s.lineEnd}` : ''}`;
  if (s.page !== undefined) at += ` p.${s.page}${s.pageEnd !== undefined && s.pageEnd !== s.page ? `-${s.pageEnd}` : ''}`;
  if (s.page === undefined && s.lineStart === undefined && s.paragraphIndex !== undefined) at += ` ¶${s.paragraphIndex + 1}`;
  return at;
}

const value = (v: unknown): string => (v === null || v === undefined ? '∅' : typeof v === 'string' ? (v === '' ? '(empty)' : oneLine(v)) : JSON.stringify(v));
const SHORT = 40;

function fieldLine(f: FieldChange, c: RecordChange, o: TextFormatOptions): string {
  const segs = c.text?.[f.field];
  const long = [f.before, f.after].some((v) => typeof v === 'string' && (Array.from(v).length > SHORT || v.includes('\n')));
  if (segs && long) return `${f.field}: ${renderSegments(segs, o)}`;
  return `${f.field}: ${cut(value(f.before), 200)} → ${cut(value(f.after), 200)}`;
}

const INDICATOR_VALUE_FIELDS = new Set(['value', 'unit', 'printed.text', 'printed.value', 'printed.unit']);

const MARK: Record<RecordChange['change'], string> = { added: '+', removed: '-', changed: '~', moved: '>' };
const shortId = (id: string, docId: string) => (id.startsWith(`${docId}/`) ? id.slice(docId.length + 1) : id);

function recordLines(c: RecordChange, o: TextFormatOptions): string[] {
  const side = c.after ?? c.before;
  let head = `  ${MARK[c.change]} ${c.kind} ${c.label}`;
  if (c.change === 'moved' && c.oldId) head += `  (${shortId(c.oldId, c.docId)} → ${shortId(c.id, c.docId)})`;
  if ((c.kind === 'warning' || c.kind === 'error') && (c.change === 'added' || c.change === 'removed')) {
    const msg = c.fields.find((f) => f.field === 'message');
    if (msg) head += `: ${cut(value(c.change === 'added' ? msg.after : msg.before), 120)}`;
  }
  const at = location(side);
  if (at) head += `  @ ${at}`;
  const lines = [head];
  if (c.change === 'changed' || c.change === 'moved') {
    // An indicator's new value is said once, as a reader reads it; its printed forms follow from it.
    if (c.value) lines.push(`      ${c.value.line}`);
    for (const f of c.fields) if (!(c.value && INDICATOR_VALUE_FIELDS.has(f.field))) lines.push(`      ${fieldLine(f, c, o)}`);
    for (const cell of c.cells ?? []) lines.push(`      ${cell.line}`);
  }
  return lines;
}

function summaryLine(d: RecordDiff): string {
  const s = d.summary;
  const n = s.added + s.removed + s.changed + s.moved;
  return `${n} change${n === 1 ? '' : 's'}: ${s.added} added, ${s.removed} removed, ${s.changed} changed, ${s.moved} moved (${s.provenanceOnly} provenance-only, ${s.unchanged} unchanged)`;
}

/** Terminal listing: per document a header, per record a line, per field or cell a line; a summary last. */
export function formatText(diff: RecordDiff, o: TextFormatOptions = {}): string {
  const lines: string[] = [];
  const beforeOf = new Map((diff.documents ?? []).map((d) => [d.after, d.before]));
  let doc: string | null = null;
  for (const c of diff.changes) {
    if (c.docId !== doc) {
      doc = c.docId;
      const was = beforeOf.get(doc);
      lines.push(was && was !== doc ? `${was} → ${doc}` : doc);
    }
    lines.push(...recordLines(c, o));
  }
  const un = diff.unpairedDocuments;
  if (un && (un.before.length || un.after.length)) {
    lines.push(`not compared (no counterpart edition): ${[...un.before.map((d) => `${d} (before)`), ...un.after.map((d) => `${d} (after)`)].join(', ')}`);
  }
  lines.push(summaryLine(diff));
  return `${lines.join('\n')}\n`;
}

const sideJson = (s: Side | null) => {
  if (!s) return null;
  const o: Record<string, unknown> = { id: s.id, docId: s.docId, sourcePath: s.sourcePath };
  for (const k of ['lineStart', 'lineEnd', 'page', 'pageEnd', 'paragraphIndex', 'tableIndex', 'charStart', 'charEnd'] as const) if (s[k] !== undefined) o[k] = s[k];
  return o;
};

const cellJson = (c: CellChange) => {
  const o: Record<string, unknown> = { changeId: c.changeId, op: c.op, row: c.row, column: c.column, address: c.address, before: c.before, after: c.after };
  if (c.delta !== undefined) o.delta = c.delta;
  o.line = c.line;
  return o;
};

function changeJson(c: RecordChange): Record<string, unknown> {
  const o: Record<string, unknown> = {
    changeId: c.changeId,
    change: c.change,
    kind: c.kind,
    id: c.id,
    oldId: c.oldId,
    docId: c.docId,
    label: c.label,
    fields: c.fields.map((f) => ({ changeId: f.changeId, field: f.field, before: f.before, after: f.after })),
  };
  if (c.cells) o.cells = c.cells.map(cellJson);
  if (c.value) o.value = c.value;
  if (c.text) o.text = Object.fromEntries(Object.keys(c.text).map((k) => [k, c.text![k]!.map((s) => ({ op: s.op, text: s.text }))]));
  if (c.similarity !== undefined) o.similarity = c.similarity;
  o.before = sideJson(c.before);
  o.after = sideJson(c.after);
  return o;
}

/** The diff as a plain object with a fixed key order (what `formatJson` writes). */
export function toJson(diff: RecordDiff): Record<string, unknown> {
  const s = diff.summary;
  const o: Record<string, unknown> = {
    summary: { added: s.added, removed: s.removed, changed: s.changed, moved: s.moved, provenanceOnly: s.provenanceOnly, unchanged: s.unchanged },
  };
  if (diff.documents) o.documents = diff.documents.map((d) => ({ before: d.before, after: d.after }));
  if (diff.unpairedDocuments) o.unpairedDocuments = { before: [...diff.unpairedDocuments.before], after: [...diff.unpairedDocuments.after] };
  o.changes = diff.changes.map(changeJson);
  o.provenanceOnly = diff.provenanceOnly.map((p) => ({ kind: p.kind, id: p.id, oldId: p.oldId, docId: p.docId }));
  return o;
}

/**
 * `{ summary: {added, removed, changed, moved, provenanceOnly, unchanged}, changes: [...], provenanceOnly: [...] }`,
 * two-space indented, with a trailing newline.
 */
export function formatJson(diff: RecordDiff): string {
  return `${JSON.stringify(toJson(diff), null, 2)}\n`;
}
