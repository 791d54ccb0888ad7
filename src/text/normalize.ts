// Character folding for matching. Every mapping is one UTF-16 unit to one, so offsets into the
// folded text are offsets into the original: records keep the original text, matching uses this.

const FOLDABLE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\uff01-\uff5e]/g;
// Brackets and the ideographic comma carry meaning in numbering styles; keep them as printed.
const KEEP_FULLWIDTH = new Set(['（', '）', '：', '；', '，', '！', '？']);

function fold(c: string): string {
  const code = c.charCodeAt(0);
  if (code < 0xff01) return ' ';
  return KEEP_FULLWIDTH.has(c) ? c : String.fromCharCode(code - 0xfee0);
}

/** NBSP, ideographic and other odd spaces to ' ', full-width digits/letters/dots to ASCII. */
export function foldForMatch(s: string): string {
  return s.replace(FOLDABLE, fold);
}

/** Unicode Han ideographs and CJK punctuation: no space goes between two of these when lines are joined. */
export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (
    (c >= 0x3000 && c <= 0x303f) || // CJK punctuation
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xff00 && c <= 0xffef) || // full-width forms
    (c >= 0x2018 && c <= 0x201f) || // curly quotes used in Chinese text
    c === 0x2014 || c === 0x2026 || c === 0x00b7
  );
}

/** Joins two pieces of one wrapped line: a space only between two Latin/digit runs. */
export function joinWrapped(a: string, b: string): string {
  const left = a.replace(/[ \t]+$/, '');
  const right = b.replace(/^[ \t]+/, '');
  if (!left) return right;
  if (!right) return left;
  const l = left[left.length - 1]!;
  const r = right[0]!;
  const latin = /[A-Za-z0-9&,.;:)]/;
  return latin.test(l) && /[A-Za-z0-9&(]/.test(r) && !isCjk(l) && !isCjk(r) ? `${left} ${right}` : left + right;
}
