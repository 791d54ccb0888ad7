// 案例 labels as printed: 案例2-1【标题】, 案例3.3【…】, 案例一：, 案例：《标题》. Only a number or a
// bracketed title right after 案例 makes a label, so prose such as 案例教学… never opens a box.

export interface CaseLabel {
  /** "2-1", "3.3", "一"; null when the label has none. */
  number: string | null;
  /** Title given on the label line; "" when it follows on a line of its own (the appendix form). */
  title: string;
  /** Body text run in after a bracketed title on the same line; "" mostly. */
  runIn: string;
}

const NUMBER = String.raw`(\d+(?:\s*[.．\-－–—]\s*\d+)*|[一二三四五六七八九十百]+)`;
const LABEL = new RegExp(String.raw`^案例\s*${NUMBER}?\s*([:：、]?)\s*(.*)$`, 's');

/** 案例 + number + whitespace: the space separates the number from a title. */
const spaced = new RegExp(String.raw`^案例\s*${NUMBER}\s+\S`);
/** A title set off by a space only is a phrase: longer, it is the case's first sentence run on. */
const SPACED_TITLE_MAX = 40;

export function parseCaseLabel(text: string): CaseLabel | null {
  const m = LABEL.exec(text.trim());
  if (!m) return null;
  const number = m[1] ? m[1].replace(/\s+/g, '').replace(/．/g, '.').replace(/[－–—]/g, '-') : null;
  const separator = m[2]!;
  const rest = m[3]!.trim();
  const head = /^(?:【([^】]+)】|《([^》]+)》)\s*(.*)$/s.exec(rest);
  if (head) return { number, title: (head[1] ?? head[2])!.trim(), runIn: head[3]!.trim() };
  if (number === null) return null;
  if (rest === '') return { number, title: '', runIn: '' };
  // A plain title needs the separator (案例1：标题), so that 案例2020年… stays prose; a space set
  // between the number and a short phrase is one too (案例1-1 校企共建智能制造产业学院).
  if (separator && [...rest].length <= 60 && !/[。；;]/.test(rest)) return { number, title: rest, runIn: '' };
  if (spaced.test(text.trim()) && [...rest].length <= SPACED_TITLE_MAX && !/[，,。；;：:]/.test(rest)) return { number, title: rest, runIn: '' };
  return null;
}

/** A whole line that is 【标题】 or 《标题》: the appendix form's title line. */
export function bracketedTitle(text: string): string | null {
  const m = /^(?:【([^】]+)】|《([^》]+)》)$/.exec(text.trim());
  return m ? (m[1] ?? m[2])!.trim() : null;
}
