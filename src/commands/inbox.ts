// What becomes of a file found in an inbox, by the watcher or by `vetreport rerun --missing`: the
// inbox and the store are the truth, a queue only carries work between them. A file is extracted
// when the store has no extraction of its present bytes by this pipeline version; the same bytes
// under a second name are skipped (and said so); a file that is not a regular file gets a job all
// the same, so its refusal is stored as the document's error record.
import { createHash } from 'node:crypto';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { ExtractionError } from '../errors.ts';
import { readInput } from '../inputs.ts';
import type { PipelineDef } from '../pipeline.ts';
import { docIdFor } from '../records/ids.ts';
import { displayPath } from '../run-extract.ts';
import type { Store } from '../store/store.ts';

export type InboxDecision =
  | { action: 'queue'; docId: string; sha256: string }
  | { action: 'done'; docId: string }
  | { action: 'duplicate'; docId: string; of: string }
  | { action: 'refuse'; docId: string; code: string; message: string };

/** sha256 of a file, remembered while its size and mtime stay the same (a rescan reads nothing new). */
type HashCache = Map<string, { size: number; mtimeMs: number; sha256: string }>;

export class Inbox {
  private readonly hashes: HashCache = new Map();
  /** Content already extracted (or queued) → the document that has it. */
  private bySha = new Map<string, string>();

  constructor(private readonly store: Store, private readonly pipeline: PipelineDef) {}

  /** Reloads what the store has: call before a pass over the inbox. */
  async refresh(): Promise<void> {
    this.bySha = new Map();
    for (const p of await this.store.allLatest()) if (p.sha256 && p.status === 'ok' && !this.bySha.has(p.sha256)) this.bySha.set(p.sha256, p.docId);
  }

  /** Decides for one file; a 'queue' decision counts as extracted from then on (a second copy is a duplicate). */
  async decide(file: string): Promise<InboxDecision> {
    const docId = docIdFor(file);
    let sha256: string;
    try {
      sha256 = await this.hash(file);
    } catch (e) {
      if (!(e instanceof ExtractionError)) throw e;
      const latest = await this.store.latest(docId);
      if (latest?.status === 'failed' && latest.error?.code === e.code && latest.sha256 === null) return { action: 'done', docId };
      return { action: 'refuse', docId, code: e.code, message: e.message };
    }
    const latest = await this.store.latest(docId);
    if (latest && latest.sha256 === sha256 && latest.pipelineVersion === this.pipeline.version) return { action: 'done', docId };
    const other = this.bySha.get(sha256);
    if (other !== undefined && other !== docId) return { action: 'duplicate', docId, of: other };
    this.bySha.set(sha256, docId);
    return { action: 'queue', docId, sha256 };
  }

  private async hash(file: string): Promise<string> {
    const abs = path.resolve(file);
    const st = await stat(file).catch(() => null);
    const cached = this.hashes.get(abs);
    if (st?.isFile() && cached && cached.size === st.size && cached.mtimeMs === st.mtimeMs) return cached.sha256;
    const { bytes, size, mtimeMs } = await readInput(file, displayPath(file), this.pipeline.options.maxInputBytes);
    const sha256 = createHash('sha256').update(bytes).digest('hex');
    this.hashes.set(abs, { size, mtimeMs, sha256 });
    return sha256;
  }
}
