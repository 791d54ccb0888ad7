// Character-level text diff for Chinese (no reliance on spaces): Myers' O(ND) algorithm over code
// points, run paragraph by paragraph (`\n`) first so that long section bodies stay cheap and edits
// never match characters across unrelated paragraphs.

export type SegmentOp = 'equal' | 'insert' | 'delete';
export interface Segment {
  op: SegmentOp;
  text: string;
}

export interface TextDiffOptions {
  /** Above this many code points (both sides together) a hunk is not diffed by character: delete + insert. */
  maxChars?: number;
  /** Give up a Myers run after this many edits (delete + insert instead). */
  maxEdits?: number;
  /** Fold tiny equalities between edits into the edits (diff-match-patch's semantic cleanup rule). */
  cleanup?: boolean;
}

const DEFAULTS = { maxChars: 6000, maxEdits: 2000, cleanup: true } as const;

type Op = 0 | 1 | 2; // equal, insert, delete
const OPS: SegmentOp[] = ['equal', 'insert', 'delete'];

/**
 * Myers' diff of two token arrays. Returns per-token ops in order (deletes and inserts as they
 * come out of the backtrack; callers normalize hunks), or null when more than `maxD` edits are needed.
 */
export function myers<T>(a: readonly T[], b: readonly T[], maxD: number): Array<[Op, T]> | null {
  const n = a.length;
  const m = b.length;
  const max = n + m;
  if (max === 0) return [];
  const off = max + 1;
  const v = new Int32Array(2 * max + 3);
  v[off + 1] = 0;
  const trace: Int32Array[] = [];
  let found = -1;
  const limit = Math.min(max, maxD);
  outer: for (let d = 0; d <= limit; d++) {
    // trace[d] holds V[k] for k in [-(d+1), d+1] as it stood before round d.
    trace.push(v.slice(off - d - 1, off + d + 2));
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[off + k - 1]! < v[off + k + 1]!) ? v[off + k + 1]! : v[off + k - 1]! + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[off + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break outer;
      }
    }
  }
  if (found < 0) return null;

  const out: Array<[Op, T]> = [];
  let x = n;
  let y = m;
  for (let d = found; d >= 0; d--) {
    const t = trace[d]!;
    const at = (k: number) => t[k + d + 1]!;
    const k = x - y;
    const prevK = k === -d || (k !== d && at(k - 1) < at(k + 1)) ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    while (x > prevX && y > prevY) {
      out.push([0, a[x - 1]!]);
      x--;
      y--;
    }
    if (d > 0) {
      if (x === prevX) out.push([1, b[y - 1]!]);
      else out.push([2, a[x - 1]!]);
    }
    x = prevX;
    y = prevY;
  }
  return out.reverse();
}

/** Merges neighbours with the same op and puts each run of edits in the order delete, insert. */
export function normalizeSegments(segs: Segment[]): Segment[] {
  const out: Segment[] = [];
  let del = '';
  let ins = '';
  const flush = () => {
    if (del) out.push({ op: 'delete', text: del });
    if (ins) out.push({ op: 'insert', text: ins });
    del = '';
    ins = '';
  };
  for (const s of segs) {
    if (!s.text) continue;
    if (s.op === 'delete') del += s.text;
    else if (s.op === 'insert') ins += s.text;
    else {
      flush();
      const last = out[out.length - 1];
      if (last && last.op === 'equal') last.text += s.text;
      else out.push({ op: 'equal', text: s.text });
    }
  }
  flush();
  return out;
}

const cpLen = (s: string) => Array.from(s).length;

/**
 * diff-match-patch's semantic rule: an equality no longer than the edits on either side of it is
 * folded into them ("17165" → "17156" reads as 65→56, not 6 deleted, 5 kept, 6 inserted).
 */
