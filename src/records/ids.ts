// Stable, readable ids. A document is named by its file name (not its content), so a corrected
// report dropped in again keeps its docId and two runs can be compared record by record.
import { createHash } from 'node:crypto';
import path from 'node:path';
import type { SectionNode } from '../segment/tree.ts';
import { foldForMatch } from '../text/normalize.ts';

/**
 * The longest docId, in UTF-8 bytes. Every file the store and `--out` write for a document is the
 * docId plus at most ~20 bytes (`-docx-12`, `.jsonl`), and file names stop at 255 bytes on the usual
 * filesystems (ext4, xfs, btrfs, APFS, NTFS in UTF-16 units): 200 leaves room for both. An 83-character
 * Chinese file name is 249 bytes.
 */
export const MAX_DOC_ID_BYTES = 200;

/**
 * A docId from a file name: the name without its extension, folded, with characters file systems
 * and URLs dislike replaced. A name too long to be a file name once suffixed keeps a readable prefix
 * and gets 10 hex digits of the full name's sha256 (so two long names that share a prefix differ).
 */
export function docIdFor(filePath: string): string {
  const base = path.basename(filePath).replace(/\.(txt|md|markdown|docx|pdf)$/i, '');
  const id = foldForMatch(base.normalize('NFC'))
    .replace(/[\s/\\:*?"<>|#%]+/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '') || 'document';
  if (Buffer.byteLength(id) <= MAX_DOC_ID_BYTES) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 10);
  let prefix = '';
  for (const ch of id) {
    if (Buffer.byteLength(prefix + ch) > MAX_DOC_ID_BYTES - hash.length - 1) break;
    prefix += ch;
  }
  return `${prefix.replace(/[-.]+$/, '')}-${hash}`;
}

/**
 * docIds for one run. The same report often comes as .docx, .pdf and .txt side by side: the second
 * and later get their format appended (report-pdf), and only a true name clash a number (-2, -3).
 */
export function docIdAllocator(): (filePath: string) => string {
  const used = new Set<string>();
  return (filePath) => {
    const base = docIdFor(filePath);
    const ext = path.extname(filePath).slice(1).toLowerCase();
    let id = base;
    if (used.has(id) && ext) id = `${base}-${ext}`;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return id;
  };
}

/**
 * Section ids follow the numbering path: "二/(一)/1" in a report numbered 一、（一）1., and simply
 * "3.2.1" where a dotted decimal already spells out its ancestors.
 */
export function sectionIds(docId: string, sections: SectionNode[]): Map<SectionNode, string> {
  const ids = new Map<SectionNode, string>();
  const used = new Map<string, number>();
  for (const s of sections) {
    const parts: string[] = [];
    for (let n: SectionNode | null = s; n; n = n.parent) parts.unshift(n.key.replace(/\//g, '／'));
    const kept = parts.filter((p, i) => !(parts[i + 1]?.startsWith(`${p}.`) && /^\d/.test(p)));
    let id = `${docId}/sec/${kept.join('/')}`;
    const seen = used.get(id) ?? 0;
    used.set(id, seen + 1);
    if (seen > 0) id = `${id}~${seen + 1}`;
    ids.set(s, id);
  }
  return ids;
}
