// The accuracy scorer: a line-for-line port of ../shared/eval/score.py, the logic the held-out
// reports are scored with. Counting must stay identical to it (test/eval-score.test.ts runs both on
// the same records); what this port adds is detail for reading a document's misses — which extra
// headings, which wrong parents — never a different count.
import difflib from 'difflib';

/** A record as read from records.jsonl: only the fields the scorer looks at are named. */
export type Rec = Record<string, any>;

export interface GoldHeading {
  num: string;
  title: string;
  parent: string | null;
  line: number;
  runIn?: boolean;
  /** The extracted title may go on after the key's (a heading whose title is cut short on purpose). */
  titlePrefix?: boolean;
}
export interface GoldCase {
  num: string;
  title: string;
  line: number;
}
export interface GoldStructure {
  headings: GoldHeading[];
  cases: GoldCase[];
}
export interface GoldCheck {
  row: string;
  col: string[];
  value: string | number | null;
}
export interface GoldTable {
  num: string | null;
  title?: string;
  leafCols?: number;
  notes?: unknown;
  checks: GoldCheck[];
}

// ---------- text normalisation, as Python's str and re see it ----------

// Python's str.isspace() set (what `\s` means in a str pattern), which differs from JS `\s`:
// it has U+001C–U+001F and U+0085 and lacks U+FEFF.
const PY_SPACE = '\\t\\n\\v\\f\\r \\x1c-\\x1f\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const SPACES = new RegExp(`[${PY_SPACE}]+`, 'g');
// Python's `[\W_]` in a str pattern: neither a letter (L*) nor a number (N*).
const NON_WORD = /[^\p{L}\p{N}]+/gu;

/** Python truthiness: None, False, 0, '', [] and {} are false (an empty array or object is true in JS). */
export function truthy(x: unknown): boolean {
  if (Array.isArray(x)) return x.length > 0;
  if (x !== null && typeof x === 'object') return Object.keys(x).length > 0;
  return Boolean(x);
}

/** Python's `a or b`. */
function or(...xs: any[]): any {
  for (const x of xs.slice(0, -1)) if (truthy(x)) return x;
  return xs[xs.length - 1]!;
}

/** Python's `str(x)` for what JSON gives. */
function pyRepr(x: unknown): string {
  if (x === null || x === undefined) return 'None';
  if (x === true) return 'True';
  if (x === false) return 'False';
  return String(x);
}

/** Python's `str(s or '')`: falsy values (None, 0, '', False) become ''. */
function pyStr(s: unknown): string {
  return truthy(s) ? pyRepr(s) : '';
}

/** score.py `norm`: NFKC, no `*`, no whitespace. */
export function norm(s: unknown): string {
  return pyStr(s).normalize('NFKC').replace(/\*/g, '').replace(SPACES, '');
}

/** score.py `nnum`: a heading number compared without its trailing 、.．:： and with ASCII parentheses. */
export function nnum(s: unknown): string {
  return norm(s).replace(/（/g, '(').replace(/）/g, ')').replace(/[、.．:：]+$/, '');
}

/** score.py `tnorm`: only the letters and digits. */
export function tnorm(s: unknown): string {
  return norm(s).replace(NON_WORD, '');
}

/** difflib.SequenceMatcher(None, a, b).ratio() over code points, as Python indexes str. */
export function ratio(a: string, b: string): number {
  return new difflib.SequenceMatcher<string[]>(null, Array.from(a), Array.from(b)).ratio();
}

/** score.py `sim`: containment counts as equal for titles of 4+ characters; else the difflib ratio. */
export function sim(a: unknown, b: unknown): number {
  const x = tnorm(a);
  const y = tnorm(b);
  if (!x || !y) return 0;
  if (x.includes(y) || y.includes(x)) {
    const lx = Array.from(x).length;
    const ly = Array.from(y).length;
    return Math.min(lx, ly) < 4 ? Math.min(lx, ly) / Math.max(lx, ly) : 1;
  }
  return ratio(x, y);
}

// ---------- records grouped by the file they came from ----------

/** POSIX basename, as os.path.basename on Linux. */
function basename(p: string): string {
  return p.slice(p.lastIndexOf('/') + 1);
}

/** score.py `load`: records grouped by the file name of their document record's source. */
export function groupByFile(records: Rec[]): Map<string, Rec[]> {
  const docs = new Map<string, string>();
  for (const r of records) {
    if (r.kind !== 'document') continue;
    const src = or(r.source, or(r.provenance, {}).source, {});
    const p = or(src.path, src.fileName, r.fileName, '');
    docs.set('docId' in r ? r.docId : r.id, basename(p));
  }
  const by = new Map<string, Rec[]>();
  for (const r of records) {
    const d = docs.get(r.docId);
    if (!d) continue;
    let list = by.get(d);
    if (!list) by.set(d, (list = []));
    list.push(r);
  }
  return by;
}

