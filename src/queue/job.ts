// One extraction job, the same wherever it runs: in-process (embedded mode) or on a BullMQ worker.
import { readFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { pipelineByName } from '../../pipelines/index.ts';
import { ExtractionError } from '../errors.ts';
import { formatOf } from '../load/index.ts';
import { extractBuffer, failed, type DocResult } from '../pipeline.ts';
import type { DocOutcome, Store } from '../store/store.ts';

export interface ExtractJob {
  runId: string;
  docId: string;
  /** Absolute path read by the worker. */
  path: string;
  /** Path as the user named it, recorded in provenance. */
  sourcePath: string;
  pipeline: string;
}

/** A fault worth retrying (a busy disk, a file handle shortage), as opposed to a bad document. */
export class TransientError extends Error {
  override name = 'TransientError';
}

const TRANSIENT_IO = new Set(['EBUSY', 'EAGAIN', 'EMFILE', 'ENFILE', 'EIO', 'ETIMEDOUT']);

export const WORKER_ID = `${hostname()}:${process.pid}`;

export interface JobProgress {
  stage: 'extract' | 'save';
}

/**
 * Reads, extracts and stores one document. A bad document is not an exception: it is saved as a
 * failed outcome with its error record, and the caller marks the job failed without retrying.
 */
export async function runJob(job: ExtractJob, store: Store, attempt: number, progress?: (p: JobProgress) => Promise<void> | void): Promise<DocOutcome> {
  const pipeline = pipelineByName(job.pipeline);
  const t0 = performance.now();
  let buf: Buffer | null = null;
  let result: DocResult;
  try {
    buf = await readFile(job.path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? '';
    if (TRANSIENT_IO.has(code)) throw new TransientError(`reading ${job.sourcePath}: ${(e as Error).message}`);
    const err = code === 'ENOENT'
      ? new ExtractionError('NOT_FOUND', `no such file: ${job.sourcePath}`)
      : new ExtractionError('UNREADABLE', `cannot read ${job.sourcePath}: ${(e as Error).message}`);
    result = failed(job.docId, job.sourcePath, null, formatOf(job.path), err, pipeline);
  }
  if (buf) {
    await progress?.({ stage: 'extract' });
    result = await extractBuffer(buf, job.sourcePath, job.docId, pipeline);
  }
  await progress?.({ stage: 'save' });
  const outcome = await store.saveResult(job.runId, result!, {
    absPath: job.path,
    pipelineVersion: pipeline.version,
    ms: Math.round(performance.now() - t0),
    attempts: attempt,
    worker: WORKER_ID,
  });
  return outcome;
}
