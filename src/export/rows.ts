// The long-format rows every export shares: one line per indicator, one per document.
import type { ExportDocument } from './source.ts';

export type Cell = string | number | null;

export const INDICATOR_COLUMNS = ['document', 'subject', 'indicator', 'label', 'period', 'period_kind', 'value', 'unit', 'qualifier', 'change', 'printed', 'source', 'table', 'row', 'column', 'page', 'line', 'section', 'record_id'] as const;

/** indicators.csv / the indicators sheet: document, subject, indicator, label, period, value, unit, printed text, where, record id. */
export function indicatorRows(docs: ExportDocument[]): Cell[][] {
  const out: Cell[][] = [];
  for (const d of docs) {
    for (const r of d.indicators) {
      const change = r.change ? `${r.change.direction === 'up' ? '+' : '-'}${r.change.value}${r.change.unit === '%' || r.change.unit === '百分点' ? r.change.unit : ` ${r.change.unit}`}` : null;
      out.push([
        d.docId,
        r.subject,
        r.indicator,
        r.label,
        r.period ? r.period.year : null,
        r.period ? r.period.kind : null,
        r.value,
        r.unit,
        r.qualifier.join('，') || null,
        change,
        r.printed.text,
        r.source,
        r.cell ? r.cell.tableId : null,
        r.cell ? r.cell.rowLabel ?? String(r.cell.row) : null,
        r.cell ? r.cell.columnPath.join(' / ') : null,
        r.provenance.page ?? null,
        r.provenance.lineStart ?? null,
        r.sectionId,
        r.id,
      ]);
    }
  }
  return out;
}

export const DOCUMENT_COLUMNS = ['document', 'run', 'title', 'region', 'year', 'report_type', 'format', 'source_path', 'sha256', 'sections', 'tables', 'cases', 'indicators', 'warnings', 'error'] as const;

export function documentRows(docs: ExportDocument[]): Cell[][] {
  return docs.map((d) => {
    const doc = d.document;
    return [
      d.docId,
      d.runId,
      doc?.title ?? null,
      doc?.region ?? null,
      doc?.year ?? null,
      doc?.reportType ?? null,
      doc?.source.format ?? null,
      doc?.source.path ?? null,
      doc?.source.sha256 ?? null,
      d.sections.length,
      d.tables.length,
      d.cases.length,
      d.indicators.length,
      d.warnings.length,
      d.error ? `${d.error.code}: ${d.error.message}` : null,
    ];
  });
}
