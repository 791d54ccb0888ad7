// A printed label → the vocabulary entry it names, given the unit its figure was printed in.
import type { Unit } from './grammar.ts';
import { BoundedMemo } from './memo.ts';
import { type IndicatorDef, VOCABULARY } from './vocabulary.ts';

interface Variant {
  text: string;
  def: IndicatorDef;
}

const QUOTES = /[“”"「」『』]/g;
// Every variant also without its quotes: reports print “双师型”教师 and 双师型教师 alike.
// Matching reads labels without their quotes, so each variant is kept once, unquoted, in vocabulary
// order (the first of equals wins a tie, as before).
const VARIANTS: Variant[] = VOCABULARY.flatMap((def) => [...new Set([def.name, ...def.variants].map((v) => v.replace(QUOTES, '')))].map((text) => ({ text, def })));

// What may follow an indicator's name in a label: what was done with it (教材编写), a word for "number of", a unit in brackets, a
// prize grade (教学成果一等奖 is a 教学成果奖 of the first grade) or, in a table, a sub-column.
const HEAD_TAIL = /^(?:编写|开发|建设)?(?:数|个数|数量|总数|人数|人次|总量|总额|总值|规模|合计|共计|总计)?(?:特等奖|一等奖|二等奖|三等奖|金奖|银奖|铜奖|奖)?(?:（[^（）]*）|\([^()]*\))?(?:\/.*)?$/;

/** Whether a figure printed in `unit` can be a value of `def`. */
export function fits(def: IndicatorDef, unit: Unit): boolean {
  if (def.family === 'ratio') return unit.family === 'ratio';
  if (def.family !== unit.family) return false;
  // 元/生 is a per-student amount; only per-student indicators (生均…, 月均收入) are printed in it.
  if (def.family === 'money' && unit.unit === '元/生' && !/perStudent|salary/.test(def.key)) return false;
  return !def.units || def.units.includes(unit.unit);
}

export interface Named {
  def: IndicatorDef;
  /** Where the variant stands in the label. */
  start: number;
  end: number;
}

/**
 * The indicator a label names. Chinese noun phrases are head-final: of the variants found in the
 * label, the one ending last names what is counted (高职院校在校生满意度 is a 满意度); on a tie the
 * longer (专任教师数 over 教师). Only entries whose unit family fits the printed unit are considered.
 * Null when no variant fits.
 */
export function nameIndicator(label: string, unit: Unit | null): Named | null {
  // A table asks the same of every cell of a column, a report the same of every repeated label:
  // the answer depends on the label and the unit's family and base only.
  return NAMED.get(`${label}\u0000${unit ? `${unit.family}\u0000${unit.unit}` : ''}`, () => findIndicator(label, unit));
}

// Labels already named.
const NAMED = new BoundedMemo<Named | null>(50_000);

// Variants by their last character, each list in vocabulary order: a label can only hold a variant
// whose last character it holds.
const BY_LAST = new Map<string, number[]>();
VARIANTS.forEach((v, k) => {
  const last = v.text.slice(-1);
  if (!BY_LAST.has(last)) BY_LAST.set(last, []);
  BY_LAST.get(last)!.push(k);
});

function findIndicator(label: string, unit: Unit | null): Named | null {
  // A unit in brackets at the end (毕业晋升率（%）) is no part of the name.
  const bare = label.replace(QUOTES, '').replace(/[（(][^（）()]*[）)]$/, '');
  let best: Named | null = null;
  // The variants worth trying, in vocabulary order so that the first of equals still wins a tie.
  const candidates: number[] = [];
  for (const ch of new Set(bare)) { const ks = BY_LAST.get(ch); if (ks) candidates.push(...ks); }
  candidates.sort((a, b) => a - b);
  for (const k of candidates) {
    const v = VARIANTS[k]!;
    const at = bare.lastIndexOf(v.text);
    if (at < 0) continue;
    if (unit && !fits(v.def, unit)) continue;
    const end = at + v.text.length;
    // The name must be the head of the label: only a word for "number of" (数, 总数, 人数…) or, in a
    // table, a sub-column (技能竞赛/一等奖) may follow it. 中职学校形成专业群 counts 专业群, not schools.
    if (!HEAD_TAIL.test(bare.slice(end))) continue;
    if (!best || end > best.end || (end === best.end && at < best.start)) best = { def: v.def, start: at, end };
  }
  return best;
}

/** Whether any vocabulary name stands in the label, whatever its unit. */
export function namesAny(label: string): boolean {
  return nameIndicator(label, null) !== null;
}
