// `vetreport rerun`: re-extracts documents the store already knows, as a new run next to the old
// ones, from the bytes the store kept of each (the inbox may be empty by now); a document whose
// bytes are neither kept nor at their path is reported and left as it is.
import { access } from 'node:fs/promises';
import { pipelineByName } from '../../pipelines/index.ts';
import type { CliIO } from '../cli/io.ts';
import { pipelineInfo } from '../output/extraction.ts';
import type { PipelineDef } from '../pipeline.ts';
import { Progress } from '../progress.ts';
import { jobId } from '../queue/sink.ts';
import { newRunId, type LatestPointer, type Store, type SubmittedJob } from '../store/store.ts';
import { openMode, type Mode, type ModeOptions } from './mode.ts';

export type RerunSelection = { all?: boolean; stale?: boolean; failed?: boolean; doc?: string[] };

export function selectDocuments(latest: LatestPointer[], sel: RerunSelection, pipeline: PipelineDef): LatestPointer[] {
  if (sel.doc?.length) return latest.filter((p) => sel.doc!.includes(p.docId));
  if (sel.all) return latest;
  if (sel.failed) return latest.filter((p) => p.status === 'failed');
  // --stale, the default: extracted by another pipeline version than the one installed now.
  return latest.filter((p) => p.pipelineVersion !== pipeline.version);
}

export interface Skipped {
  docId: string;
  reason: string;
}

/** Where a document's bytes will come from for a re-run: the kept source, else its path; null when neither is there. */
async function sourceOf(store: Store, p: LatestPointer): Promise<'kept' | 'path' | null> {
  if (p.sha256 && (await access(store.sourceFile(p.sha256)).then(() => true, () => false))) return 'kept';
  if (await access(p.absPath).then(() => true, () => false)) return 'path';
  return null;
}

export async function rerun(sel: RerunSelection, pipeline: PipelineDef, mode: Mode): Promise<{ runId: string | null; selected: LatestPointer[]; unknown: string[]; skipped: Skipped[] }> {
  const latest = await mode.store.allLatest();
  const unknown = (sel.doc ?? []).filter((d) => !latest.some((p) => p.docId === d));
  const skipped: Skipped[] = [];
  const selected: LatestPointer[] = [];
  const kept = new Map<string, boolean>();
  for (const p of selectDocuments(latest, sel, pipeline)) {
    const from = await sourceOf(mode.store, p);
    if (!from) {
      skipped.push({ docId: p.docId, reason: `its input is neither kept in the store (sha256 ${p.sha256 ?? 'unknown'}) nor at ${p.absPath}` });
      continue;
    }
    kept.set(p.docId, from === 'kept');
    selected.push(p);
  }
  if (selected.length === 0) return { runId: null, selected, unknown, skipped };
  const runId = newRunId();
  await mode.store.startRun({ runId, trigger: 'rerun', pipeline: pipelineInfo(pipeline), startedAt: new Date().toISOString(), planned: selected.length, mode: mode.kind });
  const claim = await mode.store.claimRun(runId, 'rerun');
  try {
    const jobs: SubmittedJob[] = selected.map((p) => ({
      runId, docId: p.docId, path: p.absPath, sourcePath: p.sourcePath, pipeline: pipeline.name,
      ...(kept.get(p.docId) ? { sha256: p.sha256! } : {}),
      key: jobId(runId, p.docId),
    }));
    await mode.store.recordJobs(runId, jobs);
    for (const { key, ...job } of jobs) await mode.sink.submit(job, key);
    await mode.drain();
  } finally {
    await claim.release();
  }
  return { runId, selected, unknown, skipped };
}

export async function rerunCommand(opts: ModeOptions & RerunSelection & { pipeline: string }, io: CliIO): Promise<number> {
  const pipeline = pipelineByName(opts.pipeline);
  const progress = new Progress(0);
  const mode = await openMode(opts, { onOutcome: (o) => progress.tick(o.status === 'ok') });
  try {
    const r = await rerun(opts, pipeline, mode);
    progress.finish();
    for (const d of r.unknown) io.warn(`no document ${d} in the store`);
    for (const s of r.skipped) io.warn(`skipped ${s.docId}: ${s.reason}`);
    if (!r.runId) {
      io.say('nothing to re-run');
      return r.unknown.length || r.skipped.length ? 1 : 0;
    }
    if (mode.kind === 'queue') {
      io.say(`run ${r.runId}: ${r.selected.length} jobs queued`);
      return r.skipped.length ? 1 : 0;
    }
    const m = await mode.store.manifest(r.runId);
    const bad = m.documents.filter((d) => d.status === 'failed');
    io.say(`run ${r.runId}: ${m.documents.length - bad.length} of ${m.documents.length} documents re-extracted`);
    return bad.length > 0 || r.skipped.length > 0 ? 1 : 0;
  } finally {
    await mode.close();
  }
}
