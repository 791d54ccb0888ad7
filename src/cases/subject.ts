// Who a case is about. Reports open a case with the school, mostly by the short name they defined
// earlier (柳交校牢牢把握…), sometimes by a full name (北部湾职业技术学校党委发挥…), after a purpose or
// time clause (为深化产教融合，浦北县第一职业技术学校…) or after 由 (由柳职院牵头建设的…).
import { addWord, tag, type Token } from '../text/jieba.ts';
import { breaksName, isOrgName } from './orgs.ts';

export interface Subject {
  subject: string | null;
  fullName: string | null;
}

const NONE: Subject = { subject: null, fullName: null };
const SENTENCE_END = /[。！？!?；;]/;
const CLAUSE = /[，,：:]/;
// A leading clause of purpose, time or manner: the subject follows in the next clause.
const ADVERBIAL = /^(?:为了?|在|随着|按照|根据|围绕|依托|通过|近年来|近[一二三四五六七八九十\d]+年|自|\d{4}年)/;
const LEADING_PREPOSITION = new Set(['由', '经', '在']);
const MAX_TOKENS = 8;

/**
 * The body named at the start of the first sentence that starts with one. Mostly that is the first
 * sentence; a case may open on its topic instead (蜡染，是我国… — 融水职校 comes two sentences later).
 */
export function subjectOf(text: string, aliases: Record<string, string>): Subject {
  // jieba must know the short names as words (柳交校, not 柳/交校); they are school names, so the
  // process-wide dictionary keeps them for later documents without harm. Full names need no entry:
  // they are matched as runs of tokens.
  for (const short of Object.keys(aliases)) addWord(short);
  for (const sentence of text.split(SENTENCE_END)) {
    const clauses = sentence.split(CLAUSE).map((c) => c.trim()).filter(Boolean);
    for (let i = 0; i < Math.min(2, clauses.length); i++) {
      const found = subjectAtStart(clauses[i]!, aliases);
      if (found) return { subject: found, fullName: fullNameOf(found, aliases) };
      if (!ADVERBIAL.test(clauses[i]!)) break;
    }
  }
  return NONE;
}

/**
 * The full name behind a short name; the name itself when it already is one; null when unknown. A
 * name one character short of exactly one defined full name is that name misprinted (柳州市通学校,
 * for 柳州市交通学校 in seed 001).
 */
export function fullNameOf(name: string, aliases: Record<string, string>): string | null {
  if (name in aliases) return aliases[name]!;
  const known = [...new Set(Object.values(aliases))];
  if (known.includes(name)) return name;
  const near = known.filter((full) => dropsOneChar(full, name));
  if (near.length === 1) return near[0]!;
  return isOrgName(name) ? name : null;
}

function dropsOneChar(full: string, name: string): boolean {
  const a = [...full];
  const b = [...name];
  if (a.length !== b.length + 1 || b.length < 4) return false;
  let i = 0;
  while (i < b.length && a[i] === b[i]) i++;
  return a.slice(i + 1).join('') === b.slice(i).join('');
}

/** Whether a paragraph still speaks of the subject: by any of its names, or by 该校/学校. */
export function mentions(text: string, subject: Subject, aliases: Record<string, string>): boolean {
  if (!subject.subject) return false;
  if (/^(?:该校|该院|该中心|学校|学院|此外|同时|另外)/.test(text.trim())) return true;
  const names = new Set([subject.subject]);
  if (subject.fullName) {
    names.add(subject.fullName);
    for (const [short, full] of Object.entries(aliases)) if (full === subject.fullName) names.add(short);
  }
  return [...names].some((n) => text.includes(n));
}

function subjectAtStart(clause: string, aliases: Record<string, string>): string | null {
  let tokens = tag(clause);
  if (tokens.length > 1 && LEADING_PREPOSITION.has(tokens[0]!.word)) tokens = tokens.slice(1);
  return aliasAtStart(tokens, aliases) ?? orgAtStart(tokens);
}

/** The longest run of leading tokens that spells a defined short or full name. */
function aliasAtStart(tokens: Token[], aliases: Record<string, string>): string | null {
  const names = new Set([...Object.keys(aliases), ...Object.values(aliases)]);
  let best: string | null = null;
  let prefix = '';
  for (const t of tokens.slice(0, MAX_TOKENS)) {
    prefix += t.word;
    if (names.has(prefix)) best = prefix;
  }
  return best;
}

/** The longest run of leading name-like tokens that ends like an organisation (学校, 学院, 中心, …). */
function orgAtStart(tokens: Token[]): string | null {
  let best: string | null = null;
  let prefix = '';
  for (const t of tokens.slice(0, MAX_TOKENS)) {
    if (breaksName(t)) break;
    prefix += t.word;
    if (isOrgName(prefix)) best = prefix;
  }
  return best;
}
