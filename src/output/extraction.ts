// Writes one extraction: records.jsonl (every record), docs/<docId>.json (nested), docs/<docId>.txt
// (the normalized text that provenance offsets index), and run.json (what ran, on what, how it went).
import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { DocResult, PipelineDef } from '../pipeline.ts';
import { writeFileAtomic } from './atomic.ts';
import { nestedDocument } from './nested.ts';

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
  for (const rec of r.records) counts[rec.kind] = (counts[rec.kind] ?? 0) + 1;
  return counts;
}

/** One document's records as JSON lines: the one place records are serialized for every output. */
export function documentJsonl(r: DocResult): string {
  return r.records.map((rec) => `${JSON.stringify(rec)}\n`).join('');
}

export function jsonl(results: DocResult[]): string {
  return results.map(documentJsonl).join('');
}

export async function writeDocument(outDir: string, r: DocResult): Promise<void> {
  const base = path.join(outDir, 'docs', r.docId);
  // Independent files: their fsyncs overlap instead of queueing one behind the other.
  await Promise.all([
    // Compact: a seed's nested document is 3× smaller than indented, and fsync time follows size.
    writeFileAtomic(`${base}.json`, `${JSON.stringify(nestedDocument(r.records))}\n`),
    r.text !== null ? writeFileAtomic(`${base}.txt`, r.text) : Promise.resolve(),
  ]);
}

/**
 * Writes a run as plain files. `results` and `manifest.documents` are in the same order. A document
 * whose files cannot be written (a name the filesystem refuses, a full disk) is replaced, in
 * `results` and the manifest, by what `onWriteError` makes of it (its error record): the other
 * documents are written all the same.
 */
export async function writeExtraction(outDir: string, results: DocResult[], manifest: RunManifest, onWriteError?: (r: DocResult, e: Error) => DocResult): Promise<void> {
  // Documents are written a few at a time so that their fsyncs overlap; records.jsonl and run.json,
  // which say the run is complete, come only after all of them.
  const queue = results.map((r, i) => i);
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, async () => {
    for (let i = queue.shift(); i !== undefined; i = queue.shift()) {
      try {
        await writeDocument(outDir, results[i]!);
      } catch (e) {
        if (!onWriteError) throw e;
        const base = path.join(outDir, 'docs', results[i]!.docId);
        await Promise.all([rm(`${base}.json`, { force: true }), rm(`${base}.txt`, { force: true })]).catch(() => undefined);
        const r = onWriteError(results[i]!, e as Error);
        results[i] = r;
        manifest.documents[i] = { ...manifest.documents[i]!, status: r.status, error: r.error, counts: countKinds(r) };
      }
    }
  }));
  await writeFileAtomic(path.join(outDir, 'records.jsonl'), jsonl(results));
  await writeFileAtomic(path.join(outDir, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function pipelineInfo(p: PipelineDef) {
  return { name: p.name, version: p.version, stages: p.stages };
}
