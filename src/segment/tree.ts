// Builds the chapter tree from heading candidates. The level of each numbering style is learned per
// document from how the styles nest: a style seen for the first time opens a level below the current
// heading; a style already open closes everything below it. So 1.1 can sit under 1. in one report
// and 1. under （一） in another.
import type { HeadingNumber } from '../text/numbering.ts';
import { numberKey } from '../text/numbering.ts';
import { WEAK_STYLES, type HeadingCandidate } from './headings.ts';

export interface SectionNode {
  key: string;
  number: string | null;
  numberInfo: HeadingNumber | null;
  title: string;
  level: number;
  parent: SectionNode | null;
  /** Block index of the heading; -1 for an inferred parent. */
  blockIndex: number;
  runIn: string | null;
  inferred: boolean;
}

export interface TreeWarning {
  code: 'NUMBER_GAP' | 'NUMBER_REPEATED' | 'NUMBER_OUT_OF_ORDER' | 'HEADINGS_LOST';
  message: string;
  blockIndex: number;
}

interface Open {
  /** Style key ("dec2", "cn-paren", …), "appendix-root" for the 附件 container, "styleN" for an unnumbered Word heading level. */
  style: string;
  styleLevel?: number;
  node: SectionNode;
}

export function buildTree(candidates: HeadingCandidate[]): { sections: SectionNode[]; warnings: TreeWarning[] } {
  const sections: SectionNode[] = [];
  const warnings: TreeWarning[] = [];
  let stack: Open[] = [];

  /** The stack just after each numbered heading was opened, for numbering that resumes (resumeAfterUnnumbered). */
  const openedWith = new Map<SectionNode, Open[]>();
  const add = (node: SectionNode) => {
    sections.push(node);
    return node;
  };

  // Word heading levels, as evidence: an unnumbered "Heading 2" sits where the numbered Heading 2s do.
  const keyOfStyleLevel = new Map<number, string>();
  for (const c of candidates) if (c.number && c.styleLevel !== undefined && !keyOfStyleLevel.has(c.styleLevel)) keyOfStyleLevel.set(c.styleLevel, c.number.key);

  for (const c of candidates) {
    const n = c.number;
    if (!n && c.styleLevel !== undefined && !c.front) {
      const key = keyOfStyleLevel.get(c.styleLevel) ?? `style${c.styleLevel}`;
      const at = findLast(stack, (o) => o.style === key);
      if (at >= 0) stack = stack.slice(0, at);
      else while (stack.length && (stack[stack.length - 1]!.styleLevel ?? 0) >= c.styleLevel) stack.pop();
      const parent = stack[stack.length - 1]?.node ?? null;
      stack.push({ style: key, styleLevel: c.styleLevel, node: add(node(c, null, (parent?.level ?? 0) + 1, parent)) });
      continue;
    }
    if (!n) {
      stack = [];
      add(node(c, null, 1, null));
      continue;
    }
    if (n.style === 'appendix') {
      const root = stack[0]?.style === 'appendix-root' ? stack[0] : null;
      if (n.ordinals[0] === 0) {
        stack = [{ style: 'appendix-root', node: add(node(c, n, 1, null)) }];
      } else if (root) {
        stack = [root, { style: 'appendix', node: add(node(c, n, 2, root.node)) }];
      } else {
        stack = [{ style: 'appendix', node: add(node(c, n, 1, null)) }];
      }
      continue;
    }

    // A shallower dotted decimal closes the deeper ones (2.2 after 2.1.1, even where 2.1 was lost).
    if (n.style === 'dec') stack = stack.filter((o) => !(/^dec\d+$/.test(o.style) && Number(o.style.slice(3)) > n.depth));
    let at = findLast(stack, (o) => o.style === n.key);
    const resumed = at < 0 ? resumeAfterUnnumbered(n, sections, openedWith) : null;
    if (resumed) {
      stack = resumed;
      at = stack.length - 1;
    }
    if (at >= 0) {
      const prev = stack[at]!.node.numberInfo;
      stack = stack.slice(0, at);
      // An unnumbered Word heading in the same place has no number to continue from.
      if (prev) checkSequence(prev, n, c.blockIndex, warnings);
    } else {
      const expectFirst = n.style === 'dec' && n.depth > 1 ? null : 1;
      const first = n.ordinals[n.ordinals.length - 1]!;
      // A list-like number that does not start at 1 is body text, not a new level of headings;
      // a number Word draws for a heading style starts where its author set it.
      if (WEAK_STYLES.has(n.key) && first !== 1 && !c.wordNumbered) continue;
      if (expectFirst !== null && first !== expectFirst && !c.wordNumbered) {
        warnings.push({ code: 'NUMBER_GAP', message: `numbering of ${n.printed} starts at ${first}, not ${expectFirst}`, blockIndex: c.blockIndex });
      }
    }
    if (n.style === 'dec' && n.depth > 1) stack = alignDecimalParent(stack, n, c.blockIndex, sections, warnings);
    const parent = stack[stack.length - 1]?.node ?? null;
    stack.push({ style: n.key, ...(c.styleLevel !== undefined ? { styleLevel: c.styleLevel } : {}), node: add(node(c, n, (parent?.level ?? 0) + 1, parent)) });
    openedWith.set(stack[stack.length - 1]!.node, stack.slice());
  }
  return { sections, warnings };
}

/**
 * Numbering that resumes after unnumbered headings (`2.知识要求`, then Word-styled `公共基础知识要求：`
 * and `专业知识规格要求：`, then `3.能力要求`): the unnumbered headings sat inside 2., and 3. is its next
 * sibling. Returns the stack as it stood when the previous number (N-1) was open, or null when the
 * previous heading of this style is not N-1 or a numbered heading came between.
 */
