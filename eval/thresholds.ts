// The floor each total must stay on (eval/thresholds.json): set from the figures of the day they were
// raised, so that any change that loses accuracy fails `npm run eval` and CI.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { rates, type Rates, type TotalsByGroup } from './evaluate.ts';

export const THRESHOLDS_FILE = fileURLToPath(new URL('./thresholds.json', import.meta.url));

/** group (seeds, external, cases, all) → metric → the lowest allowed rate. */
export type Thresholds = Record<string, Partial<Record<keyof Rates, number>>>;

const METRICS: Array<keyof Rates> = ['headingRecall', 'headingPrecision', 'headingF1', 'parents', 'caseF1', 'tableCells', 'facts', 'minDocHeadingF1'];

export function readThresholds(file = THRESHOLDS_FILE): Thresholds {
  const raw = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
  const out: Thresholds = {};
  for (const [group, v] of Object.entries(raw)) {
    if (group.startsWith('_')) continue;
    if (!v || typeof v !== 'object') throw new Error(`${file}: "${group}" must be an object of metric → minimum`);
    for (const [m, x] of Object.entries(v)) {
      if (!METRICS.includes(m as keyof Rates)) throw new Error(`${file}: unknown metric "${m}" (known: ${METRICS.join(', ')})`);
      if (typeof x !== 'number') throw new Error(`${file}: ${group}.${m} must be a number`);
    }
    out[group] = v as Thresholds[string];
  }
  return out;
}

/** One line per group metric below its floor (figures are compared at the printed 3 decimals). */
export function checkThresholds(byGroup: TotalsByGroup, thresholds: Thresholds, groups: string[]): string[] {
  const below: string[] = [];
  for (const g of groups) {
    const floor = thresholds[g];
    const totals = byGroup[g as keyof TotalsByGroup];
    if (!floor || !totals) continue;
    const r = rates(totals);
    for (const [m, min] of Object.entries(floor) as Array<[keyof Rates, number]>) {
      if (Number(r[m].toFixed(3)) < min) below.push(`${g} ${m} ${r[m].toFixed(3)} < ${min}`);
    }
  }
  return below;
}
