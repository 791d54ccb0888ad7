// The store of extractions with history. Every run has its own directory and nothing in it is ever
// rewritten by a later run; each document has a small pointer to its latest extraction; every input's
// bytes are kept once, by content, so a document can be re-extracted when its file is gone.
//
//   <root>/sources/<sha256>                   an input's bytes, once per content
//   <root>/runs/<runId>/meta.json             what the run is (trigger, pipeline, mode): written first
//   <root>/runs/<runId>/jobs.jsonl            every job submitted into the run, one line each
//   <root>/runs/<runId>/owner.json            the process running it, with a heartbeat (gone when it ends cleanly)
//   <root>/runs/<runId>/records.jsonl         every record of the run: one block per document, appended as it finishes
//   <root>/runs/<runId>/docs/<docId>.txt      a document's normalized text (provenance offsets index it)
//   <root>/runs/<runId>/results/<docId>.json  a document's outcome and where its block is: written after the block,
//                                             it is what makes the document done (a block without one is ignored)
//   <root>/runs/<runId>/run.json              the manifest, updated after each document: written last
//   <root>/latest/<docId>.json                the document's latest extraction (run, sha256, pipeline version, status)
//   <root>/tmp/                               temporary files of atomic writes; those of dead processes are swept
//
// Order of writes for one document: source, text, records block, result, latest pointer, manifest.
// A crash anywhere leaves files that parse and a store every reader accepts; `vetreport fsck`
// repairs what lags (a manifest behind its results, a result without its pointer).
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { appendBlock, blankBlock, TMP_OWNER, writeFileAtomic, type Block } from '../output/atomic.ts';
import { countKinds, documentJsonl } from '../output/extraction.ts';
import type { DocResult } from '../pipeline.ts';
import type { ExtractJob } from '../queue/job.ts';
import { localLock, type DocLock } from './lock.ts';
import { pidAlive, readOwner, writeOwner, type RunOwner } from './owner.ts';

export interface RunMeta {
  runId: string;
  /** What started the run: a one-off extract, a re-run, or a watcher session. */
  trigger: 'extract' | 'rerun' | 'watch';
  pipeline: { name: string; version: string; stages: string[] };
  startedAt: string;
  /** Inputs known when the run started (a watcher's run grows as files arrive). */
  planned: number | null;
  /** Where its jobs run: in the process that started it, or on queue workers. */
  mode?: 'embedded' | 'queue';
  note?: string;
}

export interface DocOutcome {
  docId: string;
  sourcePath: string;
  /** Absolute path the job read, so a re-run can read it again if the kept source is gone. */
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
  /** Where the document's records are in the run's records.jsonl (absent in stores written before blocks). */
  records?: Block;
}

export interface LatestPointer extends DocOutcome {
  runId: string;
}

/** A job as submitted into a run (a line of jobs.jsonl): the queue key names it in Redis. */
export type SubmittedJob = ExtractJob & { key: string };

export interface ManifestDocument {
  docId: string;
  sourcePath: string;
  sha256: string | null;
  status: 'ok' | 'failed';
  error: { code: string; message: string } | null;
  counts: Record<string, number>;
  ms: number;
  pipelineVersion: string;
  attempts: number;
  worker: string;
}

export interface StoreManifest {
  runId: string;
  trigger: RunMeta['trigger'];
  pipeline: RunMeta['pipeline'];
  mode: NonNullable<RunMeta['mode']>;
  startedAt: string;
  /** When the last document finished (the start time while none has). */
  finishedAt: string;
  planned: number | null;
  documents: ManifestDocument[];
}

/** A temporary file older than this belongs to no write in progress (a write takes milliseconds, a big source seconds). */
const TMP_MAX_AGE_MS = 15 * 60_000;

/** A failure that says the input is gone, not that it is bad: it never hides a good extraction. */
const SOURCE_MISSING = new Set(['NOT_FOUND']);

export function newRunId(now = new Date()): string {
  return `${now.toISOString().replace(/[:.]/g, '-')}-${randomBytes(3).toString('hex')}`;
}

const SHA256 = /^[0-9a-f]{64}$/;

async function readJson<T>(file: string): Promise<T | null> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T;
  } catch {
    return null;
  }
}

/** JSON lines that parse; a torn last line (a crash mid-append) is skipped. */
function parseLines<T>(text: string): T[] {
  const out: T[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    try {
      out.push(JSON.parse(line) as T);
    } catch {
      // torn line
    }
  }
  return out;
}

