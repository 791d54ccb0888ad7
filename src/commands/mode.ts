// Queue mode or embedded mode. Jobs go to Redis when the user names one (--redis or
// VETREPORT_REDIS_URL; a generic REDIS_URL is not read); otherwise they run in this process with the
// same handler, store and history. BullMQ and ioredis are imported only in queue mode.
import path from 'node:path';
import type { ExtractJob } from '../queue/job.ts';
import type { RedisSettings } from '../queue/redis.ts';
import type { JobSink } from '../queue/sink.ts';
import { Store, type DocOutcome } from '../store/store.ts';

export interface ModeOptions {
  redis?: string;
  prefix?: string;
  store?: string;
  /** Documents processed at once in embedded mode. */
  concurrency?: number | string;
}

export function storeRoot(opts: { store?: string }): string {
  return path.resolve(opts.store ?? process.env.VETREPORT_STORE ?? 'output');
}

export function queueMode(opts: ModeOptions): boolean {
  return Boolean(opts.redis ?? process.env.VETREPORT_REDIS_URL);
}

export interface Mode {
  kind: 'queue' | 'embedded';
  store: Store;
  sink: JobSink;
  settings: RedisSettings | null;
  /** Embedded mode only: waits for every submitted job. */
  drain: () => Promise<void>;
  close: () => Promise<void>;
}

export interface ModeHooks {
  onOutcome?: (o: DocOutcome) => void;
  onError?: (j: ExtractJob, e: Error) => void;
}

export async function openMode(opts: ModeOptions, hooks: ModeHooks = {}): Promise<Mode> {
  const root = storeRoot(opts);
  if (queueMode(opts)) {
    const [{ connectClient, extractQueue, redisSettings, requireRedis }, { queueSink }, { redisLock }] = await Promise.all([
      import('../queue/redis.ts'), import('../queue/sink.ts'), import('../store/lock.ts'),
    ]);
    const settings = redisSettings(opts);
    await requireRedis(settings);
    const connection = connectClient(settings);
    const store = new Store(root, redisLock(connection, settings.prefix));
    await store.sweepTmp();
    const sink = queueSink(extractQueue(settings, connection));
    return {
      kind: 'queue', store, sink, settings,
      drain: async () => undefined,
      close: async () => { await sink.close(); await connection.quit(); },
    };
  }
  const { EmbeddedRunner } = await import('../queue/embedded.ts');
  const store = new Store(root);
  await store.sweepTmp();
  const runner = new EmbeddedRunner(store, { concurrency: Number(opts.concurrency ?? 2), ...hooks });
  return { kind: 'embedded', store, sink: runner, settings: null, drain: () => runner.drain(), close: () => runner.close() };
}