// ---------- headings ----------

export interface WrongParent {
  heading: GoldHeading;
  /** The number and title of the parent the extraction gave, or null for a top-level section. */
  got: { number: string | null; title: string } | null;
  want: GoldHeading;
}

export interface HeadingScore {
  tp: number;
  n: number;
  fp: number;
  parentOk: number;
  parentN: number;
  missed: GoldHeading[];
  /** Numbered sections in the key's numbering patterns that match no key heading. */
  extra: Rec[];
  wrongParents: WrongParent[];
}

/** Numbering pattern: digit runs → 9, runs of 一…十 → 十 (so 1.2 ~ 3.4, （一） ~ （七）). */
function pattern(num: string): string {
  return nnum(num).replace(/[一二三四五六七八九十]+/g, '十').replace(/\p{Nd}+/gu, '9');
}

/** score.py `score_headings`. */
export function scoreHeadings(gold: GoldHeading[], recs: Rec[]): HeadingScore {
  const secs = recs.filter((r) => r.kind === 'section');
  const byId = new Map<unknown, Rec>();
  for (const r of secs) byId.set(r.id, r);
  const used = new Set<unknown>();
  let tp = 0;
  let parentOk = 0;
  let parentN = 0;
  const missed: GoldHeading[] = [];
  const wrongParents: WrongParent[] = [];
  for (const g of gold) {
    let best: [number, Rec] | null = null;
    for (const r of secs) {
      if (used.has(r.id)) continue;
      if (nnum(r.number || '') !== nnum(g.num)) continue;
      let s = sim(g.title, r.title || '');
      if (g.titlePrefix) s = tnorm(r.title || '').startsWith(tnorm(g.title)) ? 1 : s;
      if (s >= 0.8 && (best === null || s > best[0])) best = [s, r];
    }
    if (!best) {
      missed.push(g);
      continue;
    }
    used.add(best[1].id);
    tp++;
    if (!g.parent) continue;
    const earlier = gold.filter((h) => h.num === g.parent && h.line < g.line);
    if (earlier.length === 0) continue;
    parentN++;
    const gpar = earlier[earlier.length - 1]!;
    const p = byId.get(best[1].parentId);
    if (p && nnum(p.number || '') === nnum(gpar.num) && sim(gpar.title, p.title || '') >= 0.8) parentOk++;
    else wrongParents.push({ heading: g, got: p ? { number: p.number ?? null, title: p.title ?? '' } : null, want: gpar });
  }
  // precision: predicted numbered sections that match nothing, restricted to the gold's numbering patterns
  const pats = new Set(gold.map((g) => pattern(g.num)));
  const extra = secs.filter((r) => r.number && pats.has(pattern(r.number)) && !used.has(r.id));
  return { tp, n: gold.length, fp: extra.length, parentOk, parentN, missed, extra, wrongParents };
}

// ---------- cases ----------

export interface CaseScore {
  tp: number;
  n: number;
  fp: number;
  missed: GoldCase[];
  extra: Rec[];
}

/** score.py `score_cases`: key cases matched in order to the first unused case of a similar title. */
export function scoreCases(gold: GoldCase[], recs: Rec[]): CaseScore {
  const cs = recs.filter((r) => r.kind === 'case');
  const used = new Set<unknown>();
  let tp = 0;
  const missed: GoldCase[] = [];
  for (const g of gold) {
    const hit = cs.find((r) => !used.has(r.id) && sim(g.title, r.title || '') >= 0.85);
    if (hit) {
      used.add(hit.id);
      tp++;
    } else missed.push(g);
  }
  return { tp, n: gold.length, fp: cs.length - used.size, missed, extra: cs.filter((r) => !used.has(r.id)) };
}

// ---------- tables ----------

function cellText(c: unknown): unknown {
  if (c !== null && typeof c === 'object' && !Array.isArray(c)) {
    const d = c as Rec;
    return d.text !== null && d.text !== undefined ? d.text : d.value;
  }
  return c;
}

/** A typed value where the cell has one; text cells carry value null, so their text is the value. */
function cellValue(c: unknown): unknown {
  if (c !== null && typeof c === 'object' && !Array.isArray(c)) {
    const d = c as Rec;
    if (d.value !== null && d.value !== undefined) return d.value;
    return d.text;
  }
  return c;
}

function colPath(c: unknown): string {
  if (c !== null && typeof c === 'object' && !Array.isArray(c)) {
    const d = c as Rec;
    c = or(d.path, d.header, d.name);
  }
  if (Array.isArray(c)) return c.map((x) => norm(x)).join('/');
  return norm(c);
}

