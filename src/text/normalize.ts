// Character folding for matching. Every mapping is one UTF-16 unit to one, so offsets into the
// folded text are offsets into the original: records keep the original text, matching uses this.

// Brackets and the ideographic comma carry meaning in numbering styles; keep them as printed.
const KEEP_FULLWIDTH = new Set(['（', '）', '：', '；', '，', '！', '？']);

/**
 * Stand-ins some PDF and OCR converters emit for ordinary characters: Kangxi radicals (⼀ U+2F00 for
 * 一), CJK radicals with a compatibility mapping, CJK compatibility ideographs (U+F900–U+FAFF, each
 * the same character as a unified ideograph), and the vertical and small presentation forms of
 * punctuation (︐ ︒ ︵ ﹐). Each maps to the one character a reader sees; the few whose NFKC form lies
 * outside the BMP (two UTF-16 units) are left alone, since folding must keep offsets.
 */
const STAND_INS: Map<string, string> = (() => {
  const m = new Map<string, string>();
  const nfkc = (lo: number, hi: number) => {
    for (let c = lo; c <= hi; c++) {
      const ch = String.fromCharCode(c);
      const to = ch.normalize('NFKC');
      if (to !== ch && to.length === 1 && /\p{Script=Han}/u.test(to)) m.set(ch, to);
    }
  };
  nfkc(0x2e80, 0x2eff); // CJK radicals supplement
  nfkc(0x2f00, 0x2fdf); // Kangxi radicals
  nfkc(0xf900, 0xfaff); // CJK compatibility ideographs
  // Vertical forms map to the horizontal full-width mark (NFKC would give ASCII ',' for ︐).
  const vertical = '︐，︑、︒。︓：︔；︕！︖？︗〖︘〗︙…︰‥︱—︲–︵（︶）︷｛︸｝︹〔︺〕︻【︼】︽《︾》︿〈﹀〉﹁「﹂」﹃『﹄』﹇［﹈］';
  const small = '﹐，﹑、﹒.﹔；﹕：﹖？﹗！﹙（﹚）﹛｛﹜｝﹝〔﹞〕';
  for (const pairs of [vertical, small]) for (let i = 0; i < pairs.length; i += 2) m.set(pairs[i]!, foldFullwidth(pairs[i + 1]!));
  return m;
})();

const FOLDABLE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\uff01-\uff5e\u2e80-\u2fdf\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe48\ufe50-\ufe5e]/g;

function foldFullwidth(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0xff01 || code > 0xff5e || KEEP_FULLWIDTH.has(c) ? c : String.fromCharCode(code - 0xfee0);
}

function fold(c: string): string {
  const code = c.charCodeAt(0);
  if (code >= 0xff01) return foldFullwidth(c);
  if (code < 0x2e80 || code === 0x3000) return ' ';
  return STAND_INS.get(c) ?? c;
}

/**
 * NBSP, ideographic and other odd spaces to ' ', full-width digits/letters/dots to ASCII, Kangxi
 * radicals, compatibility ideographs and vertical/small punctuation forms to the characters they
 * stand for. One UTF-16 unit to one: `foldForMatch(s).length === s.length` always.
 */
export function foldForMatch(s: string): string {
  return s.replace(FOLDABLE, fold);
}

/** Unicode Han ideographs and CJK punctuation: no space goes between two of these when lines are joined. */
export function isCjk(ch: string | undefined): boolean {
  if (!ch) return false;
  const c = ch.charCodeAt(0);
  return (
    (c >= 0x2e80 && c <= 0x2fdf) || // CJK and Kangxi radicals
    (c >= 0x3000 && c <= 0x303f) || // CJK punctuation
    (c >= 0x3400 && c <= 0x4dbf) ||
    (c >= 0x4e00 && c <= 0x9fff) ||
    (c >= 0xf900 && c <= 0xfaff) ||
    (c >= 0xfe10 && c <= 0xfe1f) || // vertical forms
    (c >= 0xfe30 && c <= 0xfe6f) || // vertical and small punctuation forms
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
