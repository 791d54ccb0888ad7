// Keeping a store small: `vetreport prune` removes old runs, `vetreport forget` removes a document,
// and both then drop kept sources nothing points at any more. Neither ever removes a document's
// latest extraction (prune) or a run still in progress.
import type { Store } from './store.ts';
import { runStatus } from './state.ts';

export interface PruneOptions {
  /** Keep each document's last N extractions (runs holding none of them may go). */
  keep?: number;
  /** Runs started more than this many days ago may go. */
  olderThanDays?: number;
  dryRun?: boolean;
  now?: Date;
}

export interface PruneResult {
  removed: string[];
  /** Runs a rule would have removed but which hold a latest extraction or are unfinished. */
  kept: Array<{ runId: string; reason: string }>;
  sourcesRemoved: number;
}

/** The start time a run id carries (2024-05-01T10-00-00-000Z-…), in ms. */
function startedAtOf(runId: string): number {
  const m = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)-(\d{3})Z/.exec(runId);
  return m ? Date.parse(`${m[1]}T${m[2]}:${m[3]}:${m[4]}.${m[5]}Z`) : NaN;
}

/**
 * Removes the runs that every given rule lets go (both rules: only runs beyond each of their
 * documents' last N extractions *and* older than the age). A run holding some document's latest
 * extraction, or one that is running, queued or interrupted (it still owes documents), is kept.
 */
export async function prune(store: Store, opts: PruneOptions): Promise<PruneResult> {
  const runs = await store.runs(); // newest first
  const docsOf = new Map<string, string[]>();
  for (const r of runs) docsOf.set(r, (await store.outcomes(r)).map((o) => o.docId));

  const withinLastN = new Set<string>();
  if (opts.keep !== undefined) {
    const seen = new Map<string, number>();
    for (const r of runs) {
      for (const d of docsOf.get(r)!) {
        const n = (seen.get(d) ?? 0) + 1;
        seen.set(d, n);
        if (n <= opts.keep) withinLastN.add(r);
      }
    }
  }
  const cutoff = opts.olderThanDays !== undefined ? (opts.now ?? new Date()).getTime() - opts.olderThanDays * 86_400_000 : null;
  const latestRuns = new Set((await store.allLatest()).map((p) => p.runId));

  const result: PruneResult = { removed: [], kept: [], sourcesRemoved: 0 };
  for (const r of runs) {
    if (opts.keep !== undefined && withinLastN.has(r)) continue;
    if (cutoff !== null && !(startedAtOf(r) < cutoff)) continue;
    if (opts.keep === undefined && cutoff === null) continue;
    if (latestRuns.has(r)) {
      result.kept.push({ runId: r, reason: 'it holds the latest extraction of a document' });
      continue;
    }
    const { state } = await runStatus(store, r);
    if (state !== 'complete') {
      result.kept.push({ runId: r, reason: `it is ${state}` });
      continue;
    }
    result.removed.push(r);
    if (!opts.dryRun) await store.removeRun(r);
  }
  if (!opts.dryRun && result.removed.length) result.sourcesRemoved = await collectSources(store);
  return result;
}

/** Removes every trace of the documents: their latest pointers, their results, records and text in every run. */
export async function forget(store: Store, docIds: string[]): Promise<{ runs: number; unknown: string[] }> {
  const runs = await store.runs();
  const unknown: string[] = [];
  let touched = 0;
  for (const docId of docIds) {
    const holding: string[] = [];
    for (const r of runs) if (await store.result(r, docId)) holding.push(r);
    const latest = await store.latest(docId);
    if (!latest && holding.length === 0) {
      unknown.push(docId);
      continue;
    }
    await store.forgetLatest(docId);
    for (const r of holding) {
      await store.forgetInRun(r, docId);
      touched++;
      if ((await store.outcomes(r)).length === 0 && (await store.jobs(r)).length === 0) await store.removeRun(r);
    }
  }
  if (docIds.length > unknown.length) await collectSources(store);
  return { runs: touched, unknown };
}

/** Deletes kept sources that no result of any run and no latest pointer names; returns how many. */
export async function collectSources(store: Store): Promise<number> {
  const used = new Set<string>();
  for (const p of await store.allLatest()) if (p.sha256) used.add(p.sha256);
  for (const r of await store.runs()) {
    for (const o of await store.outcomes(r)) if (o.sha256) used.add(o.sha256);
    for (const j of await store.jobs(r)) if (j.sha256) used.add(j.sha256);
  }
  let n = 0;
  for (const sha of await store.sources()) {
    if (used.has(sha)) continue;
    await store.removeSource(sha);
    n++;
  }
  return n;
}