function manifestEntry(o: DocOutcome): ManifestDocument {
  return { docId: o.docId, sourcePath: o.sourcePath, sha256: o.sha256, status: o.status, error: o.error, counts: o.counts, ms: o.ms, pipelineVersion: o.pipelineVersion, attempts: o.attempts, worker: o.worker };
}

export class Store {
  constructor(readonly root: string, private readonly lock: DocLock = localLock()) {}

  runDir(runId: string): string {
    return path.join(this.root, 'runs', runId);
  }

  /** Temporary files of atomic writes, in one place so a sweep finds a crash's leftovers at once. */
  get tmpDir(): string {
    return path.join(this.root, 'tmp');
  }

  sourceFile(sha256: string): string {
    return path.join(this.root, 'sources', sha256);
  }

  private write(file: string, data: string | Uint8Array): Promise<void> {
    return writeFileAtomic(file, data, { tmpDir: this.tmpDir });
  }

  private runLock<T>(runId: string, fn: () => Promise<T>): Promise<T> {
    return this.lock.withLock(`run:${runId}`, fn);
  }

  // ── writing ───────────────────────────────────────────────────────────────────────────────────

  /** Creates the run: meta.json first (a run is listed from then on), then an empty manifest. */
  async startRun(meta: RunMeta): Promise<void> {
    const dir = this.runDir(meta.runId);
    await mkdir(path.join(dir, 'results'), { recursive: true });
    await this.write(path.join(dir, 'meta.json'), `${JSON.stringify({ mode: 'embedded', ...meta }, null, 2)}\n`);
    await this.write(path.join(dir, 'run.json'), `${JSON.stringify(this.emptyManifest({ mode: 'embedded', ...meta }), null, 2)}\n`);
  }

  /**
   * Records jobs as submitted into the run (before they are queued), so a run whose process or
   * queue died knows what it still owes: `status` counts them, `rerun --interrupted` resubmits them.
   */
  async recordJobs(runId: string, jobs: SubmittedJob[]): Promise<void> {
    if (jobs.length === 0) return;
    const text = jobs.map((j) => `${JSON.stringify(j)}\n`).join('');
    await this.runLock(runId, () => appendBlock(path.join(this.runDir(runId), 'jobs.jsonl'), Buffer.from(text)));
  }

  /** Marks this process as the run's owner, with a heartbeat, until released (a clean end). */
  async claimRun(runId: string, command: string): Promise<{ release: () => Promise<void> }> {
    const file = path.join(this.runDir(runId), 'owner.json');
    const beat = () => writeOwner(file, command, this.tmpDir);
    await beat();
    const timer = setInterval(() => void beat().catch(() => undefined), 15_000);
    timer.unref();
    return {
      release: async () => {
        clearInterval(timer);
        await rm(file, { force: true });
      },
    };
  }

  /** Keeps an input's bytes once, by content: the first writer wins, later ones find it there. */
  async keepSource(sha256: string, bytes: Uint8Array): Promise<void> {
    const file = this.sourceFile(sha256);
    const st = await stat(file).catch(() => null);
    if (st && st.size === bytes.byteLength) return;
    await this.write(file, bytes);
  }

