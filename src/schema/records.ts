// The record contract: every record vetreport writes is validated against these schemas,
// and schema/records.schema.json is generated from them (npm run schema).
import { z } from 'zod';

export const FORMATS = ['txt', 'md', 'docx', 'pdf', 'image', 'doc', 'wps', 'html'] as const;
export const Format = z.enum(FORMATS);
export type Format = z.infer<typeof Format>;

/** Page coordinates in PDF points, origin at the top-left corner of the page. */
export const BBox = z.tuple([z.number(), z.number(), z.number(), z.number()]);

export const Provenance = z
  .object({
    sourcePath: z.string().describe('the input path as given, relative to the working directory when possible'),
    sha256: z.string().regex(/^[0-9a-f]{64}$/).nullable().describe('null only when the file could not be read'),
    format: Format.nullable(),
    lineStart: z.number().int().positive().optional().describe('1-based first line (text input)'),
    lineEnd: z.number().int().positive().optional().describe('1-based last line, inclusive (text input)'),
    page: z.number().int().positive().optional().describe('1-based page (PDF input)'),
    pageEnd: z.number().int().positive().optional().describe('last page when the record spans pages'),
    bbox: BBox.optional().describe('[x0, y0, x1, y1] on `page`, top-left origin (PDF input)'),
    paragraphIndex: z.number().int().nonnegative().optional().describe('0-based body paragraph index (DOCX input)'),
    tableIndex: z.number().int().nonnegative().optional().describe('0-based table index (DOCX input)'),
    charStart: z.number().int().nonnegative().optional().describe("offset into the document's normalized text"),
    charEnd: z.number().int().nonnegative().optional().describe('exclusive end offset'),
    sectionId: z.string().nullable().describe('the section the record stands in; a section names itself'),
    source: z.literal('ocr').optional().describe('the text was read by OCR from a page image (a scanned PDF page or an image file); absent where it came from a text layer or a text format'),
    confidence: z.number().min(0).max(1).optional().describe("with source 'ocr': the recogniser's mean character probability over the record's text (for a record over several boxes, the lowest of its parts)"),
    parts: z
      .array(
        z
          .object({
            page: z.number().int().positive(),
            bbox: BBox.describe('the part\'s box on its page, top-left origin'),
            rows: z.tuple([z.number().int().nonnegative(), z.number().int().nonnegative()]).describe('first and last index into the table\'s `rows` printed on this page'),
          })
          .strict(),
      )
      .optional()
      .describe('a table continued over pages (PDF input): where each part of it was printed, in page order'),
  })
  .strict();
export type Provenance = z.infer<typeof Provenance>;
export type TablePart = NonNullable<Provenance['parts']>[number];

export const Extractor = z.object({ pipeline: z.string(), version: z.string() }).strict();
export type Extractor = z.infer<typeof Extractor>;

const base = {
  id: z.string().min(1),
  docId: z.string().min(1),
  provenance: Provenance,
  extractor: Extractor,
};

export const DocumentRecord = z
  .object({
    kind: z.literal('document'),
    ...base,
    source: z
      .object({
        path: z.string(),
        sha256: z.string().regex(/^[0-9a-f]{64}$/),
        bytes: z.number().int().nonnegative(),
        format: Format,
        encoding: z.string().nullable().describe('detected text encoding; null for binary formats'),
        conversion: z
          .string()
          .optional()
          .describe('how the file was converted before it was read, e.g. "LibreOffice 7.4.7.2: doc → docx" (.doc, .wps)'),
      })
      .strict(),
    title: z.string().nullable(),
    region: z.string().nullable().describe('the most specific province, city or county the report is about, as printed (洛阳市, 洪泽区)'),
    year: z.number().int().nullable().describe('the year the report covers, as the document states it (not a 届 or 级 of students)'),
    institution: z.string().nullable().describe('the school or body that reports, full name as printed (黔东南州统计局, 洪泽区人民政府); null when the document names none'),
    reportType: z.string().nullable().describe('e.g. 中等职业教育质量年度报告, “双高计划”中期自评报告'),
    aliases: z.record(z.string(), z.string()).describe('short name → full name, from （以下简称“…”）'),
    preamble: z.string().describe('body text before the first heading, paragraphs separated by \\n'),
    counts: z
      .object({
        sections: z.number().int(),
        tables: z.number().int(),
        cases: z.number().int(),
        figures: z.number().int(),
        warnings: z.number().int(),
      })
      .strict(),
  })
  .strict();

export const NoteEntry = z
  .object({
    mark: z.string().describe('the reference mark as printed: "1", "ii", "*"'),
    text: z.string(),
  })
  .strict();

export const SectionRecord = z
  .object({
    kind: z.literal('section'),
    ...base,
    number: z.string().nullable().describe('as printed, trimmed: "1.1", "一、", "（一）", "第一章"; null when unnumbered'),
    title: z.string().describe('heading text without the number'),
    level: z.number().int().positive(),
    parentId: z.string().nullable(),
    text: z.string().describe('body text of the section (not of its subsections), paragraphs separated by \\n'),
    inferred: z.boolean().optional().describe('true for a parent whose heading was lost in export and is implied by its children'),
    notes: z
      .array(NoteEntry)
      .optional()
      .describe('footnotes and endnotes cited by the heading or the section\'s own paragraphs, in the order of their marks; never part of `text`'),
  })
  .strict();

export const CellValueType = z.enum(['integer', 'decimal', 'percent', 'ratio', 'text', 'na', 'empty']);

