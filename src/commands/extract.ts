// `vetreport extract`: with --out, plain files in a directory, extracted by this process's
// extraction processes (-c at once); without, a new run in the store (embedded or queue mode).
import { pipelineByName } from '../../pipelines/index.ts';
import type { CliIO } from '../cli/io.ts';
import { UsageError } from '../errors.ts';
import { watchProgress } from '../extractor/progress.ts';
import type { RunManifest } from '../output/extraction.ts';
import { Progress } from '../progress.ts';
import { runExtract } from '../run-extract.ts';
import type { InputOptions } from '../inputs.ts';
import { extractIntoStore } from './extract-store.ts';
import { openMode, type ModeOptions } from './mode.ts';

export interface ExtractOptions extends ModeOptions, InputOptions {
  out?: string;
  pipeline: string;
  quiet?: boolean;
}

const inputsOf = (o: InputOptions): InputOptions => ({ include: o.include, exclude: o.exclude, recursive: o.recursive });

export async function extractCommand(paths: string[], opts: ExtractOptions, io: CliIO): Promise<number> {
  const pipeline = pipelineByName(opts.pipeline);
  if (opts.out) {
    if (opts.redis) throw new UsageError('--out runs here and writes files; it cannot be combined with --redis');
    const progress = new Progress(null);
    // Documents are extracted in this process's extraction processes, which report through the pool.
    watchProgress((p) => progress.page(p));
    let documents: RunManifest['documents'];
    try {
      ({ documents } = await runExtract(paths, opts.out, pipeline, (r) => progress.tick(r.status === 'ok'), inputsOf(opts), { concurrency: Number(opts.concurrency ?? 2) }));
    } finally {
      watchProgress(null);
      progress.finish();
    }
    const bad = documents.filter((d) => d.status === 'failed');
    for (const d of bad) io.warn(`${d.sourcePath}: ${d.error!.code}: ${d.error!.message}`);
    const records = documents.reduce((n, d) => n + Object.values(d.counts).reduce((a, b) => a + b, 0), 0);
    if (!opts.quiet) io.say(`${documents.length - bad.length} of ${documents.length} documents extracted, ${records} record${records === 1 ? '' : 's'} → ${opts.out}/records.jsonl`);
    return bad.length > 0 ? 1 : 0;
  }
  const progress = new Progress(0);
  // Embedded mode: the extraction processes of this process's pool report through it.
  watchProgress((p) => progress.page(p));
  let unsaved = 0;
  const mode = await openMode(opts, {
    onOutcome: (o) => progress.tick(o.status === 'ok'),
    // A document that could not even be stored as failed: said here, and the exit status shows it.
    onError: (job, e) => { unsaved++; progress.tick(false); io.warn(`${job.sourcePath}: ${e.message}`); },
  });
  try {
    const { runId, queued } = await extractIntoStore(paths, pipeline, mode, progress, inputsOf(opts));
    progress.finish();
    if (mode.kind === 'queue') {
      if (!opts.quiet) io.say(`run ${runId}: ${queued} jobs queued on ${mode.settings!.url}; results will appear in ${mode.store.runDir(runId)}`);
      return 0;
    }
    const m = await mode.store.manifest(runId);
    const bad = m.documents.filter((d) => d.status === 'failed');
    for (const d of bad) io.warn(`${d.sourcePath}: ${d.error!.code}: ${d.error!.message}`);
    if (!opts.quiet) io.say(`run ${runId}: ${m.documents.length - bad.length} of ${m.documents.length + unsaved} documents extracted → ${mode.store.runDir(runId)}`);
    return bad.length > 0 || unsaved > 0 ? 1 : 0;
  } finally {
    watchProgress(null);
    await mode.close();
  }
}
