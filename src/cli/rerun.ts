import { Option } from 'commander';
import { DEFAULT_PIPELINE } from '../../pipelines/index.ts';
import type { CommandDefinition } from './io.ts';
import { inputOptions, modeOptions, ocrOption } from './options.ts';

const SELECTIONS = ['all', 'stale', 'failed', 'doc', 'missing', 'interrupted'];
const only = (name: string) => SELECTIONS.filter((s) => s !== name);

export const defineRerun: CommandDefinition = (program, act, io) => {
  ocrOption(inputOptions(modeOptions(
    program
      .command('rerun')
      .description('re-extract documents the store knows, from the inputs it kept (default: those made by an older pipeline version)')
      .addOption(new Option('--all', 'every document').conflicts(only('all')))
      .addOption(new Option('--stale', 'documents extracted by another pipeline version (default)').conflicts(only('stale')))
      .addOption(new Option('--failed', 'documents whose latest extraction failed').conflicts(only('failed')))
      .addOption(new Option('--doc <id...>', 'these documents').conflicts(only('doc')))
      .addOption(new Option('--missing [inbox]', 'files of an inbox (default ./inbox) not yet extracted in their present content by this pipeline version').conflicts(only('missing')))
      .addOption(new Option('--interrupted', 'finish runs whose process died before every document was done (see `vetreport status`)').conflicts(only('interrupted')))
      .addOption(new Option('-p, --pipeline <name>', 'pipeline to run').default(DEFAULT_PIPELINE)),
  ))).action(act(async (opts) => (await import('../commands/rerun.ts')).rerunCommand(opts, io)));
};
