import type { CommandDefinition } from './io.ts';
import { storeOption } from './options.ts';

export const defineFsck: CommandDefinition = (program, act, io) => {
  storeOption(
    program
      .command('fsck')
      .description('check the store: every file parses, every latest pointer resolves, every result has its pointer, manifests agree with results; exit 1 on a problem')
      .option('--repair', 'rebuild what lags from the results (manifests, pointers, a torn records tail) and remove crashed writers\' temporary files'),
  ).action(act(async (opts) => (await import('../commands/fsck.ts')).fsckCommand(opts, io)));
};
