// Command-line entry: `vetreport <command>`. Each command lives in its own module; this file only
// parses arguments and turns outcomes into exit codes.
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_PIPELINE, pipelineByName } from '../pipelines/index.ts';
import { extractIntoStore } from './commands/extract-store.ts';
import { openMode, queueMode, storeRoot, type ModeOptions } from './commands/mode.ts';
import { exitCodeFor, renderDiff, runDiff } from './commands/diff.ts';
import { rerun } from './commands/rerun.ts';
import { reviewCommand } from './commands/review.ts';
import { statusReport } from './commands/status.ts';
import { startWatch } from './commands/watch.ts';
import { Progress } from './progress.ts';
import { redisSettings } from './queue/redis.ts';
import { startWorker } from './queue/worker.ts';
import { runExtract } from './run-extract.ts';
import { Store } from './store/store.ts';

const say = (line: string) => process.stdout.write(`${line}\n`);
const warn = (line: string) => process.stderr.write(`vetreport: ${line}\n`);

function modeOptions(cmd: Command, concurrency = true): Command {
  cmd
    .option('--store <dir>', 'store of runs and latest extractions (env VETREPORT_STORE)', undefined)
    .option('--redis <url>', 'queue jobs on this Redis instead of running them here (env REDIS_URL)')
    .option('--prefix <prefix>', 'Redis key prefix (env VETREPORT_PREFIX)', undefined);
  if (concurrency) cmd.option('-c, --concurrency <n>', 'documents processed at once in embedded mode', '2');
  return cmd;
}

