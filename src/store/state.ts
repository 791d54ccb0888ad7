// Where a run stands, from the store alone (and, for queue runs, optionally Redis):
//   running      its owner process is alive (heartbeat fresh)
//   complete     every job submitted into it has a result
//   queued       a queue run whose owner is gone but whose remaining jobs are still in Redis
//   interrupted  it owes documents and nothing will produce them: its process died, or its jobs
//                vanished from Redis; `vetreport rerun --interrupted` finishes it
import { ownerAlive } from './owner.ts';
import type { StoreManifest, Store, SubmittedJob } from './store.ts';

export type RunState = 'running' | 'complete' | 'queued' | 'interrupted';

export interface RunStatus {
  runId: string;
  state: RunState;
  manifest: StoreManifest;
  /** Jobs submitted into the run that have no result yet. */
  owed: SubmittedJob[];
  /** Documents owed by a run of an older store that did not list its jobs (planned minus done). */
  owedUnlisted: number;
}

/**
 * Tells whether any of these queue keys is still waiting or being worked on; without it a queue
 * run that owes documents counts as queued (the benefit of the doubt).
 */
export type QueueProbe = (keys: string[]) => Promise<boolean>;

export async function runStatus(store: Store, runId: string, probe?: QueueProbe): Promise<RunStatus> {
  const manifest = await store.manifest(runId);
  const done = new Set(manifest.documents.map((d) => d.docId));
  const jobs = await store.jobs(runId);
  const owed = jobs.filter((j) => !done.has(j.docId));
  const owedUnlisted = jobs.length === 0 && manifest.planned !== null ? Math.max(0, manifest.planned - manifest.documents.length) : 0;
  const base = { runId, manifest, owed, owedUnlisted };
  if (ownerAlive(await store.owner(runId))) return { ...base, state: 'running' };
  if (owed.length === 0 && owedUnlisted === 0) return { ...base, state: 'complete' };
  if (manifest.mode === 'queue' && owed.length > 0) {
    if (!probe || (await probe(owed.map((j) => j.key)))) return { ...base, state: 'queued' };
  }
  return { ...base, state: 'interrupted' };
}
