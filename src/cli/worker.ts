import { wholeNumber, type CommandDefinition } from './io.ts';
import { ocrOption, redisOptions, storeOption } from './options.ts';

export const defineWorker: CommandDefinition = (program, act, io) => {
  ocrOption(redisOptions(storeOption(
    program
      .command('worker')
      .description('process extraction jobs from Redis until SIGTERM/SIGINT')
      .option('-c, --concurrency <n>', 'jobs processed at once', wholeNumber(1), 2)
      .option('--lock-ms <ms>', 'job lock duration: must exceed the longest document; a dead worker\'s job is taken over after it', wholeNumber(1000), 60_000)
      .option('--stalled-ms <ms>', 'how often to look for jobs of dead workers', wholeNumber(100), 30_000)
      .option('--drain-ms <ms>', 'on SIGTERM/SIGINT, how long to let the jobs in hand finish before exiting anyway (their locks expire and another worker takes them over)', wholeNumber(0), 60_000),
  ))).action(act(async (opts) => (await import('../commands/worker.ts')).workerCommand(opts, io)));
};
