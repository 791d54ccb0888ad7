// The record diff: pair the records of two runs (or two editions), then say what changed in each
// pair, field by field, cell by cell, character by character.
import { formatNumber, formatValue, indicatorTitle } from '../indicators/describe.ts';
import type { AnyRecord, IndicatorRecord } from '../schema/records.ts';
import { alignDocuments } from './align.ts';
import { comparable, fieldsOf, labelOf, NUMBERED_KINDS, sideOf, TEXT_FIELDS } from './fields.ts';
import { canonicalJson, changeIdOf } from './hash.ts';
import { DEFAULT_MOVE_THRESHOLD, matchRecords } from './match.ts';
import { diffTable } from './table.ts';
import { diffText, type Segment } from './text.ts';
import type { Alignment, CellChange, DiffOptions, FieldChange, IndicatorValueChange, ProvenanceOnly, RecordChange, RecordDiff, RecordPair } from './types.ts';

interface Context {
  align: boolean;
  provenance: 'ignore' | 'report';
  yearShift: Record<string, number>;
}

const orNull = (v: unknown) => (v === undefined ? null : v);

/** The record without what is never compared: for the change id of an added or removed record. */
function content(r: AnyRecord): string {
  const { provenance: _p, extractor: _e, ...rest } = r;
  return canonicalJson(rest);
}

/** 在校生数 · 柳州市 · 2023: 41 000 → 42 000 人 (each side with its unit when the unit changed). */
function indicatorValueChange(b: IndicatorRecord, a: IndicatorRecord): IndicatorValueChange {
  const glued = a.unit === '%' || a.unit === '‰' || a.unit === 'ratio';
  const values = b.unit !== a.unit || glued ? `${formatValue(b.value, b.unit)} → ${formatValue(a.value, a.unit)}` : `${formatNumber(b.value)} → ${formatNumber(a.value)} ${a.unit}`;
  return { before: b.value, after: a.value, unitBefore: b.unit, unitAfter: a.unit, line: `${indicatorTitle(a)}: ${values}` };
}

type PairResult = { type: 'change'; change: RecordChange } | { type: 'provenance'; entry: ProvenanceOnly } | { type: 'unchanged' };

function comparePair(pair: RecordPair, ctx: Context): PairResult {
  const b = pair.before!;
  const a = pair.after!;
  const ids = b.id === a.id ? [a.id] : [b.id, a.id];
  const fb = fieldsOf(b);
  const fa = fieldsOf(a);
  const same = (x: unknown, y: unknown) => comparable(x, ctx.align ? b.docId : null) === comparable(y, ctx.align ? a.docId : null);

  const fields: FieldChange[] = [];
  const fieldDiff = (vb: Map<string, unknown>, va: Map<string, unknown>) => {
    const keys = [...va.keys(), ...[...vb.keys()].filter((k) => !va.has(k))];
    for (const k of keys) {
      const x = orNull(vb.get(k));
      const y = orNull(va.get(k));
      if (!same(x, y)) fields.push({ changeId: changeIdOf(ids, 'field', k, x, y), field: k, before: x, after: y });
    }
  };
  fieldDiff(fb.values, fa.values);
  const provenanceDiffers = canonicalJson([...fb.provenance]) !== canonicalJson([...fa.provenance]);
  if (ctx.provenance === 'report') fieldDiff(fb.provenance, fa.provenance);

  let cells: CellChange[] | undefined;
  if (b.kind === 'table' && a.kind === 'table') cells = diffTable(b, a, { yearShift: ctx.align ? (ctx.yearShift[a.docId] ?? 0) : 0 });

  let text: Record<string, Segment[]> | undefined;
  if (a.kind !== 'table') {
    for (const f of fields) {
      if (TEXT_FIELDS.has(f.field) && typeof f.before === 'string' && typeof f.after === 'string') (text ??= {})[f.field] = diffText(f.before, f.after);
    }
  }

  const idChanged = b.id !== a.id;
  const hasChanges = fields.length > 0 || (cells?.length ?? 0) > 0;
  let change: RecordChange['change'] | null = null;
  if (ctx.align) change = hasChanges ? 'changed' : null;
  else if (idChanged && (NUMBERED_KINDS.has(a.kind) || ctx.provenance === 'report')) change = 'moved';
  else if (hasChanges) change = 'changed';

  if (!change) {
    if (!ctx.align && (provenanceDiffers || idChanged)) return { type: 'provenance', entry: { kind: a.kind, id: a.id, oldId: idChanged ? b.id : null, docId: a.docId } };
    return { type: 'unchanged' };
  }
  const rc: RecordChange = {
    changeId: changeIdOf(change, ids, fields.map((f) => f.changeId), (cells ?? []).map((c) => c.changeId)),
    change,
    kind: a.kind,
    id: a.id,
    oldId: idChanged ? b.id : null,
    docId: a.docId,
    label: labelOf(a),
    fields,
    before: sideOf(b),
    after: sideOf(a),
  };
  if (cells) rc.cells = cells;
  if (b.kind === 'indicator' && a.kind === 'indicator' && (b.value !== a.value || b.unit !== a.unit)) rc.value = indicatorValueChange(b, a);
  if (text) rc.text = text;
  if (pair.score !== undefined && pair.by === 'content') rc.similarity = pair.score;
  return { type: 'change', change: rc };
}

