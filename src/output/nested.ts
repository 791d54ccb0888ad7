// The per-document JSON: the same records as records.jsonl, arranged as the report reads —
// sections nested under their parents, each with the tables, cases and figures standing in it.
import type { AnyRecord, SectionRecord } from '../schema/records.ts';

type Attached = Exclude<AnyRecord, { kind: 'document' | 'section' | 'warning' | 'error' }>;
export type SectionTree = SectionRecord & { items: Attached[]; children: SectionTree[] };

/** What the nested arrangement reads of a record: its kind, id, and where it stands. */
export interface RecordOutline {
  kind: AnyRecord['kind'];
  id: string;
  /** Sections: the parent section's id. */
  parentId?: string | null;
  /** Tables, cases, figures: the section they stand in. */
  sectionId?: string | null;
}

/** A record's outline, as `arrange` reads it. */
export function outlineOf(r: AnyRecord): RecordOutline {
  const o: RecordOutline = { kind: r.kind, id: r.id };
  if ('parentId' in r) o.parentId = r.parentId;
  if ('sectionId' in r) o.sectionId = r.sectionId;
  return o;
}

/** Where each record goes in the nested document, by index into `records`. */
interface Arrangement {
  document: number;
  error: number;
  /** Section index → indexes of its child sections and of the records standing in it. */
  children: Map<number, number[]>;
  items: Map<number, number[]>;
  roots: number[];
  unplaced: number[];
  warnings: number[];
}

function arrange(records: RecordOutline[]): Arrangement {
  const sections = new Map<string, number>();
  const a: Arrangement = { document: -1, error: -1, children: new Map(), items: new Map(), roots: [], unplaced: [], warnings: [] };
  records.forEach((r, i) => {
    if (r.kind === 'section') {
      // A repeated id keeps its first place and takes the later record, as a Map does.
      sections.set(r.id, i);
      a.children.set(i, []);
      a.items.set(i, []);
    }
  });
  for (const i of sections.values()) {
    const r = records[i]!;
    const parent = r.parentId ? sections.get(r.parentId) : undefined;
    (parent !== undefined ? a.children.get(parent)! : a.roots).push(i);
  }
  records.forEach((r, i) => {
    if (r.kind === 'table' || r.kind === 'case' || r.kind === 'figure') {
      const home = r.sectionId ? sections.get(r.sectionId) : undefined;
      (home !== undefined ? a.items.get(home)! : a.unplaced).push(i);
    } else if (r.kind === 'document' && a.document < 0) a.document = i;
    else if (r.kind === 'error' && a.error < 0) a.error = i;
    else if (r.kind === 'warning') a.warnings.push(i);
  });
  return a;
}

/** The nested document as objects: `{document, error, sections (trees), unplaced, warnings}`. */
export function nestedDocument(records: AnyRecord[]) {
  const a = arrange(records);
  const tree = (i: number): SectionTree => ({
    ...(records[i] as SectionRecord),
    items: a.items.get(i)!.map((k) => records[k] as Attached),
    children: a.children.get(i)!.map(tree),
  });
  return {
    document: a.document >= 0 ? records[a.document]! : null,
    error: a.error >= 0 ? records[a.error]! : null,
    sections: a.roots.map(tree),
    unplaced: a.unplaced.map((k) => records[k] as Attached),
    warnings: a.warnings.map((k) => records[k]!),
  };
}

/**
 * The nested document's JSON text, byte for byte `JSON.stringify(nestedDocument(records))`, put
 * together from each record's JSON (`json[i]` = `JSON.stringify(records[i])`) so that a record is
 * serialized once for every output. A section's object gains `items` and `children` after its own
 * keys, as the spread in nestedDocument places them (no record kind has keys of those names).
 */
export function nestedDocumentJson(records: RecordOutline[], json: string[]): string {
  const a = arrange(records);
  const list = (xs: number[]) => xs.map((k) => json[k]!).join(',');
  const tree = (i: number): string =>
    `${json[i]!.slice(0, -1)},"items":[${list(a.items.get(i)!)}],"children":[${a.children.get(i)!.map(tree).join(',')}]}`;
  const one = (i: number) => (i >= 0 ? json[i]! : 'null');
  return `{"document":${one(a.document)},"error":${one(a.error)},"sections":[${a.roots.map(tree).join(',')}],"unplaced":[${list(a.unplaced)}],"warnings":[${list(a.warnings)}]}`;
}
