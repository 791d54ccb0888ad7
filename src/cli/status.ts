import { wholeNumber, type CommandDefinition } from './io.ts';
import { redisOptions, storeOption } from './options.ts';

export const defineStatus: CommandDefinition = (program, act, io) => {
  redisOptions(storeOption(
    program
      .command('status')
      .description('queue counts, the last runs and the failed documents')
      .option('-n, --runs <n>', 'how many recent runs to list', wholeNumber(1), 5),
  )).action(act(async (opts) => (await import('../commands/status.ts')).statusCommand(opts, io)));
};
