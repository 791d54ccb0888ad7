// Writes one extraction: records.jsonl (every record), docs/<docId>.json (nested), docs/<docId>.txt
// (the normalized text that provenance offsets index), and run.json (what ran, on what, how it went).
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { DocResult, PipelineDef } from '../pipeline.ts';
import { TMP_OWNER, writeFileAtomic } from './atomic.ts';
import { nestedDocumentJson, outlineOf, type RecordOutline } from './nested.ts';

export interface RunManifest {
  runId: string;
  pipeline: { name: string; version: string; stages: string[] };
  startedAt: string;
  finishedAt: string;
  documents: Array<{
    docId: string;
    sourcePath: string;
    sha256: string | null;
    status: 'ok' | 'failed';
    error: { code: string; message: string } | null;
    counts: Record<string, number>;
    ms: number;
  }>;
}

export function countKinds(r: DocResult): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const rec of recordOutlines(r)) counts[rec.kind] = (counts[rec.kind] ?? 0) + 1;
  return counts;
}

const recordJson = new WeakMap<DocResult, string[]>();
const recordOutline = new WeakMap<DocResult, RecordOutline[]>();

/** What the outputs read of each record besides its JSON (kind, id, where it stands): remembered per result like the JSON. */
export function recordOutlines(r: DocResult): RecordOutline[] {
  let outline = recordOutline.get(r);
  if (!outline) {
    outline = r.records.map(outlineOf);
    recordOutline.set(r, outline);
  }
  return outline;
}

/**
 * Each of a document's records as JSON, made once for every output (records.jsonl, the nested
 * docs/<docId>.json, the store's records block) and remembered per result: a second writer pays
 * nothing.
 */
export function recordsJson(r: DocResult): string[] {
  let json = recordJson.get(r);
  if (!json) {
    json = r.records.map((rec) => JSON.stringify(rec));
    recordJson.set(r, json);
  }
  return json;
}

/**
 * A result whose records arrive as JSON (the extraction process serializes what it extracted, in
 * parallel with the other documents; src/extractor/child.ts) with their outlines: every output is
 * written from these, and `records` is parsed from the JSON only if a reader asks for it. Passing
 * records as objects between processes cost more than extracting them on the way in (a structured
 * clone of seed 000's 1 372 records: 10–50 ms for the parent to read, on the one thread that
 * serves every extraction process). `json[i]` is `JSON.stringify` of record i.
 */
export function resultFromJson(r: Omit<DocResult, 'records'>, json: string[], outline: RecordOutline[]): DocResult {
  let records: DocResult['records'] | null = null;
  const result = Object.defineProperty({ ...r } as DocResult, 'records', {
    enumerable: true,
    configurable: true,
    get: () => (records ??= json.map((j) => JSON.parse(j) as DocResult['records'][number])),
    set: (v: DocResult['records']) => { records = v; },
  });
  recordJson.set(result, json);
  recordOutline.set(result, outline);
  return result;
}

/** One document's records as JSON lines. */
export function documentJsonl(r: DocResult): string {
  return recordsJson(r).map((j) => `${j}\n`).join('');
}

/** One document's nested docs/<docId>.json, from the same serialized records. */
export function nestedJson(r: DocResult): string {
  return `${nestedDocumentJson(recordOutlines(r), recordsJson(r))}\n`;
}

export function jsonl(results: DocResult[]): string {
  return results.map(documentJsonl).join('');
}

export async function writeDocument(outDir: string, r: DocResult): Promise<void> {
  const base = path.join(outDir, 'docs', r.docId);
  // Independent files: their fsyncs overlap instead of queueing one behind the other.
  await Promise.all([
    // Compact: a seed's nested document is 3× smaller than indented, and fsync time follows size.
    writeFileAtomic(`${base}.json`, nestedJson(r)),
    r.text !== null ? writeFileAtomic(`${base}.txt`, r.text) : Promise.resolve(),
  ]);
}

/** Documents whose files are being written at once: their fsyncs overlap with each other and with extraction. */
const WRITES_IN_FLIGHT = 8;

