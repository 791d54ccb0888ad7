// `vetreport show <docId>`: one document rendered for reading (src/show/render.ts).
import type { CliIO } from '../cli/io.ts';
import { UsageError } from '../errors.ts';
import { group } from '../export/source.ts';
import { AnyRecord } from '../schema/records.ts';
import { renderMarkdown, renderOutline } from '../show/render.ts';
import { Store } from '../store/store.ts';
import { storeRoot } from './mode.ts';
import { resolveRun } from './runs.ts';

export interface ShowOptions {
  run?: string;
  format: 'md' | 'outline';
  store?: string;
}

export async function showCommand(docId: string, opts: ShowOptions, io: CliIO): Promise<number> {
  const store = new Store(storeRoot(opts));
  let records: AnyRecord[];
  let runId: string;
  if (opts.run) {
    const side = await resolveRun(store, opts.run);
    records = side.records.filter((r) => r.docId === docId);
    runId = side.label;
    if (!records.length) throw new UsageError(`no document ${docId} in ${side.label}`);
  } else {
    const p = await store.latest(docId);
    if (!p) throw new UsageError(`no document ${docId} in the store ${store.root}`);
    runId = p.runId;
    records = (await store.documentRecords(p.runId, docId)).split('\n').filter((l) => l.trim()).map((l) => AnyRecord.parse(JSON.parse(l)));
  }
  const [doc] = group(records, () => runId);
  io.say((opts.format === 'outline' ? renderOutline(doc!) : renderMarkdown(doc!)).replace(/\n$/, ''));
  return 0;
}
