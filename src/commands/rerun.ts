// `vetreport rerun`: re-extracts documents the store already knows, as a new run next to the old
// ones, from the bytes the store kept of each (the inbox may be empty by now); a document whose
// bytes are neither kept nor at their path is reported and left as it is.
import { access } from 'node:fs/promises';
import path from 'node:path';
import { pipelineByName } from '../../pipelines/index.ts';
import type { CliIO } from '../cli/io.ts';
import { UsageError } from '../errors.ts';
import { expandInputs, type InputOptions } from '../inputs.ts';
import { displayPath } from '../run-extract.ts';
import { runStatus } from '../store/state.ts';
import { Inbox } from './inbox.ts';
import { pipelineInfo } from '../output/extraction.ts';
import type { PipelineDef } from '../pipeline.ts';
import { Progress } from '../progress.ts';
import { jobId } from '../queue/sink.ts';
import { newRunId, type LatestPointer, type Store, type SubmittedJob } from '../store/store.ts';
import { openMode, type Mode, type ModeOptions } from './mode.ts';
import { watchProgress } from '../extractor/progress.ts';

export type RerunSelection = { all?: boolean; stale?: boolean; failed?: boolean; doc?: string[]; missing?: boolean | string; interrupted?: boolean };

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
  if (unknown.length) throw new UsageError(`no document ${unknown.join(', ')} in the store ${mode.store.root}`);
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

/**
 * `rerun --missing`: a new run of the inbox files the store has no extraction of in their present
 * content by this pipeline version (what a wiped queue or a watcher down for a while left undone).
 */
export async function rerunMissing(inboxDir: string, inputs: InputOptions, pipeline: PipelineDef, mode: Mode, log: (line: string) => void): Promise<{ runId: string | null; queued: number }> {
  const { files, problems } = await expandInputs([inboxDir], { ...inputs, allowEmpty: true, skipDirs: [mode.store.root] });
  const inbox = new Inbox(mode.store, pipeline);
  await inbox.refresh();
  const jobs: SubmittedJob[] = [];
  const runId = newRunId();
  for (const f of files) {
    const d = await inbox.decide(f);
    if (d.action === 'duplicate') log(`skipped ${displayPath(f)}: the same bytes as document ${d.of}, already extracted`);
    if (d.action !== 'queue') continue;
    jobs.push({ runId, docId: d.docId, path: path.resolve(f), sourcePath: displayPath(f), pipeline: pipeline.name, key: jobId(runId, d.docId) });
  }
  for (const p of problems) log(`skipped ${p.path}: ${p.message}`);
  if (jobs.length === 0) return { runId: null, queued: 0 };
  await mode.store.startRun({ runId, trigger: 'rerun', pipeline: pipelineInfo(pipeline), startedAt: new Date().toISOString(), planned: jobs.length, mode: mode.kind, note: `missing from inbox ${path.resolve(inboxDir)}` });
  const claim = await mode.store.claimRun(runId, 'rerun --missing');
  try {
    await mode.store.recordJobs(runId, jobs);
    for (const { key, ...job } of jobs) await mode.sink.submit(job, key);
    await mode.drain();
  } finally {
    await claim.release();
  }
  return { runId, queued: jobs.length };
}

/**
 * `rerun --interrupted`: every run that owes documents nobody will produce (its process died, its
 * queue was wiped) gets them submitted again, into the same run.
 */
export async function resumeInterrupted(mode: Mode, log: (line: string) => void): Promise<Array<{ runId: string; resubmitted: number }>> {
  const out: Array<{ runId: string; resubmitted: number }> = [];
  for (const runId of await mode.store.runs()) {
    const s = await runStatus(mode.store, runId, mode.sink.isLive?.bind(mode.sink));
    if (s.state !== 'interrupted') continue;
    if (s.owed.length === 0) {
      log(`run ${runId} owes ${s.owedUnlisted} documents but does not list them (a store older than jobs.jsonl): extract them again`);
      continue;
    }
    const claim = await mode.store.claimRun(runId, 'rerun --interrupted');
    try {
      const again: SubmittedJob[] = s.owed.map((j) => ({ ...j, key: jobId(j.key, 'resumed', Date.now().toString(36)) }));
      await mode.store.recordJobs(runId, again);
      for (const { key, ...job } of again) await mode.sink.submit(job, key);
      await mode.drain();
    } finally {
      await claim.release();
    }
    out.push({ runId, resubmitted: s.owed.length });
  }
  return out;
}

export async function rerunCommand(opts: ModeOptions & RerunSelection & InputOptions & { pipeline: string }, io: CliIO): Promise<number> {
  const pipeline = pipelineByName(opts.pipeline);
  const progress = new Progress(0);
  let unsaved = 0;
  const mode = await openMode(opts, {
    onOutcome: (o) => progress.tick(o.status === 'ok'),
    onError: (job, e) => { unsaved++; progress.tick(false); io.warn(`${job.sourcePath}: ${e.message}`); },
  });
  watchProgress((p) => progress.page(p));
  try {
    if (opts.interrupted) {
      const resumed = await resumeInterrupted(mode, io.warn);
      progress.finish();
      if (resumed.length === 0) io.say('no interrupted run');
      for (const r of resumed) {
        const m = await mode.store.manifest(r.runId);
        io.say(mode.kind === 'queue' ? `run ${r.runId}: ${r.resubmitted} jobs queued again` : `run ${r.runId}: ${r.resubmitted} documents finished, ${m.documents.length} in the run`);
      }
      return unsaved ? 1 : 0;
    }
    if (opts.missing !== undefined) {
      const inboxDir = typeof opts.missing === 'string' ? opts.missing : 'inbox';
      const r = await rerunMissing(inboxDir, opts, pipeline, mode, io.warn);
      progress.finish();
      if (!r.runId) {
        io.say(`nothing missing: every file in ${inboxDir} is extracted`);
        return 0;
      }
      const m = await mode.store.manifest(r.runId);
      const bad = m.documents.filter((d) => d.status === 'failed');
      io.say(mode.kind === 'queue' ? `run ${r.runId}: ${r.queued} jobs queued` : `run ${r.runId}: ${m.documents.length - bad.length} of ${m.documents.length} missing documents extracted`);
      return bad.length > 0 || unsaved > 0 ? 1 : 0;
    }
    const r = await rerun(opts, pipeline, mode);
    progress.finish();
    for (const s of r.skipped) io.warn(`skipped ${s.docId}: ${s.reason}`);
    if (!r.runId) {
      io.say('nothing to re-run');
      return r.skipped.length ? 1 : 0;
    }
    if (mode.kind === 'queue') {
      io.say(`run ${r.runId}: ${r.selected.length} jobs queued`);
      return r.skipped.length ? 1 : 0;
    }
    const m = await mode.store.manifest(r.runId);
    const bad = m.documents.filter((d) => d.status === 'failed');
    io.say(`run ${r.runId}: ${m.documents.length - bad.length} of ${m.documents.length} documents re-extracted`);
    return bad.length > 0 || r.skipped.length > 0 || unsaved > 0 ? 1 : 0;
  } finally {
    watchProgress(null);
    await mode.close();
  }
}
