// The documents the harness extracts: every report file of the shared corpus, by group.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { formatOf } from '../src/load/index.ts';
import { SHARED_DIR } from './keys.ts';

export const GROUPS = ['seeds', 'external', 'cases'] as const;
export type Group = (typeof GROUPS)[number];

export interface CorpusFile {
  group: Group;
  /** The file name, which is how keys and score.py name a document. */
  name: string;
  path: string;
}

/**
 * A file named after another file of the same folder plus an extension (`word_tables.docx.md`,
 * `word_tables.docx.json`) is another project's rendering of that file, kept there as its answer key:
 * it is not a report, and extracting it would count the same document twice.
 */
export function isRenderingOfSibling(name: string, siblings: Set<string>): boolean {
  const stem = name.slice(0, name.length - path.extname(name).length);
  return stem !== name && siblings.has(stem);
}

/** The report files of the named groups, in name order, as `vetreport extract` would find them. */
export function corpusFiles(groups: readonly Group[] = GROUPS, corpusDir = path.join(SHARED_DIR, 'corpus')): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const group of groups) {
    const dir = path.join(corpusDir, group);
    const names = readdirSync(dir).sort();
    const siblings = new Set(names);
    for (const name of names) {
      if (name.startsWith('.') || /^README/i.test(name) || !formatOf(name)) continue;
      if (isRenderingOfSibling(name, siblings)) continue;
      out.push({ group, name, path: path.join(dir, name) });
    }
  }
  return out;
}
