// `vetreport extract`: every named input through the pipeline, one failure never stopping the rest.
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expandInputs } from './inputs.ts';
import { formatOf } from './load/index.ts';
import { writeExtraction, countKinds, pipelineInfo, type RunManifest } from './output/extraction.ts';
import { extractBuffer, failed, type DocResult, type PipelineDef } from './pipeline.ts';
import { ExtractionError } from './errors.ts';
import { docIdAllocator } from './records/ids.ts';

export interface ExtractRun {
  results: DocResult[];
  manifest: RunManifest;
}

/** Paths are recorded as the user gave them (normalized), so outputs do not depend on where a checkout lives. */
export function displayPath(p: string): string {
  return path.normalize(p).split(path.sep).join('/');
}

export async function extractFile(file: string, docId: string, pipeline: PipelineDef): Promise<DocResult> {
  const shown = displayPath(file);
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (e) {
    return failed(docId, shown, null, formatOf(file), new ExtractionError('UNREADABLE', `cannot read ${shown}: ${(e as Error).message}`), pipeline);
  }
  return extractBuffer(buf, shown, docId, pipeline);
}

export async function runExtract(paths: string[], outDir: string, pipeline: PipelineDef, onDone?: (r: DocResult) => void): Promise<ExtractRun> {
  const startedAt = new Date().toISOString();
  const { files, problems } = await expandInputs(paths);
  const uniqueId = docIdAllocator();

  const results: DocResult[] = [];
  const ms: number[] = [];
  for (const p of problems) {
    const err = new ExtractionError(p.code, p.message);
    results.push(failed(uniqueId(p.path), displayPath(p.path), null, null, err, pipeline));
    ms.push(0);
  }
  for (const f of files) {
    const t0 = performance.now();
    const r = await extractFile(f, uniqueId(f), pipeline);
    ms.push(Math.round(performance.now() - t0));
    results.push(r);
    onDone?.(r);
  }

  const manifest: RunManifest = {
    runId: randomUUID(),
    pipeline: pipelineInfo(pipeline),
    startedAt,
    finishedAt: new Date().toISOString(),
    documents: results.map((r, i) => ({ docId: r.docId, sourcePath: r.sourcePath, sha256: r.sha256, status: r.status, error: r.error, counts: countKinds(r), ms: ms[i]! })),
  };
  await writeExtraction(outDir, results, manifest);
  return { results, manifest };
}
