// Finds parts of the OPC package by relationship, the way Word (and mammoth) do, rather than by
// assuming file names.
import { attr, child, elements, parseXml } from './xml.ts';

const REL_BASE = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/';

export interface Relationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

export function relationshipsPathOf(partPath: string): string {
  const slash = partPath.lastIndexOf('/');
  return `${partPath.slice(0, slash + 1)}_rels/${partPath.slice(slash + 1)}.rels`;
}

export function parseRelationships(xml: string | null): Relationship[] {
  if (!xml) return [];
  return elements(child(parseXml(xml), 'Relationships'), 'Relationship').map((r) => ({
    id: attr(r, 'Id') ?? '',
    type: attr(r, 'Type') ?? '',
    target: attr(r, 'Target') ?? '',
    external: attr(r, 'TargetMode') === 'External',
  }));
}

/** Zip entry name of a relationship target, relative to the part that owns the relationship. */
export function resolveTarget(ownerPath: string, target: string): string {
  if (target.startsWith('/')) return target.slice(1);
  const base = ownerPath.slice(0, ownerPath.lastIndexOf('/') + 1);
  const out: string[] = [];
  for (const seg of (base + target).split('/')) {
    if (seg === '..') out.pop();
    else if (seg !== '.' && seg !== '') out.push(seg);
  }
  return out.join('/');
}

export function mainDocumentPath(packageRelsXml: string | null): string {
  const rel = parseRelationships(packageRelsXml).find((r) => r.type === `${REL_BASE}officeDocument` || r.type.endsWith('/officeDocument'));
  return rel ? resolveTarget('', rel.target) : 'word/document.xml';
}

/** Zip path of the part the main document relates to by `kind` (styles, numbering…), if any. */
export function relatedPart(mainPath: string, rels: Relationship[], kind: string): string | undefined {
  const rel = rels.find((r) => !r.external && (r.type === REL_BASE + kind || r.type.endsWith(`/${kind}`)));
  return rel ? resolveTarget(mainPath, rel.target) : undefined;
}
