// What the review pages are made of: the diff of two runs grouped by document, with each document's
// records on both sides. Pure: built from a RecordDiff and the two record lists; the renderer turns it
// into HTML and the server keeps one in memory while the runs stay the same.
import { createHash } from 'node:crypto';
import type { DiffSummary, RecordChange, RecordDiff } from '../diff/types.ts';
import type { AnyRecord, DocumentRecord } from '../schema/records.ts';
import type { Decision, Decisions } from './decisions.ts';
import { changeState, decisionOf, partsOf, type ChangePart } from './parts.ts';
import { knownSources, type KnownSource } from './source.ts';

export interface DocEntry {
  docId: string;
  /** File name of the document's page under docs/ ("<docId>.html" when the id is a safe file name). */
  file: string;
  title: string | null;
  sourcePath: string | null;
  before: AnyRecord[];
  after: AnyRecord[];
  /** The diff's changes about this document, in diff order. */
  changes: RecordChange[];
  /** Records that differ only in provenance. */
  provenanceOnly: number;
}

export interface ReviewData {
  beforeLabel: string;
  afterLabel: string;
  summary: DiffSummary;
  /** Sorted by docId. */
  docs: DocEntry[];
  byFile: Map<string, DocEntry>;
  /** Every change id of the diff (record changes), for validating decisions. */
  changeIds: Set<string>;
  /** The parts (cells, paragraphs) of each record change, by its changeId. */
  partsOf: Map<string, ChangePart[]>;
  /** Every id a decision can be about: record changes (part null) and their parts. */
  decidable: Map<string, { recordChangeId: string; part: ChangePart | null }>;
  /** The sources the records name, by sha256: the only input bytes the server hands out. */
  sources: Map<string, KnownSource>;
}

export interface ReviewInput {
  diff: RecordDiff;
  before: AnyRecord[];
  after: AnyRecord[];
  beforeLabel: string;
  afterLabel: string;
}

const UNSAFE_FILE = /[\u0000-\u001f\u007f/\\:*?"<>|#%]/;

/** A file name for a document's page: the docId itself when it is a safe name, else a cleaned form plus a hash. */
export function docFileName(docId: string): string {
  if (!UNSAFE_FILE.test(docId) && !docId.startsWith('.') && docId.length > 0 && docId.length <= 150) return `${docId}.html`;
  const cleaned = docId.replace(/[\u0000-\u001f\u007f/\\:*?"<>|#%]+/g, '_').replace(/^\.+/, '_').slice(0, 80);
  return `${cleaned}-${createHash('sha256').update(docId).digest('hex').slice(0, 10)}.html`;
}

export function buildReview(input: ReviewInput): ReviewData {
  const entries = new Map<string, DocEntry>();
  const entry = (docId: string): DocEntry => {
    let e = entries.get(docId);
    if (!e) {
      e = { docId, file: docFileName(docId), title: null, sourcePath: null, before: [], after: [], changes: [], provenanceOnly: 0 };
      entries.set(docId, e);
    }
    return e;
  };
  // Align mode (two editions, different docIds): the older edition's records go to the page of the
  // newer edition they are paired with, so each page shows one pair side by side.
  const partner = new Map((input.diff.documents ?? []).map((d) => [d.before, d.after]));
  for (const r of input.after) entry(r.docId).after.push(r);
  for (const r of input.before) entry(partner.get(r.docId) ?? r.docId).before.push(r);
  for (const c of input.diff.changes) entry(partner.get(c.docId) ?? c.docId).changes.push(c);
  for (const p of input.diff.provenanceOnly) entry(partner.get(p.docId) ?? p.docId).provenanceOnly++;
  for (const e of entries.values()) {
    const doc = (e.after.find((r) => r.kind === 'document') ?? e.before.find((r) => r.kind === 'document')) as DocumentRecord | undefined;
    e.title = doc?.title ?? null;
    e.sourcePath = doc?.source.path ?? doc?.provenance.sourcePath ?? e.after[0]?.provenance.sourcePath ?? e.before[0]?.provenance.sourcePath ?? null;
  }
  const docs = [...entries.values()].sort((x, y) => (x.docId < y.docId ? -1 : x.docId > y.docId ? 1 : 0));
  // Two docIds cleaned to the same file name get distinct names.
  const byFile = new Map<string, DocEntry>();
  for (const d of docs) {
    if (byFile.has(d.file)) d.file = `${d.file.slice(0, -5)}-${createHash('sha256').update(d.docId).digest('hex').slice(0, 10)}.html`;
    byFile.set(d.file, d);
  }
  const parts = new Map<string, ChangePart[]>();
  const decidable = new Map<string, { recordChangeId: string; part: ChangePart | null }>();
  for (const c of input.diff.changes) {
    const ps = partsOf(c);
    parts.set(c.changeId, ps);
    decidable.set(c.changeId, { recordChangeId: c.changeId, part: null });
    for (const p of ps) if (!decidable.has(p.id)) decidable.set(p.id, { recordChangeId: c.changeId, part: p });
  }
  return {
    beforeLabel: input.beforeLabel,
    afterLabel: input.afterLabel,
    summary: input.diff.summary,
    docs,
    byFile,
    changeIds: new Set(input.diff.changes.map((c) => c.changeId)),
    partsOf: parts,
    decidable,
    sources: knownSources([...input.after, ...input.before]),
  };
}

export interface DocCounts {
  added: number;
  removed: number;
  changed: number;
  moved: number;
  /** Warnings (and errors) in the newer run's records of the document. */
  warnings: number;
  warningsAdded: number;
  warningsRemoved: number;
  unreviewed: number;
  accepted: number;
  wrong: number;
}

export function docCounts(d: DocEntry, decisions: Decisions, parts?: Map<string, ChangePart[]>): DocCounts {
  const n: DocCounts = { added: 0, removed: 0, changed: 0, moved: 0, warnings: 0, warningsAdded: 0, warningsRemoved: 0, unreviewed: 0, accepted: 0, wrong: 0 };
  for (const c of d.changes) {
    n[c.change]++;
    if (c.kind === 'warning' || c.kind === 'error') {
      if (c.change === 'added') n.warningsAdded++;
      if (c.change === 'removed') n.warningsRemoved++;
    }
    const v = changeState(decisions, c, parts?.get(c.changeId));
    if (v === 'accepted') n.accepted++;
    else if (v === 'wrong') n.wrong++;
    else n.unreviewed++;
  }
  n.warnings = (d.after.length ? d.after : d.before).filter((r) => r.kind === 'warning' || r.kind === 'error').length;
  return n;
}

/** A decision only when it is well formed (the log may have been edited by hand). */
export function decisionFor(decisions: Decisions, changeId: string): Decision | null {
  return decisionOf(decisions, changeId);
}
