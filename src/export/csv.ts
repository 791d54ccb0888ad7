// --format csv: a folder with documents.csv, indicators.csv (long format), one CSV per table under
// tables/<docId>/, and export.json naming the source. RFC 4180 quoting, UTF-8 with a byte-order mark
// (without it Excel reads Chinese text as mojibake), CRLF line ends as the RFC has them.
import path from 'node:path';
import { columnHeader, layoutBody, tableName } from './grid.ts';
import { type Cell, DOCUMENT_COLUMNS, documentRows, INDICATOR_COLUMNS, indicatorRows } from './rows.ts';
import type { ExportSource } from './source.ts';

const BOM = '\ufeff';

function field(v: Cell): string {
  if (v === null) return '';
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvText(header: readonly string[], rows: Cell[][]): string {
  return BOM + [header, ...rows].map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

/** Relative path → contents of every file of a CSV export. */
export function csvFiles(src: ExportSource): Map<string, string> {
  const files = new Map<string, string>();
  files.set('documents.csv', csvText(DOCUMENT_COLUMNS, documentRows(src.documents)));
  files.set('indicators.csv', csvText(INDICATOR_COLUMNS, indicatorRows(src.documents)));
  const tables: Array<{ file: string; table: string; caption: string | null }> = [];
  for (const d of src.documents) {
    const used = new Set<string>();
    for (const t of d.tables) {
      let name = tableName(t);
      for (let n = 2; used.has(name); n++) name = `${tableName(t)}~${n}`;
      used.add(name);
      const file = path.posix.join('tables', d.docId, `${name}.csv`);
      // A merged cell is written once, at its top-left; the places it covers stay empty.
      const rows = layoutBody(t).grid.map((row) => row.map((c) => (c ? c.text.replace(/\n/g, ' ') : null)));
      files.set(file, csvText(columnHeader(t), rows));
      tables.push({ file, table: t.id, caption: t.title });
    }
  }
  files.set('export.json', `${JSON.stringify({ source: src.label, runs: src.runs, format: 'csv', documents: src.documents.length, tables }, null, 2)}\n`);
  return files;
}
