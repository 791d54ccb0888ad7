// Legacy Word (.doc) and WPS (.wps) files, and a .docx that is really one of them. With LibreOffice
// installed they are converted to .docx and read by the DOCX loader, so tables, list numbering,
// text boxes and footnotes come out as they would from Word's own .docx. Without it, the text is
// read with word-extractor: paragraphs with their typed numbers (headings by numbering, as
// everywhere), tables from Word's cell marks, without merges; a warning says so.
import type { LoadedDocument } from '../blocks.ts';
import { ExtractionError } from '../errors.ts';
import { loadDocx } from './docx.ts';
import { isOle2, isZip } from './magic.ts';
import { CONVERSION_BASE_MS, CONVERSION_PER_MB_MS, convertWithSoffice, findSoffice } from './soffice.ts';
import { assemble } from './docx/assemble.ts';
import { normalizeParagraphText, type Draft, type DraftCell } from './docx/html-blocks.ts';


/**
 * Reads a legacy Word or WPS file. `kind` is what the file name says; the bytes decide: a ZIP is a
 * .docx whatever its name, an OLE2 file is converted as Word 97–2003 (WPS Office writes .wps in
 * that format), anything else is handed to LibreOffice under its own extension (RTF, HTML saved as
 * .doc). Errors: CONVERSION_FAILED, CONVERSION_TIMEOUT; LEGACY_DOC when there is no LibreOffice and
 * the text-only reader cannot read the file either.
 */
export async function loadLegacyWord(buf: Buffer, kind: 'doc' | 'wps' | 'docx'): Promise<LoadedDocument> {
  if (isZip(buf)) return loadDocx(buf);
  const soffice = findSoffice();
  const fromExt = isOle2(buf) ? 'doc' : kind === 'docx' ? 'doc' : kind;
  if (soffice) {
    const limit = CONVERSION_BASE_MS + Math.round((CONVERSION_PER_MB_MS * buf.length) / 1e6);
    const converted = await convertWithSoffice(soffice, buf, fromExt, 'docx', limit);
    const doc = await loadDocx(converted.data);
    return { ...doc, conversion: converted.description };
  }
  return textOnly(buf, kind);
}

async function textOnly(buf: Buffer, kind: string): Promise<LoadedDocument> {
  const install = 'install LibreOffice (soffice on PATH, or VETREPORT_SOFFICE) to read it in full';
  if (!isOle2(buf)) throw new ExtractionError('LEGACY_DOC', `the .${kind} file is not a Word 97–2003 file the text-only reader knows; ${install}`);
  const { default: WordExtractor } = await import('word-extractor');
  let body: string;
  try {
    body = (await new WordExtractor().extract(buf)).getBody();
  } catch (e) {
    throw new ExtractionError('LEGACY_DOC', `the .${kind} file could not be read as text (${(e as Error).message}); ${install}`);
  }
  const { blocks, text } = assemble(textOnlyDrafts(body));
  // Merged cells are not known from the text: the table stage lays the rows out as printed.
  for (const b of blocks) if (b.type === 'table') b.spansKnown = false;
  return {
    blocks,
    text,
    encoding: null,
    conversion: 'word-extractor: text only',
    issues: [
      {
        code: 'LEGACY_TEXT_ONLY',
        message: `LibreOffice is not installed: the .${kind} file was read as text only, so tables and list numbering are approximate (numbers Word drew are missing); ${install}.`,
        span: { charStart: 0, charEnd: 0 },
      },
    ],
  };
}

/**
 * word-extractor's text: one paragraph per line; a table row is its cells each closed by a TAB (Word's
 * cell mark), so a line ending in a TAB is a row and a run of them is a table. Rows Word wrote
 * without a row mark come out joined on one line: the table's approximation.
 */
export function textOnlyDrafts(body: string): Draft[] {
  const drafts: Draft[] = [];
  let rows: DraftCell[][] = [];
  const closeTable = () => {
    if (rows.length) drafts.push({ type: 'table', rows });
    rows = [];
  };
  for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
    if (raw.endsWith('\t')) {
      rows.push(raw.slice(0, -1).split('\t').map((t) => ({ text: normalizeParagraphText(t), colSpan: 1, rowSpan: 1, notes: [] })));
      continue;
    }
    const text = normalizeParagraphText(raw);
    if (!text) continue;
    closeTable();
    drafts.push({ type: 'paragraph', text, hints: {} });
  }
  closeTable();
  return drafts;
}
