import { Option } from 'commander';
import type { CommandDefinition } from './io.ts';
import { storeOption } from './options.ts';

export const defineShow: CommandDefinition = (program, act, io) => {
  storeOption(
    program
      .command('show')
      .description('one document, readable: chapter tree with headings, tables as Markdown, cases and indicators')
      .argument('<docId>', 'the document (its latest extraction, unless --run names one)')
      .option('--run <run>', 'a run id (or its prefix) in the store, or a directory with records.jsonl')
      .addOption(new Option('--format <format>', 'Markdown, or the chapter tree alone').choices(['md', 'outline']).default('md')),
  ).action(act(async (docId: string, opts) => (await import('../commands/show.ts')).showCommand(docId, opts, io)));
};
