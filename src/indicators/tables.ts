// Figures of typed tables. A numeric cell is an indicator when its column path (在校生人数 / 2022年)
// or its row label (a table whose rows are the indicators) names one in the vocabulary, or when the
// table's title names one and the columns only break it down (教师教学能力比赛获奖一览表 with columns
// 国家级/一等奖…); the row label names the body it is about when it is a school (柳职院 →
// 柳州职业技术学院), and a column or row label that is a year (2022年, 2022-2023学年, 2023届) its
// period. A cell of a table none of whose labels names a vocabulary indicator is a table figure, not
// an indicator (录取分数线, 成绩C人数): the table record keeps it.
import type { Span } from '../blocks.ts';
import type { RecordContext } from '../records/build.ts';
import type { IndicatorRecord, TableCell, TableRecord } from '../schema/records.ts';
import { normalizeUnit, periodOfLabel, periodsIn, scaleDecimal, type Unit } from './grammar.ts';
import { fits, nameIndicator } from './match.ts';
import { qualifiers } from './prose.ts';
import type { SubjectReader } from './subject.ts';
import { INDICATORS, type IndicatorDef } from './vocabulary.ts';

const NUMERIC = new Set<TableCell['type']>(['integer', 'decimal', 'percent', 'ratio']);
// Columns that number or identify rows, never measure anything.
const IDENTIFIER = /^(?:序号|编号|排名|排序|名次|代码|专业代码|年份|年度|电话|联系电话|邮编|学号|工号)$/;
// A column of changes (与2022年比较增长（下降）, 变化情况, 增减, 同比) holds differences, not figures.
const CHANGE_COLUMN = /增长|下降|增减|增幅|降幅|变化|变动|比较|同比|环比|较上年|比上年/;
// Labels that only break a figure down: by level, prize, grade or kind of school.
const BREAKDOWN = /^(?:(?:国家级|省级|自治区级|自治区（省）级|自治区\(省\)级|区级|市级|县级|校级|特等奖|一等奖|二等奖|三等奖|金奖|银奖|铜奖|优秀奖|初级|中级|高级|中职|高职|本科|专科|合计|小计|总计|其中[:：]?)[/]?)+$/;
// A row of totals: its figure is the whole table's, about the report's own subject.
const TOTAL = /^(?:合计|总计|小计|共计|全市|全校|全区|全省|总体|全部|平均)$/;
// What a title says around the name of what it lists: 柳州市各职业院校2023年…获奖情况一览表（单位：项）.
const TITLE_TAIL = /(?:[（(]单位[:：][^（）()]*[）)])?$/;
const TITLE_WORDS = /(?:一览表|统计表|汇总表|情况表|明细表|表)$|(?:情况|统计|汇总|名单)$|(?:获奖)$/;

