import { relative } from 'node:path';
import { qualityReport } from '../../pipelines/quality-report.ts';
import { extractBuffer, type DocResult } from '../../src/pipeline.ts';
import { docIdFor } from '../../src/records/ids.ts';
import { extractFile } from '../../src/run-extract.ts';
import type { AnyRecord, SectionRecord, WarningRecord } from '../../src/schema/records.ts';

/** Extracts as a user would name the file: relative to the working directory (the repo root). */
export async function extract(file: string): Promise<DocResult> {
  const rel = relative(process.cwd(), file);
  return extractFile(rel, docIdFor(file), qualityReport);
}

export async function extractBytes(buf: Buffer, name: string): Promise<DocResult> {
  return extractBuffer(buf, name, docIdFor(name), qualityReport);
}

export const sections = (rs: AnyRecord[]) => rs.filter((r): r is SectionRecord => r.kind === 'section');
export const warnings = (rs: AnyRecord[]) => rs.filter((r): r is WarningRecord => r.kind === 'warning');

/** "9.1.1" or "附件/附件2/一": the part of a section id after /sec/. */
export const path = (s: SectionRecord) => s.id.split('/sec/')[1]!;

export function byPath(rs: AnyRecord[], p: string): SectionRecord {
  const s = sections(rs).find((x) => path(x) === p);
  if (!s) throw new Error(`no section ${p}; have ${sections(rs).map(path).join(', ')}`);
  return s;
}

export function childrenOf(rs: AnyRecord[], parent: SectionRecord | null): SectionRecord[] {
  return sections(rs).filter((s) => s.parentId === (parent ? parent.id : null));
}
