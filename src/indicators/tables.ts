// Figures of typed tables. A numeric cell is an indicator when its column path (在校生人数 / 2022年)
// or its row label (a table whose rows are the indicators) names one in the vocabulary; the row
// label names the body it is about when it is a school (柳职院 → 柳州职业技术学院), and a column or
// row label that is a year (2022年, 2022-2023学年, 2023届) its period. A cell of a column the
// vocabulary does not name still makes a record (indicator null) when a unit says what it counts.
import type { Span } from '../blocks.ts';
import type { RecordContext } from '../records/build.ts';
import type { IndicatorRecord, TableCell, TableRecord } from '../schema/records.ts';
import { normalizeUnit, periodOfLabel, periodsIn, scaleDecimal, type Unit } from './grammar.ts';
import { fits, nameIndicator } from './match.ts';
import type { SubjectReader } from './subject.ts';
import type { IndicatorDef } from './vocabulary.ts';

const NUMERIC = new Set<TableCell['type']>(['integer', 'decimal', 'percent', 'ratio']);
// Columns that number or identify rows, never measure anything.
const IDENTIFIER = /^(?:序号|编号|排名|排序|名次|代码|专业代码|年份|年度|电话|联系电话|邮编|学号|工号)$/;

/** The unit a family is counted in when a table names the indicator but prints no unit. */
function defaultUnit(def: IndicatorDef): Unit | null {
  switch (def.family) {
    case 'persons': return { unit: '人', family: 'persons', scale: 0 };
    case 'personTimes': return { unit: '人次', family: 'personTimes', scale: 0 };
    case 'count': return { unit: def.units?.[0] ?? '个', family: 'count', scale: 0 };
    case 'rate': return { unit: '%', family: 'rate', scale: 0 };
    case 'ratio': return { unit: 'ratio', family: 'ratio', scale: 0 };
    // An amount or an area without its unit may be 元 or 万元: no figure rather than a wrong one.
    default: return null;
  }
}

export function tableFacts(ctx: RecordContext, t: TableRecord, subjects: SubjectReader, docYear: number | null): IndicatorRecord[] {
  const out: IndicatorRecord[] = [];
  const titlePeriods = periodsIn(t.title ?? '');
  const titlePeriod = titlePeriods.length === 1 && titlePeriods[0]!.kind !== 'schoolYear' ? titlePeriods[0]! : null;
  const cells = cellLocator(ctx, t);
  t.rows.forEach((row, r) => {
    const labelCol = row.findIndex((c, j) => c.type === 'text' && !IDENTIFIER.test(t.columns[j]?.path.join('') ?? ''));
    const rowLabel = labelCol >= 0 ? row[labelCol]!.text.replace(/\s+/g, '') : null;
    row.forEach((cell, c) => {
      const span = cells(r, c);
      if (!NUMERIC.has(cell.type) || cell.value === null || cell.spannedFrom) return;
      const column = t.columns[c];
      if (!column || column.path.some((p) => IDENTIFIER.test(p.replace(/\s+/g, '')))) return;
      const periodParts = column.path.map((p) => periodOfLabel(p));
      const measure = column.path.filter((_p, k) => !periodParts[k]).join('/');
      const printedUnit = cell.unit ?? column.unit ?? t.unit ?? null;
      let unit: Unit | null = cell.type === 'ratio' ? { unit: 'ratio', family: 'ratio', scale: 0 } : printedUnit ? normalizeUnit(printedUnit.replace(/^([万亿千百]+)(.*)$/, '$2'), /^[万亿千百]+/.exec(printedUnit)?.[0] ?? '') : null;
      let def: IndicatorDef | null = null;
      let label = measure;
      const fromColumn = nameIndicator(measure, unit);
      const rowPeriod = rowLabel ? periodOfLabel(rowLabel) : null;
      const rowSubject = rowLabel && !rowPeriod ? subjects.resolve(rowLabel) : null;
      if (fromColumn) def = fromColumn.def;
      else if (rowLabel && !rowSubject && !rowPeriod) {
        const fromRow = nameIndicator(rowLabel, unit);
        if (fromRow) { def = fromRow.def; label = measure ? `${rowLabel}/${measure}` : rowLabel; }
      }
      if (!def && !unit) {
        // A named column without a printed unit: counted in its family's unit where that is unambiguous.
        const named = nameIndicator(measure, null) ?? (rowLabel && !rowSubject ? nameIndicator(rowLabel, null) : null);
        const u = named ? defaultUnit(named.def) : null;
        if (named && u && fits(named.def, u)) { def = named.def; unit = u; if (!fromColumn && rowLabel && !measure.includes(rowLabel)) label = measure ? `${rowLabel}/${measure}` : rowLabel; }
      }
      if (!unit) return;
      if (!def && !/[\u4e00-\u9fff]/.test(label)) return;
      const period = periodParts.find((p) => p) ?? rowPeriod ?? titlePeriod;
      const value = cell.type === 'ratio' || unit.scale === 0 ? cell.value : scaleDecimal(String(cell.value), unit.scale);
      const prov = span ? ctx.provenance(span, null) : { ...t.provenance };
      prov.sectionId = t.sectionId;
      const rec: IndicatorRecord = {
        kind: 'indicator',
        id: `${ctx.docId}/ind/${t.id.slice(ctx.docId.length + 1)}/r${r}c${c}`,
        docId: ctx.docId,
        provenance: prov,
        extractor: ctx.extractor,
        indicator: def?.key ?? null,
        label: label || rowLabel || '',
        value,
        unit: unit.unit,
        printed: { text: cell.text, value: String(cell.value), unit: printedUnit ?? '' },
        approximate: false,
        period: period ? { year: period.year, kind: period.kind, text: period.text, stated: true } : docYear !== null ? { year: docYear, kind: 'year', text: `${docYear}年`, stated: false } : null,
        subject: rowSubject ?? subjects.defaultSubject,
        subjectPrinted: rowSubject ? rowLabel : null,
        qualifier: [],
        change: cell.direction ? null : null,
        source: 'table',
        cell: { tableId: t.id, row: r, column: c, rowLabel, columnPath: column.path },
        sectionId: t.sectionId,
      };
      if (cell.type === 'ratio' && cell.ratio) rec.ratio = cell.ratio;
      if (!rec.label) return;
      out.push(rec);
    });
  });
  return out;
}

