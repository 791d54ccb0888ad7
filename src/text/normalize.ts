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

// The full-width forms kept as printed (KEEP_FULLWIDTH: ！（），：；？ at U+FF01, FF08, FF09, FF0C,
// FF1A, FF1B, FF1F) are left out of the class: they are most of what a Chinese text holds in that
// block (2 056 of seed 000's 2 068 matches), and a replacement callback per comma made folding a
// visible share of every stage that folds a line before matching it.
const FOLDABLE = /[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\uff02-\uff07\uff0a\uff0b\uff0d-\uff19\uff1c-\uff1e\uff20-\uff5e\u2e80-\u2fdf\uf900-\ufaff\ufe10-\ufe19\ufe30-\ufe48\ufe50-\ufe5e]/g;

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
  return new WrappedText(a).add(b).toString();
}

const LATIN_BEFORE = /[A-Za-z0-9&,.;:)]/;
const LATIN_AFTER = /[A-Za-z0-9&(]/;

function isBlank(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/** Code points in `s` ([...s].length without the array). */
export function codePointLength(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff && i > 0) {
      const h = s.charCodeAt(i - 1);
      if (h >= 0xd800 && h <= 0xdbff) n--;
    }
  }
  return n;
}

/**
 * A text built from wrapped pieces, joined as `joinWrapped` joins two: the same result as folding
 * joinWrapped over the pieces, in time linear in their total length (folding rescans the growing
 * text for its trailing blanks at every piece, which is quadratic on a long paragraph of short lines).
 */
export class WrappedText {
  private parts: string[];
  /** Code points of the text so far. */
  length: number;

  constructor(first: string) {
    this.parts = first ? [first] : [];
    this.length = codePointLength(first);
  }

  /** Appends the next piece: leading blanks of the piece and trailing blanks of the text dropped, a space between Latin runs. */
  add(piece: string): this {
    let start = 0;
    while (start < piece.length && isBlank(piece.charCodeAt(start))) start++;
    const right = start ? piece.slice(start) : piece;
    this.trimEnd();
    if (right) {
      const last = this.parts[this.parts.length - 1];
      if (last !== undefined) {
        const l = last[last.length - 1]!;
        const r = right[0]!;
        if (LATIN_BEFORE.test(l) && LATIN_AFTER.test(r) && !isCjk(l) && !isCjk(r)) {
          this.parts.push(' ');
          this.length++;
        }
      }
      this.parts.push(right);
      this.length += codePointLength(right);
    }
    return this;
  }

  /** The last character of the text ('' when empty). */
  lastChar(): string {
    const last = this.parts[this.parts.length - 1];
    return last ? last[last.length - 1]! : '';
  }

  toString(): string {
    if (this.parts.length > 1) this.parts = [this.parts.join('')];
    return this.parts[0] ?? '';
  }

  private trimEnd(): void {
    while (this.parts.length > 0) {
      const i = this.parts.length - 1;
      const p = this.parts[i]!;
      let end = p.length;
      while (end > 0 && isBlank(p.charCodeAt(end - 1))) end--;
      this.length -= p.length - end;
      if (end > 0) {
        if (end < p.length) this.parts[i] = p.slice(0, end);
        return;
      }
      this.parts.pop();
    }
  }
}
