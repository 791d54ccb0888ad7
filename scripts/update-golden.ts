// Rewrites test/golden/*.jsonl from the current pipeline. Review `git diff test/golden` first.
import { writeFileSync } from 'node:fs';
import { GOLDEN_DIR, goldenSeeds, goldenText } from '../test/helpers/golden.ts';

for (const seed of goldenSeeds()) {
  const file = `${GOLDEN_DIR}${seed.replace(/\.txt$/, '.jsonl')}`;
  writeFileSync(file, await goldenText(seed));
  console.log(`wrote ${file}`);
}
