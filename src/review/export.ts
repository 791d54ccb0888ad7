// The review as static, read-only pages that open from disk: outDir/index.html and
// outDir/docs/<docId>.html, no buttons, decisions shown as recorded. Each file is replaced
// atomically, so a reader never sees half a page.
import path from 'node:path';
import { writeFileAtomic } from '../output/atomic.ts';
import type { Store } from '../store/store.ts';
import { loadReview } from './data.ts';
import { loadDecisions } from './decisions.ts';
import { renderDocument, renderIndex } from './render.ts';

export interface ExportOptions {
  store: Store;
  a?: string;
  b?: string;
  /** Two editions of a report (as `vetreport diff --align`). */
  align?: boolean;
  outDir: string;
}

export interface ExportResult {
  /** outDir/index.html */
  index: string;
  /** Every page written, index first. */
  files: string[];
  changes: number;
}

export async function exportReview(opts: ExportOptions): Promise<ExportResult> {
  const { data, decisionLogs } = await loadReview(opts.store, opts.a, opts.b, opts.align ?? false);
  const decisions = await loadDecisions(decisionLogs);
  const files: string[] = [];
  for (const doc of data.docs) {
    const file = path.join(opts.outDir, 'docs', doc.file);
    await writeFileAtomic(file, renderDocument(data, doc, decisions, { interactive: false }));
    files.push(file);
  }
  // The index last: it links to pages that are all there by then.
  const index = path.join(opts.outDir, 'index.html');
  await writeFileAtomic(index, renderIndex(data, decisions, { interactive: false }));
  return { index, files: [index, ...files], changes: data.changeIds.size };
}
