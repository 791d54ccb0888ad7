// Draws the hand-checked sample of indicator records: 100 records over the five seeds, a fixed-seed
// draw stratified by seed and by source (prose, table), so every seed and both sources are read.
// Writes test/keys/indicators-sample.jsonl with an empty verdict for each record a reader has not
// judged yet; a record drawn again with the same judged fields keeps the verdict it was given.
//
//   npx tsx scripts/indicator-sample.ts [--size 100] [--seed 14]
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { IndicatorRecord } from '../src/schema/records.ts';
import { SEEDS_DIR } from '../test/helpers/corpus.ts';
import { extract } from '../test/helpers/extract.ts';
import { judgedFields, placeKey, printedContext, SAMPLE_FILE, sameJudged, type SampleLine, whereOf } from '../test/helpers/indicator-sample.ts';

const { values } = parseArgs({ options: { size: { type: 'string', default: '100' }, seed: { type: 'string', default: '14' } } });
const SIZE = Number(values.size);
// Every stratum (seed × source) gets at least this many records, so a small seed is read too.
const MIN_PER_STRATUM = 5;

/** mulberry32: a small deterministic generator, so the same seed draws the same sample. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const previous = new Map<string, SampleLine>();
if (existsSync(SAMPLE_FILE)) {
  for (const l of readFileSync(SAMPLE_FILE, 'utf8').split('\n').filter(Boolean)) {
    const s = JSON.parse(l) as SampleLine;
    previous.set(placeKey(s.docId, s.source, s.where), s);
  }
}

const strata = new Map<string, Array<{ rec: IndicatorRecord; text: string }>>();
for (const name of readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort()) {
  const res = await extract(SEEDS_DIR + name);
  for (const r of res.records) {
    if (r.kind !== 'indicator') continue;
    const key = `${r.docId}|${r.source}`;
    if (!strata.has(key)) strata.set(key, []);
    strata.get(key)!.push({ rec: r, text: res.text! });
  }
}

// Allocation: the minimum to every stratum, the rest in proportion to its size (largest remainder).
const keys = [...strata.keys()].sort();
const total = keys.reduce((n, k) => n + strata.get(k)!.length, 0);
const alloc = new Map(keys.map((k) => [k, Math.min(MIN_PER_STRATUM, strata.get(k)!.length)]));
let left = SIZE - [...alloc.values()].reduce((a, b) => a + b, 0);
const shares = keys.map((k) => ({ k, exact: (left * strata.get(k)!.length) / total }));
for (const s of shares) alloc.set(s.k, Math.min(strata.get(s.k)!.length, alloc.get(s.k)! + Math.floor(s.exact)));
left = SIZE - [...alloc.values()].reduce((a, b) => a + b, 0);
for (const s of shares.sort((a, b) => (b.exact % 1) - (a.exact % 1))) {
  if (left <= 0) break;
  if (alloc.get(s.k)! < strata.get(s.k)!.length) { alloc.set(s.k, alloc.get(s.k)! + 1); left--; }
}

const rand = rng(Number(values.seed));
const out: SampleLine[] = [];
for (const k of keys) {
  const pool = [...strata.get(k)!];
  // Fisher–Yates on the stratum in document order, then its first n.
  for (let i = pool.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pool[i], pool[j]] = [pool[j]!, pool[i]!];
  }
  const picked = pool.slice(0, alloc.get(k)).sort((a, b) => (a.rec.provenance.charStart ?? 0) - (b.rec.provenance.charStart ?? 0));
  for (const { rec, text } of picked) {
    const where = whereOf(rec);
    const judged = judgedFields(rec);
    const before = previous.get(placeKey(rec.docId, rec.source, where));
    const kept = before && sameJudged(before.judged, judged);
    out.push({ docId: rec.docId, id: rec.id, source: rec.source, where, printed: printedContext(rec, text), judged, verdict: kept ? before.verdict : '', reason: kept ? before.reason : '' });
  }
}
writeFileSync(SAMPLE_FILE, out.map((s) => JSON.stringify(s)).join('\n') + '\n');
const todo = out.filter((s) => !s.verdict).length;
console.log(`wrote ${out.length} records to ${SAMPLE_FILE.pathname} (${keys.map((k) => `${k.slice(0, 3)} ${k.split('|')[1]} ${alloc.get(k)}`).join(', ')}); ${todo} to judge`);
