// Command-line entry: `vetreport <command>`. Each command lives in its own module; this file only
// parses arguments and turns outcomes into exit codes.
import { Command, CommanderError } from 'commander';
import { DEFAULT_PIPELINE, pipelineByName } from '../pipelines/index.ts';
import { runExtract } from './run-extract.ts';

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('vetreport')
    .description('Turn Chinese vocational-education quality reports into JSON records with provenance.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  program
    .command('extract')
    .description('extract records from report files (.txt, .md, .docx, .pdf) or directories of them')
    .argument('<paths...>', 'files or directories')
    .requiredOption('-o, --out <dir>', 'output directory (records.jsonl, docs/, run.json)')
    .option('-p, --pipeline <name>', 'pipeline to run', DEFAULT_PIPELINE)
    .option('-q, --quiet', 'print nothing but errors')
    .action(async (paths: string[], opts: { out: string; pipeline: string; quiet?: boolean }) => {
      const pipeline = pipelineByName(opts.pipeline);
      const { results } = await runExtract(paths, opts.out, pipeline);
      const bad = results.filter((r) => r.status === 'failed');
      for (const r of bad) process.stderr.write(`vetreport: ${r.sourcePath}: ${r.error!.code}: ${r.error!.message}\n`);
      if (!opts.quiet) {
        const records = results.reduce((n, r) => n + r.records.length, 0);
        process.stdout.write(`${results.length - bad.length} of ${results.length} documents extracted, ${records} records → ${opts.out}/records.jsonl\n`);
      }
      exitCode = bad.length > 0 ? 1 : 0;
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    process.stderr.write(`vetreport: ${(e as Error).message}\n`);
    return 2;
  }
  return exitCode;
}