function cleanupSemantic(segs: Segment[]): Segment[] {
  let cur = normalizeSegments(segs);
  for (let guard = 0; guard < 1000; guard++) {
    let changed = false;
    const next: Segment[] = [];
    // Edit totals on each side of every equality.
    for (let i = 0; i < cur.length; i++) {
      const s = cur[i]!;
      if (s.op !== 'equal' || i === 0 || i === cur.length - 1) {
        next.push(s);
        continue;
      }
      const side = (from: number, step: 1 | -1) => {
        let del = 0;
        let ins = 0;
        for (let j = from; j >= 0 && j < cur.length && cur[j]!.op !== 'equal'; j += step) {
          if (cur[j]!.op === 'delete') del += cpLen(cur[j]!.text);
          else ins += cpLen(cur[j]!.text);
        }
        return Math.max(del, ins);
      };
      const before = side(i - 1, -1);
      const after = side(i + 1, 1);
      const len = cpLen(s.text);
      if (before > 0 && after > 0 && len <= before && len <= after) {
        next.push({ op: 'delete', text: s.text }, { op: 'insert', text: s.text });
        changed = true;
        // Leave the following equality alone this pass: its left side just changed.
        while (i + 1 < cur.length && cur[i + 1]!.op !== 'equal') next.push(cur[++i]!);
        if (i + 1 < cur.length) next.push(cur[++i]!);
      } else next.push(s);
    }
    cur = normalizeSegments(next);
    if (!changed) break;
  }
  return cur;
}

function charDiff(a: string, b: string, o: Required<TextDiffOptions>): Segment[] {
  if (a === b) return a ? [{ op: 'equal', text: a }] : [];
  const ac = Array.from(a);
  const bc = Array.from(b);
  let pre = 0;
  while (pre < ac.length && pre < bc.length && ac[pre] === bc[pre]) pre++;
  let suf = 0;
  while (suf < ac.length - pre && suf < bc.length - pre && ac[ac.length - 1 - suf] === bc[bc.length - 1 - suf]) suf++;
  const am = ac.slice(pre, ac.length - suf);
  const bm = bc.slice(pre, bc.length - suf);
  const segs: Segment[] = [];
  if (pre) segs.push({ op: 'equal', text: ac.slice(0, pre).join('') });
  const ops = am.length + bm.length <= o.maxChars ? myers(am, bm, o.maxEdits) : null;
  if (ops) for (const [op, ch] of ops) segs.push({ op: OPS[op]!, text: ch });
  else segs.push({ op: 'delete', text: am.join('') }, { op: 'insert', text: bm.join('') });
  if (suf) segs.push({ op: 'equal', text: ac.slice(ac.length - suf).join('') });
  return normalizeSegments(segs);
}

/** Lines with their `\n` kept, so that joining the tokens gives the text back. */
function paragraphs(s: string): string[] {
  if (!s) return [];
  const parts = s.split('\n');
  return parts.map((p, i) => (i < parts.length - 1 ? `${p}\n` : p)).filter((p) => p !== '');
}

/**
 * Diff of two texts as segments whose `delete`+`equal` texts give `a` and `insert`+`equal` give `b`.
 * Multi-paragraph texts are diffed by paragraph first, then by character inside each changed run.
 */
export function diffText(a: string, b: string, opts: TextDiffOptions = {}): Segment[] {
  const o = { ...DEFAULTS, ...opts };
  if (a === b) return a ? [{ op: 'equal', text: a }] : [];
  let segs: Segment[];
  if (!a.includes('\n') && !b.includes('\n')) segs = charDiff(a, b, o);
  else {
    const pa = paragraphs(a);
    const pb = paragraphs(b);
    const lineOps = myers(pa, pb, o.maxEdits) ?? [...pa.map((p) => [2, p] as [Op, string]), ...pb.map((p) => [1, p] as [Op, string])];
    segs = [];
    let del: string[] = [];
    let ins: string[] = [];
    const flush = () => {
      if (del.length && ins.length) segs.push(...charDiff(del.join(''), ins.join(''), o));
      else if (del.length) segs.push({ op: 'delete', text: del.join('') });
      else if (ins.length) segs.push({ op: 'insert', text: ins.join('') });
      del = [];
      ins = [];
    };
    for (const [op, p] of lineOps) {
      if (op === 2) del.push(p);
      else if (op === 1) ins.push(p);
      else {
        flush();
        segs.push({ op: 'equal', text: p });
      }
    }
    flush();
  }
  return o.cleanup ? cleanupSemantic(segs) : normalizeSegments(segs);
}

/** Characters deleted and inserted, counted in code points. */
export function editCounts(segs: Segment[]): { deleted: number; inserted: number } {
  let deleted = 0;
  let inserted = 0;
  for (const s of segs) {
    if (s.op === 'delete') deleted += cpLen(s.text);
    else if (s.op === 'insert') inserted += cpLen(s.text);
  }
  return { deleted, inserted };
}

/** The two texts a segment list was made from. */
export function sidesOf(segs: Segment[]): { before: string; after: string } {
  let before = '';
  let after = '';
  for (const s of segs) {
    if (s.op !== 'insert') before += s.text;
    if (s.op !== 'delete') after += s.text;
  }
  return { before, after };
}
