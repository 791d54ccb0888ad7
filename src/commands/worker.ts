// `vetreport worker`: takes jobs from Redis until SIGTERM/SIGINT, then finishes the jobs in hand.
import { stopSignal, type CliIO } from '../cli/io.ts';
import { displayUrl, redisSettings } from '../queue/redis.ts';
import { startWorker } from '../queue/worker.ts';
import { storeRoot, type ModeOptions } from './mode.ts';

export interface WorkerCommandOptions extends ModeOptions {
  concurrency: number;
  lockMs: number;
  stalledMs: number;
  drainMs: number;
}

export async function workerCommand(opts: WorkerCommandOptions, io: CliIO): Promise<number> {
  const settings = redisSettings(opts);
  // Listening before connecting: a worker waiting for a Redis that is away still stops on SIGTERM.
  const stop = stopSignal();
  const w = await startWorker({ settings, storeRoot: storeRoot(opts), concurrency: opts.concurrency, lockMs: opts.lockMs, stalledMs: opts.stalledMs, log: io.say });
  void w.ready.then(() => io.say(`worker ready on ${settings.prefix}:extract at ${displayUrl(settings.url)} (concurrency ${opts.concurrency})`));
  const sig = await stop;
  io.say(`${sig}: finishing the jobs in hand (at most ${opts.drainMs / 1000} s)…`);
  await w.close(opts.drainMs);
  // Nothing of the worker should keep the process up now; if a library still does, it ends anyway.
  setTimeout(() => process.exit(0), 1000).unref();
  return 0;
}
