// `vetreport rerun`: re-extracts documents the store already knows, as a new run next to the old ones.
import { pipelineInfo } from '../output/extraction.ts';
import type { PipelineDef } from '../pipeline.ts';
import { jobId } from '../queue/sink.ts';
import { newRunId, type LatestPointer } from '../store/store.ts';
import { openMode, type Mode, type ModeOptions } from './mode.ts';
import { pipelineByName } from '../../pipelines/index.ts';
import type { CliIO } from '../cli/io.ts';
import { Progress } from '../progress.ts';

export type RerunSelection = { all?: boolean; stale?: boolean; failed?: boolean; doc?: string[] };

export function selectDocuments(latest: LatestPointer[], sel: RerunSelection, pipeline: PipelineDef): LatestPointer[] {
  if (sel.doc?.length) return latest.filter((p) => sel.doc!.includes(p.docId));
  if (sel.all) return latest;
  if (sel.failed) return latest.filter((p) => p.status === 'failed');
  // --stale, the default: extracted by another pipeline version than the one installed now.
  return latest.filter((p) => p.pipelineVersion !== pipeline.version);
}

export async function rerun(sel: RerunSelection, pipeline: PipelineDef, mode: Mode): Promise<{ runId: string | null; selected: LatestPointer[]; unknown: string[] }> {
  const latest = await mode.store.allLatest();
  const selected = selectDocuments(latest, sel, pipeline);
  const unknown = (sel.doc ?? []).filter((d) => !latest.some((p) => p.docId === d));
  if (selected.length === 0) return { runId: null, selected, unknown };
  const runId = newRunId();
  await mode.store.startRun({ runId, trigger: 'rerun', pipeline: pipelineInfo(pipeline), startedAt: new Date().toISOString(), planned: selected.length });
  for (const p of selected) {
    await mode.sink.submit({ runId, docId: p.docId, path: p.absPath, sourcePath: p.sourcePath, pipeline: pipeline.name }, jobId(runId, p.docId));
  }
  await mode.drain();
  return { runId, selected, unknown };
}

export async function rerunCommand(opts: ModeOptions & RerunSelection & { pipeline: string }, io: CliIO): Promise<number> {
  const pipeline = pipelineByName(opts.pipeline);
  const progress = new Progress(0);
  const mode = await openMode(opts, { onOutcome: (o) => progress.tick(o.status === 'ok') });
  try {
    const r = await rerun(opts, pipeline, mode);
    progress.finish();
    for (const d of r.unknown) io.warn(`no document ${d} in the store`);
    if (!r.runId) {
      io.say('nothing to re-run');
      return r.unknown.length ? 1 : 0;
    }
    if (mode.kind === 'queue') {
      io.say(`run ${r.runId}: ${r.selected.length} jobs queued`);
      return 0;
    }
    const m = await mode.store.manifest(r.runId);
    const bad = m.documents.filter((d) => d.status === 'failed');
    io.say(`run ${r.runId}: ${m.documents.length - bad.length} of ${m.documents.length} documents re-extracted`);
    return bad.length > 0 ? 1 : 0;
  } finally {
    await mode.close();
  }
}
