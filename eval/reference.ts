// Runs the reference scorer (../shared/eval/score.py) on a records.jsonl with the same keys this
// harness uses, and compares its counts with ours document by document. score.py reads its keys
// from gold/ beside itself, so it is run from its own source with __file__ set to a temporary
// folder holding the merged keys: nothing of shared/ is copied or changed.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { DocScore } from './evaluate.ts';
import { SHARED_DIR, type Keys } from './keys.ts';

export const SCORE_PY = path.join(SHARED_DIR, 'eval/score.py');

/** Per document, the counts score.py prints. */
export interface ReferenceCounts {
  tp: number;
  n: number;
  fp: number;
  parentOk: number;
  parentN: number;
  caseTp: number;
  caseN: number;
  caseFp: number;
  tablesFound: number;
  tables: number;
  cellsOk: number;
  cells: number;
}

export interface ReferenceResult {
  docs: Map<string, ReferenceCounts>;
  /** score.py's last line: `headings F1=… parents=… cases F1=… table-cells=…`. */
  totals: { headingF1: number; parents: number; caseF1: number; tableCells: number };
}

/** score.py over `recordsFile`, scoring exactly the documents named (with --all: missing ones as misses). */
export function runReference(recordsFile: string, keys: Keys, names: string[]): ReferenceResult {
  const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-ref-'));
  try {
    mkdirSync(path.join(dir, 'gold'));
    const structure = Object.fromEntries(names.filter((n) => keys.structure.has(n)).map((n) => [n, keys.structure.get(n)]));
    const tables = Object.fromEntries(names.filter((n) => keys.tables.has(n)).map((n) => [n, keys.tables.get(n)]));
    writeFileSync(path.join(dir, 'gold', 'structure.json'), JSON.stringify(structure));
    writeFileSync(path.join(dir, 'gold', 'tables.json'), JSON.stringify(tables));
    const runner = [
      'import sys',
      'score, records, here = sys.argv[1:4]',
      "sys.argv = [score, records, '--json', '--all']",
      "exec(compile(open(score, encoding='utf-8').read(), score, 'exec'), {'__name__': '__main__', '__file__': here + '/score.py'})",
    ].join('\n');
    const out = execFileSync('python3', ['-c', runner, SCORE_PY, path.resolve(recordsFile), dir], { encoding: 'utf8', maxBuffer: 64 << 20 });
    return parseReference(out);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function ints(s: string, re: RegExp, what: string): number[] {
  const m = re.exec(s);
  if (!m) throw new Error(`score.py printed an unexpected ${what}: ${s}`);
  return m.slice(1).map(Number);
}

/** score.py --json: a JSON object of per-document strings, then the totals line. */
export function parseReference(out: string): ReferenceResult {
  const cut = out.lastIndexOf('\nheadings F1=');
  const report = JSON.parse(out.slice(0, cut)) as Record<string, { headings: string; cases: string; tables: string }>;
  const last = out.slice(cut + 1).trim();
  const tm = /^headings F1=([\d.]+) parents=([\d.]+) cases F1=([\d.]+) table-cells=([\d.]+)/.exec(last);
  if (!tm) throw new Error(`score.py printed an unexpected totals line: ${last}`);
  const docs = new Map<string, ReferenceCounts>();
  for (const [name, r] of Object.entries(report)) {
    const [tp, n, fp, parentOk, parentN] = ints(r.headings, /^(\d+)\/(\d+) \(\+(\d+) extra\), parents (\d+)\/(\d+)$/, 'headings field');
    const [caseTp, caseN, caseFp] = ints(r.cases, /^(\d+)\/(\d+) \(\+(-?\d+) extra\)$/, 'cases field');
    const [tablesFound, tables, cellsOk, cells] = ints(r.tables, /^(\d+)\/(\d+) found, cells (\d+)\/(\d+)$/, 'tables field');
    docs.set(name, { tp: tp!, n: n!, fp: fp!, parentOk: parentOk!, parentN: parentN!, caseTp: caseTp!, caseN: caseN!, caseFp: caseFp!, tablesFound: tablesFound!, tables: tables!, cellsOk: cellsOk!, cells: cells! });
  }
  return { docs, totals: { headingF1: Number(tm[1]), parents: Number(tm[2]), caseF1: Number(tm[3]), tableCells: Number(tm[4]) } };
}

/** Our counts in score.py's shape, for documents with a structure key (the ones score.py scores). */
export function ourCounts(d: DocScore): ReferenceCounts | null {
  if (!d.headings || !d.cases || !d.tables) return null;
  const h = d.headings;
  return {
    tp: h.tp, n: h.n, fp: h.fp, parentOk: h.parentOk, parentN: h.parentN,
    caseTp: d.cases.tp, caseN: d.cases.n, caseFp: d.cases.fp,
    tablesFound: d.tables.found, tables: d.tables.n, cellsOk: d.tables.ok, cells: d.tables.cells,
  };
}

/** Lines naming every count that differs between score.py and this harness (empty: they agree). */
export function compareWithReference(ours: DocScore[], ref: ReferenceResult): string[] {
  const diffs: string[] = [];
  const seen = new Set<string>();
  for (const d of ours) {
    const mine = ourCounts(d);
    if (!mine) continue;
    seen.add(d.name);
    const theirs = ref.docs.get(d.name);
    if (!theirs) {
      diffs.push(`${d.name}: scored here, not by score.py`);
      continue;
    }
    for (const k of Object.keys(mine) as Array<keyof ReferenceCounts>) {
      if (mine[k] !== theirs[k]) diffs.push(`${d.name}: ${k} ${mine[k]} here, ${theirs[k]} in score.py`);
    }
  }
  for (const name of ref.docs.keys()) if (!seen.has(name)) diffs.push(`${name}: scored by score.py, not here`);
  return diffs;
}
