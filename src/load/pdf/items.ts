// pdfjs text items → Runs in top-left page coordinates, with whitespace cleaned and weight evidence.
import { isCjk } from '../../text/normalize.ts';
import { apply, type Matrix, type PageGraphics, type Run } from './types.ts';

export interface PdfTextItem {
  str: string;
  dir: string;
  transform: number[];
  width: number;
  height: number;
  fontName: string;
}

export interface FontFace {
  name: string;
  bold: boolean;
  hei: boolean;
}

// Weight words in PostScript names (Arial,Bold / TimesNewRomanPS-BoldMT / HiraginoSans-W6) and 粗 in CJK names.
const WEIGHT = /bold|heavy|black|semibold|demibold|extrabold|ultrabold|(?:^|[-,+_ ])w[6-9](?:$|[-,_ ])|粗/i;
// 黑体 and its kin (SimHei, STHeiti, 微软雅黑 = Microsoft YaHei): the heading faces of Chinese documents.
const HEI = /hei|黑/i;

/** Reads weight evidence from a font's PostScript name and pdfjs' flags. */
export function fontFace(obj: { name?: unknown; bold?: unknown; black?: unknown } | null | undefined): FontFace {
  const name = decodeName(typeof obj?.name === 'string' ? obj.name : '');
  const plain = name.replace(/^[A-Z]{6}\+/, '');
  return { name, bold: obj?.bold === true || obj?.black === true || WEIGHT.test(plain), hei: HEI.test(plain) };
}

/** Font names arrive as raw bytes, one char each; CJK names are UTF-8 or GBK underneath. */
export function decodeName(name: string): string {
  if (!/[\u0080-\u00ff]/.test(name) || /[^\u0000-\u00ff]/.test(name)) return name;
  const bytes = Buffer.from(name, 'latin1');
  for (const enc of ['utf-8', 'gbk']) {
    try {
      return new TextDecoder(enc, { fatal: true }).decode(bytes);
    } catch {
      // next encoding
    }
  }
  return name;
}

/** Runs of vertical writing rebuilt from glyph positions, one run per column of glyphs. */
export function verticalRuns(glyphs: PageGraphics['verticalGlyphs']): Run[] {
  const sorted = [...glyphs].sort((a, b) => a.x - b.x || a.y - b.y);
  const runs: Run[] = [];
  let cur: Run | null = null;
  for (const g of sorted) {
    if (cur && Math.abs(g.x - cur.x0) < 0.5 * g.size && g.y - cur.bottom < 1.5 * g.size && g.y >= cur.top) {
      cur.str += g.ch;
      cur.bottom = g.y + g.size;
      cur.bold &&= g.bold;
      continue;
    }
    cur = { str: g.ch, x0: g.x, x1: g.x + g.size, top: g.y, bottom: g.y + g.size, base: g.y, size: g.size, bold: g.bold, hei: false, vertical: true, rotated: false, spaceBefore: false, spaceAfter: false, symbol: false };
    runs.push(cur);
  }
  for (const r of runs) r.str = cleanString(r.str);
  return runs.filter((r) => r.str);
}

const PUA = /[\ue000-\uf8ff]/g;
const CONTROL = /[\u0000-\u001f\u007f\u200b-\u200d\ufeff]/g;

/** Whitespace runs → one space, and none next to a CJK character (justified CJK text is letter-spaced). */
export function cleanString(s: string): string {
  const t = s.replace(/[\s\u00a0\u3000]+/g, ' ').replace(CONTROL, '').trim();
  if (!t.includes(' ')) return t;
  let out = '';
  for (let i = 0; i < t.length; i++) {
    const c = t[i]!;
    if (c === ' ' && (isCjk(t[i - 1]) || isCjk(t[i + 1]))) continue;
    out += c;
  }
  return out;
}

