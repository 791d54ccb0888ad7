// One document through the pipeline: bytes → blocks → chapter tree → records. This is the job
// handler shared by the CLI, the embedded runner and the queue workers.
import { createHash } from 'node:crypto';
import type { LoadedDocument } from './blocks.ts';
import { ExtractionError } from './errors.ts';
import { formatOf, loadDocument } from './load/index.ts';
import { documentRecord, preambleText, RecordContext, sectionRecords, segmentWarnings, type SourceInfo } from './records/build.ts';
import { AnyRecord, type ErrorRecord, type Extractor, type Format } from './schema/records.ts';
import { segment } from './segment/segment.ts';
import { extractCases } from './cases/index.ts';
import { extractFigures } from './figures/index.ts';
import { extractTables } from './tables/index.ts';
import { extractIndicators } from './indicators/index.ts';
import type { CaseRecord, TableRecord } from './schema/records.ts';

export interface PipelineDef {
  name: string;
  version: string;
  /** The stages run, in order; recorded in run manifests. */
  stages: string[];
  options: { maxInputBytes: number };
}

export interface DocResult {
  docId: string;
  sourcePath: string;
  sha256: string | null;
  format: Format | null;
  status: 'ok' | 'failed';
  records: AnyRecord[];
  /** The normalized text provenance offsets point into; null when extraction failed. */
  text: string | null;
  error: { code: string; message: string } | null;
}

export function extractorOf(p: PipelineDef): Extractor {
  return { pipeline: p.name, version: p.version };
}

export async function extractBuffer(buf: Buffer, sourcePath: string, docId: string, pipeline: PipelineDef): Promise<DocResult> {
  const sha256 = createHash('sha256').update(buf).digest('hex');
  const format = formatOf(sourcePath);
  try {
    if (!format) throw new ExtractionError('UNSUPPORTED_FORMAT', `unsupported file type "${sourcePath}": expected .txt, .md, .docx, .doc, .wps, .pdf, .html, .htm or an image (.png, .jpg, .tif)`);
    if (buf.length > pipeline.options.maxInputBytes) {
      throw new ExtractionError('TOO_LARGE', `the file is ${buf.length} bytes, above the pipeline's limit of ${pipeline.options.maxInputBytes}`);
    }
    const doc = await loadDocument(buf, format);
    const records = buildRecords(doc, { path: sourcePath, sha256, bytes: buf.length, format }, docId, pipeline);
    return { docId, sourcePath, sha256, format, status: 'ok', records, text: doc.text, error: null };
  } catch (e) {
    return failed(docId, sourcePath, sha256, format, e, pipeline);
  }
}

/** A loaded document → its records (document, sections, tables, cases, figures, indicators, warnings), sorted as extractBuffer returns them. */
export function buildRecords(doc: LoadedDocument, source: SourceInfo, docId: string, pipeline: PipelineDef): AnyRecord[] {
  const seg = segment(doc.blocks);
  const ctx = new RecordContext(docId, source, extractorOf(pipeline), doc, seg);
  // Cases go first: a 案例 box is often a one-cell table, which must not also become a table record.
  const cases = extractCases(ctx, new Set());
  const tables = extractTables(ctx, cases.consumed);
  const figures = extractFigures(ctx, new Set([...cases.consumed, ...tables.consumed]));
  const consumed = new Set([...cases.consumed, ...tables.consumed, ...figures.consumed]);
  const sections = sectionRecords(ctx, consumed);
  // Figures are read from running text and case bodies, not from the captions the tables and figures took.
  const indicators = extractIndicators(ctx, new Set([...tables.consumed, ...figures.consumed]), cases.aliases, tables.records.filter((r): r is TableRecord => r.kind === 'table'), cases.records.filter((r): r is CaseRecord => r.kind === 'case'));
  const found = [...cases.records, ...tables.records, ...figures.records, ...indicators];
  const warnings = [...segmentWarnings(ctx), ...found.filter((r) => r.kind === 'warning')];
  const items = found.filter((r) => r.kind !== 'warning');
  const count = (k: string) => items.filter((r) => r.kind === k).length;
  const counts = { sections: sections.length, tables: count('table'), cases: count('case'), figures: count('figure'), warnings: warnings.length };
  const document = documentRecord(ctx, doc.encoding, counts, cases.aliases, preambleText(ctx, consumed));
  const byPosition = (a: AnyRecord, b: AnyRecord) => (a.provenance.charStart ?? 0) - (b.provenance.charStart ?? 0);
  return validate([document, ...[...sections, ...items].sort(byPosition), ...warnings.sort(byPosition)]);
}

/** Every record is checked against the schema before it can be written. */
function validate(records: AnyRecord[]): AnyRecord[] {
  return records.map((r) => {
    const res = AnyRecord.safeParse(r);
    if (!res.success) {
      throw new ExtractionError('INVALID_RECORD', `internal error: record ${r.id} does not match the ${r.kind} schema: ${res.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
    }
    return res.data;
  });
}

/**
 * Structure nested deeper than the extractor's recursion can follow (nested XML elements, tables in
 * tables): untrusted input, not a fault of ours.
 */
function isStackOverflow(e: unknown): boolean {
  return e instanceof RangeError && /maximum call stack size exceeded/i.test(e.message);
}

export function failed(docId: string, sourcePath: string, sha256: string | null, format: Format | null, e: unknown, pipeline: PipelineDef): DocResult {
  const code = e instanceof ExtractionError ? e.code : isStackOverflow(e) ? 'TOO_DEEP' : 'INTERNAL_ERROR';
  const message = isStackOverflow(e) ? 'the document nests its structure deeper than the extractor can follow' : e instanceof Error ? e.message : String(e);
  const record: ErrorRecord = {
    kind: 'error',
    id: `${docId}/error`,
    docId,
    provenance: { sourcePath, sha256, format, sectionId: null },
    extractor: extractorOf(pipeline),
    code,
    message,
  };
  return { docId, sourcePath, sha256, format, status: 'failed', records: [AnyRecord.parse(record)], text: null, error: { code, message } };
}
