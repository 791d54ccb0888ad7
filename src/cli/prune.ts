import { wholeNumber, type CommandDefinition } from './io.ts';
import { storeOption } from './options.ts';

export const definePrune: CommandDefinition = (program, act, io) => {
  storeOption(
    program
      .command('prune')
      .description('remove old runs (never one holding a document\'s latest extraction, nor an unfinished one), then the kept sources nothing names')
      .option('--keep <n>', 'keep each document\'s last N extractions', wholeNumber(1))
      .option('--older-than <days>', 'remove runs started more than DAYS days ago', wholeNumber(0))
      .option('-n, --dry-run', 'say what would be removed, remove nothing'),
  ).action(act(async (opts) => (await import('../commands/prune.ts')).pruneCommand(opts, io)));
};
