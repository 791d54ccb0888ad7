// One extraction job, the same wherever it runs: in-process (embedded mode) or on a BullMQ worker.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { pipelineByName } from '../../pipelines/index.ts';
import { ExtractionError, TransientError } from '../errors.ts';
import { readInput } from '../inputs.ts';
import { formatOf } from '../load/index.ts';
import { extractorPool } from '../extractor/pool.ts';
import { failed, type DocResult } from '../pipeline.ts';
import type { DocOutcome, Store } from '../store/store.ts';

export interface ExtractJob {
  runId: string;
  docId: string;
  /** Absolute path read by the worker. */
  path: string;
  /** Path as the user named it, recorded in provenance. */
  sourcePath: string;
  pipeline: string;
  /**
   * The content to extract, when the store should have kept it (a re-run): its kept bytes are read
   * instead of the path, so a re-run works after the inbox was emptied or the file moved.
   */
  sha256?: string;
}

export { TransientError };

export const WORKER_ID = `${hostname()}:${process.pid}`;

export interface JobProgress {
  stage: 'extract' | 'save';
}

/** The job's bytes: the kept source it names, else the file at its path (with its size and mtime as read). */
async function jobBytes(job: ExtractJob, store: Store, maxBytes: number): Promise<{ bytes: Buffer; read: { size: number; mtimeMs: number } | null }> {
  if (job.sha256) {
    const kept = await store.source(job.sha256);
    if (kept) return { bytes: kept, read: null };
  }
  const { bytes, size, mtimeMs } = await readInput(job.path, job.sourcePath, maxBytes);
  return { bytes, read: { size, mtimeMs } };
}

/** Has the file changed since it was read? (A copy paused longer than the watcher's settle time, then resumed.) */
async function changedSince(file: string, read: { size: number; mtimeMs: number }): Promise<boolean> {
  const st = await stat(file).catch(() => null);
  return st !== null && (st.size !== read.size || st.mtimeMs !== read.mtimeMs);
}

/**
 * Reads, extracts and stores one document. A bad document is not an exception: it is saved as a
 * failed outcome with its error record, and the caller marks the job failed without retrying. The
 * input's bytes are kept in the store before extraction (a document that fails today can be
 * re-extracted from them tomorrow). A job whose input and pipeline version the run already has is
 * not extracted again: it returns the stored outcome.
 */
export async function runJob(job: ExtractJob, store: Store, attempt: number, progress?: (p: JobProgress) => Promise<void> | void): Promise<DocOutcome> {
  const pipeline = pipelineByName(job.pipeline);
  const t0 = performance.now();
  let result: DocResult;
  let bytes: Buffer | null = null;
  let read: { size: number; mtimeMs: number } | null = null;
  try {
    ({ bytes, read } = await jobBytes(job, store, pipeline.options.maxInputBytes));
  } catch (e) {
    if (e instanceof TransientError) throw e;
    const err = e instanceof ExtractionError ? e : new ExtractionError('UNREADABLE', `cannot read ${job.sourcePath}: ${(e as Error).message}`);
    result = failed(job.docId, job.sourcePath, null, formatOf(job.path), err, pipeline);
  }
  if (bytes) {
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    const done = await store.result(job.runId, job.docId);
    if (done && done.sha256 === sha256 && done.pipelineVersion === pipeline.version) return done;
    const kept = await store.keepSource(sha256, bytes).then(() => null, (e: Error) => e);
    if (kept instanceof TransientError) throw kept;
    if (kept) {
      // The input cannot be kept (a full disk): the document says so, as any failed write of its own does.
      result = failed(job.docId, job.sourcePath, sha256, formatOf(job.path), new ExtractionError('WRITE_FAILED', `cannot keep the input ${job.sourcePath} in the store: ${kept.message}`), pipeline);
    } else {
      await progress?.({ stage: 'extract' });
      // In a process of its own, stopped past its time or memory budget (src/extractor/pool.ts).
      result = await extractorPool().extract(bytes, job.sourcePath, job.docId, pipeline);
      // A file that fails while it is still changing was read half-written: try again once it is still.
      if (result.status === 'failed' && read && (await changedSince(job.path, read))) {
        throw new TransientError(`${job.sourcePath} changed while it was read (still being written?): ${result.error!.code}`);
      }
    }
  }
  await progress?.({ stage: 'save' });
  const info = { absPath: job.path, pipelineVersion: pipeline.version, ms: Math.round(performance.now() - t0), attempts: attempt, worker: WORKER_ID };
  try {
    return await store.saveResult(job.runId, result!, info);
  } catch (e) {
    // The extraction could not be written (a full disk, a name the filesystem refuses): the
    // document gets an error record saying so, if even that can be written.
    if (result!.status === 'failed' && result!.error?.code === 'WRITE_FAILED') throw e;
    const err = new ExtractionError('WRITE_FAILED', `cannot store the extraction of ${job.sourcePath}: ${(e as Error).message}`);
    try {
      return await store.saveResult(job.runId, failed(job.docId, job.sourcePath, result!.sha256, result!.format, err, pipeline), info);
    } catch {
      throw e;
    }
  }
}
