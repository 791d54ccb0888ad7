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

/**
 * Where Redis is: --redis, else $VETREPORT_REDIS_URL, else the local default (what a worker uses).
 * A generic $REDIS_URL is not read: another program's setting must not silently move jobs to a queue.
 */
export function redisSettings(opts: { redis?: string; prefix?: string } = {}): RedisSettings {
  return {
    url: opts.redis ?? process.env.VETREPORT_REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix: opts.prefix ?? process.env.VETREPORT_PREFIX ?? 'vetreport',
  };
}

/** Backoff between reconnection attempts of a worker: 1 s, 2 s, 4 s … at most 30 s. */
export function reconnectDelay(attempt: number): number {
  return Math.min(1000 * 2 ** (attempt - 1), 30_000);
}

/**
 * A connection for a worker: BullMQ needs one that never fails a command (maxRetriesPerRequest
 * null) and reconnects for ever. `log` gets one line per failed attempt and one when Redis answers
 * again, never a stack trace.
 */
export function connect(s: RedisSettings, log?: (line: string) => void): Redis {
  let lastError = '';
  let failing = 0;
  // BullMQ duplicates the connection (same options, same strategy): one line per attempt, not per copy.
  let logged = { attempt: 0, at: 0 };
  const r = new Redis(s.url, {
    maxRetriesPerRequest: null,
    enableReadyCheck: true,
    lazyConnect: false,
    retryStrategy: (attempt) => {
      const delay = reconnectDelay(attempt);
      failing = attempt;
      if (logged.attempt !== attempt || Date.now() - logged.at > delay) {
        logged = { attempt, at: Date.now() };
        log?.(`cannot reach Redis at ${displayUrl(s.url)}${lastError ? ` (${lastError})` : ''}: attempt ${attempt}, next in ${delay / 1000} s`);
      }
      return delay;
    },
  });
  r.on('error', (e: NodeJS.ErrnoException) => { lastError = e.code ?? e.message; });
  r.on('ready', () => {
    if (failing && logged.attempt) log?.(`Redis at ${displayUrl(s.url)} answers again`);
    if (failing) logged = { attempt: 0, at: 0 };
    failing = 0;
  });
  return r;
}

/**
 * A connection for a command that queues jobs or reads counts: a command fails (within seconds)
 * rather than waiting for a Redis that is gone.
 */
export function connectClient(s: RedisSettings): Redis {
  const r = new Redis(s.url, { maxRetriesPerRequest: 2, connectTimeout: 3000, retryStrategy: (attempt) => (attempt > 3 ? null : 250 * attempt) });
  r.on('error', () => undefined);
  return r;
}

/** Why no Redis answers at the URL (null when one does), within `timeoutMs`. */
export async function redisProblem(url: string, timeoutMs = 3000): Promise<string | null> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: timeoutMs, retryStrategy: () => null, commandTimeout: timeoutMs });
  let reason = '';
  r.on('error', (e: NodeJS.ErrnoException) => { reason ||= e.code ?? e.message; });
  try {
    await r.connect();
    return (await r.ping()) === 'PONG' ? null : 'no PONG';
  } catch (e) {
    return reason || (e as Error).message;
  } finally {
    r.disconnect();
  }
}

/** Is a Redis answering at the URL? */
export async function redisReachable(url: string, timeoutMs = 3000): Promise<boolean> {
  return (await redisProblem(url, timeoutMs)) === null;
}

/** The error a command stops with when the Redis it was told to use does not answer. */
export async function requireRedis(s: RedisSettings): Promise<void> {
  const problem = await redisProblem(s.url);
  if (problem) throw new Error(`cannot reach Redis at ${displayUrl(s.url)} (${problem})`);
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