  /**
   * Saves one document's extraction into its run and moves its latest pointer, holding the
   * document's lock so two workers never write the same document at once. In order: the
   * normalized text, the records block (appended to records.jsonl under the run's lock), the
   * result (the commit), the latest pointer, the manifest. Saving the same input (sha256) with the
   * same pipeline version into a run that already has it writes nothing and returns the first
   * outcome: a job done twice (a worker's lock lost, a queue wiped and refilled) is stored once.
   */
  async saveResult(runId: string, result: DocResult, info: Omit<DocOutcome, 'docId' | 'sourcePath' | 'sha256' | 'status' | 'error' | 'counts' | 'finishedAt' | 'records'>): Promise<DocOutcome> {
    const dir = this.runDir(runId);
    const outcome = await this.lock.withLock(result.docId, async () => {
      const existing = await this.result(runId, result.docId);
      // A second failure, or a second success, of the same input says nothing new; a success after
      // a failure replaces it, and so does the news that the success could not be stored.
      const same = existing && existing.sha256 === result.sha256 && existing.pipelineVersion === info.pipelineVersion;
      if (same && (existing.status === 'ok' ? result.error?.code !== 'WRITE_FAILED' : result.status === 'failed')) return existing;
      if (result.text !== null) await this.write(path.join(dir, 'docs', `${result.docId}.txt`), result.text);
      const block = await this.runLock(runId, () => appendBlock(path.join(dir, 'records.jsonl'), Buffer.from(documentJsonl(result))));
      const o: DocOutcome = {
        docId: result.docId,
        sourcePath: result.sourcePath,
        sha256: result.sha256,
        status: result.status,
        error: result.error,
        counts: countKinds(result),
        finishedAt: new Date().toISOString(),
        ...info,
        records: block,
      };
      await this.write(path.join(dir, 'results', `${result.docId}.json`), `${JSON.stringify(o, null, 2)}\n`);
      // A document extracted again in the same run (its file changed during a watch): the earlier
      // block is blanked, so records.jsonl holds each document's records once.
      if (existing?.records) await this.runLock(runId, () => blankBlock(path.join(dir, 'records.jsonl'), existing.records!));
      const current = await this.latest(result.docId);
      // Runs are named by start time: an older run finishing late must not hide a newer one; and a
      // source that could not be found says nothing about the document, so it never hides a good extraction.
      const keep = current && (current.runId > runId || (current.status === 'ok' && o.status === 'failed' && SOURCE_MISSING.has(o.error?.code ?? '')));
      if (!keep) await this.write(path.join(this.root, 'latest', `${result.docId}.json`), `${JSON.stringify({ runId, ...o }, null, 2)}\n`);
      return o;
    });
    await this.runLock(runId, () => this.updateManifest(runId, [outcome]));
    return outcome;
  }

  /** Puts outcomes into run.json (read, updated, replaced): the manifest is the last file a document touches. */
  private async updateManifest(runId: string, outcomes: DocOutcome[]): Promise<void> {
    const file = path.join(this.runDir(runId), 'run.json');
    let m = await readJson<StoreManifest>(file);
    if (!m || !Array.isArray(m.documents)) m = await this.rebuiltManifest(runId);
    for (const o of outcomes) {
      const i = m.documents.findIndex((d) => d.docId === o.docId);
      if (i >= 0) m.documents[i] = manifestEntry(o);
      else m.documents.push(manifestEntry(o));
      if (o.finishedAt > m.finishedAt) m.finishedAt = o.finishedAt;
    }
    await this.write(file, `${JSON.stringify(m, null, 2)}\n`);
  }

  /** Rewrites run.json from the results (what `fsck` does for a manifest behind its results). */
  async rewriteManifest(runId: string): Promise<StoreManifest> {
    return this.runLock(runId, async () => {
      const m = await this.rebuiltManifest(runId);
      await this.write(path.join(this.runDir(runId), 'run.json'), `${JSON.stringify(m, null, 2)}\n`);
      return m;
    });
  }

  /** Points a document at an extraction (fsck: a result whose pointer was never written). */
  async writeLatest(p: LatestPointer): Promise<void> {
    await this.lock.withLock(p.docId, () => this.write(path.join(this.root, 'latest', `${p.docId}.json`), `${JSON.stringify(p, null, 2)}\n`));
  }

  /** Removes a document from a run: its result first (the run no longer claims it), then its block, text and jobs. */
  async forgetInRun(runId: string, docId: string): Promise<void> {
    const dir = this.runDir(runId);
    await this.lock.withLock(docId, async () => {
      const o = await this.result(runId, docId);
      await rm(path.join(dir, 'results', `${docId}.json`), { force: true });
      await this.runLock(runId, async () => {
        if (o?.records) await blankBlock(path.join(dir, 'records.jsonl'), o.records);
        const jobs = await readFile(path.join(dir, 'jobs.jsonl'), 'utf8').catch(() => null);
        if (jobs !== null) await this.write(path.join(dir, 'jobs.jsonl'), jobs.split('\n').filter((l) => l.trim() && parseLines<SubmittedJob>(l)[0]?.docId !== docId).map((l) => `${l}\n`).join(''));
      });
      for (const ext of ['txt', 'json', 'jsonl']) await rm(path.join(dir, 'docs', `${docId}.${ext}`), { force: true });
    });
    await this.rewriteManifest(runId);
  }

  /** Drops a document's latest pointer. */
  async forgetLatest(docId: string): Promise<void> {
    await this.lock.withLock(docId, () => rm(path.join(this.root, 'latest', `${docId}.json`), { force: true }));
  }

