import { Option } from 'commander';
import type { CommandDefinition } from './io.ts';
import { storeOption } from './options.ts';

export const defineExport: CommandDefinition = (program, act, io) => {
  storeOption(
    program
      .command('export')
      .description('the extracted records as spreadsheets or a database: CSV files, an Excel workbook, or an SQLite file (default: the latest extraction of every document)')
      .argument('[run]', 'a run id (or its prefix) in the store, or a directory with records.jsonl')
      .addOption(new Option('--format <format>', 'what to write').choices(['csv', 'xlsx', 'sqlite']).makeOptionMandatory())
      .requiredOption('--out <path>', 'the folder (csv) or file (xlsx, sqlite) to write; replaced whole when it exists')
      .option('--doc <ids...>', 'only these documents'),
  ).action(act(async (run: string | undefined, opts) => (await import('../commands/export.ts')).exportCommand(run, opts, io)));
};