/** Python's float(str): surrounding whitespace, `_` between digits, inf/nan; anything else fails. */
function pyFloat(x: string): number | null {
  const s = String(x)
    .replace(new RegExp(`^[${PY_SPACE}]+|[${PY_SPACE}]+$`, 'g'), '')
    .replace(/[０-９]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
  const digits = '\\d(?:_?\\d)*';
  const num = new RegExp(`^[+-]?(?:(?:${digits}(?:\\.(?:${digits})?)?|\\.${digits})(?:[eE][+-]?${digits})?|inf(?:inity)?|nan)$`, 'i');
  if (!num.test(s)) return null;
  const t = s.replace(/_/g, '').toLowerCase();
  if (/inf/.test(t)) return t.startsWith('-') ? -Infinity : Infinity;
  if (/nan/.test(t)) return NaN;
  return Number(t);
}

const NA = new Set(['', '-', '--', '---', '——', '—', '/', '－']);

/** score.py `eq_value`: numbers compared as numbers (commas and % dropped), null = a not-available mark. */
export function eqValue(got: unknown, want: GoldCheck['value']): boolean {
  if (want === null || want === undefined) return got === null || got === undefined || NA.has(norm(got));
  if (typeof want === 'number') {
    const f = typeof got === 'number' ? got : pyFloat(pyRepr(got).replace(/,/g, '').replace(/%/g, ''));
    return f !== null && Math.abs(f - want) < 1e-6;
  }
  return norm(got) === norm(want);
}

export interface CellFail {
  table: string | null;
  check: GoldCheck;
  /** Why: the table was not found, or the check's cell did not hold the value. */
  reason: 'table not found' | 'cell';
}

export interface TableScore {
  found: number;
  n: number;
  ok: number;
  cells: number;
  fails: CellFail[];
}

/** score.py `score_tables`: a key table by number, then by caption, then by its section's title. */
export function scoreTables(gold: GoldTable[], recs: Rec[]): TableScore {
  const ts = recs.filter((r) => r.kind === 'table');
  let found = 0;
  let ok = 0;
  let cells = 0;
  const fails: CellFail[] = [];
  for (const g of gold) {
    let t = ts.find((r) => g.num && nnum(r.number || '') === nnum(g.num));
    if (!t) t = ts.find((r) => g.title && sim(g.title, or(r.title, r.caption, '')) >= 0.9);
    if (!t && g.title) {
      // an uncaptioned table: matched by the title of the section it stands in
      const secs = new Map<unknown, Rec>();
      for (const r of recs) if (r.kind === 'section') secs.set(r.id, r);
      t = ts.find((r) => !r.number && sim(g.title, or(or(secs.get(or(r.sectionId, or(r.provenance, {}).sectionId)), {}).title, '')) >= 0.9);
    }
    cells += g.checks.length;
    if (!t) {
      for (const check of g.checks) fails.push({ table: g.num, check, reason: 'table not found' });
      continue;
    }
    found++;
    const cols = (or(t.columns, []) as unknown[]).map(colPath);
    const rows = or(t.rows, []) as unknown[];
    for (const ch of g.checks) {
      const want = ch.col.map((x) => norm(x));
      let ci = cols.flatMap((c, i) => (want.every((w) => c.includes(w)) ? [i] : []));
      // prefer columns whose path segments equal (or start with) the wanted strings
      const exactness = (i: number) => {
        const segs = cols[i]!.split('/');
        return want.reduce((n, w) => n + (segs.includes(w) ? 2 : segs.some((sg) => sg.startsWith(w)) ? 1 : 0), 0);
      };
      if (ci.length) {
        const top = Math.max(...ci.map(exactness));
        ci = ci.filter((i) => exactness(i) === top);
      }
      let good = false;
      for (const row of rows) {
        const rowCells = (row !== null && typeof row === 'object' && !Array.isArray(row) ? (row as Rec).cells : row) as unknown[];
        if (!rowCells.some((c) => norm(cellText(c)) === norm(ch.row))) continue;
        for (const i of ci) if (i < rowCells.length && eqValue(cellValue(rowCells[i]), ch.value)) good = true;
      }
      if (good) ok++;
      else fails.push({ table: g.num, check: ch, reason: 'cell' });
    }
  }
  return { found, n: gold.length, ok, cells, fails };
}

/** score.py `f1`: an empty key with nothing extra is perfect. */
export function f1(tp: number, n: number, fp: number): number {
  if (n === 0 && fp === 0) return 1;
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = n ? tp / n : 1;
  return p + r ? (2 * p * r) / (p + r) : 0;
}
