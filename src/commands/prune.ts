// `vetreport prune` and `vetreport forget`: keeping the store small.
import type { CliIO } from '../cli/io.ts';
import { UsageError } from '../errors.ts';
import { forget, prune } from '../store/maintenance.ts';
import { Store } from '../store/store.ts';
import { storeRoot } from './mode.ts';

export async function pruneCommand(opts: { store?: string; keep?: number; olderThan?: number; dryRun?: boolean }, io: CliIO): Promise<number> {
  if (opts.keep === undefined && opts.olderThan === undefined) throw new UsageError('prune needs --keep N, --older-than DAYS, or both');
  const r = await prune(new Store(storeRoot(opts)), { keep: opts.keep, olderThanDays: opts.olderThan, dryRun: opts.dryRun });
  for (const runId of r.removed) io.say(`${opts.dryRun ? 'would remove' : 'removed'} run ${runId}`);
  for (const k of r.kept) io.say(`kept run ${k.runId}: ${k.reason}`);
  io.say(`${r.removed.length} run${r.removed.length === 1 ? '' : 's'} ${opts.dryRun ? 'would be ' : ''}removed${opts.dryRun ? '' : `, ${r.sourcesRemoved} kept source${r.sourcesRemoved === 1 ? '' : 's'} no longer needed removed`}`);
  return 0;
}

export async function forgetCommand(docIds: string[], opts: { store?: string }, io: CliIO): Promise<number> {
  const store = new Store(storeRoot(opts));
  const r = await forget(store, docIds);
  if (r.unknown.length === docIds.length) throw new UsageError(`no document ${r.unknown.join(', ')} in the store ${store.root}`);
  for (const d of r.unknown) io.warn(`no document ${d} in the store`);
  io.say(`forgot ${docIds.length - r.unknown.length} document${docIds.length - r.unknown.length === 1 ? '' : 's'} (${r.runs} extraction${r.runs === 1 ? '' : 's'} removed)`);
  return r.unknown.length ? 1 : 0;
}
