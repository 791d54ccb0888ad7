// Where jobs go: a BullMQ queue on Redis, or the in-process runner of embedded mode. Commands that
// produce jobs (extract, watch, rerun) talk only to this interface.
import type { Queue } from 'bullmq';
import type { ExtractJob } from './job.ts';

export interface JobSink {
  /** Queues the job unless one with the same key is already known; true when it was queued. */
  submit(job: ExtractJob, key: string): Promise<boolean>;
  close(): Promise<void>;
}

export function queueSink(queue: Queue<ExtractJob>): JobSink {
  return {
    async submit(job, key) {
      const existing = await queue.getJob(key);
      if (existing) return false;
      await queue.add('extract', job, { jobId: key });
      return true;
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