/** The vocabulary indicator a table's title names (…教师教学能力比赛获奖一览表 → awards.teachingCompetition), given the figures' unit. */
function titleIndicator(title: string | null, unit: Unit | null): IndicatorDef | null {
  if (!title) return null;
  let t = title.replace(/\s+/g, '').replace(TITLE_TAIL, '');
  for (let k = 0; k < 3; k++) t = t.replace(TITLE_WORDS, '');
  return nameIndicator(t, unit)?.def ?? null;
}

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
  // What a column says is the same for every row: whether it holds figures at all, its periods and
  // what it measures. The title's indicator is the same for every cell printed in one unit.
  const columns = t.columns.map((column) => {
    if (column.path.some((p) => IDENTIFIER.test(p.replace(/\s+/g, '')) || CHANGE_COLUMN.test(p.replace(/\s+/g, '')))) return null;
    const periodParts = column.path.map((p) => periodOfLabel(p));
    // Per printed unit (a cell may print its own): the unit read and what the column's measure names in it.
    const byUnit = new Map<string, { unit: Unit | null; fromColumn: ReturnType<typeof nameIndicator> }>();
    return { column, periodParts, measure: column.path.filter((_p, k) => !periodParts[k]).join('/'), period: periodParts.find((p) => p) ?? null, path: column.path.join('/'), byUnit, qualifier: null as string[] | null };
  });
  const byTitle = new Map<string, IndicatorDef | null>();
  const titleNames = (unit: Unit | null): IndicatorDef | null => {
    const key = unit ? `${unit.family}\u0000${unit.unit}` : '';
    if (!byTitle.has(key)) byTitle.set(key, titleIndicator(t.title, unit));
    return byTitle.get(key)!;
  };
  const identifierColumn = t.columns.map((col) => IDENTIFIER.test(col?.path.join('') ?? ''));
  t.rows.forEach((row, r) => {
    // The row's labels: its text cells before the first figure (普通高中 / 学校数 in a table with two
    // label columns). The innermost names what the row counts; any of them may name the body.
    const firstFigure = row.findIndex((c, j) => NUMERIC.has(c.type) && !identifierColumn[j]);
    const labels = row
      .slice(0, firstFigure < 0 ? row.length : firstFigure)
      .filter((c, j) => c.type === 'text' && !identifierColumn[j])
      .map((c) => c.text.replace(/\s+/g, ''))
      .filter((x, k, all) => x && all.indexOf(x) === k);
    // A row led by a body's name (学校名称, 主管单位, 性质…) is labelled by that name; the cells after it
    // are its attributes, not nested labels.
    if (labels.length > 1 && subjects.resolve(labels[0]!)) labels.length = 1;
    const rowLabel = labels.length ? labels.join('/') : null;
    const rowName = labels.length ? labels[labels.length - 1]! : null;
    const bodies = labels.map((x) => subjects.resolve(x));
    const bodyAt = bodies.findIndex((x) => x);
    const rowBody = bodyAt >= 0 ? bodies[bodyAt]! : null;
    const rowPeriod = rowName ? periodOfLabel(rowName) : null;
    const rowSubject = rowName && !rowPeriod ? rowBody : null;
    // 中职学校 / 全日制在校生数, 国家级 / 一等奖: the kinds and levels the row and column name.
    const rowQualified = rowSubject ? '' : rowLabel ?? '';
    row.forEach((cell, c) => {
      if (!NUMERIC.has(cell.type) || cell.value === null || cell.spannedFrom) return;
      const col = columns[c];
      if (!col) return;
      const { column, measure } = col;
      const span = cells(r, c);
      const printedUnit = cell.unit ?? column.unit ?? t.unit ?? null;
      const unitKey = cell.type === 'ratio' ? '\u0000ratio' : printedUnit ?? '';
      let read = col.byUnit.get(unitKey);
      if (!read) {
        const u: Unit | null = cell.type === 'ratio' ? { unit: 'ratio', family: 'ratio', scale: 0 } : printedUnit ? normalizeUnit(printedUnit.replace(/^([万亿千百]+)(.*)$/, '$2'), /^[万亿千百]+/.exec(printedUnit)?.[0] ?? '') : null;
        read = { unit: u, fromColumn: nameIndicator(measure, u) };
        col.byUnit.set(unitKey, read);
      }
      let unit: Unit | null = read.unit;
      let def: IndicatorDef | null = null;
      let label = measure;
      const fromColumn = read.fromColumn;
      if (fromColumn) def = fromColumn.def;
      else if (rowName && !rowSubject && !rowPeriod) {
        const fromRow = nameIndicator(rowName, unit);
        if (fromRow) { def = fromRow.def; label = measure ? `${rowLabel}/${measure}` : rowLabel!; }
      }
      if (def && !unit) {
        // A column the vocabulary names, printed without a unit (生师比, 博士数): its family's unit.
        const u = defaultUnit(def);
        if (u && fits(def, u)) unit = u;
        else def = null;
      }
      if (!def && !unit) {
        // A named column without a printed unit: counted in its family's unit where that is unambiguous.
        const named = nameIndicator(measure, null) ?? (rowName && !rowSubject ? nameIndicator(rowName, null) : null);
        const u = named ? defaultUnit(named.def) : null;
        if (named && u && fits(named.def, u)) { def = named.def; unit = u; if (!fromColumn && rowLabel && !measure.includes(rowLabel)) label = measure ? `${rowLabel}/${measure}` : rowLabel; }
      }
      if (!def && (!measure || BREAKDOWN.test(measure) || titleCovers(t.title, measure))) {
        // 教师教学能力比赛获奖一览表 (单位：项) with columns 国家级/一等奖, 社会培训情况一览表 with
        // columns 2022年, 2023年: the title names what every cell counts, the columns break it down.
        const named = titleNames(unit);
        const u = unit ?? (named ? defaultUnit(named) : null);
        if (named && u && fits(named, u)) { def = named; unit = u; label = measure || (INDICATORS.get(named.key)?.name ?? ''); }
      }
      if (!unit || !def) return;
      // 浙江省 in a table of graduates by province: a row label that is neither the body, the period,
      // a total nor what the row counts breaks the figure down, and the label says so.
      if (rowLabel && !rowSubject && !rowPeriod && !label.includes(rowName!) && !TOTAL.test(rowName!)) label = `${rowLabel}/${label}`;
      const period = col.period ?? rowPeriod ?? titlePeriod;
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
        subjectPrinted: rowSubject ? labels[bodyAt]! : null,
        qualifier: rowQualified ? qualifiers(`${rowQualified}/${col.path}`, '') : [...(col.qualifier ??= qualifiers(`/${col.path}`, ''))],
        change: null,
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

/** 1+X证书 under “1+X”证书试点一览表: the column names the title's subject itself (the total of its breakdown). */
function titleCovers(title: string | null, measure: string): boolean {
  if (!title || !measure) return false;
  const q = /[“”"「」]/g;
  return title.replace(q, '').replace(/\s+/g, '').includes(measure.replace(q, ''));
}

/**
 * Where each cell's text stands in the document: the table's characters are read in row order,
 * each cell's text found after the previous one's. Null where a cell's text is not found there
 * (the cell then points at the whole table).
 */
function cellLocator(ctx: RecordContext, t: TableRecord): (r: number, c: number) => Span | null {
  const { charStart = 0, charEnd = 0 } = t.provenance;
  // Only the table's own characters are searched: a cell text the table does not hold must not send
  // the search through the rest of the document.
  const text = ctx.doc.text.slice(0, charEnd);
  const found: Array<Array<Span | undefined>> = t.rows.map(() => []);
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
    found[r]![c] = span;
  }));
  return (r, c) => found[r]?.[c] ?? null;
}
