// The harness's printed forms: the per-document table with group totals, and one document's misses.
import type { DocScore, Rates, TotalsByGroup } from './evaluate.ts';
import { docHeadingF1, rates } from './evaluate.ts';
import { f1, type Rec } from './score.ts';

/** Terminal columns a string takes: CJK and full-width characters take two. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe6f\uff00-\uff60\uffe0-\uffe6]|[\u{20000}-\u{3fffd}]/u.test(ch) ? 2 : 1;
  return w;
}

function fit(s: string, width: number): string {
  let out = '';
  let w = 0;
  for (const ch of s) {
    const cw = displayWidth(ch);
    if (w + cw > width - (displayWidth(s) > width ? 1 : 0)) {
      out += '…';
      w += 1;
      break;
    }
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(Math.max(0, width - w));
}

const pct = (x: number | null) => (x === null ? '    -' : x.toFixed(3).padStart(5));
const frac = (a: number, b: number, w = 7) => (b ? `${a}/${b}` : '-').padStart(w);

const NAME_WIDTH = 44;
const HEADER = `${fit('document', NAME_WIDTH)} ${'head R'.padStart(6)} ${'P'.padStart(5)} ${'F1'.padStart(5)} ${'(+extra)'.padStart(8)} ${'parents'.padStart(7)} ${'cells'.padStart(7)} ${'cases'.padStart(5)} ${'facts'.padStart(5)}`;

function docLine(d: DocScore): string {
  const h = d.headings;
  const r = h ? (h.n ? h.tp / h.n : 1) : null;
  const p = h ? (h.tp + h.fp ? h.tp / (h.tp + h.fp) : h.n ? 0 : 1) : null;
  const cases = d.cases ? f1(d.cases.tp, d.cases.n, d.cases.fp) : null;
  const facts = d.facts ? (d.facts.length ? d.facts.filter((x) => x.ok).length / d.facts.length : null) : null;
  const failed = d.extracted ? '' : `  ${d.error ?? 'not extracted'}`;
  return `${fit(d.name, NAME_WIDTH)} ${pct(r).padStart(6)} ${pct(p)} ${pct(docHeadingF1(d))} ${(h ? `+${h.fp}` : '').padStart(8)} ${frac(h?.parentOk ?? 0, h?.parentN ?? 0)} ${frac(d.tables?.ok ?? 0, d.tables?.cells ?? 0)} ${pct(cases)} ${pct(facts)}${failed}`;
}

function totalLine(label: string, t: TotalsByGroup['all']): string {
  const r = rates(t);
  return `${fit(`${label} (${t.docs} docs)`, NAME_WIDTH)} ${pct(r.headingRecall).padStart(6)} ${pct(r.headingPrecision)} ${pct(r.headingF1)} ${`+${t.fp}`.padStart(8)} ${pct(t.parentN ? r.parents : null).padStart(7)} ${pct(t.cells ? r.tableCells : null).padStart(7)} ${pct(r.caseF1)} ${pct(t.facts ? r.facts : null)}`;
}

/** The per-document table, then one total line per group (rates from summed counts). */
export function formatTable(docs: DocScore[], byGroup: TotalsByGroup): string {
  const lines = [HEADER];
  let group = '';
  for (const d of docs) {
    if (d.group !== group) {
      group = d.group;
      lines.push(`-- ${group}`);
    }
    lines.push(docLine(d));
  }
  lines.push('-'.repeat(displayWidth(HEADER)));
  for (const g of ['seeds', 'external', 'cases', 'all'] as const) if (byGroup[g].docs) lines.push(totalLine(`TOTAL ${g}`, byGroup[g]));
  return lines.join('\n');
}

function where(r: Rec): string {
  const p = r.provenance || {};
  if (p.page) return ` (p. ${p.page})`;
  if (p.lineStart) return ` (line ${p.lineStart})`;
  if (p.paragraphIndex !== undefined) return ` (paragraph ${p.paragraphIndex})`;
  return '';
}

/** One document's misses: missed and extra headings, wrong parents, missed and extra cases, failed cells, facts. */
export function formatMisses(d: DocScore): string {
  const out = [`${d.name} (${d.group})${d.extracted ? '' : ` — not extracted: ${d.error ?? 'no document record'}`}`];
  const h = d.headings;
  if (h) {
    out.push(`  headings ${h.tp}/${h.n}, +${h.fp} extra, parents ${h.parentOk}/${h.parentN}`);
    for (const g of h.missed) out.push(`    missed   ${g.num} ${g.title}  (key line ${g.line})`);
    for (const r of h.extra) out.push(`    extra    ${r.number} ${r.title ?? ''}${where(r)}`);
    for (const w of h.wrongParents) {
      const got = w.got ? `${w.got.number ?? ''} ${w.got.title}`.trim() : '(top level)';
      out.push(`    parent   ${w.heading.num} ${w.heading.title}: under ${got}, should be ${w.want.num} ${w.want.title}`);
    }
  }
  const c = d.cases;
  if (c) {
    out.push(`  cases ${c.tp}/${c.n}, +${c.fp} extra`);
    for (const g of c.missed) out.push(`    missed   ${g.num} ${g.title}`);
    for (const r of c.extra) out.push(`    extra    ${r.number ?? ''} ${r.title ?? ''}${where(r)}`);
  }
  const t = d.tables;
  if (t) {
    out.push(`  tables ${t.found}/${t.n} found, cells ${t.ok}/${t.cells}`);
    for (const f of t.fails) {
      const v = f.check.value === null ? 'n/a' : String(f.check.value);
      out.push(`    ${f.reason === 'cell' ? 'cell    ' : 'no table'} ${f.table ?? '(uncaptioned)'} [${f.check.row}] ${f.check.col.join('/')} = ${v}`);
    }
  }
  if (d.facts) {
    for (const x of d.facts) out.push(`  ${x.ok ? 'ok  ' : 'FAIL'} ${x.field}: ${JSON.stringify(x.got)}${x.ok ? '' : `, should be ${JSON.stringify(x.want)}`}`);
  }
  return out.join('\n');
}

export function ratesByGroup(byGroup: TotalsByGroup): Record<string, Rates> {
  return Object.fromEntries(Object.entries(byGroup).map(([g, t]) => [g, rates(t)]));
}

/**
 * Tables per PDF: the records made — numbered (表N, 表N-M), titled without a number, uncaptioned —
 * and how many of the answer key's tables were found among them.
 */
export function formatPdfTables(docs: DocScore[], files: Array<{ name: string }>, by: Map<string, Rec[]>): string {
  const lines = [`${fit('PDF tables', NAME_WIDTH)} ${'made'.padStart(5)} ${'表N'.padStart(4)} ${'titled'.padStart(6)} ${'bare'.padStart(5)} ${'key'.padStart(7)}`];
  for (const f of files) {
    if (!f.name.toLowerCase().endsWith('.pdf')) continue;
    const tables = (by.get(f.name) ?? []).filter((r) => r.kind === 'table');
    const numbered = tables.filter((t) => t.number).length;
    const titled = tables.filter((t) => !t.number && t.title).length;
    const t = docs.find((d) => d.name === f.name)?.tables;
    lines.push(`${fit(f.name, NAME_WIDTH)} ${String(tables.length).padStart(5)} ${String(numbered).padStart(5)} ${String(titled).padStart(6)} ${String(tables.length - numbered - titled).padStart(5)} ${frac(t?.found ?? 0, t?.n ?? 0)}`);
  }
  return lines.join('\n');
}
