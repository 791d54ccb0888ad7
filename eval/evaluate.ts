// Scores grouped records against the keys: per document and per group of the corpus.
import type { Group } from './corpus.ts';
import { FACT_FIELDS, type FactField, type FactsKey, type Keys } from './keys.ts';
import { f1, norm, scoreCases, scoreHeadings, scoreTables, tnorm, type CaseScore, type HeadingScore, type Rec, type TableScore } from './score.ts';

export interface FactResult {
  field: FactField;
  want: string | number | null;
  got: string | number | null;
  ok: boolean;
}

export interface DocScore {
  name: string;
  group: Group;
  /** The extraction produced a document record (false: it failed, or the file was not extracted). */
  extracted: boolean;
  error: string | null;
  headings: HeadingScore | null;
  cases: CaseScore | null;
  tables: TableScore | null;
  facts: FactResult[] | null;
}

/** Sums over documents; rates are computed from the sums, as score.py's totals are. */
export interface Totals {
  docs: number;
  tp: number;
  n: number;
  fp: number;
  parentOk: number;
  parentN: number;
  caseTp: number;
  caseN: number;
  caseFp: number;
  cellsOk: number;
  cells: number;
  factsOk: number;
  facts: number;
  /** The lowest heading F1 of one document with a structure key (1 when there is none). */
  minDocHeadingF1: number;
}

export interface Rates {
  headingRecall: number;
  headingPrecision: number;
  headingF1: number;
  parents: number;
  caseF1: number;
  tableCells: number;
  facts: number;
  minDocHeadingF1: number;
}

/**
 * A fact compared as a reader would: title and institution ignoring spacing and punctuation, region
 * and report type ignoring spacing, the year as a number. A key's null wants null.
 */
export function factMatches(field: FactField, want: unknown, got: unknown): boolean {
  if (want === null || want === undefined) return got === null || got === undefined || got === '';
  if (got === null || got === undefined) return false;
  if (field === 'year') return Number(got) === Number(want);
  if (field === 'title' || field === 'institution') return tnorm(got) === tnorm(want);
  return norm(got) === norm(want);
}

export function scoreFacts(key: FactsKey, doc: Rec | undefined): FactResult[] {
  const out: FactResult[] = [];
  for (const field of FACT_FIELDS) {
    if (!(field in key)) continue;
    const want = key[field] ?? null;
    const got = (doc?.[field] ?? null) as string | number | null;
    out.push({ field, want, got, ok: doc !== undefined && factMatches(field, want, got) });
  }
  return out;
}

/** Every document of `files` that has a key of any aspect, scored; files without keys are left out. */
export function scoreDocuments(files: Array<{ name: string; group: Group }>, by: Map<string, Rec[]>, keys: Keys): DocScore[] {
  const out: DocScore[] = [];
  for (const { name, group } of files) {
    const s = keys.structure.get(name);
    const t = keys.tables.get(name);
    const f = keys.facts.get(name);
    if (!s && !t && !f) continue;
    const recs = by.get(name) ?? [];
    const doc = recs.find((r) => r.kind === 'document');
    const err = recs.find((r) => r.kind === 'error');
    out.push({
      name,
      group,
      extracted: doc !== undefined,
      error: err ? `${err.code}: ${err.message}` : null,
      // score.py scores a document's cases and tables whenever it has a structure key (an absent
      // tables key is an empty one); a document with only a tables key is scored on its tables.
      headings: s ? scoreHeadings(s.headings, recs) : null,
      cases: s ? scoreCases(s.cases, recs) : null,
      tables: s || t ? scoreTables(t ?? [], recs) : null,
      facts: f ? scoreFacts(f, doc) : null,
    });
  }
  return out;
}

export function docHeadingF1(d: DocScore): number | null {
  return d.headings ? f1(d.headings.tp, d.headings.n, d.headings.fp) : null;
}

export function totals(docs: DocScore[]): Totals {
  const t: Totals = { docs: docs.length, tp: 0, n: 0, fp: 0, parentOk: 0, parentN: 0, caseTp: 0, caseN: 0, caseFp: 0, cellsOk: 0, cells: 0, factsOk: 0, facts: 0, minDocHeadingF1: 1 };
  for (const d of docs) {
    if (d.headings) {
      t.tp += d.headings.tp;
      t.n += d.headings.n;
      t.fp += d.headings.fp;
      t.parentOk += d.headings.parentOk;
      t.parentN += d.headings.parentN;
      t.minDocHeadingF1 = Math.min(t.minDocHeadingF1, docHeadingF1(d)!);
    }
    if (d.cases) {
      t.caseTp += d.cases.tp;
      t.caseN += d.cases.n;
      t.caseFp += d.cases.fp;
    }
    if (d.tables) {
      t.cellsOk += d.tables.ok;
      t.cells += d.tables.cells;
    }
    if (d.facts) {
      t.factsOk += d.facts.filter((x) => x.ok).length;
      t.facts += d.facts.length;
    }
  }
  return t;
}

/** score.py's conventions: parents and table cells are 0 when there is nothing to check. */
export function rates(t: Totals): Rates {
  return {
    headingRecall: t.n ? t.tp / t.n : 1,
    headingPrecision: t.tp + t.fp ? t.tp / (t.tp + t.fp) : t.n ? 0 : 1,
    headingF1: f1(t.tp, t.n, t.fp),
    parents: t.parentN ? t.parentOk / t.parentN : 0,
    caseF1: f1(t.caseTp, t.caseN, t.caseFp),
    tableCells: t.cells ? t.cellsOk / t.cells : 0,
    facts: t.facts ? t.factsOk / t.facts : 0,
    minDocHeadingF1: t.minDocHeadingF1,
  };
}

export type TotalsByGroup = Record<Group | 'all', Totals>;

export function totalsByGroup(docs: DocScore[]): TotalsByGroup {
  return {
    seeds: totals(docs.filter((d) => d.group === 'seeds')),
    external: totals(docs.filter((d) => d.group === 'external')),
    cases: totals(docs.filter((d) => d.group === 'cases')),
    all: totals(docs),
  };
}
