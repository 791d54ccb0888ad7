// Writes one extraction: records.jsonl (every record), docs/<docId>.json (nested), docs/<docId>.txt
// (the normalized text that provenance offsets index), and run.json (what ran, on what, how it went).
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

export async function writeExtraction(outDir: string, results: DocResult[], manifest: RunManifest): Promise<void> {
  // Documents are written a few at a time so that their fsyncs overlap; records.jsonl and run.json,
  // which say the run is complete, come only after all of them.
  const queue = [...results];
  await Promise.all(Array.from({ length: Math.min(8, queue.length) }, async () => {
    for (let r = queue.shift(); r; r = queue.shift()) await writeDocument(outDir, r);
  }));
  await writeFileAtomic(path.join(outDir, 'records.jsonl'), jsonl(results));
  await writeFileAtomic(path.join(outDir, 'run.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

export function pipelineInfo(p: PipelineDef) {
  return { name: p.name, version: p.version, stages: p.stages };
}
