// Where one document's extraction runs: a child process that can be stopped. Each concurrent
// extraction gets a process of its own (kept for the next document), with a V8 heap limit, a
// watch on its resident memory and a time limit scaled by the document's size and pages (see
// budget.ts). Past a limit the process is killed, the document ends as an error record (TIMEOUT,
// TOO_COMPLEX) and the next document gets a fresh process: a crafted or broken file never holds a
// worker, its event loop or its memory. Tika Pipes forks a parser per file for the same reason;
// a process rather than a worker thread because a killed thread would leak what native addons hold
// (the word segmenter's dictionary, per thread, never freed).
import { fork, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ExtractionError } from '../errors.ts';
import { costFormat, formatOf } from '../load/index.ts';
import { resultFromJson } from '../output/extraction.ts';
import type { RecordOutline } from '../output/nested.ts';
import { failed, type DocResult, type PipelineDef } from '../pipeline.ts';
import { DEFAULT_BUDGET, timeLimitMs, type Budget } from './budget.ts';
import { relayProgress, type DocumentProgress } from './progress.ts';

export interface ChildRequest {
  id: number;
  bytes: Uint8Array;
  sourcePath: string;
  docId: string;
  /** The definition itself, not its name: a pipeline registered at run time is known here only. */
  pipeline: PipelineDef;
}

export type ChildReply =
  | { ready: true }
  | { id: number; progress: DocumentProgress }
  | { id: number; result: Omit<DocResult, 'records'>; json: string[]; outline: RecordOutline[]; rssMb: number; peakRssMb: number }
  | { id: number; crash: string };

export interface PoolOptions {
  budget?: Partial<Budget>;
  /** A process that ends a document above this resident size is replaced before the next one, so memory stays flat over a batch. */
  recycleRssMb?: number;
  /** How often resident memory is checked while a document is extracted. */
  watchMs?: number;
}

/** What the extraction process is started from: the compiled module beside this one, or the TypeScript source through tsx. */
function childEntry(): { file: string; execArgv: string[] } {
  const here = import.meta.url;
  if (here.endsWith('.ts')) {
    const tsx = pathToFileURL(createRequire(here).resolve('tsx')).href;
    return { file: fileURLToPath(new URL('./child.ts', here)), execArgv: ['--import', tsx] };
  }
  return { file: fileURLToPath(new URL('./child.js', here)), execArgv: [] };
}

/** Resident memory of a process in MB, from /proc (Linux); null where that cannot be read. */
function residentMb(pid: number): number | null {
  try {
    const pages = Number(readFileSync(`/proc/${pid}/statm`, 'utf8').split(' ')[1]);
    return (pages * 4096) / 2 ** 20;
  } catch {
    return null;
  }
}

/** How long an idle process let go at close has to exit by itself before it is killed. */
const RELEASE_GRACE_MS = 5000;

/** Kept from a process's stderr, to tell a heap limit from another crash. */
const STDERR_TAIL = 4096;

class Slot {
  readonly child: ChildProcess;
  readonly ready: Promise<void>;
  stderr = '';
  rssMb = 0;
  peakRssMb = 0;
  exited = false;

  constructor(budget: Budget) {
    const { file, execArgv } = childEntry();
    this.child = fork(file, [], {
      execArgv: [...execArgv, `--max-old-space-size=${budget.heapMb}`],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    });
    this.child.stderr!.on('data', (d: Buffer) => {
      this.stderr = (this.stderr + d.toString()).slice(-STDERR_TAIL);
    });
    this.child.once('exit', () => { this.exited = true; });
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (m: ChildReply) => {
        if ('ready' in m) {
          this.child.off('message', onMessage);
          resolve();
        }
      };
      this.child.on('message', onMessage);
      this.child.once('exit', (code, signal) => reject(new Error(`the extraction process exited at start (${signal ?? code}): ${this.stderr.trim()}`)));
    });
    this.ready.catch(() => undefined);
  }

  /**
   * Idle processes must not keep the parent alive; busy ones must. The stderr pipe is a handle of
   * its own that `child.unref()` leaves referenced: without unref'ing it too, a watcher stopped with
   * Ctrl-C would wait forever on its idle extraction process.
   */
  hold(busy: boolean): void {
    const channel = this.child.channel as { ref?: () => void; unref?: () => void } | undefined;
    const stderr = this.child.stderr as { ref?: () => void; unref?: () => void } | null;
    if (busy) { this.child.ref(); channel?.ref?.(); stderr?.ref?.(); } else { this.child.unref(); channel?.unref?.(); stderr?.unref?.(); }
  }

  kill(): void {
    if (!this.exited) this.child.kill('SIGKILL');
  }

  release(): void {
    if (this.exited) return;
    if (!this.child.connected) return this.kill();
    this.child.disconnect();
    setTimeout(() => this.kill(), RELEASE_GRACE_MS).unref();
  }
}

/** Extractions of single documents, each in a process of its own that is killed when it runs over its budget. */
export class ExtractorPool {
  readonly budget: Budget;
  /** Resident MB of the process that finished the latest extraction, after it, and the most it ever held (for the benchmark). */
  lastRssMb = 0;
  lastPeakRssMb = 0;
  private readonly idle: Slot[] = [];
  private readonly busy = new Set<Slot>();
  private nextId = 1;
  private closed = false;

  constructor(private readonly opts: PoolOptions = {}) {
    this.budget = { ...DEFAULT_BUDGET, ...opts.budget, perMbMs: { ...DEFAULT_BUDGET.perMbMs, ...opts.budget?.perMbMs } };
  }

