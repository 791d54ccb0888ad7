// `vetreport diff`: what changed in the extracted data between two runs.
import { diffRecords, exitCodeFor, formatJson, formatText, type RecordDiff } from '../diff/index.ts';
import { loadDecisions } from '../review/decisions.ts';
import { changeState } from '../review/parts.ts';
import { Store } from '../store/store.ts';
import { UsageError } from '../errors.ts';
import { AnyRecord } from '../schema/records.ts';
import type { CliIO } from '../cli/io.ts';
import { storeRoot } from './mode.ts';
import { latestPair, resolveRun, type RunSide } from './runs.ts';

export interface DiffCommandOptions {
  doc?: string;
  kind?: string[];
  align?: boolean;
  unreviewed?: boolean;
}

export async function comparedRuns(store: Store, a?: string, b?: string): Promise<{ before: RunSide; after: RunSide }> {
  if (a && b) return { before: await resolveRun(store, a), after: await resolveRun(store, b) };
  if (a) {
    const runs = await store.runs();
    return { before: await resolveRun(store, a), after: await resolveRun(store, runs[0]!) };
  }
  return latestPair(store);
}

/** Record kinds the schema knows, for checking --kind. */
export const RECORD_KINDS: string[] = AnyRecord.options.map((o) => o.shape.kind.value);

export async function runDiff(store: Store, a: string | undefined, b: string | undefined, opts: DiffCommandOptions): Promise<{ diff: RecordDiff; before: RunSide; after: RunSide }> {
  const unknownKinds = (opts.kind ?? []).filter((k) => !RECORD_KINDS.includes(k));
  if (unknownKinds.length) throw new UsageError(`unknown record kind ${unknownKinds.join(', ')} (known: ${RECORD_KINDS.join(', ')})`);
  const { before, after } = await comparedRuns(store, a, b);
  if (opts.doc !== undefined && !opts.align && ![...before.records, ...after.records].some((r) => r.docId === opts.doc)) {
    throw new UsageError(`no document ${opts.doc} in ${before.label} or ${after.label}`);
  }
  const diff = diffRecords(before.records, after.records, { docId: opts.doc, kinds: opts.kind, align: opts.align });
  if (opts.unreviewed) {
    const decided = await loadDecisions(after.decisionLogs);
    diff.changes = diff.changes.filter((c) => changeState(decided, c) === 'unreviewed');
    for (const k of ['added', 'removed', 'changed', 'moved'] as const) diff.summary[k] = diff.changes.filter((c) => c.change === k).length;
  }
  return { diff, before, after };
}

export function renderDiff(diff: RecordDiff, format: 'text' | 'json'): string {
  return format === 'json' ? formatJson(diff) : formatText(diff);
}

export { exitCodeFor };

export async function diffCommand(a: string | undefined, b: string | undefined, opts: DiffCommandOptions & { store?: string; format: 'text' | 'json' }, io: CliIO): Promise<number> {
  const { diff } = await runDiff(new Store(storeRoot(opts)), a, b, opts);
  io.say(renderDiff(diff, opts.format).replace(/\n$/, ''));
  return exitCodeFor(diff);
}
