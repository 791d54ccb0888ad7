// What an export is made from: the records of one run (a run id or its prefix in the store, or a
// directory holding an `extract --out` records.jsonl), or by default the latest extraction of every
// document in the store. Documents come in docId order, each with its records in their file order,
// so the same source always gives the same export.
import { UsageError } from '../errors.ts';
import { AnyRecord, type CaseRecord, type DocumentRecord, type IndicatorRecord, type SectionRecord, type TableRecord, type WarningRecord } from '../schema/records.ts';
import type { Store } from '../store/store.ts';
import { resolveRun } from '../commands/runs.ts';

export interface ExportDocument {
  docId: string;
  /** The run the document's records come from. */
  runId: string;
  document: DocumentRecord | null;
  sections: SectionRecord[];
  tables: TableRecord[];
  cases: CaseRecord[];
  indicators: IndicatorRecord[];
  warnings: WarningRecord[];
  /** The error of a document that could not be extracted. */
  error: { code: string; message: string } | null;
}

export interface ExportSource {
  /** How the source is named in every export: a run id, a directory, or "latest of every document (runs …)". */
  label: string;
  runs: string[];
  documents: ExportDocument[];
}

function parse(text: string): AnyRecord[] {
  return text.split('\n').filter((l) => l.trim()).map((l) => AnyRecord.parse(JSON.parse(l)));
}

export function group(records: AnyRecord[], runOf: (docId: string) => string): ExportDocument[] {
  const docs = new Map<string, ExportDocument>();
  for (const r of records) {
    let d = docs.get(r.docId);
    if (!d) docs.set(r.docId, (d = { docId: r.docId, runId: runOf(r.docId), document: null, sections: [], tables: [], cases: [], indicators: [], warnings: [], error: null }));
    switch (r.kind) {
      case 'document': d.document = r; break;
      case 'section': d.sections.push(r); break;
      case 'table': d.tables.push(r); break;
      case 'case': d.cases.push(r); break;
      case 'indicator': d.indicators.push(r); break;
      case 'warning': d.warnings.push(r); break;
      case 'error': d.error = { code: r.code, message: r.message }; break;
      default: break;
    }
  }
  return [...docs.values()].sort((a, b) => (a.docId < b.docId ? -1 : a.docId > b.docId ? 1 : 0));
}

/** The records to export: `run` as named, or the latest extraction of every document. */
export async function exportSource(store: Store, run?: string): Promise<ExportSource> {
  if (run) {
    const side = await resolveRun(store, run);
    return { label: side.label, runs: [side.label], documents: group(side.records, () => side.label) };
  }
  const latest = (await store.allLatest()).sort((a, b) => (a.docId < b.docId ? -1 : 1));
  if (latest.length === 0) throw new UsageError(`the store ${store.root} holds no extraction yet: run vetreport extract first, or name a run or an extract --out directory`);
  const records: AnyRecord[] = [];
  const runOf = new Map<string, string>();
  for (const p of latest) {
    records.push(...parse(await store.documentRecords(p.runId, p.docId)));
    runOf.set(p.docId, p.runId);
  }
  const runs = [...new Set(runOf.values())].sort();
  return { label: `latest extraction of every document (run${runs.length > 1 ? 's' : ''} ${runs.join(', ')})`, runs, documents: group(records, (d) => runOf.get(d)!) };
}
