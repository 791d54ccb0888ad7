// `vetreport extract` without --out: the inputs become a run in the store, processed in-process
// (embedded mode) or queued for workers (queue mode).
import path from 'node:path';
import { pipelineInfo } from '../output/extraction.ts';
import { expandInputs, type InputOptions } from '../inputs.ts';
import { ExtractionError } from '../errors.ts';
import { formatOf } from '../load/index.ts';
import { failed, type PipelineDef } from '../pipeline.ts';
import { jobId } from '../queue/sink.ts';
import { docIdAllocator } from '../records/ids.ts';
import { displayPath } from '../run-extract.ts';
import { newRunId, type SubmittedJob } from '../store/store.ts';
import type { Mode } from './mode.ts';
import { Progress } from '../progress.ts';

/** Throws UsageError (before any run exists) when a path names nothing or a folder holds no report. */
export async function extractIntoStore(paths: string[], pipeline: PipelineDef, mode: Mode, progress: Progress, inputs: InputOptions = {}): Promise<{ runId: string; queued: number }> {
  const runId = newRunId();
  // The store never extracts itself, wherever it sits.
  const { files, problems } = await expandInputs(paths, { ...inputs, skipDirs: [...(inputs.skipDirs ?? []), mode.store.root] });
  progress.grow(files.length + problems.length);
  await mode.store.startRun({ runId, trigger: 'extract', pipeline: pipelineInfo(pipeline), startedAt: new Date().toISOString(), planned: files.length + problems.length, mode: mode.kind });
  const claim = await mode.store.claimRun(runId, 'extract');
  try {
    const uniqueId = docIdAllocator();
    for (const p of problems) {
      const r = failed(uniqueId(p.path), displayPath(p.path), null, formatOf(p.path), new ExtractionError(p.code, p.message), pipeline);
      await mode.store.saveResult(runId, r, { absPath: path.resolve(p.path), pipelineVersion: pipeline.version, ms: 0, attempts: 1, worker: 'cli' });
      progress.tick(false);
    }
    const jobs: SubmittedJob[] = files.map((f) => {
      const docId = uniqueId(f);
      return { runId, docId, path: path.resolve(f), sourcePath: displayPath(f), pipeline: pipeline.name, key: jobId(runId, docId) };
    });
    // Recorded before they are queued: a run cut short knows what it still owes.
    await mode.store.recordJobs(runId, jobs);
    let queued = 0;
    for (const { key, ...job } of jobs) if (await mode.sink.submit(job, key)) queued++;
    await mode.drain();
    return { runId, queued };
  } finally {
    await claim.release();
  }
}
