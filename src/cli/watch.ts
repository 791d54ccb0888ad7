import { Option } from 'commander';
import { DEFAULT_PIPELINE } from '../../pipelines/index.ts';
import { wholeNumber, type CommandDefinition } from './io.ts';
import { inputOptions, modeOptions, ocrOption } from './options.ts';

export const defineWatch: CommandDefinition = (program, act, io) => {
  ocrOption(inputOptions(modeOptions(
    program
      .command('watch')
      .description('extract every report file that appears or changes in an inbox directory, until stopped')
      .argument('[dir]', 'inbox directory', 'inbox')
      .addOption(new Option('-p, --pipeline <name>', 'pipeline to run').default(DEFAULT_PIPELINE))
      .option('--settle <ms>', 'a file must stay unchanged this long before it is read', wholeNumber(0), 500)
      .option('--rescan <s>', 'compare the inbox with the store this often (seconds) and queue what is missing', wholeNumber(1), 300),
  ))).action(act(async (dir: string, opts) => (await import('../commands/watch.ts')).watchCommand(dir, opts, io)));
};
