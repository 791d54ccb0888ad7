// Align mode: two editions of a report (2022 and 2023 of one city) have different docIds, so ids
// cannot pair anything. Documents are paired by region, report type and title; inside a pair,
// sections by numbering path and title, tables and cases by caption number and title (years
// blanked out), then by title alone, number alone, and finally content.
import type { AnyRecord, DocumentRecord } from '../schema/records.ts';
import { sectionPath } from './fields.ts';
import { DEFAULT_MOVE_THRESHOLD, newPairing, pairBySimilarity, pairByKey, pairsOf, take, type Pairing } from './match.ts';
import { dice, normalizeForMatch, normalizeTitle } from './similarity.ts';
import type { Alignment, RecordPair } from './types.ts';

export interface AlignOptions {
  /** Minimum content similarity for the last, content-based pass (default 0.6). */
  threshold?: number;
  /** Only the document pair that has this docId on either side. */
  docId?: string;
}

function docIds(rs: AnyRecord[]): string[] {
  return [...new Set(rs.map((r) => r.docId))];
}

function docRecord(rs: AnyRecord[], docId: string): DocumentRecord | null {
  return (rs.find((r) => r.kind === 'document' && r.docId === docId) as DocumentRecord | undefined) ?? null;
}

/** How much two document records look like editions of one report. */
function docScore(a: DocumentRecord | null, b: DocumentRecord | null, ida: string, idb: string): number {
  if (ida === idb) return 10;
  if (!a || !b) return 0;
  let s = 0;
  if (a.region && a.region === b.region) s += 3;
  if (a.reportType && a.reportType === b.reportType) s += 1;
  s += 2 * dice(normalizeTitle(a.title, true), normalizeTitle(b.title, true));
  return s;
}

/** Document pairs: one document on each side pairs outright; otherwise best score first. */
export function pairDocuments(before: AnyRecord[], after: AnyRecord[]): Array<{ before: string; after: string }> {
  const bd = docIds(before);
  const ad = docIds(after);
  if (bd.length === 1 && ad.length === 1) return [{ before: bd[0]!, after: ad[0]! }];
  const cands: Array<{ b: string; a: string; s: number; i: number; j: number }> = [];
  bd.forEach((b, i) => ad.forEach((a, j) => {
    const s = docScore(docRecord(before, b), docRecord(after, a), b, a);
    if (s >= 1) cands.push({ b, a, s, i, j });
  }));
  cands.sort((x, y) => y.s - x.s || x.j - y.j || x.i - y.i);
  const usedB = new Set<string>();
  const usedA = new Set<string>();
  const out: Array<{ before: string; after: string; j: number }> = [];
  for (const c of cands) {
    if (usedB.has(c.b) || usedA.has(c.a)) continue;
    usedB.add(c.b);
    usedA.add(c.a);
    out.push({ before: c.b, after: c.a, j: c.j });
  }
  return out.sort((x, y) => x.j - y.j).map(({ before, after }) => ({ before, after }));
}

const num = (r: AnyRecord) => ('number' in r && r.number ? normalizeForMatch(r.number) : '');
const titleOf = (r: AnyRecord) => (r.kind === 'figure' ? r.caption : 'title' in r ? r.title : null);
const yearless = (r: AnyRecord) => normalizeTitle(titleOf(r), true);

/** Pairs the records of one pair of editions. */
function alignPair(p: Pairing, bs: number[], as: number[], threshold: number): void {
  const ofKind = (k: string) => [bs.filter((i) => p.before[i]!.kind === k), as.filter((i) => p.after[i]!.kind === k)] as const;
  const and = (...parts: string[]) => (parts.every(Boolean) ? parts.join('\u0000') : null);

  // The document records themselves.
  const [db, da] = ofKind('document');
  if (db[0] !== undefined && da[0] !== undefined) take(p, db[0], da[0], 'document');

  // Sections: numbering path + title, title alone (unique), path alone with a similar title, content.
  const [sb, sa] = ofKind('section');
  pairByKey(p, sb, sa, (r) => and(sectionPath(r), yearless(r) || '∅'), 'number+title');
  pairByKey(p, sb, sa, (r) => yearless(r) || null, 'title', true);
  pairByKey(p, sb, sa, (r) => sectionPath(r), 'number', false, (x, y) => dice(yearless(x), yearless(y)) >= 0.5 || (!yearless(x) && !yearless(y)));
  pairBySimilarity(p, sb, sa, () => '', threshold);

  // Tables, cases, figures: caption number + title, title alone (unique), number alone with a similar title, content.
  for (const kind of ['table', 'case', 'figure']) {
    const [kb, ka] = ofKind(kind);
    pairByKey(p, kb, ka, (r) => and(num(r), yearless(r)), 'number+title');
    pairByKey(p, kb, ka, (r) => yearless(r) || null, 'title', true);
    pairByKey(p, kb, ka, (r) => num(r) || null, 'number', false, (x, y) => dice(yearless(x), yearless(y)) >= 0.5);
    pairBySimilarity(p, kb, ka, () => '', threshold);
  }

  // Warnings and errors: the same code and message, years blanked out.
  for (const kind of ['warning', 'error']) {
    const [wb, wa] = ofKind(kind);
    pairByKey(p, wb, wa, (r) => ('code' in r ? and(r.code, normalizeTitle(r.message, true) || '∅') : null), 'code+message');
  }
}

/**
 * Pairs the records of two editions of a report. Records of documents left unpaired (listed in
 * `unpaired`), and of other documents when `docId` is given, are left out.
 */
export function alignDocuments(before: AnyRecord[], after: AnyRecord[], opts: AlignOptions = {}): Alignment {
  const threshold = opts.threshold ?? DEFAULT_MOVE_THRESHOLD;
  let documents = pairDocuments(before, after);
  if (opts.docId) documents = documents.filter((d) => d.before === opts.docId || d.after === opts.docId);
  const pairs: RecordPair[] = [];
  const yearShift: Record<string, number> = {};
  for (const d of documents) {
    const bRecs = before.filter((r) => r.docId === d.before);
    const aRecs = after.filter((r) => r.docId === d.after);
    const p = newPairing(bRecs, aRecs);
    alignPair(p, bRecs.map((_, i) => i), aRecs.map((_, i) => i), threshold);
    pairs.push(...pairsOf(p));
    const yb = docRecord(bRecs, d.before)?.year;
    const ya = docRecord(aRecs, d.after)?.year;
    yearShift[d.after] = yb != null && ya != null ? ya - yb : 0;
  }
  const unpaired = {
    before: docIds(before).filter((id) => !documents.some((d) => d.before === id) && (!opts.docId || id === opts.docId)),
    after: docIds(after).filter((id) => !documents.some((d) => d.after === id) && (!opts.docId || id === opts.docId)),
  };
  return { documents, pairs, yearShift, unpaired };
}
