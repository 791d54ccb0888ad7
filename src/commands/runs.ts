// Which records two "runs" hold, for diff and review. A run is a store run id, or a directory with a
// records.jsonl (an `extract --out` export). Without arguments: the newest run against, for each of
// its documents, that document's previous extraction.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AnyRecord } from '../schema/records.ts';
import type { Store } from '../store/store.ts';
import { UsageError } from '../errors.ts';

export interface RunSide {
  label: string;
  /** Where decisions about this comparison are kept (the newer side's run directory). */
  dir: string;
  /** Whose decision logs a comparison with this newer side reads, oldest first, ending with `dir`. */
  decisionLogs: string[];
  records: AnyRecord[];
}

function parseJsonl(text: string): AnyRecord[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => AnyRecord.parse(JSON.parse(l)));
}

async function readJsonl(file: string): Promise<AnyRecord[]> {
  return parseJsonl(await readFile(file, 'utf8'));
}

export async function resolveRun(store: Store, ref: string): Promise<RunSide> {
  if (existsSync(path.join(ref, 'records.jsonl'))) return { label: ref, dir: path.resolve(ref), decisionLogs: [path.resolve(ref)], records: await readJsonl(path.join(ref, 'records.jsonl')) };
  const runs = await store.runs();
  const matches = runs.includes(ref) ? [ref] : runs.filter((r) => r.startsWith(ref));
  if (matches.length > 1) throw new UsageError(`run prefix "${ref}" matches ${matches.length} runs (${matches.slice(0, 3).join(', ')}${matches.length > 3 ? ', …' : ''}): give more of the run id`);
  const runId = matches[0];
  if (!runId) throw new UsageError(`no run "${ref}" in the store ${store.root} and no records.jsonl in a directory of that name`);
  return { label: runId, dir: store.runDir(runId), decisionLogs: decisionLogsThrough(store, runs, runId), records: parseJsonl(await store.runRecords(runId)) };
}

/**
 * The run directories whose decisions apply to a comparison whose newer side is `runId`: that run and
 * every earlier one (`runs` newest first, as Store.runs gives them), oldest first. A change id hashes the
 * change's address and both values, so an earlier decision only ever meets the very same change.
 */
function decisionLogsThrough(store: Store, runs: string[], runId: string): string[] {
  return runs.filter((r) => r <= runId).reverse().map((r) => store.runDir(r));
}

/** The newest run, and for each of its documents the records of the latest earlier run that had it. */
export async function latestPair(store: Store): Promise<{ before: RunSide; after: RunSide }> {
  const runs = await store.runs();
  if (runs.length === 0) throw new Error(`the store ${store.root} has no runs yet`);
  const after = await resolveRun(store, runs[0]!);
  const docs = new Set(after.records.map((r) => r.docId));
  const before: AnyRecord[] = [];
  const labels: string[] = [];
  for (const runId of runs.slice(1)) {
    if (docs.size === 0) break;
    const m = await store.manifest(runId);
    const here = m.documents.map((d) => d.docId).filter((d) => docs.has(d));
    if (here.length === 0) continue;
    for (const docId of here) {
      before.push(...parseJsonl(await store.documentRecords(runId, docId)));
      docs.delete(docId);
    }
    labels.push(runId);
  }
  return { before: { label: labels.join(', ') || '(nothing earlier)', dir: '', decisionLogs: [], records: before }, after };
}