type ManifestEntry = RunManifest['documents'][number];

/**
 * Writes a run as plain files while it runs: each document's files as soon as it is extracted, its
 * records appended (in the order documents are added) to a temporary records file that becomes
 * records.jsonl, and run.json, only when `finish` is called — so nothing but a line of manifest per
 * document is held however long the run. A document whose files cannot be written (a name the
 * filesystem refuses, a full disk) is replaced by what `onWriteError` makes of it (its error
 * record), in records.jsonl and the manifest; the other documents are written all the same.
 */
export class ExtractionWriter {
  /** One entry per document, in the order added; final once `finish` has returned. */
  readonly documents: ManifestEntry[] = [];
  private readonly tmp: string;
  private records: FileHandle | null = null;
  private readonly inFlight: Promise<void>[] = [];
  private tail: Promise<void> = Promise.resolve();
  private failure: Error | null = null;

  constructor(private readonly outDir: string, private readonly onWriteError?: (r: DocResult, e: Error) => DocResult) {
    this.tmp = path.join(outDir, `records.jsonl.${TMP_OWNER}-${randomBytes(4).toString('hex')}.tmp`);
  }

  async open(): Promise<void> {
    await mkdir(path.join(this.outDir, 'docs'), { recursive: true });
    this.records = await open(this.tmp, 'w');
  }

  /** Starts writing one document; resolves once there is room for the next. `ms`: its extraction time. */
  async add(r: DocResult, ms: number): Promise<void> {
    const i = this.documents.push(manifestEntry(r, ms)) - 1;
    const written = this.writeFiles(r, i);
    const prev = this.tail;
    this.tail = (async () => {
      const done = await written;
      await prev;
      if (this.failure) return;
      try {
        await this.records!.write(documentJsonl(done));
      } catch (e) {
        this.failure = e as Error;
      }
    })();
    this.inFlight.push(this.tail);
    if (this.inFlight.length >= WRITES_IN_FLIGHT) await this.inFlight.shift();
  }

  private async writeFiles(r: DocResult, i: number): Promise<DocResult> {
    try {
      await writeDocument(this.outDir, r);
      return r;
    } catch (e) {
      if (!this.onWriteError) {
        this.failure ??= e as Error;
        return r;
      }
      const base = path.join(this.outDir, 'docs', r.docId);
      await Promise.all([rm(`${base}.json`, { force: true }), rm(`${base}.txt`, { force: true })]).catch(() => undefined);
      const replaced = this.onWriteError(r, e as Error);
      this.documents[i] = { ...this.documents[i]!, status: replaced.status, error: replaced.error, counts: countKinds(replaced) };
      return replaced;
    }
  }

  /** Waits for every document, then commits records.jsonl and run.json (made from `manifest` with this writer's documents). */
  async finish(manifest: Omit<RunManifest, 'documents'>): Promise<RunManifest> {
    await this.tail;
    const fh = this.records!;
    this.records = null;
    try {
      if (this.failure) throw this.failure;
      await fh.sync();
      await fh.close();
      await rename(this.tmp, path.join(this.outDir, 'records.jsonl'));
    } catch (e) {
      await fh.close().catch(() => undefined);
      await rm(this.tmp, { force: true });
      throw e;
    }
    const m: RunManifest = { ...manifest, documents: this.documents };
    await writeFileAtomic(path.join(this.outDir, 'run.json'), `${JSON.stringify(m, null, 2)}\n`);
    return m;
  }

  /** Gives up: waits for writes under way and removes the temporary records file. */
  async abort(): Promise<void> {
    await this.tail.catch(() => undefined);
    await this.records?.close().catch(() => undefined);
    this.records = null;
    await rm(this.tmp, { force: true });
  }
}

function manifestEntry(r: DocResult, ms: number): ManifestEntry {
  return { docId: r.docId, sourcePath: r.sourcePath, sha256: r.sha256, status: r.status, error: r.error, counts: countKinds(r), ms };
}

export function pipelineInfo(p: PipelineDef) {
  return { name: p.name, version: p.version, stages: p.stages };
}
