// The indicator stage: figures of the prose (prose.ts) and of the tables (tables.ts) as `indicator`
// records, each with provenance down to the characters of its number. Runs after the other stages
// and consumes nothing: an indicator repeats a figure a section or table record already holds.
import type { ParagraphBlock, Span } from '../blocks.ts';
import type { SectionNode } from '../segment/tree.ts';
import type { RecordContext } from '../records/build.ts';
import type { CaseRecord, IndicatorRecord, TableRecord } from '../schema/records.ts';
import { foldForMatch } from '../text/normalize.ts';
import { type ProseFact, proseFacts } from './prose.ts';
import { subjectReader } from './subject.ts';
import { tableFacts } from './tables.ts';

/**
 * Indicator records of one document. `skip`: blocks that are no running text (table captions,
 * figure captions); headings are skipped through the segmentation. `aliases`: short name → full name.
 */
export function extractIndicators(ctx: RecordContext, skip: Set<number>, aliases: Record<string, string>, tables: TableRecord[], cases: CaseRecord[] = []): IndicatorRecord[] {
  const { blocks, text } = ctx.doc;
  const { front, structural, sectionOf } = ctx.seg;
  const subjects = subjectReader({ aliases, region: front.region, title: front.title, institution: front.institution });
  const out: IndicatorRecord[] = [];
  // A case (案例) is about one school: in its paragraphs 学校, 该校 and 我校 are that school. A case
  // is a 案例 box (its subject read by the case stage) or a section titled 案例… with its subsections
  // (the first school it names). Outside a case, 学校 is no particular school.
  const boxes = cases.map((c) => ({ start: c.provenance.charStart ?? -1, end: c.provenance.charEnd ?? -1, school: c.subjectFullName ?? (c.subject ? subjects.resolve(c.subject) : null) }));
  const caseSection = (node: SectionNode | null): SectionNode | null => {
    for (let n = node; n; n = n.parent) if (/^案例/.test(n.number ?? '') || /^案例/.test(n.title)) return n;
    return null;
  };
  let carried: { scope: SectionNode | null; school: string | null } = { scope: null, school: null };
  blocks.forEach((b, i) => {
    if (b.type !== 'paragraph' || structural.has(i) || skip.has(i)) return;
    const scope = caseSection(sectionOf[i] ?? null);
    if (scope !== carried.scope) carried = { scope, school: null };
    // Outside a case a paragraph without a digit holds no figure and carries no school.
    const digits = /\d/.test(b.text);
    if (!digits && !scope) return;
    const box = boxes.length ? boxes.find((x) => x.start <= b.span.charStart && b.span.charEnd <= x.end) : undefined;
    const folded = foldForMatch(b.text);
    const reader = subjects.paragraph(folded, box ? box.school : carried.school);
    if (scope && reader.lastSchool) carried.school = reader.lastSchool;
    if (!digits) return;
    const facts = proseFacts(folded, { year: front.year, subjects, reader });
    if (!facts.length) return;
    const locate = locator(b, text);
    for (const f of facts) {
      const span = locate(f.start, f.end);
      out.push(proseRecord(ctx, f, b.text.slice(f.start, f.end), span, ctx.provenance(span, sectionOf[i] ?? null)));
    }
  });
  stableIds(ctx.docId, out);
  for (const t of tables) out.push(...tableFacts(ctx, t, subjects, front.year));
  return out;
}

/**
 * Ids that survive an edit elsewhere in the document: the section, the indicator (or the label of
 * an unnamed figure) and its rank among the section's figures of that name — never an offset, which
 * every edit above would shift.
 */
function stableIds(docId: string, recs: IndicatorRecord[]): void {
  const seen = new Map<string, number>();
  for (const r of recs) {
    const where = r.sectionId ? r.sectionId.slice(docId.length + 1) : 'preamble';
    const what = (r.indicator ?? r.label).replace(/[\s/\\]+/g, '');
    const base = `${docId}/ind/${where}/${what}`;
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    r.id = n === 1 ? base : `${base}~${n}`;
  }
}

