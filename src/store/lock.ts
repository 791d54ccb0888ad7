// Per-document mutual exclusion around writing a document's results. In one process a promise chain
// is enough; workers on several machines share a Redis lock.
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

export interface DocLock {
  withLock<T>(docId: string, fn: () => Promise<T>): Promise<T>;
}

export function localLock(): DocLock {
  const tails = new Map<string, Promise<unknown>>();
  return {
    async withLock(docId, fn) {
      const before = tails.get(docId) ?? Promise.resolve();
      const run = before.then(fn, fn);
      const tail = run.catch(() => undefined);
      tails.set(docId, tail);
      try {
        return await run;
      } finally {
        if (tails.get(docId) === tail) tails.delete(docId);
      }
    },
  };
}

const RELEASE = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** A lease, not a forever lock: a worker killed while holding it frees it after `ttlMs`. */
export function redisLock(redis: Redis, prefix: string, ttlMs = 30_000): DocLock {
  return {
    async withLock(docId, fn) {
      const key = `${prefix}:lock:doc:${docId}`;
      const token = randomBytes(8).toString('hex');
      for (let wait = 10; ; wait = Math.min(wait * 2, 500)) {
        if ((await redis.set(key, token, 'PX', ttlMs, 'NX')) === 'OK') break;
        await new Promise((r) => setTimeout(r, wait));
      }
      try {
        return await fn();
      } finally {
        await redis.eval(RELEASE, 1, key, token);
      }
    },
  };
}
