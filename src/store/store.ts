// The store of extractions with history. Every run has its own directory and nothing in it is ever
// rewritten by a later run; each document has a small pointer to its latest extraction.
//
//   <root>/runs/<runId>/run.json            manifest: what ran, pipeline, per-document status, counts, timings
//   <root>/runs/<runId>/records.jsonl       every record of the run
//   <root>/runs/<runId>/docs/<docId>.json   nested document  (.txt normalized text, .jsonl its records)
//   <root>/runs/<runId>/results/<docId>.json  one document's outcome, written by whichever worker did it
//   <root>/latest/<docId>.json              pointer to the document's latest extraction
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic } from '../output/atomic.ts';
import { countKinds, writeDocument, type RunManifest } from '../output/extraction.ts';
import type { DocResult } from '../pipeline.ts';
import { localLock, type DocLock } from './lock.ts';

export interface RunMeta {
  runId: string;
  /** What started the run: a one-off extract, a re-run, or a watcher session. */
  trigger: 'extract' | 'rerun' | 'watch';
  pipeline: { name: string; version: string; stages: string[] };
  startedAt: string;
  /** Inputs known when the run started (a watcher's run grows as files arrive). */
  planned: number | null;
  note?: string;
}

export interface DocOutcome {
  docId: string;
  sourcePath: string;
  /** Absolute path the job read, so a re-run can read it again. */
  absPath: string;
  sha256: string | null;
  status: 'ok' | 'failed';
  error: { code: string; message: string } | null;
  counts: Record<string, number>;
  pipelineVersion: string;
  ms: number;
  attempts: number;
  worker: string;
  finishedAt: string;
}

export interface LatestPointer extends DocOutcome {
  runId: string;
}

export type StoreManifest = Omit<RunManifest, 'documents'> & {
  trigger: RunMeta['trigger'];
  planned: number | null;
  documents: Array<RunManifest['documents'][number] & { pipelineVersion: string; attempts: number; worker: string }>;
};

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

export class Store {
  constructor(readonly root: string, private readonly lock: DocLock = localLock()) {}

  runDir(runId: string): string {
    return path.join(this.root, 'runs', runId);
  }

  async startRun(meta: RunMeta): Promise<void> {
    await mkdir(path.join(this.runDir(meta.runId), 'results'), { recursive: true });
    await writeFileAtomic(path.join(this.runDir(meta.runId), 'meta.json'), `${JSON.stringify(meta, null, 2)}\n`);
    await this.refreshManifest(meta.runId);
  }

  async runMeta(runId: string): Promise<RunMeta> {
    return JSON.parse(await readFile(path.join(this.runDir(runId), 'meta.json'), 'utf8')) as RunMeta;
  }

  /**
   * Saves one document's extraction into its run and moves the document's latest pointer, holding
   * the document's lock so two workers never write the same document at once.
   */
  async saveResult(runId: string, result: DocResult, info: Omit<DocOutcome, 'docId' | 'sourcePath' | 'sha256' | 'status' | 'error' | 'counts' | 'finishedAt'>): Promise<DocOutcome> {
    const dir = this.runDir(runId);
    const outcome: DocOutcome = {
      docId: result.docId,
      sourcePath: result.sourcePath,
      sha256: result.sha256,
      status: result.status,
      error: result.error,
      counts: countKinds(result),
      finishedAt: new Date().toISOString(),
      ...info,
    };
    await this.lock.withLock(result.docId, async () => {
      await Promise.all([
        writeDocument(dir, result),
        writeFileAtomic(path.join(dir, 'docs', `${result.docId}.jsonl`), result.records.map((r) => `${JSON.stringify(r)}\n`).join('')),
      ]);
      // The result file is what marks the document done in this run, so it is written last.
      await writeFileAtomic(path.join(dir, 'results', `${result.docId}.json`), `${JSON.stringify(outcome, null, 2)}\n`);
      const current = await this.latest(result.docId);
      // Runs are named by start time: an older run finishing late must not hide a newer one.
      if (!current || current.runId <= runId) {
        await writeFileAtomic(path.join(this.root, 'latest', `${result.docId}.json`), `${JSON.stringify({ runId, ...outcome }, null, 2)}\n`);
      }
    });
    // Rebuilding the manifest reads every result of the run: do it once, when the last planned
    // document is in (open-ended runs are rebuilt when read).
    const meta = await this.runMeta(runId);
    if (meta.planned !== null && (await this.resultCount(runId)) >= meta.planned) await this.refreshManifest(runId);
    return outcome;
  }

  private async resultCount(runId: string): Promise<number> {
    return (await readdir(path.join(this.runDir(runId), 'results')).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).length;
  }

  async outcomes(runId: string): Promise<DocOutcome[]> {
    const dir = path.join(this.runDir(runId), 'results');
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
    const out: DocOutcome[] = [];
    for (const n of names) out.push(JSON.parse(await readFile(path.join(dir, n), 'utf8')) as DocOutcome);
    return out;
  }

  /**
   * Rebuilds run.json and records.jsonl from the per-document results. Several workers may do this
   * at once; each checks after writing whether results arrived meanwhile and rebuilds again, so the
   * last writer always leaves a complete manifest.
   */
  async refreshManifest(runId: string): Promise<StoreManifest> {
    const dir = this.runDir(runId);
    const meta = await this.runMeta(runId);
    for (;;) {
      const outcomes = await this.outcomes(runId);
      const manifest: StoreManifest = {
        runId,
        trigger: meta.trigger,
        pipeline: meta.pipeline,
        startedAt: meta.startedAt,
        finishedAt: outcomes.reduce((t, o) => (o.finishedAt > t ? o.finishedAt : t), meta.startedAt),
        planned: meta.planned,
        documents: outcomes.map((o) => ({ docId: o.docId, sourcePath: o.sourcePath, sha256: o.sha256, status: o.status, error: o.error, counts: o.counts, ms: o.ms, pipelineVersion: o.pipelineVersion, attempts: o.attempts, worker: o.worker })),
      };
      const records: string[] = [];
      for (const o of outcomes) records.push(await readFile(path.join(dir, 'docs', `${o.docId}.jsonl`), 'utf8').catch(() => ''));
      await writeFileAtomic(path.join(dir, 'records.jsonl'), records.join(''));
      await writeFileAtomic(path.join(dir, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
      const after = await this.outcomes(runId);
      if (after.length === outcomes.length && after.every((o, i) => o.finishedAt === outcomes[i]!.finishedAt)) return manifest;
    }
  }

  async latest(docId: string): Promise<LatestPointer | null> {
    try {
      return JSON.parse(await readFile(path.join(this.root, 'latest', `${docId}.json`), 'utf8')) as LatestPointer;
    } catch {
      return null;
    }
  }

  async allLatest(): Promise<LatestPointer[]> {
    const names = await readdir(path.join(this.root, 'latest')).catch(() => [] as string[]);
    const out: LatestPointer[] = [];
    for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
      const p = await this.latest(n.slice(0, -5));
      if (p) out.push(p);
    }
    return out;
  }

  /** Runs, newest first. */
  async runs(): Promise<string[]> {
    const names = await readdir(path.join(this.root, 'runs')).catch(() => [] as string[]);
    return names.sort().reverse();
  }

  /** The run's manifest, rebuilt first if results arrived since it was last written. */
  async manifest(runId: string): Promise<StoreManifest> {
    const written = JSON.parse(await readFile(path.join(this.runDir(runId), 'run.json'), 'utf8')) as StoreManifest;
    if (written.documents.length === (await this.resultCount(runId))) return written;
    return this.refreshManifest(runId);
  }
}
