import type { CommandDefinition } from './io.ts';
import { storeOption } from './options.ts';

export const defineForget: CommandDefinition = (program, act, io) => {
  storeOption(
    program
      .command('forget')
      .description('remove documents from the store: their latest pointers and their results, records, text and kept sources in every run')
      .argument('<docIds...>', 'documents to forget'),
  ).action(act(async (docIds: string[], opts) => (await import('../commands/prune.ts')).forgetCommand(docIds, opts, io)));
};