export function toRuns(items: readonly unknown[], styles: Record<string, { ascent?: number; descent?: number; vertical?: boolean }>, page: Matrix, faceOf: (fontName: string) => FontFace): Run[] {
  const runs: Run[] = [];
  for (const raw of items) {
    if (!raw || typeof raw !== 'object' || !('str' in raw)) continue;
    const it = raw as PdfTextItem;
    if (!it.str || !it.str.trim()) continue; // pdfjs' synthetic spaces and end-of-line markers carry no glyphs
    let str = cleanString(it.str);
    const symbol = str.length > 0 && str.replace(PUA, '') === '';
    const unmapped = str.match(PUA)?.length ?? 0;
    str = symbol ? '•' : str.replace(PUA, '');
    if (!str) continue;

    const t = it.transform;
    const [ox, oy] = apply(page, t[4]!, t[5]!);
    // Text axes in page space: the run is upright when its x axis points right and its y axis up.
    const dx = page[0] * t[0]! + page[2] * t[1]!;
    const dy = page[1] * t[0]! + page[3] * t[1]!;
    const ux = page[0] * t[2]! + page[2] * t[3]!;
    const uy = page[1] * t[2]! + page[3] * t[3]!;
    const size = Math.hypot(ux, uy) || it.height || 1;
    const style = styles[it.fontName];
    const face = faceOf(it.fontName);
    const vertical = it.dir === 'ttb' || style?.vertical === true;
    const upright = dx > 0 && Math.abs(dy) <= 0.05 * Math.abs(dx) && uy < 0 && Math.abs(ux) <= 0.05 * Math.abs(uy);
    const run: Run = {
      str,
      x0: ox,
      x1: ox + it.width,
      top: oy,
      bottom: oy,
      base: oy,
      size,
      bold: face.bold,
      hei: face.hei,
      vertical,
      rotated: false,
      spaceBefore: /^\s/.test(it.str),
      spaceAfter: /\s$/.test(it.str),
      symbol,
    };
    if (unmapped > 0) run.unmapped = unmapped;
    if (vertical) {
      run.size = it.width || size;
      run.bottom = oy + it.height;
    } else if (upright) {
      const asc = clamp(style?.ascent ?? 0.88, 0.6, 1.05);
      const desc = clamp(Math.abs(style?.descent ?? -0.12), 0.05, 0.35);
      run.top = oy - asc * size;
      run.bottom = oy + desc * size;
    } else {
      // Rotated: keep only its bounding box, for table cells.
      const len = it.width;
      const ex = ox + (dx / Math.hypot(dx, dy)) * len;
      const ey = oy + (dy / Math.hypot(dx, dy)) * len;
      run.rotated = true;
      const along = (a: number, b: number) => Math.abs(b) <= 0.05 * Math.abs(a);
      if (along(dy, dx) && dy > 0) run.turn = 1;
      else if (along(dx, dy) && dx < 0) run.turn = 2;
      else if (along(dy, dx) && dy < 0) run.turn = 3;
      run.x0 = Math.min(ox, ex);
      run.x1 = Math.max(ox, ex);
      run.top = Math.min(oy, ey);
      run.bottom = Math.max(oy, ey);
    }
    runs.push(run);
  }
  return dedupe(runs);
}

/** Text struck twice at nearly the same spot is a poor man's bold: keep one copy, marked bold. */
function dedupe(runs: Run[]): Run[] {
  const seen = new Map<string, Run[]>();
  const key = (r: Run, dy: number) => `${Math.round(r.base) + dy}|${r.str}`;
  const out: Run[] = [];
  for (const r of runs) {
    let twin: Run | undefined;
    for (let dy = -1; dy <= 1 && !twin; dy++) {
      twin = seen.get(key(r, dy))?.find((o) => Math.abs(o.x0 - r.x0) < 0.25 * r.size && Math.abs(o.base - r.base) < 0.25 * r.size && Math.abs(o.size - r.size) < 0.1 * r.size);
    }
    if (twin) {
      twin.bold = true;
      continue;
    }
    const k = key(r, 0);
    const list = seen.get(k);
    if (list) list.push(r);
    else seen.set(k, [r]);
    out.push(r);
  }
  return out;
}

/** Marks runs painted with fill+stroke as bold. */
export function applyBoldMarks(runs: Run[], marks: PageGraphics['boldMarks']): void {
  if (marks.length === 0) return;
  const sorted = [...marks].sort((a, b) => a.base - b.base);
  for (const r of runs) {
    if (r.bold || r.vertical || r.rotated) continue;
    const tol = 0.3 * r.size;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid]!.base < r.base - tol) lo = mid + 1;
      else hi = mid;
    }
    let covered = 0;
    for (let k = lo; k < sorted.length && sorted[k]!.base <= r.base + tol; k++) {
      const m = sorted[k]!;
      covered += Math.max(0, Math.min(m.x1, r.x1) - Math.max(m.x0, r.x0));
    }
    if (covered >= 0.5 * (r.x1 - r.x0)) r.bold = true;
  }
}

function clamp(v: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, v));
}
