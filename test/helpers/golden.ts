// Golden files: each seed's records as reviewed. `npm run golden:update` rewrites them; read the
// git diff before committing the new ones.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SEEDS_DIR } from './corpus.ts';
import { extract } from './extract.ts';

export const GOLDEN_DIR = fileURLToPath(new URL('../golden/', import.meta.url));

export function goldenSeeds(): string[] {
  return readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort();
}

/** One record per line, keys in schema order, so a diff shows exactly the records that changed. */
export async function goldenText(seedFile: string): Promise<string> {
  const r = await extract(SEEDS_DIR + seedFile);
  return r.records.map((rec) => JSON.stringify(rec)).join('\n') + '\n';
}
