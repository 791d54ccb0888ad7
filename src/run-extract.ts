// `vetreport extract --out DIR`: every named input through the pipeline, one failure never stopping
// the rest, written as plain files. DIR is new, empty, or an earlier output of this command, which
// the new run replaces whole (no document of the earlier content is left behind).
import { randomUUID } from 'node:crypto';
import { readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { ExtractionError, UsageError } from './errors.ts';
import { expandInputs, readInput, type InputOptions } from './inputs.ts';
import { formatOf } from './load/index.ts';
import { ExtractionWriter, pipelineInfo, type RunManifest } from './output/extraction.ts';
import { extractBuffer, failed, type DocResult, type PipelineDef } from './pipeline.ts';
import { docIdAllocator } from './records/ids.ts';
import type { ExtractorPool } from './extractor/pool.ts';

export interface ExtractRun {
  /** One line per document, in input order (the records themselves are in DIR, not held). */
  documents: RunManifest['documents'];
  manifest: RunManifest;
}

/** Paths are recorded as the user gave them (normalized), so outputs do not depend on where a checkout lives. */
export function displayPath(p: string): string {
  return path.normalize(p).split(path.sep).join('/');
}

/** The input's bytes and its display path, or the failed result of a file that cannot be read. */
async function inputOf(file: string, docId: string, pipeline: PipelineDef): Promise<{ buf: Buffer; shown: string } | { result: DocResult }> {
  const shown = displayPath(file);
  try {
    return { buf: (await readInput(file, shown, pipeline.options.maxInputBytes)).bytes, shown };
  } catch (e) {
    const err = e instanceof ExtractionError ? e : new ExtractionError('UNREADABLE', `cannot read ${shown}: ${(e as Error).message}`);
    return { result: failed(docId, shown, null, formatOf(file), err, pipeline) };
  }
}

export async function extractFile(file: string, docId: string, pipeline: PipelineDef): Promise<DocResult> {
  const input = await inputOf(file, docId, pipeline);
  return 'result' in input ? input.result : extractBuffer(input.buf, input.shown, docId, pipeline);
}

/** `extractFile` in an extraction process of `pool`: past its budget the document ends as TIMEOUT or TOO_COMPLEX. */
async function extractInPool(pool: ExtractorPool, file: string, docId: string, pipeline: PipelineDef): Promise<DocResult> {
  const input = await inputOf(file, docId, pipeline);
  return 'result' in input ? input.result : pool.extract(input.buf, input.shown, docId, pipeline);
}

/** What an output folder holds now: nothing, an earlier `extract --out`, or something else. */
async function outputFolderState(dir: string): Promise<'absent' | 'empty' | 'earlier-output' | 'foreign'> {
  const st = await stat(dir).catch(() => null);
  if (!st) return 'absent';
  if (!st.isDirectory()) return 'foreign';
  const names = await readdir(dir);
  if (names.length === 0) return 'empty';
  return names.includes('run.json') && names.every((n) => ['run.json', 'records.jsonl', 'docs'].includes(n) || n.endsWith('.tmp')) ? 'earlier-output' : 'foreign';
}

/** Removes from DIR/docs what this run did not write (an earlier run's documents, crash leftovers). */
async function removeStale(outDir: string, docIds: string[]): Promise<void> {
  const current = new Set(docIds.flatMap((id) => [`${id}.json`, `${id}.txt`]));
  for (const dir of [outDir, path.join(outDir, 'docs')]) {
    for (const name of await readdir(dir).catch(() => [] as string[])) {
      const stale = dir === outDir ? name.endsWith('.tmp') : !current.has(name);
      if (stale) await rm(path.join(dir, name), { force: true, recursive: true });
    }
  }
}

export interface RunExtractOptions {
  /**
   * Documents extracted at once, each in an extraction process of its own with its time and
   * memory budget (src/extractor/pool.ts), so N documents use N cores. Unset: one at a time in
   * this process, without a budget (library callers and tests that want the pipeline in process).
   */
  concurrency?: number;
}

/**
 * Extracts every named input into DIR, one document at a time, each written as soon as it is done
 * (see ExtractionWriter): a run holds one document's records at a time, whatever its length.
 * `onDone` sees each document's result before it is let go. With `concurrency`, up to that many
 * documents are extracted at once in extraction processes; they are still written in input order,
 * so the output is the same bytes whatever the concurrency.
 */
export async function runExtract(paths: string[], outDir: string, pipeline: PipelineDef, onDone?: (r: DocResult) => void, inputs: InputOptions = {}, opts: RunExtractOptions = {}): Promise<ExtractRun> {
  const startedAt = new Date().toISOString();
  const { files, problems } = await expandInputs(paths, inputs);
  if ((await outputFolderState(outDir)) === 'foreign') {
    throw new UsageError(`--out ${outDir} holds files that are not an earlier vetreport output: name a new or empty folder`);
  }
  const uniqueId = docIdAllocator();
  const writer = new ExtractionWriter(outDir, (r, e) =>
    failed(r.docId, r.sourcePath, r.sha256, r.format, new ExtractionError('WRITE_FAILED', `cannot write the extraction of ${r.sourcePath}: ${e.message}`), pipeline));
  await writer.open();
  const pool = opts.concurrency ? new (await import('./extractor/pool.ts')).ExtractorPool() : null;
  let manifest: RunManifest;
  try {
    for (const p of problems) {
      await writer.add(failed(uniqueId(p.path), displayPath(p.path), null, formatOf(p.path), new ExtractionError(p.code, p.message), pipeline), 0);
    }
    const extract = async (f: string, docId: string): Promise<[DocResult, number]> => {
      const t0 = performance.now();
      const r = pool ? await extractInPool(pool, f, docId, pipeline) : await extractFile(f, docId, pipeline);
      return [r, Math.round(performance.now() - t0)];
    };
    // Documents i … i+N-1 are under way while document i is awaited: a slow one holds back at most
    // N-1 finished results, and nothing is written out of order.
    const width = Math.max(1, opts.concurrency ?? 1);
    const started: Array<Promise<[DocResult, number]>> = [];
    for (let i = 0; i < files.length; i++) {
      while (started.length < Math.min(files.length, i + width)) {
        const f = files[started.length]!;
        const job = extract(f, uniqueId(f));
        job.catch(() => undefined); // awaited in order below; a rejection must not go unhandled meanwhile
        started.push(job);
      }
      const [r, ms] = await started[i]!;
      delete started[i];
      onDone?.(r);
      await writer.add(r, ms);
    }
    manifest = await writer.finish({ runId: randomUUID(), pipeline: pipelineInfo(pipeline), startedAt, finishedAt: new Date().toISOString() });
  } catch (e) {
    await writer.abort();
    throw e;
  } finally {
    await pool?.close();
  }
  await removeStale(outDir, manifest.documents.map((d) => d.docId));
  return { documents: manifest.documents, manifest };
}
