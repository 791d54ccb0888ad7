import { Option } from 'commander';
import { DEFAULT_PIPELINE } from '../../pipelines/index.ts';
import type { CommandDefinition } from './io.ts';
import { inputOptions, modeOptions, ocrOption } from './options.ts';

export const defineExtract: CommandDefinition = (program, act, io) => {
  ocrOption(inputOptions(modeOptions(
    program
      .command('extract')
      .description('extract records from report files (.txt, .md, .docx, .doc, .wps, .pdf, .html, scanned PDFs and images: .png, .jpg, .tif) or directories of them')
      .argument('<paths...>', 'files or directories')
      .option('-o, --out <dir>', 'write this run as plain files (records.jsonl, docs/, run.json) to DIR instead of the store')
      .addOption(new Option('-p, --pipeline <name>', 'pipeline to run').default(DEFAULT_PIPELINE))
      .option('-q, --quiet', 'print nothing but errors'),
  ))).action(act(async (paths: string[], opts) => (await import('../commands/extract.ts')).extractCommand(paths, opts, io)));
};
