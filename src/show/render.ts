// `vetreport show`: one document for people who want to look rather than query. Markdown: the title
// and what the report says about itself, the chapter tree as headings with each section's text,
// its tables as Markdown tables (header = column paths) and its cases as quotes, then the
// indicators as one table. Outline: the chapter tree alone, with what each section holds.
import { formatValue, indicatorTitle } from '../indicators/describe.ts';
import type { ExportDocument } from '../export/source.ts';
import type { SectionRecord, TableRecord } from '../schema/records.ts';
import { columnHeader, layoutBody } from '../export/grid.ts';

const mdCell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function tableMarkdown(t: TableRecord): string {
  const header = columnHeader(t);
  const lines = [`| ${header.map(mdCell).join(' | ')} |`, `|${header.map(() => ' --- ').join('|')}|`];
  for (const row of layoutBody(t).grid) lines.push(`| ${header.map((_h, c) => mdCell(row[c]?.text ?? '')).join(' | ')} |`);
  const caption = [t.number ? `表${t.number}` : null, t.title].filter(Boolean).join(' ');
  return `${caption ? `**${caption}**\n\n` : ''}${lines.join('\n')}${t.notes.length ? `\n\n${t.notes.map((n) => `> ${n}`).join('\n')}` : ''}`;
}

function childrenOf(doc: ExportDocument): Map<string | null, SectionRecord[]> {
  const kids = new Map<string | null, SectionRecord[]>();
  for (const s of doc.sections) (kids.get(s.parentId) ?? kids.set(s.parentId, []).get(s.parentId)!).push(s);
  return kids;
}

const heading = (s: SectionRecord) => [s.number, s.title].filter(Boolean).join(' ');

export function renderMarkdown(doc: ExportDocument): string {
  const d = doc.document;
  const out: string[] = [`# ${d?.title ?? doc.docId}`];
  const facts = [['document', doc.docId], ['region', d?.region], ['year', d?.year], ['report', d?.reportType], ['source', d?.source.path], ['run', doc.runId]].filter(([, v]) => v !== null && v !== undefined);
  out.push(facts.map(([k, v]) => `- ${k}: ${v}`).join('\n'));
  if (doc.error) out.push(`**Not extracted** — ${doc.error.code}: ${doc.error.message}`);
  if (d?.preamble) out.push(d.preamble);
  const kids = childrenOf(doc);
  const bySection = <T extends { sectionId: string | null }>(xs: T[]) => {
    const m = new Map<string | null, T[]>();
    for (const x of xs) (m.get(x.sectionId) ?? m.set(x.sectionId, []).get(x.sectionId)!).push(x);
    return m;
  };
  const tables = bySection(doc.tables);
  const cases = bySection(doc.cases);
  const visit = (s: SectionRecord) => {
    out.push(`${'#'.repeat(Math.min(6, s.level + 1))} ${heading(s)}${s.inferred ? ' *(heading inferred)*' : ''}`);
    if (s.text) out.push(s.text.split('\n').join('\n\n'));
    for (const t of tables.get(s.id) ?? []) out.push(tableMarkdown(t));
    for (const c of cases.get(s.id) ?? []) {
      const title = [c.number ? `案例${c.number}` : '案例', c.title].join(' ');
      out.push([`> **${title}**${c.subjectFullName ? ` — ${c.subjectFullName}` : ''}`, '>', ...c.body.split('\n').map((l) => `> ${l}`)].join('\n'));
    }
    for (const k of kids.get(s.id) ?? []) visit(k);
  };
  for (const t of tables.get(null) ?? []) out.push(tableMarkdown(t));
  for (const s of kids.get(null) ?? []) visit(s);
  if (doc.indicators.length) {
    out.push('## Indicators');
    const rows = doc.indicators.map((r) => `| ${mdCell(indicatorTitle(r))} | ${r.indicator ?? ''} | ${mdCell(formatValue(r.value, r.unit))} | ${mdCell(r.printed.text)} | ${r.cell ? `${r.cell.tableId.slice(r.cell.tableId.indexOf('/table/') + 1)} r${r.cell.row} c${r.cell.column}` : `line ${r.provenance.lineStart ?? '?'}${r.provenance.page ? ` p.${r.provenance.page}` : ''}`} |`);
    out.push(['| figure | key | value | printed | where |', '| --- | --- | --- | --- | --- |', ...rows].join('\n'));
  }
  return `${out.join('\n\n')}\n`;
}

export function renderOutline(doc: ExportDocument): string {
  const kids = childrenOf(doc);
  const count = <T extends { sectionId: string | null }>(xs: T[], id: string) => xs.filter((x) => x.sectionId === id).length;
  const lines: string[] = [doc.document?.title ?? doc.docId];
  const visit = (s: SectionRecord, depth: number) => {
    const holds = [[count(doc.tables, s.id), 'table'], [count(doc.cases, s.id), 'case'], [count(doc.indicators, s.id), 'indicator']]
      .filter(([n]) => (n as number) > 0)
      .map(([n, w]) => `${n} ${w}${n === 1 ? '' : 's'}`);
    lines.push(`${'  '.repeat(depth)}${heading(s)}${s.inferred ? ' (inferred)' : ''}${holds.length ? `  [${holds.join(', ')}]` : ''}`);
    for (const k of kids.get(s.id) ?? []) visit(k, depth + 1);
  };
  for (const s of kids.get(null) ?? []) visit(s, 1);
  return `${lines.join('\n')}\n`;
}
