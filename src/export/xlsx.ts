// --format xlsx: one workbook with a sheet per table (its caption above, the printed header with its
// merged cells merged, numbers as numbers), an indicators sheet, a documents sheet and an about sheet
// naming the source. Written with exceljs's streaming writer: each sheet is turned into XML and
// handed to the zip (native zlib) as soon as it is complete, instead of the whole workbook being held
// as cell objects and then deflated by JSZip's JavaScript deflate — issue 14 asks for an export of
// the corpus run under twice the cost of reading its records, and the in-memory writer took 4–9×.
// The workbook's own dates are the source's, so two exports of one source differ only in the zip's
// entry times.
import { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { isNumber, layoutBody, layoutHeader, tableName } from './grid.ts';
import { DOCUMENT_COLUMNS, documentRows, INDICATOR_COLUMNS, indicatorRows } from './rows.ts';
import type { ExportSource } from './source.ts';

/** Sheet names: at most 31 characters, none of : \ / ? * [ ], unique in the workbook. */
function sheetName(base: string, used: Set<string>): string {
  const clean = base.replace(/[:\\/?*[\]]/g, '-').slice(0, 31);
  let name = clean;
  for (let n = 2; used.has(name.toLowerCase()); n++) name = `${clean.slice(0, 31 - String(n).length - 1)}~${n}`;
  used.add(name.toLowerCase());
  return name;
}

// Every cell gets one of these two style objects instead of a fresh one of its own: exceljs
// resolves a cell's style id through a WeakMap keyed by the style object, so shared objects are
// rendered to XML once per workbook rather than once per cell (the larger part of the writer's cost).
const PLAIN: Partial<ExcelJS.Style> = Object.freeze({});
// A percent cell holds the printed figure (89.02 for 89.02%): the format shows it with its sign
// without scaling it by 100.
const PERCENT: Partial<ExcelJS.Style> = Object.freeze({ numFmt: '0.##"%"' });

function addRows(ws: ExcelJS.Worksheet, rows: Iterable<unknown[]>): void {
  for (const r of rows) ws.addRow(r).eachCell({ includeEmpty: true }, (c) => { c.style = PLAIN; });
}

/**
 * The workbook of `src` as xlsx bytes. Sheets, in this order: about (source label, runs, document
 * count), documents, indicators, tables (an index: sheet name, document id, table id, caption), then
 * one sheet per table named `<document number> <table number>` (1-based document number, 3 digits).
 * A table sheet has the caption in A1, the printed header from row 2 with its merges, then the body;
 * integer/decimal/percent cells are numbers (percent as the printed figure with a `0.##"%"` format).
 * Strings go to the shared-string table, as the in-memory writer put them: exceljs's non-shared form
 * is a formula-result string (t="str") that drops empty strings on reading back, so the cheaper
 * option would change the workbook. `when` is the workbook's created/modified date.
 * The bytes are built in memory; the caller writes them atomically. Throws what exceljs throws.
 */
export async function xlsxBuffer(src: ExportSource, when: Date): Promise<Buffer> {
  const chunks: Buffer[] = [];
  const sink = new Writable({ write(chunk: Buffer, _enc, done) { chunks.push(chunk); done(); } });
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: sink, useSharedStrings: true, useStyles: true });
  wb.creator = 'vetreport';
  wb.created = when;
  wb.modified = when;
  const used = new Set<string>(['about', 'documents', 'indicators', 'tables']);
  // Sheet names are settled before any sheet is written, so the index sheet (placed before the
  // table sheets) can be complete and committed first.
  const tables = src.documents.flatMap((d, docNo) => d.tables.map((t) => ({ d, t, name: sheetName(`${String(docNo + 1).padStart(3, '0')} ${tableName(t)}`, used) })));

  const about = wb.addWorksheet('about');
  addRows(about, [['source', src.label], ['runs', src.runs.join(', ')], ['documents', src.documents.length]]);
  about.commit();
  const docs = wb.addWorksheet('documents');
  docs.addRow([...DOCUMENT_COLUMNS]);
  addRows(docs, documentRows(src.documents));
  docs.commit();
  const inds = wb.addWorksheet('indicators');
  inds.addRow([...INDICATOR_COLUMNS]);
  addRows(inds, indicatorRows(src.documents));
  inds.commit();
  const index = wb.addWorksheet('tables');
  index.addRow(['sheet', 'document', 'table', 'caption']);
  for (const { d, t, name } of tables) index.addRow([name, d.docId, t.id, t.title]);
  index.commit();

  for (const { t, name } of tables) {
    const ws = wb.addWorksheet(name);
    // Row 1: the caption, as printed above the table.
    const caption = ws.getCell(1, 1);
    caption.value = [t.number ? `表${t.number}` : null, t.title].filter(Boolean).join(' ') || t.id;
    caption.style = PLAIN;
    const header = layoutHeader(t);
    const top = 2;
    header.grid.forEach((row, r) => row.forEach((cell, c) => { if (cell) { const x = ws.getCell(top + r, c + 1); x.value = cell.text.replace(/\n/g, ''); x.style = PLAIN; } }));
    for (const m of header.merges) {
      try { ws.mergeCells(top + m.row, m.col + 1, top + m.row + m.rowSpan - 1, m.col + m.colSpan); } catch { /* overlapping spans of an irregular header: the cells stay apart */ }
    }
    const bodyTop = top + t.headerRows.length;
    const body = layoutBody(t);
    body.grid.forEach((row, r) => row.forEach((cell, c) => {
      if (!cell) return;
      const x = ws.getCell(bodyTop + r, c + 1);
      if (isNumber(cell)) {
        x.value = cell.value;
        x.style = cell.type === 'percent' ? PERCENT : PLAIN;
      } else {
        x.value = cell.text.replace(/\n/g, ' ');
        x.style = PLAIN;
      }
    }));
    for (const m of body.merges) {
      try { ws.mergeCells(bodyTop + m.row, m.col + 1, bodyTop + m.row + m.rowSpan - 1, m.col + m.colSpan); } catch { /* overlapping merges of an irregular table: the cells stay apart */ }
    }
    // Merges are only recorded on rows not yet written, so the sheet is committed whole once its
    // last merge is in.
    ws.commit();
  }
  await wb.commit();
  return Buffer.concat(chunks);
}