function resumeAfterUnnumbered(n: HeadingNumber, sections: SectionNode[], openedWith: Map<SectionNode, Open[]>): Open[] | null {
  const ordinal = n.ordinals[n.ordinals.length - 1]!;
  for (let i = sections.length - 1; i >= 0; i--) {
    const s = sections[i]!;
    if (!s.numberInfo) continue;
    if (s.numberInfo.key !== n.key || s.numberInfo.ordinals[s.numberInfo.ordinals.length - 1] !== ordinal - 1) return null;
    return openedWith.get(s)?.slice() ?? null;
  }
  return null;
}

function node(c: HeadingCandidate, n: HeadingNumber | null, level: number, parent: SectionNode | null): SectionNode {
  return {
    key: n ? numberKey(n) : c.title,
    number: n ? n.printed : null,
    numberInfo: n,
    title: c.title,
    level,
    parent,
    blockIndex: c.blockIndex,
    runIn: c.runIn,
    inferred: false,
  };
}

function findLast<T>(xs: T[], pred: (x: T) => boolean): number {
  for (let i = xs.length - 1; i >= 0; i--) if (pred(xs[i]!)) return i;
  return -1;
}

function checkSequence(prev: HeadingNumber, n: HeadingNumber, blockIndex: number, warnings: TreeWarning[]): void {
  // Dotted decimals under a different parent prefix are handled by alignDecimalParent.
  if (n.style === 'dec' && n.depth > 1 && prefix(prev) !== prefix(n)) return;
  const a = prev.ordinals[prev.ordinals.length - 1]!;
  const b = n.ordinals[n.ordinals.length - 1]!;
  if (b === a + 1) return;
  if (b === a) warnings.push({ code: 'NUMBER_REPEATED', message: `heading number ${n.printed} repeats the previous heading's number`, blockIndex });
  else if (b < a) warnings.push({ code: 'NUMBER_OUT_OF_ORDER', message: `heading number ${n.printed} comes after ${prev.printed}`, blockIndex });
  else warnings.push({ code: 'NUMBER_GAP', message: `numbering jumps from ${prev.printed} to ${n.printed}: ${missing(prev, n)} missing`, blockIndex });
}

function prefix(n: HeadingNumber): string {
  return n.ordinals.slice(0, -1).join('.');
}

function missing(prev: HeadingNumber, n: HeadingNumber): string {
  const a = prev.ordinals[prev.ordinals.length - 1]!;
  const b = n.ordinals[n.ordinals.length - 1]!;
  const p = prefix(n);
  const names = [];
  for (let k = a + 1; k < b && names.length < 5; k++) names.push(n.style === 'dec' && p ? `${p}.${k}` : String(k));
  return names.length === 1 ? names[0]! : `${names.join(', ')}${b - a - 1 > 5 ? ', …' : ''}`;
}

/**
 * A dotted decimal must sit under the decimal that prefixes it. When the export lost the parent
 * heading (4.2 followed by 6.3), or the report skipped a level (2.1.1 straight under 2), the parent
 * is recreated as an inferred section so that 6.3 is not filed under 4, and the gap is reported.
 */
function alignDecimalParent(stack: Open[], n: HeadingNumber, blockIndex: number, sections: SectionNode[], warnings: TreeWarning[]): Open[] {
  if (n.depth < 2) return stack;
  const parentKey = `dec${n.depth - 1}`;
  const want = n.ordinals.slice(0, -1);
  const at = findLast(stack, (o) => o.style === parentKey && o.node.numberInfo !== null);
  if (at >= 0) {
    if (stack[at]!.node.numberInfo!.ordinals.join('.') === want.join('.')) return stack;
    const before = lastNumbered(sections);
    warnings.push({
      code: 'HEADINGS_LOST',
      message: `numbering jumps from ${before?.printed ?? stack[at]!.node.number} to ${n.printed}: the headings between them (at least ${want.join('.')}) were lost in export`,
      blockIndex,
    });
  } else {
    const shallower = findLast(stack, (o) => o.node.numberInfo?.style === 'dec' && o.node.numberInfo.depth < n.depth - 1);
    const open = shallower >= 0 ? stack[shallower]!.node.numberInfo! : null;
    if (!open || open.ordinals.join('.') !== want.slice(0, open.depth).join('.')) return stack;
    warnings.push({ code: 'HEADINGS_LOST', message: `${n.printed} stands directly under ${open.printed}: heading ${want.join('.')} is missing`, blockIndex });
  }
  const parentNumber: HeadingNumber = { style: 'dec', depth: want.length, key: parentKey, printed: want.join('.'), ordinals: want, restStart: 0, rest: '' };
  const trimmed = alignDecimalParent(at >= 0 ? stack.slice(0, at) : stack, parentNumber, blockIndex, sections, []);
  const grand = trimmed[trimmed.length - 1]?.node ?? null;
  const inferred: SectionNode = {
    key: want.join('.'),
    number: want.join('.'),
    numberInfo: parentNumber,
    title: '',
    level: (grand?.level ?? 0) + 1,
    parent: grand,
    blockIndex: -1,
    runIn: null,
    inferred: true,
  };
  sections.push(inferred);
  return [...trimmed, { style: parentKey, node: inferred }];
}

function lastNumbered(sections: SectionNode[]): HeadingNumber | null {
  for (let i = sections.length - 1; i >= 0; i--) if (sections[i]!.numberInfo && !sections[i]!.inferred) return sections[i]!.numberInfo;
  return null;
}

