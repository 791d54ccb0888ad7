import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { GOLDEN_DIR, goldenSeeds, goldenText } from './helpers/golden.ts';

describe('golden records', () => {
  it.each(goldenSeeds())('%s matches its reviewed golden file (npm run golden:update after review)', async (seed) => {
    const expected = readFileSync(`${GOLDEN_DIR}${seed.replace(/\.txt$/, '.jsonl')}`, 'utf8');
    const actual = await goldenText(seed);
    if (actual !== expected) {
      const a = actual.split('\n');
      const e = expected.split('\n');
      const first = a.findIndex((line, i) => line !== e[i]);
      expect.soft(a.length, 'record count').toBe(e.length);
      expect(a[first], `first differing record, line ${first + 1}`).toBe(e[first]);
    }
  });
});
