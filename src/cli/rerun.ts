import { Option } from 'commander';
import { DEFAULT_PIPELINE } from '../../pipelines/index.ts';
import type { CommandDefinition } from './io.ts';
import { modeOptions } from './options.ts';

export const defineRerun: CommandDefinition = (program, act, io) => {
  modeOptions(
    program
      .command('rerun')
      .description('re-extract documents already in the store, as a new run (default: those made by an older pipeline version)')
      .option('--all', 'every document')
      .option('--stale', 'documents extracted by another pipeline version (default)')
      .option('--failed', 'documents whose latest extraction failed')
      .option('--doc <id...>', 'these documents')
      .addOption(new Option('-p, --pipeline <name>', 'pipeline to run').default(DEFAULT_PIPELINE)),
  ).action(act(async (opts) => (await import('../commands/rerun.ts')).rerunCommand(opts, io)));
};
