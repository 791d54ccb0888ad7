// Pairing the records of two runs: by id first, then, for records whose id changed (a renumbered
// section, case or table), by content similarity within the same document and kind.
import type { AnyRecord } from '../schema/records.ts';
import { NUMBERED_KINDS, OFFSET_ID_KINDS, similarity } from './fields.ts';
import { dice, normalizeForMatch } from './similarity.ts';
import type { MatchBy, RecordPair } from './types.ts';

export const DEFAULT_MOVE_THRESHOLD = 0.6;
/** An id pair this dissimilar may be a coincidence of renumbering: content matching gets a say first. */
const WEAK_ID_PAIR = 0.3;
/** Above this many candidate pairs in one document and kind, only likely candidates are scored. */
const MAX_CANDIDATES = 60_000;

export interface Pairing {
  before: AnyRecord[];
  after: AnyRecord[];
  usedB: Set<number>;
  usedA: Set<number>;
  pairs: Array<{ b: number; a: number; by: MatchBy; score?: number }>;
}

export function newPairing(before: AnyRecord[], after: AnyRecord[]): Pairing {
  return { before, after, usedB: new Set(), usedA: new Set(), pairs: [] };
}

export function take(p: Pairing, b: number, a: number, by: MatchBy, score?: number): void {
  p.usedB.add(b);
  p.usedA.add(a);
  p.pairs.push(score === undefined ? { b, a, by } : { b, a, by, score });
}

const free = (used: Set<number>, n: number, ok: (i: number) => boolean) => Array.from({ length: n }, (_, i) => i).filter((i) => !used.has(i) && ok(i));

/**
 * Pairs records that share `key` (a non-empty string) in order; with `unique`, only keys that occur
 * once among the free records on each side.
 */
export function pairByKey(p: Pairing, bs: number[], as: number[], key: (r: AnyRecord) => string | null, by: MatchBy, unique = false, accept?: (b: AnyRecord, a: AnyRecord) => boolean): void {
  const index = new Map<string, number[]>();
  for (const b of bs) {
    if (p.usedB.has(b)) continue;
    const k = key(p.before[b]!);
    if (k) (index.get(k) ?? index.set(k, []).get(k)!).push(b);
  }
  const countA = new Map<string, number>();
  if (unique) for (const a of as) if (!p.usedA.has(a)) { const k = key(p.after[a]!); if (k) countA.set(k, (countA.get(k) ?? 0) + 1); }
  for (const a of as) {
    if (p.usedA.has(a)) continue;
    const k = key(p.after[a]!);
    if (!k) continue;
    const list = index.get(k)?.filter((b) => !p.usedB.has(b));
    if (!list?.length) continue;
    if (unique && (list.length !== 1 || countA.get(k) !== 1)) continue;
    const b = list.find((x) => !accept || accept(p.before[x]!, p.after[a]!));
    if (b !== undefined) take(p, b, a, by);
  }
}

/**
 * Greedy best-first pairing by content similarity among free records, `group` keeping candidates
 * apart (document and kind). Ties go to the pair closest in relative position, then document order.
 */
export function pairBySimilarity(p: Pairing, bs: number[], as: number[], group: (r: AnyRecord) => string, threshold: number, by: MatchBy = 'content', score: (b: AnyRecord, a: AnyRecord) => number = similarity): void {
  const groups = new Map<string, { b: number[]; a: number[] }>();
  const g = (k: string) => groups.get(k) ?? groups.set(k, { b: [], a: [] }).get(k)!;
  for (const b of bs) if (!p.usedB.has(b)) g(group(p.before[b]!)).b.push(b);
  for (const a of as) if (!p.usedA.has(a)) g(group(p.after[a]!)).a.push(a);
  for (const { b: gb, a: ga } of groups.values()) {
    if (!gb.length || !ga.length) continue;
    const cands: Array<{ b: number; a: number; s: number; dist: number }> = [];
    const consider = (i: number, j: number) => {
      const [b, a] = [gb[i]!, ga[j]!];
      const s = score(p.before[b]!, p.after[a]!);
      if (s >= threshold) cands.push({ b, a, s, dist: Math.abs(i / gb.length - j / ga.length) });
    };
    if (gb.length * ga.length > MAX_CANDIDATES) likelyPairs(gb.map((b) => p.before[b]!), ga.map((a) => p.after[a]!), consider);
    else for (let i = 0; i < gb.length; i++) for (let j = 0; j < ga.length; j++) consider(i, j);
    cands.sort((x, y) => y.s - x.s || x.dist - y.dist || x.b - y.b || x.a - y.a);
    for (const c of cands) {
      if (p.usedB.has(c.b) || p.usedA.has(c.a)) continue;
      take(p, c.b, c.a, by, Math.round(c.s * 1000) / 1000);
    }
  }
}

/**
 * For very large groups: only pairs sharing a normalized title or an identical body are scored.
 * They are looked up by title and by body rather than tested pair by pair, so the cost follows the
 * pairs found, not the product of the group's sizes.
 */
