// --format xlsx: one workbook with a sheet per table (its caption above, the printed header with its
// merged cells merged, numbers as numbers), an indicators sheet, a documents sheet and an about sheet
// naming the source. Written with exceljs; the workbook's own dates are the source's, so two exports
// of one source differ only in the zip's entry times.
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

export async function xlsxBuffer(src: ExportSource, when: Date): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'vetreport';
  wb.created = when;
  wb.modified = when;
  const used = new Set<string>(['about', 'documents', 'indicators', 'tables']);
  const about = wb.addWorksheet('about');
  about.addRows([['source', src.label], ['runs', src.runs.join(', ')], ['documents', src.documents.length]]);

  const docs = wb.addWorksheet('documents');
  docs.addRow([...DOCUMENT_COLUMNS]);
  docs.addRows(documentRows(src.documents));
  const inds = wb.addWorksheet('indicators');
  inds.addRow([...INDICATOR_COLUMNS]);
  inds.addRows(indicatorRows(src.documents));
  const index = wb.addWorksheet('tables');
  index.addRow(['sheet', 'document', 'table', 'caption']);

  src.documents.forEach((d, docNo) => {
    for (const t of d.tables) {
      const name = sheetName(`${String(docNo + 1).padStart(3, '0')} ${tableName(t)}`, used);
      index.addRow([name, d.docId, t.id, t.title]);
      const ws = wb.addWorksheet(name);
      // Row 1: the caption, as printed above the table.
      ws.getCell(1, 1).value = [t.number ? `表${t.number}` : null, t.title].filter(Boolean).join(' ') || t.id;
      const header = layoutHeader(t);
      const top = 2;
      header.grid.forEach((row, r) => row.forEach((cell, c) => { if (cell) ws.getCell(top + r, c + 1).value = cell.text.replace(/\n/g, ''); }));
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
          if (cell.type === 'percent') x.numFmt = '0.##"%"';
        } else x.value = cell.text.replace(/\n/g, ' ');
      }));
      for (const m of body.merges) {
        try { ws.mergeCells(bodyTop + m.row, m.col + 1, bodyTop + m.row + m.rowSpan - 1, m.col + m.colSpan); } catch { /* overlapping merges of an irregular table: the cells stay apart */ }
      }
    }
  });
  return Buffer.from(await wb.xlsx.writeBuffer());
}