export const TableCell = z
  .object({
    text: z.string(),
    value: z.number().nullable().describe('the number as printed; null for text, empty and not-available cells'),
    type: CellValueType,
    unit: z.string().nullable().optional(),
    direction: z.enum(['up', 'down']).optional().describe('from ↑/↓ marks on a change'),
    ratio: z.tuple([z.number(), z.number()]).optional(),
    rowSpan: z.number().int().positive().optional(),
    colSpan: z.number().int().positive().optional(),
    spannedFrom: z
      .tuple([z.number().int().nonnegative(), z.number().int().nonnegative()])
      .optional()
      .describe('[row, column] of the merged cell this one repeats, so that each row reads on its own'),
  })
  .strict();

export const TableColumn = z
  .object({
    path: z.array(z.string()).min(1),
    unit: z.string().nullable(),
  })
  .strict();

export const TableRecord = z
  .object({
    kind: z.literal('table'),
    ...base,
    number: z.string().nullable(),
    title: z.string().nullable(),
    columns: z.array(TableColumn),
    headerRows: z.array(z.array(TableCell)).describe('the header as printed, merged cells with rowSpan/colSpan'),
    rows: z.array(z.array(TableCell)),
    notes: z.array(z.string()),
    unit: z.string().nullable().describe('from a 单位：… line, applies where a column names none'),
    sectionId: z.string().nullable(),
  })
  .strict();

export const CaseRecord = z
  .object({
    kind: z.literal('case'),
    ...base,
    number: z.string().nullable(),
    title: z.string(),
    subject: z.string().nullable(),
    subjectFullName: z.string().nullable(),
    body: z.string(),
    figures: z.array(z.string()),
    sectionId: z.string().nullable(),
  })
  .strict();

export const FigureRecord = z
  .object({
    kind: z.literal('figure'),
    ...base,
    number: z.string().nullable(),
    caption: z.string(),
    image: z.string().nullable().describe('image reference or alt text where the source keeps one'),
    sectionId: z.string().nullable(),
  })
  .strict();

export const WarningRecord = z
  .object({
    kind: z.literal('warning'),
    ...base,
    code: z.string(),
    message: z.string(),
  })
  .strict();

export const ErrorRecord = z
  .object({
    kind: z.literal('error'),
    ...base,
    code: z.string(),
    message: z.string(),
  })
  .strict();

export const IndicatorPeriod = z
  .object({
    year: z.number().int().describe('the calendar year the figure is about (the later year of a school year)'),
    kind: z.enum(['year', 'yearEnd', 'cohort', 'schoolYear']).describe('2023年, 2023年末, 2023届, 2022-2023学年'),
    text: z.string().describe('as printed'),
    stated: z.boolean().describe('false when the sentence names no period and the document\'s year is taken'),
  })
  .strict();

export const IndicatorChange = z
  .object({
    direction: z.enum(['up', 'down']),
    value: z.number(),
    unit: z.string().describe('% for a growth rate, 百分点 for percentage points, else the unit of the figure'),
    printed: z.string(),
  })
  .strict();

export const IndicatorCell = z
  .object({
    tableId: z.string(),
    row: z.number().int().nonnegative().describe("0-based index into the table's `rows`"),
    column: z.number().int().nonnegative().describe("0-based index into the table's `columns`"),
    rowLabel: z.string().nullable(),
    columnPath: z.array(z.string()),
  })
  .strict();

export const IndicatorRecord = z
  .object({
    kind: z.literal('indicator'),
    ...base,
    indicator: z.string().nullable().describe('canonical key from src/indicators/vocabulary.ts (students.enrolled…); null for a figure the vocabulary does not name'),
    label: z.string().describe('the label as printed (row label / column path for a table cell)'),
    value: z.number().describe('in `unit`: 4.2万人 → 42000'),
    unit: z.string().describe('normalized: 人, 人次, 元, 元/生, 平方米, %, ‰, 百分点, ratio, or the measure word (个, 项, 所…)'),
    printed: z.object({ text: z.string(), value: z.string(), unit: z.string() }).strict().describe('the number and unit as printed'),
    approximate: z.boolean().describe('余, 多, 约, 近, 超过'),
    ratio: z.tuple([z.number(), z.number()]).optional(),
    period: IndicatorPeriod.nullable(),
    subject: z.string().nullable().describe('the body the figure is about: full name, aliases resolved; the document\'s institution by default'),
    subjectPrinted: z.string().nullable().describe('the name as printed when the text named it'),
    qualifier: z.array(z.string()).describe('中职/高职, 全日制, 省级…'),
    change: IndicatorChange.nullable(),
    source: z.enum(['text', 'table']),
    cell: IndicatorCell.optional().describe('the table cell a table-derived figure stands in'),
    sectionId: z.string().nullable(),
  })
  .strict();

export const AnyRecord = z.discriminatedUnion('kind', [
  DocumentRecord,
  SectionRecord,
  TableRecord,
  CaseRecord,
  FigureRecord,
  WarningRecord,
  ErrorRecord,
  IndicatorRecord,
]);

export type DocumentRecord = z.infer<typeof DocumentRecord>;
export type SectionRecord = z.infer<typeof SectionRecord>;
export type TableCell = z.infer<typeof TableCell>;
export type TableColumn = z.infer<typeof TableColumn>;
export type TableRecord = z.infer<typeof TableRecord>;
export type CaseRecord = z.infer<typeof CaseRecord>;
export type FigureRecord = z.infer<typeof FigureRecord>;
export type WarningRecord = z.infer<typeof WarningRecord>;
export type ErrorRecord = z.infer<typeof ErrorRecord>;
export type IndicatorRecord = z.infer<typeof IndicatorRecord>;
export type AnyRecord = z.infer<typeof AnyRecord>;
export type RecordKind = AnyRecord['kind'];
