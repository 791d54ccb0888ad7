// `vetreport watch [DIR]`: every report file that appears or changes in the inbox becomes a job,
// once it has finished being written. A file is known by its content hash, so the same bytes
// dropped twice, or a restarted watcher, make no second job; changed bytes make a new extraction
// of the same document (same docId).
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import { pipelineInfo } from '../output/extraction.ts';
import type { PipelineDef } from '../pipeline.ts';
import { jobId } from '../queue/sink.ts';
import { docIdFor } from '../records/ids.ts';
import { displayPath } from '../run-extract.ts';
import { newRunId } from '../store/store.ts';
import { readInput } from '../inputs.ts';
import { openMode, type Mode, type ModeOptions } from './mode.ts';
import { pipelineByName } from '../../pipelines/index.ts';
import { stopSignal, type CliIO } from '../cli/io.ts';

// Editors' and downloaders' scratch files, and hidden files, are never reports.
const IGNORED = /(^|[/\\])(\.|~\$)|\.(tmp|part|crdownload|swp|download)$/i;

export interface Watch {
  runId: string;
  ready: Promise<void>;
  close: () => Promise<void>;
}

export async function startWatch(dir: string, pipeline: PipelineDef, mode: Mode, log: (line: string) => void, settleMs = 500): Promise<Watch> {
  await mkdir(dir, { recursive: true });
  const runId = newRunId();
  await mode.store.startRun({ runId, trigger: 'watch', pipeline: pipelineInfo(pipeline), startedAt: new Date().toISOString(), planned: null, mode: mode.kind, note: `inbox ${path.resolve(dir)}` });
  const claim = await mode.store.claimRun(runId, 'watch');

  const onFile = async (file: string) => {
    try {
      const { bytes } = await readInput(file, displayPath(file), pipeline.options.maxInputBytes);
      const sha = createHash('sha256').update(bytes).digest('hex');
      const docId = docIdFor(file);
      const latest = await mode.store.latest(docId);
      if (latest && latest.sha256 === sha && latest.pipelineVersion === pipeline.version) return;
      const job = { runId, docId, path: path.resolve(file), sourcePath: displayPath(file), pipeline: pipeline.name };
      const key = jobId('w', docId, sha.slice(0, 16), pipeline.version);
      await mode.store.recordJobs(runId, [{ ...job, key }]);
      if (await mode.sink.submit(job, key)) log(`queued ${displayPath(file)} as ${docId}`);
    } catch (e) {
      log(`cannot queue ${file}: ${(e as Error).message}`);
    }
  };

  const watcher: FSWatcher = chokidar.watch(dir, {
    ignored: (p: string) => IGNORED.test(path.basename(p)) && p !== dir,
    ignoreInitial: false,
    // A file still being copied changes size; it is read only once it has been still for settleMs.
    awaitWriteFinish: { stabilityThreshold: settleMs, pollInterval: Math.max(50, Math.floor(settleMs / 5)) },
  });
  let pending = Promise.resolve();
  const enqueue = (f: string) => { pending = pending.then(() => onFile(f)); };
  watcher.on('add', enqueue).on('change', enqueue).on('error', (e) => log(`watch error: ${(e as Error).message}`));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  return {
    runId,
    ready,
    async close() {
      await watcher.close();
      await pending;
      await mode.drain();
      await claim.release();
    },
  };
}

export async function watchCommand(dir: string, opts: ModeOptions & { pipeline: string; settle: number }, io: CliIO): Promise<number> {
  const pipeline = pipelineByName(opts.pipeline);
  const mode = await openMode(opts, {
    onOutcome: (o) => io.say(o.status === 'ok' ? `done   ${o.docId}` : `failed ${o.docId}: ${o.error?.code}: ${o.error?.message}`),
    onError: (j, e) => io.say(`failed ${j.docId}: ${e.message}`),
  });
  const w = await startWatch(dir, pipeline, mode, io.say, opts.settle);
  await w.ready;
  io.say(`watching ${dir} (${mode.kind} mode, run ${w.runId}); Ctrl-C to stop`);
  const sig = await stopSignal();
  io.say(`${sig}: finishing the documents in hand…`);
  await w.close();
  await mode.close();
  return 0;
}