function oneSided(r: AnyRecord, change: 'added' | 'removed', ctx: Context): RecordChange {
  const { values, provenance } = fieldsOf(r);
  const all = ctx.provenance === 'report' ? new Map([...values, ...provenance]) : values;
  const fields: FieldChange[] = [];
  for (const [k, v] of all) {
    if (v === null || v === undefined) continue;
    const [x, y] = change === 'added' ? [null, v] : [v, null];
    fields.push({ changeId: changeIdOf([r.id], 'field', k, x, y), field: k, before: x, after: y });
  }
  return {
    changeId: changeIdOf(change, [r.id], content(r)),
    change,
    kind: r.kind,
    id: r.id,
    oldId: null,
    docId: r.docId,
    label: labelOf(r),
    fields,
    before: change === 'removed' ? sideOf(r) : null,
    after: change === 'added' ? sideOf(r) : null,
  };
}

/**
 * Changes in document order: documents as they first appear (after, then before-only ones), records
 * in the after order, a removed record just after the record that preceded it before.
 */
function orderPairs(pairs: RecordPair[], before: AnyRecord[], after: AnyRecord[]): RecordPair[] {
  const ib = new Map(before.map((r, i) => [r, i]));
  const ia = new Map(after.map((r, i) => [r, i]));
  const docRank = new Map<string, number>();
  for (const r of [...after, ...before]) if (!docRank.has(r.docId)) docRank.set(r.docId, docRank.size);
  // Before index → after index of its partner.
  const partner = new Map<number, number>();
  for (const p of pairs) if (p.before && p.after) partner.set(ib.get(p.before)!, ia.get(p.after)!);
  // For each before index, the partner of the nearest earlier record of its document that has one
  // (one pass in document order, not a scan back from every removed record).
  const partnerBefore = new Int32Array(before.length).fill(-1);
  const lastPartner = new Map<string, number>();
  before.forEach((r, i) => {
    partnerBefore[i] = lastPartner.get(r.docId) ?? -1;
    const x = partner.get(i);
    if (x !== undefined) lastPartner.set(r.docId, x);
  });
  const keyOf = (p: RecordPair): [number, number, number] => {
    const r = p.after ?? p.before!;
    const rank = docRank.get(r.docId) ?? 0;
    if (p.after) return [rank, ia.get(p.after)!, -1];
    const bi = ib.get(p.before!)!;
    const x = partnerBefore[bi]!;
    return [rank, x >= 0 ? x + 0.5 : -0.5, bi];
  };
  const keyed = pairs.map((p) => ({ p, k: keyOf(p) }));
  keyed.sort((x, y) => x.k[0] - y.k[0] || x.k[1] - y.k[1] || x.k[2] - y.k[2]);
  return keyed.map((x) => x.p);
}

function build(pairs: RecordPair[], before: AnyRecord[], after: AnyRecord[], ctx: Context): RecordDiff {
  const summary = { added: 0, removed: 0, changed: 0, moved: 0, provenanceOnly: 0, unchanged: 0 };
  const changes: RecordChange[] = [];
  const provenanceOnly: ProvenanceOnly[] = [];
  for (const p of orderPairs(pairs, before, after)) {
    if (p.before && p.after) {
      const res = comparePair(p, ctx);
      if (res.type === 'change') {
        summary[res.change.change]++;
        changes.push(res.change);
      } else if (res.type === 'provenance') {
        summary.provenanceOnly++;
        provenanceOnly.push(res.entry);
      } else summary.unchanged++;
    } else {
      const c = oneSided((p.after ?? p.before)!, p.after ? 'added' : 'removed', ctx);
      summary[c.change]++;
      changes.push(c);
    }
  }
  return { summary, changes, provenanceOnly };
}

const kindFilter = (opts: DiffOptions) => (r: AnyRecord | null) => !r || !opts.kinds?.length || opts.kinds.includes(r.kind);

/** The diff of an alignment (see `alignDocuments`): each pair of editions compared field by field and cell by cell. */
export function diffAlignment(al: Alignment, opts: Omit<DiffOptions, 'align'> = {}): RecordDiff {
  const keep = kindFilter(opts);
  const pairs = al.pairs.filter((p) => keep(p.before) && keep(p.after));
  const before = pairs.flatMap((p) => (p.before ? [p.before] : []));
  const after = pairs.flatMap((p) => (p.after ? [p.after] : []));
  const diff = build(pairs, before, after, { align: true, provenance: opts.provenance ?? 'ignore', yearShift: al.yearShift });
  diff.documents = al.documents;
  diff.unpairedDocuments = al.unpaired;
  return diff;
}

/**
 * What changed between two sets of records. Records are paired by id; the rest by content within
 * one document and kind (a renumbered section is `moved`, old id → new id); what is left is
 * `added` or `removed`. With `align`, two editions of a report (different docIds) are paired by
 * section numbering and title, table and case caption (see `alignDocuments`).
 */
export function diffRecords(before: AnyRecord[], after: AnyRecord[], opts: DiffOptions = {}): RecordDiff {
  const threshold = opts.moveThreshold ?? DEFAULT_MOVE_THRESHOLD;
  if (opts.align) {
    const al = alignDocuments(before, after, opts.docId === undefined ? { threshold } : { threshold, docId: opts.docId });
    return diffAlignment(al, opts);
  }
  const keep = kindFilter(opts);
  const pick = (rs: AnyRecord[]) => rs.filter((r) => keep(r) && (opts.docId === undefined || r.docId === opts.docId));
  const b = pick(before);
  const a = pick(after);
  return build(matchRecords(b, a, threshold), b, a, { align: false, provenance: opts.provenance ?? 'ignore', yearShift: {} });
}

/** 0 when nothing changed, 1 when something did (provenance-only differences do not count). */
export function exitCodeFor(diff: RecordDiff): 0 | 1 {
  return diff.changes.length > 0 ? 1 : 0;
}
