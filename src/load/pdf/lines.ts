// Runs → lines: baseline clustering, left-to-right order, and CJK-aware spacing between runs.
import { isCjk } from '../../text/normalize.ts';
import type { Line, Run } from './types.ts';

/** Wider than this (in ems) a gap separates fields (tab stops, unruled columns) even between CJK characters. */
export const FIELD_GAP_EM = 2;
/** Latin words are spaced when runs stand further apart than this (in ems). */
const WORD_GAP_EM = 0.25;

/**
 * Groups runs sharing a baseline into rows (each sorted by x). Vertical-writing and rotated runs
 * stand alone. Superscripts join their line through box overlap rather than baseline distance.
 */
export function groupRows(runs: readonly Run[]): Run[][] {
  const flat: Run[] = [];
  const rows: Run[][] = [];
  for (const r of runs) (r.vertical || r.rotated ? rows.push([r]) : flat.push(r));
  flat.sort((a, b) => a.base - b.base || a.x0 - b.x0);
  // Rows still open to later runs (sorted by baseline, so only recent rows can match).
  let open: { runs: Run[]; main: Run }[] = [];
  for (const r of flat) {
    open = open.filter((row) => r.base - row.main.base <= 1.2 * Math.max(row.main.size, r.size));
    // Two runs covering the same x cannot share a line: that is two lines of smaller text beside a big one.
    let row: (typeof open)[number] | undefined;
    for (const o of open) {
      if (!sameRow(o.main, r) || o.runs.some((q) => overlapX(q, r))) continue;
      if (!row || Math.abs(o.main.base - r.base) < Math.abs(row.main.base - r.base)) row = o;
    }
    if (row) {
      row.runs.push(r);
      if (r.size > row.main.size) row.main = r;
      continue;
    }
    const fresh = { runs: [r], main: r };
    open.push(fresh);
    rows.push(fresh.runs);
  }
  for (const row of rows) row.sort((a, b) => a.x0 - b.x0);
  rows.sort((a, b) => rowTop(a) - rowTop(b) || a[0]!.x0 - b[0]!.x0);
  return rows;
}

function overlapX(a: Run, b: Run): boolean {
  // Tight CJK punctuation overlaps its neighbour on the same baseline; that is kerning, not stacking.
  if (Math.abs(a.base - b.base) <= 0.25 * Math.min(a.size, b.size)) return false;
  const o = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0);
  return o > 0.5 * Math.min(a.x1 - a.x0, b.x1 - b.x0);
}

function sameRow(main: Run, r: Run): boolean {
  const small = Math.min(main.size, r.size);
  const d = Math.abs(main.base - r.base);
  if (d <= 0.45 * small) return true;
  // Superscripts sit a little above the line, subscripts a little below.
  const [large, little] = main.size >= r.size ? [main, r] : [r, main];
  const raise = large.base - little.base;
  const big = large.size;
  if (raise > 0.4 * big || raise < -0.3 * big) return false;
  const overlap = Math.min(main.bottom, r.bottom) - Math.max(main.top, r.top);
  return overlap >= 0.6 * Math.min(main.bottom - main.top, r.bottom - r.top);
}

function rowTop(row: Run[]): number {
  let t = Infinity;
  for (const r of row) t = Math.min(t, r.top);
  return t;
}

/** Splits a row (sorted by x) where runs stand more than `gapEm` ems apart. */
export function splitAtGaps(row: readonly Run[], gapEm: number): Run[][] {
  const parts: Run[][] = [];
  let cur: Run[] = [];
  for (const r of row) {
    const prev = cur[cur.length - 1];
    if (prev && r.x0 - prev.x1 > gapEm * Math.max(prev.size, r.size)) {
      parts.push(cur);
      cur = [];
    }
    cur.push(r);
  }
  if (cur.length) parts.push(cur);
  return parts;
}

/** A reference mark is set at most this share of the text it follows… */
const MARK_SIZE = 0.8;
/** …and raised by at least this share of that text's size. */
const MARK_RAISE = 0.15;
const MARK = /^(?:[0-9]{1,3}|[*†‡§]{1,3}|[①-⑳])$/;

/**
 * A footnote reference (a small raised figure or star after a word or number, as in 人数⁷ or 4594⁷)
 * belongs to no text it is printed against: left in, it would end a caption that is repeated without
 * it and turn a figure into another. After a Latin letter it is an exponent (m², km²) and stays.
 */
function isReferenceMark(prev: Run | undefined, r: Run): boolean {
  if (!prev || !MARK.test(r.str) || /[A-Za-z]$/.test(prev.str)) return false;
  return r.size <= MARK_SIZE * prev.size && prev.base - r.base >= MARK_RAISE * prev.size && r.x0 >= prev.x1 - 0.5;
}

/** Builds one line from runs on one baseline. */
export function makeLine(input: readonly Run[]): Line {
  // A symbol-font glyph is a bullet only at the start of a line; elsewhere it is decoration.
  const sorted = [...input].sort((a, b) => a.x0 - b.x0);
  const runs = sorted.filter((r, i) => (i === 0 || !r.symbol) && !isReferenceMark(sorted[i - 1], r));
  let text = '';
  let maxGapEm = 0;
  let chars = 0;
  let boldChars = 0;
  let heiChars = 0;
  const bySize = new Map<number, number>();
  let x0 = Infinity;
  let x1 = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  let prev: Run | undefined;
  for (const r of runs) {
    if (prev) {
      const gap = r.x0 - prev.x1;
      const em = Math.max(1, (prev.size + r.size) / 2);
      maxGapEm = Math.max(maxGapEm, gap / em);
      const a = text[text.length - 1];
      const b = r.str[0];
      if (gap > FIELD_GAP_EM * em) text += ' ';
      else if (!isCjk(a) && !isCjk(b) && gap > -0.2 * em && (gap > WORD_GAP_EM * em || prev.spaceAfter || r.spaceBefore)) text += ' ';
    }
    text += r.str;
    const n = r.str.replace(/\s/g, '').length;
    chars += n;
    if (r.bold) boldChars += n;
    if (r.hei) heiChars += n;
    const key = Math.round(r.size * 2) / 2;
    bySize.set(key, (bySize.get(key) ?? 0) + n);
    x0 = Math.min(x0, r.x0);
    x1 = Math.max(x1, r.x1);
    top = Math.min(top, r.top);
    bottom = Math.max(bottom, r.bottom);
    prev = r;
  }
  let size = runs[0]?.size ?? 0;
  let best = -1;
  for (const [s, n] of bySize) {
    if (n > best || (n === best && s > size)) {
      best = n;
      size = s;
    }
  }
  const main = runs.reduce((m, r) => (r.size > m.size ? r : m), runs[0]!);
  return { runs, text, x0, x1, top, bottom, base: main.base, size, chars, boldChars, heiChars, maxGapEm };
}
