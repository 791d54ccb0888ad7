// Answer keys, by file name: the seeds' hand-checked keys read in place from ../shared/eval/gold/
// (never copied), and the project's own keys in test/keys/<aspect>/<file name>.json, one file per
// document and aspect so that keys for different documents never conflict.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { GoldStructure, GoldTable } from './score.ts';

export const REPO_DIR = fileURLToPath(new URL('..', import.meta.url));
export const SHARED_DIR = path.resolve(REPO_DIR, '../shared');
export const GOLD_DIR = path.join(SHARED_DIR, 'eval/gold');
export const KEYS_DIR = path.join(REPO_DIR, 'test/keys');

/**
 * What a report says about itself, as a careful reader finds it on the cover, the title block and the
 * first paragraphs. null = the document does not say; a field left out is not scored.
 */
export interface FactsKey {
  title?: string | null;
  region?: string | null;
  year?: number | null;
  institution?: string | null;
  reportType?: string | null;
}
export const FACT_FIELDS = ['title', 'region', 'year', 'institution', 'reportType'] as const;
export type FactField = (typeof FACT_FIELDS)[number];

export interface Keys {
  structure: Map<string, GoldStructure>;
  tables: Map<string, GoldTable[]>;
  facts: Map<string, FactsKey>;
  /** Where each key came from, for messages: "gold" or the key file's path. */
  origin: Map<string, string>;
}

/** score.py `_gold`: the named gold files that exist, top-level names starting with `_` left out. */
function readGold<T>(...names: string[]): Map<string, T> {
  const out = new Map<string, T>();
  for (const n of names) {
    const f = path.join(GOLD_DIR, n);
    if (!existsSync(f)) continue;
    for (const [k, v] of Object.entries(JSON.parse(readFileSync(f, 'utf8')) as Record<string, T>)) if (!k.startsWith('_')) out.set(k, v);
  }
  return out;
}

/** test/keys/<aspect>/<file name>.json → file name → parsed key. */
function readKeyDir<T>(aspect: string, origin: Map<string, string>, keysDir: string): Map<string, T> {
  const dir = path.join(keysDir, aspect);
  const out = new Map<string, T>();
  if (!existsSync(dir)) return out;
  for (const f of readdirSync(dir).sort()) {
    if (!f.endsWith('.json')) continue;
    const file = path.join(dir, f);
    let v: T;
    try {
      v = JSON.parse(readFileSync(file, 'utf8')) as T;
    } catch (e) {
      throw new Error(`answer key ${file} is not valid JSON: ${(e as Error).message}`);
    }
    const name = f.slice(0, -'.json'.length);
    out.set(name, v);
    origin.set(`${aspect}:${name}`, path.relative(REPO_DIR, file));
  }
  return out;
}

/** Every key the harness scores with. A document keyed both in gold/ and in test/keys/ is an error. */
export function loadKeys(keysDir = KEYS_DIR): Keys {
  const origin = new Map<string, string>();
  const structure = readGold<GoldStructure>('structure.json', 'structure-heldout.json');
  const tables = readGold<GoldTable[]>('tables.json', 'tables-heldout.json');
  for (const k of structure.keys()) origin.set(`structure:${k}`, 'gold');
  for (const k of tables.keys()) origin.set(`tables:${k}`, 'gold');
  const ownStructure = readKeyDir<GoldStructure>('structure', origin, keysDir);
  const ownTables = readKeyDir<GoldTable[]>('tables', origin, keysDir);
  for (const [aspect, own, gold] of [['structure', ownStructure, structure], ['tables', ownTables, tables]] as const) {
    for (const [name, v] of own) {
      if (gold.has(name)) throw new Error(`${name} has a ${aspect} key both in ${GOLD_DIR} and in test/keys/${aspect}/: keep one`);
      (gold as Map<string, unknown>).set(name, v);
    }
  }
  for (const [name, s] of structure) {
    if (!Array.isArray(s.headings) || !Array.isArray(s.cases)) throw new Error(`structure key of ${name} needs "headings" and "cases" arrays`);
  }
  for (const [name, t] of tables) {
    if (!Array.isArray(t) || t.some((x) => !Array.isArray(x.checks))) throw new Error(`tables key of ${name} must be an array of tables, each with "checks"`);
  }
  const facts = readKeyDir<FactsKey>('facts', origin, keysDir);
  return { structure, tables, facts, origin };
}
