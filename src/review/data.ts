// The review's data from the store: the two runs `vetreport diff` would compare, their diff, and the
// directory decisions are kept in. The server keeps the last result and recomputes it only when the
// store's runs change (a run added, a document result written), so a page load is cheap.
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { runDiff } from '../commands/diff.ts';
import type { Store } from '../store/store.ts';
import { buildReview, type ReviewData } from './model.ts';

export interface LoadedReview {
  data: ReviewData;
  /** The newer run's directory: where decisions.jsonl lives. */
  decisionsDir: string;
  /** The decision logs this comparison reads, oldest first (RunSide.decisionLogs). */
  decisionLogs: string[];
}

/** `align`: two editions of a report (`vetreport diff --align`): sections by number and title, tables by caption, year columns shifted. */
export async function loadReview(store: Store, a?: string, b?: string, align = false): Promise<LoadedReview> {
  const { diff, before, after } = await runDiff(store, a, b, { align });
  const data = buildReview({ diff, before: before.records, after: after.records, beforeLabel: before.label, afterLabel: after.label });
  return { data, decisionsDir: after.dir, decisionLogs: after.decisionLogs };
}

const mtime = async (p: string) => {
  try {
    const s = await stat(p);
    return `${s.mtimeMs}:${s.size}`;
  } catch {
    return '-';
  }
};

/**
 * A cheap fingerprint of everything loadReview reads: the list of runs and, per run, its results
 * directory and records.jsonl (results are replaced by rename, which changes the directory), plus
 * the records.jsonl of a run given as a directory.
 */
export async function storeFingerprint(store: Store, a?: string, b?: string): Promise<string> {
  const runs = await store.runs();
  const parts: string[] = [runs.join(',')];
  for (const r of runs) parts.push(`${r}=${await mtime(path.join(store.runDir(r), 'results'))}/${await mtime(path.join(store.runDir(r), 'records.jsonl'))}`);
  for (const ref of [a, b]) if (ref) parts.push(`${ref}=${await mtime(path.join(ref, 'records.jsonl'))}`);
  return parts.join('\n');
}

/** loadReview, remembered until the fingerprint changes; concurrent callers share one computation. */
export function cachedReview(store: Store, a?: string, b?: string, align = false): () => Promise<LoadedReview> {
  let last: { fp: string; value: Promise<LoadedReview> } | null = null;
  return async () => {
    const fp = await storeFingerprint(store, a, b);
    if (last && last.fp === fp) return last.value;
    const value = loadReview(store, a, b, align);
    last = { fp, value };
    value.catch(() => {
      if (last?.value === value) last = null;
    });
    return value;
  };
}
