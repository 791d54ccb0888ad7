// The per-document JSON: the same records as records.jsonl, arranged as the report reads —
// sections nested under their parents, each with the tables, cases and figures standing in it.
import type { AnyRecord, SectionRecord } from '../schema/records.ts';

type Attached = Exclude<AnyRecord, { kind: 'document' | 'section' | 'warning' | 'error' }>;
export type SectionTree = SectionRecord & { items: Attached[]; children: SectionTree[] };

export function nestedDocument(records: AnyRecord[]) {
  const nodes = new Map<string, SectionTree>();
  const roots: SectionTree[] = [];
  const unplaced: Attached[] = [];
  for (const r of records) if (r.kind === 'section') nodes.set(r.id, { ...r, items: [], children: [] });
  for (const n of nodes.values()) {
    const parent = n.parentId ? nodes.get(n.parentId) : undefined;
    (parent ? parent.children : roots).push(n);
  }
  for (const r of records) {
    if (r.kind === 'table' || r.kind === 'case' || r.kind === 'figure') {
      const home = r.sectionId ? nodes.get(r.sectionId) : undefined;
      (home ? home.items : unplaced).push(r);
    }
  }
  return {
    document: records.find((r) => r.kind === 'document') ?? null,
    error: records.find((r) => r.kind === 'error') ?? null,
    sections: roots,
    unplaced,
    warnings: records.filter((r) => r.kind === 'warning'),
  };
}
