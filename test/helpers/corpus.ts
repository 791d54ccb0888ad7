// The shared corpus sits beside the checkout (../shared), in CI as on a developer's machine.
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SEEDS_DIR = fileURLToPath(new URL('../../../shared/corpus/seeds/', import.meta.url));
export const EXTERNAL_DIR = fileURLToPath(new URL('../../../shared/corpus/external/', import.meta.url));

export function seedPath(prefix: string): string {
  const name = readdirSync(SEEDS_DIR).find((f) => f.startsWith(prefix));
  if (!name) throw new Error(`seed ${prefix} not found in ${SEEDS_DIR}`);
  return SEEDS_DIR + name;
}
export const CASES_DIR = fileURLToPath(new URL('../../../shared/corpus/cases/', import.meta.url));