  /** Removes a run: moved out of runs/ at once (readers stop seeing it), then deleted. */
  async removeRun(runId: string): Promise<void> {
    const gone = path.join(this.tmpDir, `removed-${runId}-${randomBytes(3).toString('hex')}`);
    await mkdir(this.tmpDir, { recursive: true });
    await rename(this.runDir(runId), gone);
    await rm(gone, { recursive: true, force: true });
  }

  /**
   * Removes what crashed writers left in tmp/: files of a process on this host that is gone, and
   * anything older than a write can take. Called when a command that writes the store starts.
   */
  async sweepTmp(): Promise<number> {
    const dead = await this.deadTmp();
    for (const file of dead) await rm(file, { recursive: true, force: true });
    return dead.length;
  }

  /** The files in tmp/ that no live write owns (what `sweepTmp` removes). */
  async deadTmp(): Promise<string[]> {
    const names = await readdir(this.tmpDir).catch(() => [] as string[]);
    const out: string[] = [];
    for (const name of names) {
      const file = path.join(this.tmpDir, name);
      const st = await stat(file).catch(() => null);
      if (!st) continue;
      const m = /^(\d+)-([0-9a-f]{8})-/.exec(name);
      const deadWriter = m !== null && `${m[1]}-${m[2]}` !== TMP_OWNER && m[2] === TMP_OWNER.split('-')[1] && !pidAlive(Number(m[1]));
      if (deadWriter || name.startsWith('removed-') || Date.now() - st.mtimeMs > TMP_MAX_AGE_MS) out.push(file);
    }
    return out;
  }

  /** sha256s of the kept sources. */
  async sources(): Promise<string[]> {
    return (await readdir(path.join(this.root, 'sources')).catch(() => [] as string[])).filter((n) => SHA256.test(n));
  }

  async removeSource(sha256: string): Promise<void> {
    if (SHA256.test(sha256)) await rm(this.sourceFile(sha256), { force: true });
  }

  // ── reading: every reader accepts a run cut short at any point ───────────────────────────────

  private emptyManifest(meta: RunMeta): StoreManifest {
    return { runId: meta.runId, trigger: meta.trigger, pipeline: meta.pipeline, mode: meta.mode ?? 'embedded', startedAt: meta.startedAt, finishedAt: meta.startedAt, planned: meta.planned, documents: [] };
  }

  async runMeta(runId: string): Promise<RunMeta | null> {
    const meta = await readJson<RunMeta>(path.join(this.runDir(runId), 'meta.json'));
    if (meta) return meta;
    // A run directory whose meta.json was lost: what its manifest or its name says.
    const m = await readJson<StoreManifest>(path.join(this.runDir(runId), 'run.json'));
    if (m) return { runId, trigger: m.trigger, pipeline: m.pipeline, startedAt: m.startedAt, planned: m.planned, mode: m.mode };
    return null;
  }

  /** Runs, newest first: every directory under runs/ with a meta.json or a run.json. */
  async runs(): Promise<string[]> {
    const names = await readdir(path.join(this.root, 'runs')).catch(() => [] as string[]);
    const out: string[] = [];
    for (const n of names) {
      const files = await readdir(path.join(this.root, 'runs', n)).catch(() => [] as string[]);
      if (files.includes('meta.json') || files.includes('run.json')) out.push(n);
    }
    return out.sort().reverse();
  }

  async result(runId: string, docId: string): Promise<DocOutcome | null> {
    return readJson<DocOutcome>(path.join(this.runDir(runId), 'results', `${docId}.json`));
  }

  /** Every document done in the run (results that parse), by docId. */
  async outcomes(runId: string): Promise<DocOutcome[]> {
    const dir = path.join(this.runDir(runId), 'results');
    const names = (await readdir(dir).catch(() => [] as string[])).filter((n) => n.endsWith('.json')).sort();
    const out: DocOutcome[] = [];
    for (const n of names) {
      const o = await readJson<DocOutcome>(path.join(dir, n));
      if (o && typeof o.docId === 'string') out.push(o);
    }
    return out;
  }

  /** Jobs submitted into the run; a document submitted twice (its file changed) counts once, as its last job. */
  async jobs(runId: string): Promise<SubmittedJob[]> {
    const text = await readFile(path.join(this.runDir(runId), 'jobs.jsonl'), 'utf8').catch(() => '');
    const byDoc = new Map<string, SubmittedJob>();
    for (const j of parseLines<SubmittedJob>(text)) if (j && typeof j.docId === 'string') byDoc.set(j.docId, j);
    return [...byDoc.values()];
  }

