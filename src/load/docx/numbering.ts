// Recomputes the list labels Word draws from word/numbering.xml (mammoth drops them).
// Counters follow Word/LibreOffice: a level restarts when a higher level is used (unless
// w:lvlRestart says otherwise); a level referenced by %n before it was ever used shows its start
// value and then counts from there (so 2 → 2.1.1 → 2.2, as Word and LibreOffice render it).
// w:num instances of one abstractNum share counters, like Word's "continue list"; a w:num with a
// w:startOverride is a restarted list and counts on its own.
import { formatNumber } from './number-format.ts';
import type { StyleSheet } from './styles.ts';
import { attr, child, elements, intVal, onOff, parseXml, val, type XElement } from './xml.ts';

interface LevelDef {
  start: number;
  numFmt: string;
  customFormat?: string;
  lvlText?: string;
  suff: 'tab' | 'space' | 'nothing';
  /** 1-based level whose use restarts this one; 0 = never; undefined = any higher level. */
  restart?: number;
  isLgl: boolean;
  pStyle?: string;
}

interface AbstractDef {
  levels: Map<number, LevelDef>;
  numStyleLink?: string;
  styleLink?: string;
}

interface NumDef {
  abstractId: string;
  overrides: Map<number, { start?: number; level?: LevelDef }>;
}

export interface ListLabel {
  /** The label as printed, e.g. "一、", "（一）", "1.2". */
  label: string;
  /** What Word puts between the label and the text. */
  suff: 'tab' | 'space' | 'nothing';
  /** lvlText itself ends in whitespace ("%1　" in GB/T-style templates, with suff nothing). */
  spaceAfter: boolean;
}

function readLevel(lvl: XElement): LevelDef {
  const fmt = child(lvl, 'w:numFmt');
  const suff = val(lvl, 'w:suff');
  return {
    // ECMA-376 17.9.25: an omitted w:start means 0.
    start: intVal(lvl, 'w:start') ?? 0,
    numFmt: attr(fmt, 'w:val') ?? 'decimal',
    customFormat: attr(fmt, 'w:format'),
    lvlText: val(lvl, 'w:lvlText'),
    suff: suff === 'space' || suff === 'nothing' ? suff : 'tab',
    restart: intVal(lvl, 'w:lvlRestart'),
    isLgl: onOff(lvl, 'w:isLgl') ?? false,
    pStyle: val(lvl, 'w:pStyle'),
  };
}

function readLevels(parent: XElement): Map<number, LevelDef> {
  const levels = new Map<number, LevelDef>();
  for (const lvl of elements(parent, 'w:lvl')) {
    const i = Number.parseInt(attr(lvl, 'w:ilvl') ?? '', 10);
    if (i >= 0 && i <= 8) levels.set(i, readLevel(lvl));
  }
  return levels;
}

export class NumberingCounter {
  private readonly abstracts = new Map<string, AbstractDef>();
  private readonly nums = new Map<string, NumDef>();
  private readonly counters = new Map<string, (number | undefined)[]>();

  constructor(numberingXml: string | null, private readonly styles: StyleSheet) {
    if (!numberingXml) return;
    const root = child(parseXml(numberingXml), 'w:numbering');
    for (const a of elements(root, 'w:abstractNum')) {
      const id = attr(a, 'w:abstractNumId');
      if (id === undefined) continue;
      this.abstracts.set(id, { levels: readLevels(a), numStyleLink: val(a, 'w:numStyleLink'), styleLink: val(a, 'w:styleLink') });
    }
    for (const n of elements(root, 'w:num')) {
      const id = attr(n, 'w:numId');
      const abstractId = val(n, 'w:abstractNumId');
      if (id === undefined || abstractId === undefined) continue;
      const overrides = new Map<number, { start?: number; level?: LevelDef }>();
      for (const o of elements(n, 'w:lvlOverride')) {
        const i = Number.parseInt(attr(o, 'w:ilvl') ?? '', 10);
        if (!(i >= 0 && i <= 8)) continue;
        const lvl = child(o, 'w:lvl');
        overrides.set(i, { start: intVal(o, 'w:startOverride'), level: lvl ? readLevel(lvl) : undefined });
      }
      this.nums.set(id, { abstractId, overrides });
    }
  }

  /** The abstractNum a num uses, following w:numStyleLink through a numbering style. */
  private abstractOf(num: NumDef): { id: string; def: AbstractDef } | undefined {
    let id = num.abstractId;
    for (let hops = 0; hops < 4; hops++) {
      const def = this.abstracts.get(id);
      if (!def) return undefined;
      if (!def.numStyleLink) return { id, def };
      const linkedNumId = this.styles.numberingStyleNumId(def.numStyleLink);
      const linked = linkedNumId ? this.nums.get(linkedNumId) : undefined;
      if (!linked) return { id, def };
      id = linked.abstractId;
    }
    return undefined;
  }

  /** The level a style is bound to by w:pStyle inside the list definition. */
  levelForStyle(numId: string, styleId: string | undefined): number | undefined {
    if (!styleId) return undefined;
    const num = this.nums.get(numId);
    const abs = num && this.abstractOf(num);
    if (!abs) return undefined;
    for (const [i, lvl] of abs.def.levels) if (lvl.pStyle === styleId) return i;
    return undefined;
  }

  /** Advances the list for one numbered paragraph and returns the label Word prints, if any. */
  next(numId: string, ilvl: number): ListLabel | null {
    const num = this.nums.get(numId);
    if (!num) return null;
    const abs = this.abstractOf(num);
    if (!abs) return null;
    const level = (i: number): LevelDef | undefined => num.overrides.get(i)?.level ?? abs.def.levels.get(i);
    const startOf = (i: number): number => num.overrides.get(i)?.start ?? level(i)?.start ?? 0;
    const cur = level(ilvl);
    if (!cur) return null;

    const hasStartOverride = [...num.overrides.values()].some((o) => o.start !== undefined || o.level !== undefined);
    const key = hasStartOverride ? `num:${numId}` : `abs:${abs.id}`;
    let counts = this.counters.get(key);
    if (!counts) this.counters.set(key, (counts = []));

    counts[ilvl] = counts[ilvl] === undefined ? startOf(ilvl) : counts[ilvl]! + 1;
    for (let j = ilvl + 1; j < 9; j++) {
      const r = level(j)?.restart;
      if (r === undefined || (r > 0 && ilvl < r)) counts[j] = undefined;
    }

    if (cur.numFmt === 'bullet' || cur.lvlText === undefined) return null;
    const text = cur.lvlText.replace(/%([1-9])/g, (_m, d: string) => {
      const j = Number(d) - 1;
      const lv = level(j);
      if (!lv) return '';
      if (counts[j] === undefined) counts[j] = startOf(j);
      const fmt = cur.isLgl && j < ilvl ? 'decimal' : lv.numFmt;
      if (fmt === 'bullet') return '';
      return formatNumber(counts[j]!, fmt, lv.customFormat);
    });
    const label = text.trim();
    return label ? { label, suff: cur.suff, spaceAfter: /\s$/.test(text) } : null;
  }
}
