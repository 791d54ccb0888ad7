// Case stage: 案例 boxes → case records, plus the document's short-name aliases.
import type { RecordContext, StageOutput } from '../records/build.ts';
import type { CaseRecord } from '../schema/records.ts';
import { collectAliases } from './aliases.ts';
import { findBoxes, type Box } from './boxes.ts';
import { bracketedTitle } from './labels.ts';
import { isOrgName } from './orgs.ts';
import { fullNameOf, subjectOf, type Subject } from './subject.ts';

export function extractCases(ctx: RecordContext, taken: Set<number>): StageOutput & { aliases: Record<string, string> } {
  const aliases = collectAliases(ctx.doc.blocks);
  const boxes = findBoxes(ctx, aliases).filter((b) => !b.consumed.some((k) => taken.has(k)));

  const records: CaseRecord[] = [];
  const consumed = new Set<number>();
  const used = new Map<string, number>();
  let unnumbered = 0;
  for (const box of boxes) {
    const key = box.label.number ?? `@${++unnumbered}`;
    const seen = used.get(key) ?? 0;
    used.set(key, seen + 1);
    records.push(caseRecord(ctx, box, `${ctx.docId}/case/${key}${seen > 0 ? `~${seen + 1}` : ''}`, aliases));
    for (const k of box.consumed) consumed.add(k);
  }
  return { records, consumed, aliases };
}

function caseRecord(ctx: RecordContext, box: Box, id: string, aliases: Record<string, string>): CaseRecord {
  const lines = [...box.lines];
  let title = box.label.title;
  // The appendix form puts the title (《…》) and then the school on lines of their own.
  const titleLine = title === '' && lines[0] && !lines[0].caption ? bracketedTitle(lines[0].text) : null;
  if (titleLine !== null) { title = titleLine; lines.shift(); }
  let subject: Subject | null = null;
  if (lines[0] && !lines[0].caption && isSubjectLine(lines[0].text, aliases)) {
    const name = lines.shift()!.text.trim();
    subject = { subject: name, fullName: fullNameOf(name, aliases) };
  }
  const body = lines.filter((l) => !l.caption).map((l) => l.text);
  subject ??= body[0] ? subjectOf(body[0], aliases) : { subject: null, fullName: null };
  const section = ctx.seg.sectionOf[box.labelBlock] ?? null;
  return {
    kind: 'case',
    id,
    docId: ctx.docId,
    provenance: ctx.provenance(box.span, section),
    extractor: ctx.extractor,
    number: box.label.number,
    title,
    subject: subject.subject,
    subjectFullName: subject.fullName,
    body: body.join('\n'),
    figures: lines.filter((l) => l.caption).map((l) => l.text.trim()),
    sectionId: section ? ctx.sectionId.get(section)! : null,
  };
}

/** A short line naming one body, e.g. 柳州市第一职业技术学校 under the title. */
function isSubjectLine(text: string, aliases: Record<string, string>): boolean {
  const t = text.trim();
  return [...t].length <= 30 && !/[，,。；;：:、！？]/.test(t) && (t in aliases || isOrgName(t));
}
