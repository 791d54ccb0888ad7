// Content similarity for matching records whose ids changed. Character bigrams work for Chinese,
// which has no spaces to split words on.
import { foldForMatch } from '../text/normalize.ts';

/** Folded (full-width → ASCII), lower-cased, without whitespace and punctuation. */
export function normalizeForMatch(s: string | null | undefined): string {
  if (!s) return '';
  return foldForMatch(s.normalize('NFKC'))
    .toLowerCase()
    .replace(/[\s\p{P}\p{S}]+/gu, '');
}

/** Titles compared across editions: a year (2022年, 2023) becomes "#". */
export function normalizeTitle(s: string | null | undefined, yearless = false): string {
  const t = normalizeForMatch(s);
  return yearless ? t.replace(/(?:19|20)\d\d/g, '#') : t;
}

export type Bag = Map<string, number>;

/** Multiset of character bigrams (a one-character text is its own unigram). */
export function bigrams(s: string): Bag {
  const cs = Array.from(s);
  const bag: Bag = new Map();
  if (cs.length === 1) bag.set(cs[0]!, 1);
  for (let i = 0; i + 1 < cs.length; i++) {
    const g = cs[i]! + cs[i + 1]!;
    bag.set(g, (bag.get(g) ?? 0) + 1);
  }
  return bag;
}

/** Multiset of whole tokens (table cells). */
export function tokenBag(tokens: string[]): Bag {
  const bag: Bag = new Map();
  for (const t of tokens) if (t) bag.set(t, (bag.get(t) ?? 0) + 1);
  return bag;
}

function size(b: Bag): number {
  let n = 0;
  for (const c of b.values()) n += c;
  return n;
}

/** Sørensen–Dice over multisets: 1 for identical, 0 for nothing shared; two empty bags score 0. */
export function diceBags(a: Bag, b: Bag): number {
  const total = size(a) + size(b);
  if (total === 0) return 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  let common = 0;
  for (const [g, c] of small) common += Math.min(c, large.get(g) ?? 0);
  return (2 * common) / total;
}

/** Bigram Dice of two strings after normalization; equal non-empty strings score 1, two empty ones 0. */
export function dice(a: string | null | undefined, b: string | null | undefined): number {
  const x = normalizeForMatch(a);
  const y = normalizeForMatch(b);
  if (!x && !y) return 0;
  if (x === y) return 1;
  return diceBags(bigrams(x), bigrams(y));
}
