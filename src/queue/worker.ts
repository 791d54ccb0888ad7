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

export interface StartedWorker {
  worker: Worker<ExtractJob>;
  /** Resolves once the worker is connected and taking jobs (it keeps trying while Redis is away). */
  ready: Promise<void>;
  /**
   * Stops taking jobs and lets the jobs in hand finish for at most `drainMs` (default: wait for
   * them); after that, or at once if Redis is gone, it lets go: their locks expire and another
   * worker takes them over (the store keeps one extraction however often a job runs).
   */
  close: (drainMs?: number) => Promise<void>;
}

/** Connection faults a worker's connection already reports, attempt by attempt. */
const CONNECTION_FAULT = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENOTFOUND|EHOSTUNREACH|EPIPE|Connection is closed|connect ETIMEDOUT|Stream isn't writeable/;

export async function startWorker(opts: WorkerOptions): Promise<StartedWorker> {
  const connection = connect(opts.settings, opts.log);
  const locks = connect(opts.settings);
  const store = new Store(opts.storeRoot, redisLock(locks, opts.settings.prefix));
  await store.sweepTmp();
  // Extraction runs in a child process (src/extractor/pool.ts), so this event loop stays free to
  // renew the lock however long a document takes; it expires only when the worker is gone.
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
  worker.on('error', (err) => {
    if (!CONNECTION_FAULT.test(err.message)) log(`worker error: ${err.message}`);
  });
  const ready = worker.waitUntilReady().then(() => undefined);
  ready.catch(() => undefined);

  return {
    worker,
    ready,
    async close(drainMs?: number) {
      const drained = worker.close(); // stops taking jobs; lets the jobs in hand finish
      drained.catch(() => undefined);
      const inTime = drainMs === undefined
        ? await drained.then(() => true, () => true)
        : await Promise.race([drained.then(() => true, () => true), new Promise<boolean>((r) => setTimeout(() => r(false), drainMs).unref())]);
      if (!inTime) {
        log(`drain time (${drainMs} ms) over: leaving the jobs in hand to another worker`);
        void worker.close(true).catch(() => undefined);
      }
      connection.disconnect();
      locks.disconnect();
    },
  };
}