  /**
   * Extracts one document as `extractBuffer` does, in a child process. Never throws for a bad
   * document: past the time limit it returns an error record TIMEOUT, past the memory limit
   * TOO_COMPLEX, and if the process dies otherwise EXTRACTOR_CRASHED. `timeLimitMs` replaces the
   * limit the budget gives this document.
   */
  async extract(bytes: Buffer, sourcePath: string, docId: string, pipeline: PipelineDef, opts: { timeLimitMs?: number } = {}): Promise<DocResult> {
    if (this.closed) throw new Error('the extractor pool is closed');
    const slot = this.idle.pop() ?? new Slot(this.budget);
    this.busy.add(slot);
    slot.hold(true);
    let outcome: { result: DocResult } | { error: ExtractionError };
    try {
      await slot.ready;
      outcome = await this.run(slot, bytes, sourcePath, docId, pipeline, opts.timeLimitMs);
    } catch (e) {
      outcome = { error: new ExtractionError('EXTRACTOR_CRASHED', (e as Error).message) };
    } finally {
      this.busy.delete(slot);
    }
    if ('result' in outcome) {
      this.lastRssMb = slot.rssMb;
      this.lastPeakRssMb = slot.peakRssMb;
    }
    const recycle = this.opts.recycleRssMb ?? this.budget.rssMb / 2;
    if ('result' in outcome && !slot.exited && !this.closed && slot.rssMb <= recycle) {
      slot.hold(false);
      this.idle.push(slot);
    } else {
      slot.kill();
    }
    if ('result' in outcome) return outcome.result;
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    return failed(docId, sourcePath, sha256, formatOf(sourcePath), outcome.error, pipeline);
  }

  private run(slot: Slot, bytes: Buffer, sourcePath: string, docId: string, pipeline: PipelineDef, fixedLimitMs?: number): Promise<{ result: DocResult } | { error: ExtractionError }> {
    const id = this.nextId++;
    const format = costFormat(sourcePath, bytes);
    const started = performance.now();
    let limitMs = fixedLimitMs ?? timeLimitMs(this.budget, bytes.length, format);
    return new Promise((resolve) => {
      let stoppedFor: ExtractionError | null = null;
      const stop = (err: ExtractionError) => {
        if (stoppedFor) return;
        stoppedFor = err;
        slot.kill();
      };
      const overTime = () => stop(new ExtractionError('TIMEOUT', `extraction took longer than its time limit of ${(limitMs / 1000).toFixed(0)} s (${(bytes.length / 1e6).toFixed(1)} MB${pages ? `, ${pages} pages` : ''})`));
      let pages = 0;
      let timer = setTimeout(overTime, limitMs);
      const watch = setInterval(() => {
        const mb = residentMb(slot.child.pid!);
        if (mb !== null && mb > this.budget.rssMb) stop(new ExtractionError('TOO_COMPLEX', `extraction needed more than its memory limit of ${this.budget.rssMb} MB (resident memory reached ${mb.toFixed(0)} MB)`));
      }, this.opts.watchMs ?? 250);
      const done = (v: { result: DocResult } | { error: ExtractionError }) => {
        clearTimeout(timer);
        clearInterval(watch);
        slot.child.off('message', onMessage);
        slot.child.off('exit', onExit);
        resolve(v);
      };
      const onMessage = (m: ChildReply) => {
        if ('ready' in m || m.id !== id) return;
        if ('progress' in m) {
          pages = m.progress.pages;
          relayProgress(sourcePath, m.progress);
          if (fixedLimitMs !== undefined) return;
          limitMs = timeLimitMs(this.budget, bytes.length, format, pages, m.progress.ocrPages ?? 0);
          clearTimeout(timer);
          timer = setTimeout(overTime, Math.max(0, limitMs - (performance.now() - started)));
        } else if ('result' in m) {
          slot.rssMb = m.rssMb;
          slot.peakRssMb = m.peakRssMb;
          done({ result: resultFromJson(m.result, m.json, m.outline) });
        } else {
          done({ error: new ExtractionError('EXTRACTOR_CRASHED', m.crash) });
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        if (stoppedFor) return done({ error: stoppedFor });
        // V8 aborts the process when its heap limit is reached.
        if (/heap out of memory|Reached heap limit/i.test(slot.stderr)) {
          return done({ error: new ExtractionError('TOO_COMPLEX', `extraction needed more than its heap limit of ${this.budget.heapMb} MB`) });
        }
        done({ error: new ExtractionError('EXTRACTOR_CRASHED', `the extraction process died (${signal ?? `exit code ${code}`})${slot.stderr.trim() ? `: ${slot.stderr.trim().split('\n').slice(-3).join(' ')}` : ''}`) });
      };
      slot.child.on('message', onMessage);
      slot.child.once('exit', onExit);
      const req: ChildRequest = { id, bytes, sourcePath, docId, pipeline };
      slot.child.send(req, (err) => {
        if (err) stop(new ExtractionError('EXTRACTOR_CRASHED', `cannot hand the document to the extraction process: ${err.message}`));
      });
    });
  }

  /**
   * Stops every process; extractions in progress end as EXTRACTOR_CRASHED. An idle process is let
   * go (it exits by itself once its channel closes, running its exit handlers: CPU and profiling
   * hooks see the whole of its work) and killed only if it has not gone within a few seconds.
   */
  async close(): Promise<void> {
    this.closed = true;
    for (const s of this.busy) s.kill();
    for (const s of this.idle) s.release();
    this.idle.length = 0;
  }
}

let shared: ExtractorPool | null = null;

/** The process-wide pool the job handler and `extract --out` use. */
export function extractorPool(): ExtractorPool {
  return (shared ??= new ExtractorPool());
}
