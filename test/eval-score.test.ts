// The accuracy scorer against the reference: ../shared/eval/score.py, run on the same records, must
// give the same counts (the held-out reports are scored with it). Differential tests on the seeds'
// real extraction, on that extraction deliberately damaged, and on the text functions one by one.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import { runExtract } from '../src/run-extract.ts';
import { corpusFiles, isRenderingOfSibling } from '../eval/corpus.ts';
import { scoreDocuments, totalsByGroup, rates } from '../eval/evaluate.ts';
import { loadKeys, REPO_DIR } from '../eval/keys.ts';
import { compareWithReference, ourCounts, parseReference, runReference, SCORE_PY } from '../eval/reference.ts';
import { eqValue, groupByFile, nnum, norm, sim, tnorm, type Rec } from '../eval/score.ts';
import { checkThresholds } from '../eval/thresholds.ts';

let dir: string;
let records: Rec[];
const keys = loadKeys();
const seeds = corpusFiles(['seeds']);

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'eval-score-'));
  await runExtract(seeds.map((f) => path.relative(process.cwd(), f.path)), dir, qualityReport);
  records = readFileSync(path.join(dir, 'records.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Rec);
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** score.py exactly as its README runs it: its own gold/, its printed totals line. */
function scorePy(recordsFile: string): string {
  return execFileSync('python3', [SCORE_PY, recordsFile, '--json'], { encoding: 'utf8' });
}

function writeRecords(name: string, recs: Rec[]): string {
  const f = path.join(dir, name);
  writeFileSync(f, recs.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return f;
}

describe('the harness against score.py on the seeds', () => {
  it('gives score.py figures within 0.01 and the same counts per document', () => {
    const file = path.join(dir, 'records.jsonl');
    const ref = parseReference(scorePy(file));
    const docs = scoreDocuments(seeds, groupByFile(records), keys);
    expect(docs.map((d) => d.name)).toEqual(seeds.map((f) => f.name));
    const r = rates(totalsByGroup(docs).seeds);
    expect(Math.abs(r.headingF1 - ref.totals.headingF1)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(r.parents - ref.totals.parents)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(r.caseF1 - ref.totals.caseF1)).toBeLessThanOrEqual(0.01);
    expect(Math.abs(r.tableCells - ref.totals.tableCells)).toBeLessThanOrEqual(0.01);
    expect(compareWithReference(docs, ref)).toEqual([]);
    // The seeds are mostly right today: the figures are not trivially 0 or 1.
    expect(r.headingF1).toBeGreaterThan(0.9);
    expect(ref.docs.get('000_3d957bb943967ad8.txt')!.cells).toBeGreaterThan(20);
  });

  it('counts the same as score.py on a damaged extraction: lost, renamed, re-parented and extra sections, changed cells and cases', () => {
    // Deterministic damage touching every branch of the scorer.
    const secs = records.filter((r) => r.kind === 'section');
    const damaged = structuredClone(records).flatMap((r: Rec, i: number): Rec[] => {
      if (r.kind === 'section') {
        // One kind of damage per section, so that no damage hides another.
        const k = secs.findIndex((s) => s.id === r.id);
        switch (k % 12) {
          case 1: return []; // a lost heading (its children keep a dangling parentId)
          case 2: r.title = `${r.title}之外的另一个标题`; break; // a title that no longer matches
          case 3: if (k > 0) r.parentId = secs[k - 1]!.id; break; // a wrong parent
          case 4: return [r, { ...r, id: `${r.id}/dup`, title: `${r.title}（续）` }]; // an extra heading
          case 5: r.number = `（${r.number}）`; break; // a number in another style
          case 6: r.title = r.title.slice(0, 2); break; // a short title: containment scored by length
          case 7: r.title = `${r.title.slice(0, -1)}某`; break; // one character off: near the 0.8 bar at 5–6 characters
          case 9: r.title = `某${r.title.slice(1)}`; break;
        }
      }
      if (r.kind === 'case') {
        if (i % 9 === 0) r.title = `另一个案例${i}`;
        else if (i % 7 === 1) return [];
        else r.title = `${'某'.repeat(i % 5)}${r.title.slice(i % 5)}`; // 0–4 characters off: around the 0.85 bar
      }
      if (r.kind === 'table') {
        for (const [ri, row] of (r.rows as Rec[][]).entries()) {
          for (const [ci, c] of row.entries()) {
            if ((ri + ci) % 5 === 0 && typeof c.value === 'number') c.value += 1;
            if ((ri * 3 + ci) % 11 === 0 && c.type === 'text') c.text = `${c.text} `;
            if ((ri + 2 * ci) % 13 === 0) c.value = null;
          }
        }
        if (r.number === '3-1') r.number = null; // found by caption instead
        if (r.number === '1-3') {
          r.number = null;
          r.title = null; // found by its section's title, or not at all
        }
        if (r.number === '3-4') r.columns = (r.columns as Rec[]).map((c) => ({ ...c, path: [...c.path].reverse() }));
      }
      return [r];
    });
    const file = writeRecords('damaged.jsonl', damaged);
    const ref = parseReference(scorePy(file));
    const docs = scoreDocuments(seeds, groupByFile(damaged), keys);
    expect(compareWithReference(docs, ref)).toEqual([]);
    // The damage shows: every kind of count moved.
    const all = totalsByGroup(docs).seeds;
    const before = totalsByGroup(scoreDocuments(seeds, groupByFile(records), keys)).seeds;
    expect(all.tp).toBeLessThan(before.tp);
    expect(all.fp).toBeGreaterThan(before.fp);
    expect(all.parentOk).toBeLessThan(before.parentOk);
    expect(all.caseTp).toBeLessThan(before.caseTp);
    expect(all.cellsOk).toBeLessThan(before.cellsOk);
  });

  it('scores a document that failed to extract as all misses, as score.py --all does', () => {
    const without = records.filter((r) => !(r.docId === '003_bd1a537eaddbdeb6'));
    const file = writeRecords('without-003.jsonl', without);
    const ref = runReference(file, keys, seeds.map((f) => f.name));
    const docs = scoreDocuments(seeds, groupByFile(without), keys);
    const d = docs.find((x) => x.name === '003_bd1a537eaddbdeb6.txt')!;
    expect(d.extracted).toBe(false);
    expect(ourCounts(d)!.tp).toBe(0);
    expect(compareWithReference(docs, ref)).toEqual([]);
  });
});

/** score.py's functions, run on inputs given as JSON: its source without the final main() call. */
function pyFunctions(calls: Array<[string, ...unknown[]]>): unknown[] {
  const runner = [
    'import sys, json',
    "src = open(sys.argv[1], encoding='utf-8').read()",
    "src = src[:src.rstrip().rindex('main()')]",
    "g = {'__name__': 'score', '__file__': sys.argv[1]}",
    'exec(compile(src, sys.argv[1], "exec"), g)',
    'calls = json.load(sys.stdin)',
    "print(json.dumps([g[c[0]](*c[1:]) for c in calls], ensure_ascii=False))",
  ].join('\n');
  const out = spawnSync('python3', ['-c', runner, SCORE_PY], { input: JSON.stringify(calls), encoding: 'utf8' });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout) as unknown[];
}

describe('text functions against score.py', () => {
  const long = '职业教育质量年度报告'.repeat(25); // ≥ 200 code points: difflib's popular-element heuristic applies
  const pairs: Array<[string, string]> = [
    ['发展概况', '发展概况'],
    ['发展概况', '一、发展概况'],
    ['办学', '办学条件'],
    ['基本情况', '基本情况与发展'],
    ['坚持党的领导', '坚持党领导'],
    ['学生发展', '学生的全面发展质量'],
    ['“双高计划”建设', '双高计划建设'],
    ['Industry 4.0 与 职业教育', 'industry4.0与职业教育'],
    ['𠀀𠀁字', '𠀀𠀁字段'], // characters beyond the BMP count as one each
    ['立德树人', '树人立德'],
    ['', '发展'],
    [long, long.slice(3) + '附录'],
    [long + '甲', '乙' + long],
    ['ａｂｃ１２３', 'abc123'],
    ['表1-2 柳州市各职业院校2022-2023年招生情况', '柳州市各职业院校2022—2023年招生情况一览表'],
  ];
  it('sim, norm, tnorm and nnum give what score.py gives', () => {
    const calls: Array<[string, ...unknown[]]> = [];
    for (const [a, b] of pairs) calls.push(['sim', a, b]);
    const strings = ['（一）', '1.1．', '第一章 ', ' 附件 1：', '３.２', 'A*B\u3000C\u00a0D', '\u2028x\u205fy', '_a_b_', 'ⅩⅡ章', '½份'];
    for (const s of strings) calls.push(['norm', s], ['tnorm', s], ['nnum', s]);
    const py = pyFunctions(calls);
    const ours = calls.map(([f, ...a]) => (f === 'sim' ? sim(a[0], a[1]) : f === 'norm' ? norm(a[0]) : f === 'tnorm' ? tnorm(a[0]) : nnum(a[0])));
    for (let i = 0; i < calls.length; i++) {
      if (typeof py[i] === 'number') expect(ours[i], JSON.stringify(calls[i])).toBeCloseTo(py[i] as number, 12);
      else expect(ours[i], JSON.stringify(calls[i])).toBe(py[i]);
    }
  });

  it('eq_value compares cells as score.py does: numbers as numbers, null as a not-available mark', () => {
    const cases: Array<[unknown, unknown]> = [
      [17165, 17165], ['17,165', 17165], ['12.5%', 12.5], [' 3.5 ', 3.5], ['1_000', 1000], ['３', 3], ['0x10', 16], ['', 0],
      ['nan', 1], ['inf', 1], [null, 1], [true, 1], ['1e3', 1000], ['.5', 0.5], ['5.', 5], ['——', null], ['-', null], [0, null],
      ['', null], [null, null], ['0', null], ['柳职院', '柳职院'], ['柳 职院', '柳职院'], [12, '12'], ['abc', 'ABC'], [0.1 + 0.2, 0.3],
    ];
    const py = pyFunctions(cases.map(([g, w]) => ['eq_value', g, w]));
    expect(cases.map(([g, w]) => eqValue(g, w as never))).toEqual(py);
  });
});

describe('the corpus and keys the harness uses', () => {
  it('leaves out another project\'s renderings kept beside their source file', () => {
    const siblings = new Set(['word_tables.docx', 'word_tables.docx.md', 'word_tables.docx.json', 'notes.md', 'report.pdf']);
    expect(isRenderingOfSibling('word_tables.docx.md', siblings)).toBe(true);
    expect(isRenderingOfSibling('word_tables.docx.json', siblings)).toBe(true);
    expect(isRenderingOfSibling('notes.md', siblings)).toBe(false);
    expect(isRenderingOfSibling('word_tables.docx', siblings)).toBe(false);
    const external = corpusFiles(['external']).map((f) => f.name);
    expect(external).toContain('word_tables.docx');
    expect(external).toContain('cleaned_research_report_1f978cd81fb7260c8f7644039ec2c054.md');
    expect(external.filter((n) => /\.docx\.(md|json|html)$/.test(n))).toEqual([]);
  });

  it('every key names a corpus file, and the seeds\' keys are read from ../shared/eval/gold', () => {
    const names = new Set(corpusFiles().map((f) => f.name));
    for (const aspect of ['structure', 'tables', 'facts'] as const) {
      for (const name of keys[aspect].keys()) expect(names.has(name), `${aspect} key ${name}`).toBe(true);
    }
    expect(keys.origin.get('structure:000_3d957bb943967ad8.txt')).toBe('gold');
  });

  it('reports each metric that falls below its floor, at three decimals', () => {
    const byGroup = totalsByGroup(scoreDocuments(seeds, groupByFile(records), keys));
    const r = rates(byGroup.seeds);
    const at = (x: number) => Number(x.toFixed(3));
    expect(checkThresholds(byGroup, { seeds: { headingF1: at(r.headingF1), parents: at(r.parents) } }, ['seeds'])).toEqual([]);
    const below = checkThresholds(byGroup, { seeds: { headingF1: at(r.headingF1) + 0.001 }, external: { headingF1: 1 } }, ['seeds']);
    expect(below).toEqual([`seeds headingF1 ${r.headingF1.toFixed(3)} < ${at(r.headingF1) + 0.001}`]);
  });

  it('npm run eval exits 1 below a threshold, 2 on a usage error, and shows one document\'s misses', () => {
    const file = path.join(dir, 'records.jsonl');
    const thresholds = path.join(dir, 'thresholds.json');
    writeFileSync(thresholds, JSON.stringify({ seeds: { headingF1: 1 } }));
    const run = (...a: string[]) => spawnSync(process.execPath, ['--import', 'tsx', path.join(REPO_DIR, 'eval/run.ts'), ...a], { encoding: 'utf8', cwd: REPO_DIR });
    const low = run('--records', file, '--only', 'seeds', '--thresholds', thresholds);
    expect(low.status).toBe(1);
    expect(low.stdout).toMatch(/TOTAL seeds \(5 docs\)/);
    expect(low.stderr).toMatch(/seeds headingF1 0\.\d{3} < 1/);
    const bad = run('--only', 'nonsense');
    expect(bad.status).toBe(2);
    const misses = run('--records', file, '--doc', '000_3d957bb943967ad8', '--reference');
    expect(misses.status).toBe(0);
    expect(misses.stdout).toMatch(/^ {4}extra {4}\S+ /m);
    expect(misses.stderr).toMatch(/score\.py gives the same counts/);
  });
});
