// Queue mode or embedded mode. Jobs go to Redis when the user names one (--redis or REDIS_URL);
// otherwise they run in this process with the same handler, store and history.
import path from 'node:path';
import { EmbeddedRunner } from '../queue/embedded.ts';
import type { DocOutcome } from '../store/store.ts';
import { Store } from '../store/store.ts';
import { connect, extractQueue, redisSettings, type RedisSettings } from '../queue/redis.ts';
import { queueSink, type JobSink } from '../queue/sink.ts';
import { redisLock } from '../store/lock.ts';
import type { ExtractJob } from '../queue/job.ts';

export interface ModeOptions {
  redis?: string;
  prefix?: string;
  store?: string;
  concurrency?: string;
}

export function storeRoot(opts: ModeOptions): string {
  return path.resolve(opts.store ?? process.env.VETREPORT_STORE ?? 'output');
}

export function queueMode(opts: ModeOptions): boolean {
  return Boolean(opts.redis ?? process.env.REDIS_URL);
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

export function openMode(opts: ModeOptions, hooks: { onOutcome?: (o: DocOutcome) => void; onError?: (j: ExtractJob, e: Error) => void } = {}): Mode {
  const root = storeRoot(opts);
  if (queueMode(opts)) {
    const settings = redisSettings(opts);
    const connection = connect(settings);
    const store = new Store(root, redisLock(connection, settings.prefix));
    const sink = queueSink(extractQueue(settings, connection));
    return {
      kind: 'queue', store, sink, settings,
      drain: async () => undefined,
      close: async () => { await sink.close(); await connection.quit(); },
    };
  }
  const store = new Store(root);
  const runner = new EmbeddedRunner(store, { concurrency: Number(opts.concurrency ?? 2), ...hooks });
  return { kind: 'embedded', store, sink: runner, settings: null, drain: () => runner.drain(), close: () => runner.close() };
}
