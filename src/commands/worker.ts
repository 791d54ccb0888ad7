// `vetreport worker`: takes jobs from Redis until SIGTERM/SIGINT, then finishes the jobs in hand.
import { stopSignal, type CliIO } from '../cli/io.ts';
import { redisSettings } from '../queue/redis.ts';
import { startWorker } from '../queue/worker.ts';
import { storeRoot, type ModeOptions } from './mode.ts';

export interface WorkerCommandOptions extends ModeOptions {
  concurrency: number;
  lockMs: number;
  stalledMs: number;
}

export async function workerCommand(opts: WorkerCommandOptions, io: CliIO): Promise<number> {
  const settings = redisSettings(opts);
  const w = await startWorker({ settings, storeRoot: storeRoot(opts), concurrency: opts.concurrency, lockMs: opts.lockMs, stalledMs: opts.stalledMs, log: io.say });
  io.say(`worker ready on ${settings.prefix}:extract (concurrency ${opts.concurrency})`);
  const sig = await stopSignal();
  io.say(`${sig}: finishing the jobs in hand…`);
  await w.close();
  return 0;
}
