// What of a record is compared, how it is named and where it sits.
import { indicatorTitle } from '../indicators/describe.ts';
import type { AnyRecord } from '../schema/records.ts';
import { canonicalJson } from './hash.ts';
import { bigrams, diceBags, normalizeForMatch, tokenBag, type Bag } from './similarity.ts';
import { tableLabel, tableTokens } from './table.ts';
import type { Side } from './types.ts';

/** Never compared: identity and the pipeline stamp. */
const IDENTITY = new Set(['kind', 'id', 'docId', 'extractor']);
/** Compared only with `provenance: 'report'`: where the record came from, not what it says. */
const PROVENANCE_FIELDS = new Set(['provenance']);
/** A document's `source` (path, sha256, bytes, format, encoding) identifies the file, like provenance. */
const DOCUMENT_SOURCE = 'source';
/** Tables: the grid is compared cell by cell, not as fields. */
const TABLE_GRID = new Set(['columns', 'headerRows', 'rows']);
/** Fields whose changes also get a character diff. */
export const TEXT_FIELDS = new Set(['title', 'text', 'body', 'preamble', 'caption', 'message', 'subject', 'subjectFullName', 'reportType', 'region', 'institution', 'image']);

/** Kinds whose id carries a character offset (`…/warn/CODE/1234`): an id change there is a provenance change. */
export const OFFSET_ID_KINDS = new Set(['warning', 'error']);
/** Kinds whose id comes from printed numbering: an id change is a move. */
export const NUMBERED_KINDS = new Set(['section', 'case', 'table', 'figure']);

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Objects become dotted paths (an empty object contributes nothing); arrays stay whole. */
function flatten(prefix: string, v: unknown, out: Map<string, unknown>): void {
  if (isPlainObject(v)) {
    for (const [k, x] of Object.entries(v)) if (x !== undefined) flatten(prefix ? `${prefix}.${k}` : k, x, out);
  } else out.set(prefix, v);
}

export interface FieldView {
  /** Comparable fields, dotted paths → values, in the record's key order. */
  values: Map<string, unknown>;
  /** Provenance-like fields (provenance.*, document source.*), compared separately. */
  provenance: Map<string, unknown>;
}

export function fieldsOf(r: AnyRecord): FieldView {
  const values = new Map<string, unknown>();
  const provenance = new Map<string, unknown>();
  for (const [k, v] of Object.entries(r)) {
    if (v === undefined || IDENTITY.has(k)) continue;
    if (r.kind === 'table' && TABLE_GRID.has(k)) continue;
    if (PROVENANCE_FIELDS.has(k) || (r.kind === 'document' && k === DOCUMENT_SOURCE)) flatten(k, v, provenance);
    else flatten(k, v, values);
  }
  return { values, provenance };
}

/**
 * In align mode the two editions have different docIds: ids inside fields (parentId, sectionId,
 * case figures) are compared with their docId prefix replaced.
 */
export function comparable(v: unknown, docId: string | null): string {
  if (!docId) return canonicalJson(v);
  const strip = (x: unknown): unknown =>
    typeof x === 'string' && x.startsWith(`${docId}/`) ? `~/${x.slice(docId.length + 1)}` : Array.isArray(x) ? x.map(strip) : x;
  return canonicalJson(strip(v));
}

const prefixed = (p: string, n: string | null) => (n ? (n.startsWith(p) ? n : `${p}${n}`) : null);

/** A reader's name for the record. */
export function labelOf(r: AnyRecord): string {
  const tail = r.id.slice(r.id.lastIndexOf('/') + 1);
  switch (r.kind) {
    case 'document':
      return r.title ?? r.docId;
    case 'section':
      return [r.number, r.title].filter(Boolean).join(' ') || tail;
    case 'table':
      return [tableLabel(r), r.number ? r.title : null].filter(Boolean).join(' ');
    case 'case':
      return [prefixed('案例', r.number), r.title].filter(Boolean).join(' ') || tail;
    case 'figure':
      return [prefixed('图', r.number), r.caption].filter(Boolean).join(' ') || tail;
    case 'warning':
    case 'error':
      return r.code;
    case 'indicator':
      return indicatorTitle(r);
  }
}

export function sideOf(r: AnyRecord): Side {
  const p = r.provenance;
  const s: Side = { id: r.id, docId: r.docId, sourcePath: p.sourcePath };
  for (const k of ['lineStart', 'lineEnd', 'page', 'pageEnd', 'paragraphIndex', 'tableIndex', 'charStart', 'charEnd'] as const) {
    if (p[k] !== undefined) s[k] = p[k];
  }
  return s;
}

/** The part of a section id after "/sec/", each step normalized: "二/(一)/1" → "二/一/1". */
export function sectionPath(r: AnyRecord): string {
  const at = r.id.indexOf('/sec/');
  const p = at >= 0 ? r.id.slice(at + 5) : r.id;
  return p
    .replace(/~\d+$/, '')
    .split('/')
    .map((x) => normalizeForMatch(x) || x)
    .join('/');
}

interface Features {
  title: Bag;
  body: Bag;
  /** Tables compare cell tokens, not bigrams. */
  tokens: boolean;
}

const features = new WeakMap<AnyRecord, Features>();

function featuresOf(r: AnyRecord): Features {
  let f = features.get(r);
  if (f) return f;
  const bag = (s: string | null | undefined) => bigrams(normalizeForMatch(s));
  switch (r.kind) {
    case 'section':
      f = { title: bag(r.title), body: bag(r.text), tokens: false };
      break;
    case 'case':
      f = { title: bag(r.title), body: bag(r.body), tokens: false };
      break;
    case 'table':
      f = { title: bag(r.title), body: tokenBag(tableTokens(r)), tokens: true };
      break;
    case 'figure':
      f = { title: bag(r.caption), body: bag(r.image), tokens: false };
      break;
    case 'warning':
    case 'error':
      f = { title: bag(r.code), body: bag(r.message), tokens: false };
      break;
    case 'document':
      f = { title: bag(r.title), body: bag(r.preamble), tokens: false };
      break;
    case 'indicator':
      f = { title: bag(`${r.indicator ?? ''}${r.label}${r.subject ?? ''}${r.period?.text ?? ''}`), body: bag(r.printed.text), tokens: false };
      break;
  }
  features.set(r, f);
  return f;
}

const bagSize = (b: Bag) => b.size;

/**
 * Content similarity of two records of one kind, 0–1: title and body bigram Dice, weighted towards
 * the body when both have one (a renumbered section keeps its text; a renamed one too).
 */
export function similarity(a: AnyRecord, b: AnyRecord): number {
  if (a.kind !== b.kind) return 0;
  const fa = featuresOf(a);
  const fb = featuresOf(b);
  const title = diceBags(fa.title, fb.title);
  const hasBody = bagSize(fa.body) > 0 || bagSize(fb.body) > 0;
  const hasTitle = bagSize(fa.title) > 0 || bagSize(fb.title) > 0;
  if (!hasBody) return title;
  const body = diceBags(fa.body, fb.body);
  if (!hasTitle) return body;
  const wTitle = a.kind === 'table' ? 0.3 : 0.35;
  return wTitle * title + (1 - wTitle) * body;
}
