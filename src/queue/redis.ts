// BullMQ on Redis: one queue of extraction jobs, one job per document.
import { Queue, type JobsOptions } from 'bullmq';
import { Redis } from 'ioredis';
import type { ExtractJob } from './job.ts';

export const QUEUE_NAME = 'extract';

export interface RedisSettings {
  url: string;
  /** Key prefix, so several deployments (or test runs) can share one Redis. */
  prefix: string;
}

export function redisSettings(opts: { redis?: string; prefix?: string } = {}): RedisSettings {
  return {
    url: opts.redis ?? process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: opts.prefix ?? process.env.VETREPORT_PREFIX ?? 'vetreport',
  };
}

/** Workers block on Redis, so they need a connection that retries forever rather than failing a command. */
export function connect(s: RedisSettings): Redis {
  return new Redis(s.url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/** Is a Redis answering at the URL? Used to decide between queue and embedded mode. */
export async function redisReachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null });
  r.on('error', () => undefined);
  try {
    await r.connect();
    return (await r.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

// Bad documents fail at once (UnrecoverableError); only transient faults come back, with backoff.
export const JOB_OPTIONS: JobsOptions = {
  attempts: 4,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
  removeOnFail: { age: 30 * 24 * 3600 },
};

export function extractQueue(s: RedisSettings, connection: Redis): Queue<ExtractJob> {
  return new Queue<ExtractJob>(QUEUE_NAME, { connection, prefix: s.prefix, defaultJobOptions: JOB_OPTIONS });
}

/** A Redis URL fit to print: its password hidden. */
export function displayUrl(url: string): string {
  return url.replace(/\/\/[^@/]*@/, '//***@');
}
