import { Option } from 'commander';
import type { CommandDefinition } from './io.ts';
import { storeOption } from './options.ts';

export const defineDiff: CommandDefinition = (program, act, io) => {
  storeOption(
    program
      .command('diff')
      .description('what changed in the extracted records between two runs (default: the newest run against each document\'s previous extraction); exit 0 no changes, 1 changes, 2 error')
      .argument('[runA]', 'older run: a run id (or its prefix) in the store, or a directory with records.jsonl')
      .argument('[runB]', 'newer run (default: the newest run)')
      .option('--doc <id>', 'only this document')
      .option('--kind <kinds...>', 'only these record kinds (section, table, case, figure, warning, document)')
      .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
      .option('--align', 'compare two editions of a report: match sections by number and title, tables by caption')
      .option('--unreviewed', 'only changes nobody has accepted or flagged yet'),
  ).action(act(async (a: string | undefined, b: string | undefined, opts) => (await import('../commands/diff.ts')).diffCommand(a, b, opts, io)));
};
