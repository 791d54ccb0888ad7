// Precision of indicator records on the hand-checked sample (test/keys/indicators-sample.jsonl: 100
// records drawn by scripts/indicator-sample.ts over the five seeds, each read against the source and
// judged correct or wrong). The seeds are extracted again and each sampled record is found where it
// stood: a record judged correct must still be emitted with the fields the reader checked; one judged
// wrong that is still emitted unchanged is still wrong. A wrong record that changed or went away is
// left out of the count until a reader judges what replaced it (scripts/indicator-sample.ts keeps
// every verdict whose record did not change).
import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IndicatorRecord } from '../src/schema/records.ts';
import { SEEDS_DIR } from './helpers/corpus.ts';
import { extract } from './helpers/extract.ts';
import { judgedFields, placeKey, SAMPLE_FILE, sameJudged, type SampleLine, whereOf } from './helpers/indicator-sample.ts';

// The bar: at least 95 of 100 sampled records right.
const MIN_PRECISION = 0.95;

const sample: SampleLine[] = readFileSync(SAMPLE_FILE, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as SampleLine);

describe('indicator precision on the hand-checked sample', () => {
  const found = new Map<string, IndicatorRecord>();
  beforeAll(async () => {
    for (const name of readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort()) {
      const res = await extract(SEEDS_DIR + name);
      for (const r of res.records) if (r.kind === 'indicator') found.set(placeKey(r.docId, r.source, whereOf(r)), r);
    }
  }, 180_000);

  it('has 100 judged records over every seed, from prose and tables', () => {
    expect(sample).toHaveLength(100);
    expect(sample.every((s) => s.verdict === 'correct' || (s.verdict === 'wrong' && s.reason.length > 0))).toBe(true);
    expect(new Set(sample.map((s) => s.docId.slice(0, 3)))).toEqual(new Set(['000', '001', '002', '003', '004']));
    expect(new Set(sample.map((s) => s.source))).toEqual(new Set(['text', 'table']));
  });

  it(`precision ≥ ${MIN_PRECISION}`, () => {
    let correct = 0;
    let counted = 0;
    const lost: string[] = [];
    for (const s of sample) {
      const r = found.get(placeKey(s.docId, s.source, s.where));
      const same = r !== undefined && sameJudged(judgedFields(r), s.judged);
      if (s.verdict === 'correct') {
        counted++;
        if (same) correct++;
        else lost.push(`${s.id}: ${r ? JSON.stringify(judgedFields(r)) : 'no longer emitted'} (judged ${JSON.stringify(s.judged)})`);
      } else if (same) counted++;
    }
    const precision = correct / counted;
    expect(precision, `precision ${correct}/${counted}; records judged correct that changed or went missing:\n${lost.join('\n')}`).toBeGreaterThanOrEqual(MIN_PRECISION);
    // The sample must still measure: most of it is found unchanged.
    expect(counted).toBeGreaterThanOrEqual(90);
  });
});
