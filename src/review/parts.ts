// The parts of a change a reviewer judges one by one: a table change's cells (the diff's cell
// changes, addressed row key × column path) and a section change's paragraphs. Each part has a stable
// id, so a decision about it carries over to a re-run in which the same cell or paragraph changed the
// same way, even when the record's other parts changed differently (which changes the record
// change's id). Pure.
import { changeIdOf } from '../diff/hash.ts';
import { myers } from '../diff/text.ts';
import type { RecordChange } from '../diff/types.ts';
import type { Decision, Decisions } from './decisions.ts';

export interface ChangePart {
  /** Stable id: the cell change's id, or a hash of the record id and the paragraph's two texts. */
  id: string;
  kind: 'cell' | 'paragraph';
  /** "表1-2 / 柳职院 / 在校生人数/2022年", "1.2 布局结构 ¶3". */
  address: string;
  before: string | null;
  after: string | null;
}

/** Paragraph lists longer than this are not aligned paragraph by paragraph (O(N·D) diff). */
const MAX_PARAGRAPHS = 5000;

// myers' op codes
const EQUAL = 0;
const DELETE = 2;

const paragraphsOf = (s: string) => s.split('\n').map((p) => p.trim()).filter(Boolean);

/**
 * A section's changed paragraphs: the paragraph lists of its old and new `text` aligned (Myers), each
 * run of removed/added paragraphs paired in order; ¶n counts the newer text's non-empty paragraphs
 * (the older text's, for a paragraph only there). An identical edit repeated in one section gets an
 * occurrence number in its id.
 */
export function paragraphParts(recordId: string, label: string, before: string, after: string): ChangePart[] {
  const a = paragraphsOf(before);
  const b = paragraphsOf(after);
  if (a.length > MAX_PARAGRAPHS || b.length > MAX_PARAGRAPHS) return [];
  const ops = myers(a, b, a.length + b.length);
  if (!ops) return [];
  const out: ChangePart[] = [];
  const seen = new Map<string, number>();
  let ia = 0;
  let ib = 0;
  let del: Array<[number, string]> = [];
  let ins: Array<[number, string]> = [];
  const flush = () => {
    for (let i = 0; i < Math.max(del.length, ins.length); i++) {
      const d = del[i];
      const n = ins[i];
      const where = n ? `¶${n[0] + 1}` : `¶${d![0] + 1} (removed)`;
      const key = `${d?.[1] ?? ''}\u0000${n?.[1] ?? ''}`;
      const nth = (seen.get(key) ?? 0) + 1;
      seen.set(key, nth);
      out.push({ id: changeIdOf(recordId, 'paragraph', d?.[1] ?? null, n?.[1] ?? null, nth), kind: 'paragraph', address: `${label} ${where}`, before: d?.[1] ?? null, after: n?.[1] ?? null });
    }
    del = [];
    ins = [];
  };
  for (const [op, text] of ops) {
    if (op === EQUAL) {
      flush();
      ia++;
      ib++;
    } else if (op === DELETE) del.push([ia++, text]);
    else ins.push([ib++, text]);
  }
  flush();
  return out;
}

/** The parts of a change: cells of a changed table, paragraphs of a changed section's text; [] otherwise. */
export function partsOf(c: RecordChange): ChangePart[] {
  if (c.kind === 'table' && c.change !== 'added' && c.change !== 'removed' && c.cells?.length) {
    return c.cells.map((x) => ({ id: x.changeId, kind: 'cell', address: x.address, before: x.before, after: x.after }));
  }
  if (c.kind === 'section' && c.change !== 'added' && c.change !== 'removed') {
    const f = c.fields.find((x) => x.field === 'text');
    if (f && typeof f.before === 'string' && typeof f.after === 'string') return paragraphParts(c.oldId ?? c.id, c.label, f.before, f.after);
  }
  return [];
}

export type ChangeState = 'unreviewed' | 'accepted' | 'wrong';

/**
 * Where a change stands: a decision about the whole change counts; otherwise, when every part is
 * decided, 'wrong' if any part is flagged, else 'accepted'; else 'unreviewed'. A part flagged wrong
 * makes the whole change 'wrong' only once all its parts are decided, so "unreviewed" still finds it.
 */
export function changeState(decisions: Decisions, c: RecordChange, parts: ChangePart[] = partsOf(c)): ChangeState {
  const whole = decisionOf(decisions, c.changeId);
  if (whole) return whole.verdict;
  if (!parts.length) return 'unreviewed';
  let wrong = false;
  for (const p of parts) {
    const d = decisionOf(decisions, p.id);
    if (!d) return 'unreviewed';
    if (d.verdict === 'wrong') wrong = true;
  }
  return wrong ? 'wrong' : 'accepted';
}

export function decisionOf(decisions: Decisions, id: string): Decision | null {
  const d = Object.prototype.hasOwnProperty.call(decisions, id) ? decisions[id] : undefined;
  if (!d || typeof d !== 'object' || (d.verdict !== 'accepted' && d.verdict !== 'wrong')) return null;
  return d;
}