/**
 * Where each cell's text stands in the document: the table's characters are read in row order,
 * each cell's text found after the previous one's. Null where a cell's text is not found there
 * (the cell then points at the whole table).
 */
function cellLocator(ctx: RecordContext, t: TableRecord): (r: number, c: number) => Span | null {
  const { charStart = 0, charEnd = 0 } = t.provenance;
  const text = ctx.doc.text;
  const found = new Map<string, Span>();
  let cursor = charStart;
  let line = t.provenance.lineStart ?? 0;
  let lineAt = charStart;
  // The header is read first, so a figure is not found in the caption or the header above it.
  for (const row of t.headerRows) for (const cell of row) {
    if (!cell.text || cell.spannedFrom) continue;
    const at = text.indexOf(cell.text, cursor);
    if (at >= 0 && at + cell.text.length <= charEnd) cursor = at + cell.text.length;
  }
  t.rows.forEach((row, r) => row.forEach((cell, c) => {
    if (!cell.text || cell.spannedFrom) return;
    const at = text.indexOf(cell.text, cursor);
    if (at < 0 || at + cell.text.length > charEnd) return;
    cursor = at + cell.text.length;
    const span: Span = { charStart: at, charEnd: at + cell.text.length };
    if (t.provenance.lineStart !== undefined) {
      for (; lineAt < at; lineAt++) if (text.charCodeAt(lineAt) === 10) line++;
      span.lineStart = line; span.lineEnd = line + (cell.text.match(/\n/g)?.length ?? 0);
    }
    if (t.provenance.page !== undefined) span.page = t.provenance.page;
    // The cell's own box is not kept by the table record: the table's box on its first page stands for it.
    if (t.provenance.bbox) span.bbox = t.provenance.bbox;
    if (t.provenance.paragraphIndex !== undefined) span.paragraphIndex = t.provenance.paragraphIndex;
    if (t.provenance.tableIndex !== undefined) span.tableIndex = t.provenance.tableIndex;
    // A figure read from a scanned table is OCR text, as sure as the table's text.
    if (t.provenance.source) span.source = t.provenance.source;
    if (t.provenance.confidence !== undefined) span.confidence = t.provenance.confidence;
    found.set(`${r}:${c}`, span);
  }));
  return (r, c) => found.get(`${r}:${c}`) ?? null;
}