function likelyPairs(bs: AnyRecord[], as: AnyRecord[], visit: (i: number, j: number) => void): void {
  const title = (r: AnyRecord) => normalizeForMatch('title' in r ? r.title : 'caption' in r ? r.caption : null);
  const body = (r: AnyRecord) => ('text' in r ? r.text : 'body' in r ? r.body : 'message' in r ? r.message : '') ?? '';
  const byTitle = new Map<string, number[]>();
  const byBody = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, i: number) => { if (k !== '') (m.get(k) ?? m.set(k, []).get(k)!).push(i); };
  bs.forEach((r, i) => { add(byTitle, title(r), i); add(byBody, body(r), i); });
  as.forEach((r, j) => {
    const t = title(r);
    const x = body(r);
    const seen = new Set<number>();
    for (const i of [...(t ? byTitle.get(t) ?? [] : []), ...(x ? byBody.get(x) ?? [] : [])]) {
      if (seen.has(i)) continue;
      seen.add(i);
      visit(i, j);
    }
  });
}

/** Collects the pairs and the records left on either side, in a stable order. */
export function pairsOf(p: Pairing): RecordPair[] {
  const out: RecordPair[] = p.pairs.map(({ b, a, by, score }) => (score === undefined ? { before: p.before[b]!, after: p.after[a]!, by } : { before: p.before[b]!, after: p.after[a]!, by, score }));
  for (let b = 0; b < p.before.length; b++) if (!p.usedB.has(b)) out.push({ before: p.before[b]!, after: null, by: null });
  for (let a = 0; a < p.after.length; a++) if (!p.usedA.has(a)) out.push({ before: null, after: p.after[a]!, by: null });
  return out;
}

const msgKey = (r: AnyRecord) => (r.kind === 'warning' || r.kind === 'error' ? `${r.docId}\u0000${r.kind}\u0000${r.code}\u0000${normalizeForMatch(r.message)}` : null);

/** Warnings and errors: by code and message first (their ids hold offsets that shift), then by id. */
export function pairMessages(p: Pairing, bs: number[], as: number[], threshold: number): void {
  // Identical code+message, preferring the same id.
  pairByKey(p, bs, as, (r) => { const k = msgKey(r); return k ? `${k}\u0000${r.id}` : null; }, 'code+message');
  pairByKey(p, bs, as, msgKey, 'code+message');
  pairByKey(p, bs, as, (r) => (OFFSET_ID_KINDS.has(r.kind) ? r.id : null), 'id');
  pairBySimilarity(
    p,
    bs.filter((b) => OFFSET_ID_KINDS.has(p.before[b]!.kind)),
    as.filter((a) => OFFSET_ID_KINDS.has(p.after[a]!.kind)),
    (r) => `${r.docId}\u0000${r.kind}\u0000${'code' in r ? r.code : ''}`,
    threshold,
    'content',
    (x, y) => dice('message' in x ? x.message : '', 'message' in y ? y.message : ''),
  );
}

/** Two runs of the same documents: ids first, then content for what was renumbered. */
export function matchRecords(before: AnyRecord[], after: AnyRecord[], threshold = DEFAULT_MOVE_THRESHOLD): RecordPair[] {
  const p = newPairing(before, after);
  const all = (n: number) => Array.from({ length: n }, (_, i) => i);
  const bs = all(before.length);
  const as = all(after.length);

  // 1. Same id (warnings and errors aside). Weak pairs wait for content matching.
  const byId = new Map<string, number[]>();
  for (const b of bs) if (!OFFSET_ID_KINDS.has(before[b]!.kind)) (byId.get(before[b]!.id) ?? byId.set(before[b]!.id, []).get(before[b]!.id)!).push(b);
  const weak: Array<[number, number]> = [];
  const heldBack = new Set<number>();
  for (const a of as) {
    const ra = after[a]!;
    if (OFFSET_ID_KINDS.has(ra.kind)) continue;
    const b = byId.get(ra.id)?.find((x) => !p.usedB.has(x) && !heldBack.has(x) && before[x]!.kind === ra.kind);
    if (b === undefined) continue;
    if (NUMBERED_KINDS.has(ra.kind) && similarity(before[b]!, ra) < WEAK_ID_PAIR) {
      weak.push([b, a]);
      heldBack.add(b);
    } else take(p, b, a, 'id');
  }

  // 2. Warnings and errors.
  pairMessages(p, bs, as, threshold);

  // 3. Renumbered or renamed records: content, within one document and kind.
  const numbered = (rs: AnyRecord[]) => (i: number) => NUMBERED_KINDS.has(rs[i]!.kind);
  pairBySimilarity(p, free(p.usedB, before.length, numbered(before)), free(p.usedA, after.length, numbered(after)), (r) => `${r.docId}\u0000${r.kind}`, threshold);

  // 4. Weak id pairs nothing better claimed.
  for (const [b, a] of weak) if (!p.usedB.has(b) && !p.usedA.has(a)) take(p, b, a, 'id');
  return pairsOf(p);
}
