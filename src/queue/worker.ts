// `vetreport worker`: takes extraction jobs from Redis until told to stop.
import { UnrecoverableError, Worker } from 'bullmq';
import { redisLock } from '../store/lock.ts';
import { Store } from '../store/store.ts';
import { runJob, type ExtractJob } from './job.ts';
import { connect, QUEUE_NAME, type RedisSettings } from './redis.ts';

export interface WorkerOptions {
  settings: RedisSettings;
  storeRoot: string;
  concurrency: number;
  /**
   * How long a job's lock lives without renewal. A worker killed mid-job stops renewing, and after
   * this long another worker takes the job over.
   */
  lockMs?: number;
  /** How often this worker looks for jobs whose worker died (their lock expired). */
  stalledMs?: number;
  log?: (line: string) => void;
}

export async function startWorker(opts: WorkerOptions): Promise<{ worker: Worker<ExtractJob>; close: () => Promise<void> }> {
  const connection = connect(opts.settings);
  const locks = connect(opts.settings);
  const store = new Store(opts.storeRoot, redisLock(locks, opts.settings.prefix));
  await store.sweepTmp();
  // Extraction is synchronous CPU work: the lock must outlast the longest document, or a busy
  // worker would lose its own job.
  const lockMs = opts.lockMs ?? 60_000;
  const stalledMs = opts.stalledMs ?? 30_000;
  const log = opts.log ?? (() => undefined);

  const worker = new Worker<ExtractJob>(
    QUEUE_NAME,
    async (job) => {
      const outcome = await runJob(job.data, store, job.attemptsMade + 1, (p) => job.updateProgress(p));
      if (outcome.status === 'failed') {
        // A bad document will not get better by trying again.
        throw new UnrecoverableError(`${outcome.error!.code}: ${outcome.error!.message}`);
      }
      return { docId: outcome.docId, counts: outcome.counts, ms: outcome.ms };
    },
    { connection, prefix: opts.settings.prefix, concurrency: opts.concurrency, lockDuration: lockMs, stalledInterval: stalledMs, maxStalledCount: 2 },
  );
  worker.on('completed', (job) => log(`done   ${job.data.docId} (${job.data.sourcePath})`));
  worker.on('failed', (job, err) => log(`failed ${job?.data.docId ?? '?'} (${job?.data.sourcePath ?? '?'}): ${err.message}`));
  worker.on('error', (err) => log(`worker error: ${err.message}`));
  await worker.waitUntilReady();

  return {
    worker,
    async close() {
      await worker.close(); // lets the jobs in hand finish
      await Promise.all([connection.quit(), locks.quit()]);
    },
  };
}