function waitForSignal(): Promise<string> {
  return new Promise((resolve) => {
    const on = (sig: string) => () => resolve(sig);
    process.once('SIGINT', on('SIGINT'));
    process.once('SIGTERM', on('SIGTERM'));
  });
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('vetreport')
    .description('Turn Chinese vocational-education quality reports into JSON records with provenance.')
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  modeOptions(
    program
      .command('extract')
      .description('extract records from report files (.txt, .md, .docx, .pdf) or directories of them')
      .argument('<paths...>', 'files or directories')
      .option('-o, --out <dir>', 'write this run as plain files (records.jsonl, docs/, run.json) to DIR instead of the store')
      .addOption(new Option('-p, --pipeline <name>', 'pipeline to run').default(DEFAULT_PIPELINE))
      .option('-q, --quiet', 'print nothing but errors'),
  ).action(async (paths: string[], opts: ModeOptions & { out?: string; pipeline: string; quiet?: boolean }) => {
    const pipeline = pipelineByName(opts.pipeline);
    if (opts.out) {
      if (opts.redis) throw new Error('--out runs here and writes files; it cannot be combined with --redis');
      const progress = new Progress(null);
      const { results } = await runExtract(paths, opts.out, pipeline, (r) => progress.tick(r.status === 'ok'));
      progress.finish();
      const bad = results.filter((r) => r.status === 'failed');
      for (const r of bad) warn(`${r.sourcePath}: ${r.error!.code}: ${r.error!.message}`);
      const records = results.reduce((n, r) => n + r.records.length, 0);
      if (!opts.quiet) say(`${results.length - bad.length} of ${results.length} documents extracted, ${records} records → ${opts.out}/records.jsonl`);
      exitCode = bad.length > 0 ? 1 : 0;
      return;
    }
    const progress = new Progress(0);
    const mode = openMode(opts, { onOutcome: (o) => progress.tick(o.status === 'ok') });
    try {
      const { runId, queued } = await extractIntoStore(paths, pipeline, mode, progress);
      progress.finish();
      if (mode.kind === 'queue') {
        if (!opts.quiet) say(`run ${runId}: ${queued} jobs queued on ${mode.settings!.url}; results will appear in ${mode.store.runDir(runId)}`);
        return;
      }
      const m = await mode.store.manifest(runId);
      const bad = m.documents.filter((d) => d.status === 'failed');
      for (const d of bad) warn(`${d.sourcePath}: ${d.error!.code}: ${d.error!.message}`);
      if (!opts.quiet) say(`run ${runId}: ${m.documents.length - bad.length} of ${m.documents.length} documents extracted → ${mode.store.runDir(runId)}`);
      exitCode = bad.length > 0 ? 1 : 0;
    } finally {
      await mode.close();
    }
  });

  modeOptions(
    program
      .command('watch')
      .description('extract every report file that appears or changes in an inbox directory, until stopped')
      .argument('[dir]', 'inbox directory', 'inbox')
      .addOption(new Option('-p, --pipeline <name>', 'pipeline to run').default(DEFAULT_PIPELINE))
      .option('--settle <ms>', 'a file must stay unchanged this long before it is read', '500'),
  ).action(async (dir: string, opts: ModeOptions & { pipeline: string; settle: string }) => {
    const pipeline = pipelineByName(opts.pipeline);
    const mode = openMode(opts, {
      onOutcome: (o) => say(o.status === 'ok' ? `done   ${o.docId}` : `failed ${o.docId}: ${o.error?.code}: ${o.error?.message}`),
      onError: (j, e) => say(`failed ${j.docId}: ${e.message}`),
    });
    const w = await startWatch(dir, pipeline, mode, say, Number(opts.settle));
    await w.ready;
    say(`watching ${dir} (${mode.kind} mode, run ${w.runId}); Ctrl-C to stop`);
    const sig = await waitForSignal();
    say(`${sig}: finishing the documents in hand…`);
    await w.close();
    await mode.close();
  });

  modeOptions(
    program
      .command('rerun')
      .description('re-extract documents already in the store, as a new run (default: those made by an older pipeline version)')
      .option('--all', 'every document')
      .option('--stale', 'documents extracted by another pipeline version (default)')
      .option('--failed', 'documents whose latest extraction failed')
      .option('--doc <id...>', 'these documents')
      .addOption(new Option('-p, --pipeline <name>', 'pipeline to run').default(DEFAULT_PIPELINE)),
  ).action(async (opts: ModeOptions & { all?: boolean; stale?: boolean; failed?: boolean; doc?: string[]; pipeline: string }) => {
    const pipeline = pipelineByName(opts.pipeline);
    const progress = new Progress(0);
    const mode = openMode(opts, { onOutcome: (o) => progress.tick(o.status === 'ok') });
    try {
      const r = await rerun(opts, pipeline, mode);
      progress.finish();
      for (const d of r.unknown) warn(`no document ${d} in the store`);
      if (!r.runId) {
        say('nothing to re-run');
        exitCode = r.unknown.length ? 1 : 0;
        return;
      }
      if (mode.kind === 'queue') {
        say(`run ${r.runId}: ${r.selected.length} jobs queued`);
        return;
      }
      const m = await mode.store.manifest(r.runId);
      const bad = m.documents.filter((d) => d.status === 'failed');
      say(`run ${r.runId}: ${m.documents.length - bad.length} of ${m.documents.length} documents re-extracted`);
      exitCode = bad.length > 0 ? 1 : 0;
    } finally {
      await mode.close();
    }
  });

  program
    .command('diff')
    .description('what changed in the extracted records between two runs (default: the newest run against each document\'s previous extraction); exit 0 no changes, 1 changes, 2 error')
    .argument('[runA]', 'older run: a run id (or its prefix) in the store, or a directory with records.jsonl')
    .argument('[runB]', 'newer run (default: the newest run)')
    .option('--doc <id>', 'only this document')
    .option('--kind <kinds...>', 'only these record kinds (section, table, case, figure, warning, document)')
    .addOption(new Option('--format <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--align', 'compare two editions of a report: match sections by number and title, tables by caption')
    .option('--unreviewed', 'only changes nobody has accepted or flagged yet')
    .option('--store <dir>', 'store (env VETREPORT_STORE)')
    .action(async (a: string | undefined, b: string | undefined, opts: ModeOptions & { doc?: string; kind?: string[]; format: 'text' | 'json'; align?: boolean; unreviewed?: boolean }) => {
      const { diff } = await runDiff(new Store(storeRoot(opts)), a, b, opts);
      process.stdout.write(renderDiff(diff, opts.format).replace(/\n?$/, '\n'));
      exitCode = exitCodeFor(diff);
    });

  program
    .command('review')
    .description('serve the review page for two runs on localhost (accept or flag each change), or write it as static HTML with --out')
    .argument('[runA]', 'older run (as for diff)')
    .argument('[runB]', 'newer run (default: the newest run)')
    .option('-o, --out <dir>', 'write self-contained static pages (read-only) to DIR instead of serving')
    .option('--port <port>', 'port to serve on (0 = any free port)', '0')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--store <dir>', 'store (env VETREPORT_STORE)')
    .action(async (a: string | undefined, b: string | undefined, opts: ModeOptions & { out?: string; port: string; host: string }) => {
      const r = await reviewCommand({ store: new Store(storeRoot(opts)), a, b, out: opts.out, port: Number(opts.port), host: opts.host, log: say });
      if (r.written) {
        say(`review written to ${r.written}`);
        return;
      }
      await waitForSignal();
      await r.close?.();
    });

  program
    .command('status')
    .description('queue counts, the last runs and the failed documents')
    .option('--store <dir>', 'store (env VETREPORT_STORE)')
    .option('--redis <url>', 'Redis to ask for queue counts (env REDIS_URL)')
    .option('--prefix <prefix>', 'Redis key prefix (env VETREPORT_PREFIX)')
    .option('-n, --runs <n>', 'how many recent runs to list', '5')
    .action(async (opts: ModeOptions & { runs: string }) => {
      const settings = queueMode(opts) ? redisSettings(opts) : null;
      say(await statusReport(new Store(storeRoot(opts)), settings, Number(opts.runs)));
    });

  program
    .command('worker')
    .description('process extraction jobs from Redis until SIGTERM/SIGINT')
    .option('-c, --concurrency <n>', 'jobs processed at once', '2')
    .option('--store <dir>', 'store shared by all workers (env VETREPORT_STORE)')
    .option('--redis <url>', 'Redis URL (env REDIS_URL, default redis://127.0.0.1:6379)')
    .option('--prefix <prefix>', 'Redis key prefix (env VETREPORT_PREFIX)')
    .option('--lock-ms <ms>', 'job lock duration: must exceed the longest document; a dead worker\'s job is taken over after it', '60000')
    .option('--stalled-ms <ms>', 'how often to look for jobs of dead workers', '30000')
    .action(async (opts: ModeOptions & { lockMs: string; stalledMs: string }) => {
      const settings = redisSettings(opts);
      const w = await startWorker({ settings, storeRoot: storeRoot(opts), concurrency: Number(opts.concurrency), lockMs: Number(opts.lockMs), stalledMs: Number(opts.stalledMs), log: say });
      say(`worker ready on ${settings.prefix}:extract (concurrency ${opts.concurrency})`);
      const sig = await waitForSignal();
      say(`${sig}: finishing the jobs in hand…`);
      await w.close();
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
    warn((e as Error).message);
    return 2;
  }
  return exitCode;
}
