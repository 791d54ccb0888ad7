// `vetreport watch [DIR]`: every report file that appears or changes in the inbox becomes a job,
// once it has finished being written. A file is known by its content hash, so the same bytes
// dropped twice, or a restarted watcher, make no second job; changed bytes make a new extraction
// of the same document (same docId); the same bytes under another name are skipped, with a line
// saying so. Besides the file events, the whole inbox is compared with the store at start and every
// few minutes (`--rescan`): a job lost with a wiped queue is queued again. The watcher never
// watches the store it writes to.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import { pipelineByName } from '../../pipelines/index.ts';
import { stopSignal, type CliIO } from '../cli/io.ts';
import { UsageError } from '../errors.ts';
import { expandInputs, globFilter, type InputOptions } from '../inputs.ts';
import { pipelineInfo } from '../output/extraction.ts';
import type { PipelineDef } from '../pipeline.ts';
import { jobId } from '../queue/sink.ts';
import { displayPath } from '../run-extract.ts';
import { newRunId } from '../store/store.ts';
import { Inbox } from './inbox.ts';
import { openMode, type Mode, type ModeOptions } from './mode.ts';

// Editors' and downloaders' scratch files, and hidden files, are never reports.
const IGNORED = /(^|[/\\])(\.|~\$)|\.(tmp|part|crdownload|swp|download)$/i;

export interface Watch {
  runId: string;
  ready: Promise<void>;
  /** Compares the whole inbox with the store now (as the periodic rescan does). */
  rescan: () => Promise<void>;
  close: () => Promise<void>;
}

export interface WatchOptions extends InputOptions {
  /** A file must be unchanged this long before it is read (ms). */
  settleMs?: number;
  /** How often the whole inbox is compared with the store (ms); 0: only at start. */
  rescanMs?: number;
}

const inside = (child: string, parent: string) => child === parent || child.startsWith(parent + path.sep);

export async function startWatch(dir: string, pipeline: PipelineDef, mode: Mode, log: (line: string) => void, opts: WatchOptions | number = {}): Promise<Watch> {
  const o: WatchOptions = typeof opts === 'number' ? { settleMs: opts } : opts;
  const settleMs = o.settleMs ?? 500;
  const inbox = path.resolve(dir);
  const storeRoot = path.resolve(mode.store.root);
  if (inside(inbox, storeRoot)) throw new UsageError(`the inbox ${dir} is inside the store ${mode.store.root}: watching it would extract the store's own files`);
  const storeInside = inside(storeRoot, inbox);
  await mkdir(dir, { recursive: true });
  const runId = newRunId();
  await mode.store.startRun({ runId, trigger: 'watch', pipeline: pipelineInfo(pipeline), startedAt: new Date().toISOString(), planned: null, mode: mode.kind, note: `inbox ${inbox}` });
  const claim = await mode.store.claimRun(runId, 'watch');
  if (storeInside) log(`the store ${mode.store.root} is inside the inbox: not watched`);

  const known = new Inbox(mode.store, pipeline);
  await known.refresh();
  const said = new Set<string>();
  const sayOnce = (key: string, line: string) => {
    if (said.has(key)) return;
    said.add(key);
    log(line);
  };

  const onFile = async (file: string) => {
    const shown = displayPath(file);
    try {
      const d = await known.decide(file);
      if (d.action === 'done') return;
      if (d.action === 'duplicate') {
        sayOnce(`dup:${file}:${d.of}`, `skipped ${shown}: the same bytes as document ${d.of}, already extracted`);
        return;
      }
      const job = { runId, docId: d.docId, path: path.resolve(file), sourcePath: shown, pipeline: pipeline.name };
      // A refused file still gets its job: the worker stores its error record with the reason.
      const key = d.action === 'queue' ? jobId('w', d.docId, d.sha256.slice(0, 16), pipeline.version) : jobId('w', d.docId, d.code);
      if (d.action === 'refuse') sayOnce(`refuse:${file}:${d.code}`, `refused ${shown}: ${d.message}`);
      await mode.store.recordJobs(runId, [{ ...job, key }]);
      if (await mode.sink.submit(job, key)) log(`queued ${shown} as ${d.docId}`);
    } catch (e) {
      log(`cannot queue ${shown}: ${(e as Error).message}`);
    }
  };

  const keep = globFilter(o);
  const recursive = o.recursive ?? true;
  const watcher: FSWatcher = chokidar.watch(dir, {
    ignored: (p: string, st?: { isFile(): boolean; isDirectory(): boolean }) => {
      if (p === dir || path.resolve(p) === inbox) return false;
      if (IGNORED.test(path.basename(p))) return true;
      if (storeInside && inside(path.resolve(p), storeRoot)) return true;
      if (st && !st.isDirectory()) return !keep(path.relative(inbox, path.resolve(p)).split(path.sep).join('/'));
      return false;
    },
    ignoreInitial: false,
    ...(recursive ? {} : { depth: 0 }),
    // A file still being copied changes size; it is read only once it has been still for settleMs.
    awaitWriteFinish: { stabilityThreshold: settleMs, pollInterval: Math.max(50, Math.floor(settleMs / 5)) },
  });
  let pending = Promise.resolve();
  const enqueue = (f: string) => { pending = pending.then(() => onFile(f)); };
  watcher.on('add', enqueue).on('change', enqueue).on('error', (e) => log(`watch error: ${(e as Error).message}`));
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));

  const rescan = async () => {
    const { files, problems } = await expandInputs([dir], { ...o, allowEmpty: true, skipDirs: storeInside ? [storeRoot] : [] });
    await known.refresh();
    for (const f of [...files, ...problems.map((p) => p.path)]) enqueue(f);
    await pending;
  };
  const timer = o.rescanMs ? setInterval(() => void rescan().catch((e) => log(`rescan failed: ${(e as Error).message}`)), o.rescanMs) : null;

  return {
    runId,
    ready,
    rescan,
    async close() {
      if (timer) clearInterval(timer);
      await watcher.close();
      await pending;
      await mode.drain();
      await claim.release();
    },
  };
}

export async function watchCommand(dir: string, opts: ModeOptions & InputOptions & { pipeline: string; settle: number; rescan: number }, io: CliIO): Promise<number> {
  const pipeline = pipelineByName(opts.pipeline);
  const mode = await openMode(opts, {
    onOutcome: (o) => io.say(o.status === 'ok' ? `done   ${o.docId}` : `failed ${o.docId}: ${o.error?.code}: ${o.error?.message}`),
    onError: (j, e) => io.say(`failed ${j.docId}: ${e.message}`),
  });
  try {
    const w = await startWatch(dir, pipeline, mode, io.say, { settleMs: opts.settle, rescanMs: opts.rescan * 1000, include: opts.include, exclude: opts.exclude, recursive: opts.recursive });
    await w.ready;
    io.say(`watching ${dir} (${mode.kind} mode, run ${w.runId}); Ctrl-C to stop`);
    const sig = await stopSignal();
    io.say(`${sig}: finishing the documents in hand…`);
    await w.close();
  } finally {
    await mode.close();
  }
  return 0;
}
