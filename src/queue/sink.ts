// Where jobs go: a BullMQ queue on Redis, or the in-process runner of embedded mode. Commands that
// produce jobs (extract, watch, rerun) talk only to this interface.
import type { Queue } from 'bullmq';
import type { ExtractJob } from './job.ts';

export interface JobSink {
  /** Queues the job unless one with the same key is already known; true when it was queued. */
  submit(job: ExtractJob, key: string): Promise<boolean>;
  /** Queue mode: is any of these jobs still waiting or being worked on? (A run owing them is queued, not interrupted.) */
  isLive?(keys: string[]): Promise<boolean>;
  close(): Promise<void>;
}

/** BullMQ job states in which a job will still be done. */
export const LIVE_JOB_STATES = new Set(['waiting', 'active', 'delayed', 'prioritized', 'waiting-children']);

export function queueSink(queue: Queue<ExtractJob>): JobSink {
  return {
    async submit(job, key) {
      const existing = await queue.getJob(key);
      if (existing) return false;
      await queue.add('extract', job, { jobId: key });
      return true;
    },
    async isLive(keys) {
      for (const k of keys) if (LIVE_JOB_STATES.has(await queue.getJobState(k))) return true;
      return false;
    },
    async close() {
      await queue.close();
    },
  };
}

/** Job keys (BullMQ job ids): no ':' (its key separator) and never all digits. */
export function jobId(...parts: string[]): string {
  return parts.join('.').replace(/[:\s]/g, '_');
}
