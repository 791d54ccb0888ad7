// --format sqlite: one database of the whole source, for SQL across reports:
//   SELECT subject, value FROM indicators WHERE indicator = 'employment.rate' AND period = 2023
// Keys are record ids; every row names its document (documents.id) and, where it has one, its
// section (sections.id). A table's cells are rows of `cells` keyed by (table_id, row, col).
// Written with better-sqlite3 into a temporary file that replaces the target when complete.
import Database from 'better-sqlite3';
import { layoutBody } from './grid.ts';
import type { ExportSource } from './source.ts';

const SCHEMA = `
CREATE TABLE export_info (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE documents (
  id TEXT PRIMARY KEY, run TEXT NOT NULL, title TEXT, region TEXT, year INTEGER, report_type TEXT,
  format TEXT, source_path TEXT, sha256 TEXT, error TEXT
);
CREATE TABLE sections (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), parent_id TEXT REFERENCES sections(id),
  number TEXT, title TEXT NOT NULL, level INTEGER NOT NULL, text TEXT NOT NULL, inferred INTEGER NOT NULL,
  line_start INTEGER, page INTEGER, char_start INTEGER, char_end INTEGER
);
CREATE TABLE tables (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), section_id TEXT REFERENCES sections(id),
  number TEXT, title TEXT, unit TEXT, columns TEXT NOT NULL, header_rows INTEGER NOT NULL, body_rows INTEGER NOT NULL,
  line_start INTEGER, page INTEGER
);
CREATE TABLE cells (
  table_id TEXT NOT NULL REFERENCES tables(id), row INTEGER NOT NULL, col INTEGER NOT NULL,
  row_label TEXT, column_path TEXT NOT NULL, text TEXT NOT NULL, value REAL, type TEXT NOT NULL, unit TEXT,
  PRIMARY KEY (table_id, row, col)
);
CREATE TABLE cases (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), section_id TEXT REFERENCES sections(id),
  number TEXT, title TEXT NOT NULL, subject TEXT, subject_full_name TEXT, body TEXT NOT NULL
);
CREATE TABLE indicators (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), section_id TEXT REFERENCES sections(id),
  indicator TEXT, label TEXT NOT NULL, subject TEXT, subject_printed TEXT, period INTEGER, period_kind TEXT, period_text TEXT,
  value REAL NOT NULL, unit TEXT NOT NULL, qualifier TEXT, change_direction TEXT, change_value REAL, change_unit TEXT,
  printed TEXT NOT NULL, source TEXT NOT NULL, table_id TEXT REFERENCES tables(id), row INTEGER, col INTEGER,
  page INTEGER, line_start INTEGER, char_start INTEGER, char_end INTEGER
);
CREATE TABLE warnings (
  id TEXT PRIMARY KEY, doc_id TEXT NOT NULL REFERENCES documents(id), section_id TEXT REFERENCES sections(id),
  code TEXT NOT NULL, message TEXT NOT NULL
);
CREATE INDEX indicators_by_key ON indicators (indicator, period);
CREATE INDEX indicators_by_doc ON indicators (doc_id);
CREATE INDEX sections_by_doc ON sections (doc_id);
`;

/** Writes the database to `file` (which must not exist: the caller writes to a temporary name). */
export function writeSqlite(src: ExportSource, file: string): void {
  const db = new Database(file);
  try {
    // One transaction, no journal file: the whole file is replaced on success anyway.
    db.pragma('journal_mode = OFF');
    db.pragma('foreign_keys = ON');
    db.exec(SCHEMA);
    const ins = (table: string, n: number) => db.prepare(`INSERT INTO ${table} VALUES (${new Array(n).fill('?').join(', ')})`);
    const info = ins('export_info', 2);
    const doc = ins('documents', 10);
    const sec = ins('sections', 12);
    const tab = ins('tables', 11);
    const cell = ins('cells', 9);
    const cas = ins('cases', 8);
    const ind = ins('indicators', 25);
    const warn = ins('warnings', 5);
    db.transaction(() => {
      // A section's parent may follow it in the records (an inferred parent sorts at its first child).
      db.pragma('defer_foreign_keys = ON');
      info.run('source', src.label);
      info.run('runs', src.runs.join(', '));
      for (const d of src.documents) {
        const r = d.document;
        doc.run(d.docId, d.runId, r?.title ?? null, r?.region ?? null, r?.year ?? null, r?.reportType ?? null, r?.source.format ?? null, r?.source.path ?? null, r?.source.sha256 ?? null, d.error ? `${d.error.code}: ${d.error.message}` : null);
        const sections = new Set(d.sections.map((s) => s.id));
        const inSection = (id: string | null | undefined) => (id && sections.has(id) ? id : null);
        // Parents before children: a section's parent precedes it in document order, inferred ones too.
        for (const s of d.sections) sec.run(s.id, d.docId, inSection(s.parentId), s.number, s.title, s.level, s.text, s.inferred ? 1 : 0, s.provenance.lineStart ?? null, s.provenance.page ?? null, s.provenance.charStart ?? null, s.provenance.charEnd ?? null);
        for (const t of d.tables) {
          tab.run(t.id, d.docId, inSection(t.sectionId), t.number, t.title, t.unit, JSON.stringify(t.columns.map((c) => c.path.join(' / '))), t.headerRows.length, t.rows.length, t.provenance.lineStart ?? null, t.provenance.page ?? null);
          const body = layoutBody(t).grid;
          t.rows.forEach((row, ri) => {
            const labelAt = row.findIndex((c) => c.type === 'text');
            const rowLabel = labelAt >= 0 ? row[labelAt]!.text : null;
            row.forEach((c, ci) => {
              if (!body[ri]![ci]) return; // covered by a merged cell: written once, at its top-left
              cell.run(t.id, ri, ci, rowLabel, t.columns[ci]?.path.join(' / ') ?? '', c.text, c.value, c.type, c.unit ?? null);
            });
          });
        }
        for (const c of d.cases) cas.run(c.id, d.docId, inSection(c.sectionId), c.number, c.title, c.subject, c.subjectFullName, c.body);
        const tables = new Set(d.tables.map((t) => t.id));
        for (const r of d.indicators) {
          ind.run(r.id, d.docId, inSection(r.sectionId), r.indicator, r.label, r.subject, r.subjectPrinted, r.period?.year ?? null, r.period?.kind ?? null, r.period?.text ?? null, r.value, r.unit, r.qualifier.join('，') || null, r.change?.direction ?? null, r.change?.value ?? null, r.change?.unit ?? null, r.printed.text, r.source, r.cell && tables.has(r.cell.tableId) ? r.cell.tableId : null, r.cell?.row ?? null, r.cell?.column ?? null, r.provenance.page ?? null, r.provenance.lineStart ?? null, r.provenance.charStart ?? null, r.provenance.charEnd ?? null);
        }
        for (const w of d.warnings) warn.run(w.id, d.docId, inSection(w.provenance.sectionId), w.code, w.message);
      }
    })();
  } finally {
    db.close();
  }
}