function proseRecord(ctx: RecordContext, f: ProseFact, printedText: string, span: Span, provenance: IndicatorRecord['provenance']): IndicatorRecord {
  const rec: IndicatorRecord = {
    kind: 'indicator',
    id: '', // named by stableIds once the paragraph's figures are all known
    docId: ctx.docId,
    provenance,
    extractor: ctx.extractor,
    indicator: f.indicator,
    label: f.label,
    value: f.value,
    unit: f.unit,
    // The characters as the file has them (１２ stays １２); matching read the folded ones.
    printed: { text: printedText, value: f.printed.value, unit: f.printed.unit },
    approximate: f.approximate,
    period: f.period,
    subject: f.subject?.name ?? null,
    subjectPrinted: f.subject?.printed ?? null,
    qualifier: f.qualifier,
    change: f.change,
    source: 'text',
    sectionId: provenance.sectionId,
  };
  if (f.ratio) rec.ratio = f.ratio;
  return rec;
}

/**
 * Paragraph offsets → spans of the document's text. A paragraph's text is the document's characters
 * between its span's ends when the loader kept them as they were; a loader that re-joined wrapped
 * lines dropped line breaks and spaces, and the two are aligned character by character, whitespace
 * skipped. Where they cannot be aligned the paragraph's span stands for the figure.
 */
function locator(b: ParagraphBlock, docText: string): (start: number, end: number) => Span {
  const { charStart, charEnd } = b.span;
  const slice = docText.slice(charStart, charEnd);
  const same = slice === b.text;
  const map = same ? null : align(b.text, slice);
  // Where the paragraph's line breaks are, so a figure's lines are counted by a search, not a scan.
  let breaks: number[] | null = null;
  const linesBefore = (at: number): number => {
    if (!breaks) { breaks = []; for (let i = slice.indexOf('\n'); i >= 0; i = slice.indexOf('\n', i + 1)) breaks.push(i); }
    let lo = 0;
    let hi = breaks.length;
    while (lo < hi) { const mid = (lo + hi) >> 1; if (breaks[mid]! < at) lo = mid + 1; else hi = mid; }
    return lo;
  };
  const spanOf = (s: number, e: number): Span => {
    const span: Span = { ...b.span, charStart: charStart + s, charEnd: charStart + e };
    if (b.span.lineStart !== undefined) {
      const line = b.span.lineStart + linesBefore(s);
      span.lineStart = line;
      span.lineEnd = line + linesBefore(e) - linesBefore(s);
    }
    return span;
  };
  return (start, end) => {
    if (same) return spanOf(start, end);
    if (map && map[start] !== undefined && map[end - 1] !== undefined) return spanOf(map[start]!, map[end - 1]! + 1);
    // The loader changed more than whitespace (a marker dropped): the figure is the same occurrence
    // of its characters in the document's text as in the paragraph's.
    const printed = b.text.slice(start, end);
    let nth = 0;
    for (let i = b.text.indexOf(printed); i >= 0 && i < start; i = b.text.indexOf(printed, i + 1)) nth++;
    let at = slice.indexOf(printed);
    for (let k = 0; k < nth && at >= 0; k++) at = slice.indexOf(printed, at + 1);
    return at >= 0 ? spanOf(at, at + printed.length) : b.span;
  };
}

function align(text: string, slice: string): number[] | null {
  const map: number[] = new Array(text.length);
  let j = 0;
  for (let i = 0; i < text.length; i++) {
    while (j < slice.length && text[i] !== slice[j] && /\s/.test(slice[j]!)) j++;
    if (j >= slice.length || text[i] !== slice[j]) {
      if (/\s/.test(text[i]!)) { map[i] = Math.max(0, j - 1); continue; }
      return null;
    }
    map[i] = j++;
  }
  return map;
}
