// `vetreport fsck [--repair]`: one line per problem (and what was done about it), a summary, and
// exit 0 when the store is consistent (or was made so), 1 when a problem remains.
import { stat } from 'node:fs/promises';
import type { CliIO } from '../cli/io.ts';
import { UsageError } from '../errors.ts';
import { fsck } from '../store/fsck.ts';
import { Store } from '../store/store.ts';
import { storeRoot } from './mode.ts';

export async function fsckCommand(opts: { store?: string; repair?: boolean }, io: CliIO): Promise<number> {
  const root = storeRoot(opts);
  if (!(await stat(root).catch(() => null))?.isDirectory()) throw new UsageError(`no store at ${root}`);
  const r = await fsck(new Store(root), { repair: opts.repair });
  for (const p of r.problems) io.say(`${p.file}: ${p.what}${p.repaired ? ` — repaired: ${p.repaired}` : ''}`);
  for (const runId of r.skippedRunning) io.say(`run ${runId} is being written: not checked`);
  const left = r.problems.filter((p) => !p.repaired).length;
  io.say(`${r.runs} run(s), ${r.results} result(s), ${r.pointers} latest pointer(s): ${r.problems.length === 0 ? 'consistent' : `${r.problems.length} problem(s), ${r.problems.length - left} repaired${left && !opts.repair ? ' (--repair fixes what the results can rebuild)' : ''}`}`);
  return left === 0 ? 0 : 1;
}