  async owner(runId: string): Promise<RunOwner | null> {
    return readOwner(path.join(this.runDir(runId), 'owner.json'));
  }

  private async rebuiltManifest(runId: string): Promise<StoreManifest> {
    const meta = (await this.runMeta(runId)) ?? { runId, trigger: 'extract', pipeline: { name: '?', version: '?', stages: [] }, startedAt: runId, planned: null };
    const m = this.emptyManifest(meta);
    for (const o of await this.outcomes(runId)) {
      m.documents.push(manifestEntry(o));
      if (o.finishedAt > m.finishedAt) m.finishedAt = o.finishedAt;
    }
    return m;
  }

  /**
   * The run's manifest: run.json when it agrees with the results, otherwise rebuilt from them in
   * memory (a crash between a result and the manifest, or before the manifest was ever written).
   */
  async manifest(runId: string): Promise<StoreManifest> {
    const written = await readJson<StoreManifest>(path.join(this.runDir(runId), 'run.json'));
    const outcomes = await this.outcomes(runId);
    if (written && Array.isArray(written.documents) && written.documents.length === outcomes.length
      && outcomes.every((o) => written.documents.some((d) => d.docId === o.docId && d.sha256 === o.sha256 && d.status === o.status))) {
      return { ...written, mode: written.mode ?? 'embedded' };
    }
    return this.rebuiltManifest(runId);
  }

  /** One document's records in a run, as JSON lines ('' when it has none there). */
  async documentRecords(runId: string, docId: string, outcome?: DocOutcome | null): Promise<string> {
    const o = outcome ?? (await this.result(runId, docId));
    if (!o) return '';
    if (!o.records) return readFile(path.join(this.runDir(runId), 'docs', `${docId}.jsonl`), 'utf8').catch(() => '');
    const fh = await open(path.join(this.runDir(runId), 'records.jsonl'), 'r').catch(() => null);
    if (!fh) return '';
    try {
      const buf = Buffer.alloc(o.records.bytes);
      const { bytesRead } = await fh.read(buf, 0, o.records.bytes, o.records.offset);
      return buf.subarray(0, bytesRead).toString('utf8');
    } finally {
      await fh.close();
    }
  }

  /** Every record of the run that a result points at, in the order the documents finished. */
  async runRecords(runId: string): Promise<string> {
    const outcomes = (await this.outcomes(runId)).sort((a, b) => (a.records?.offset ?? 0) - (b.records?.offset ?? 0));
    const parts: string[] = [];
    for (const o of outcomes) parts.push(await this.documentRecords(runId, o.docId, o));
    return parts.join('');
  }

  /** The normalized text a document's provenance offsets index, or null. */
  async documentText(runId: string, docId: string): Promise<string | null> {
    return readFile(path.join(this.runDir(runId), 'docs', `${docId}.txt`), 'utf8').catch(() => null);
  }

  /** An input's kept bytes, or null when this content was never kept. */
  async source(sha256: string): Promise<Buffer | null> {
    if (!SHA256.test(sha256)) return null;
    return readFile(this.sourceFile(sha256)).catch(() => null);
  }

  /**
   * The bytes a document was extracted from — its latest extraction's, or a given run's — with
   * what is known of them; null when the store has no such document or did not keep that input.
   */
  async documentSource(docId: string, runId?: string): Promise<{ bytes: Buffer; sha256: string; sourcePath: string; runId: string } | null> {
    const o = runId ? await this.result(runId, docId) : await this.latest(docId);
    if (!o?.sha256) return null;
    const bytes = await this.source(o.sha256);
    return bytes ? { bytes, sha256: o.sha256, sourcePath: o.sourcePath, runId: runId ?? (o as LatestPointer).runId } : null;
  }

  async latest(docId: string): Promise<LatestPointer | null> {
    return readJson<LatestPointer>(path.join(this.root, 'latest', `${docId}.json`));
  }

  async allLatest(): Promise<LatestPointer[]> {
    const names = await readdir(path.join(this.root, 'latest')).catch(() => [] as string[]);
    const out: LatestPointer[] = [];
    for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
      const p = await this.latest(n.slice(0, -5));
      if (p && typeof p.runId === 'string') out.push(p);
    }
    return out;
  }
}
