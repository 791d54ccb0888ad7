// Walks a page's operator list with its own graphics-state stack: pdfjs hands paths over in user
// space, so rules, fills and images only get page positions once the current transform is applied.
import { OPS } from '../pdfjs.ts';
import { apply, multiply, type Matrix, type PageGraphics, type Rect } from './types.ts';

// pdfjs 5 packs each path into a Float32Array of these codes (DrawOPS, not exported).
const MOVE = 0;
const LINE = 1;
const CURVE = 2;
const QUAD = 3;
const CLOSE = 4;

const STROKES = new Set<number>([OPS.stroke, OPS.closeStroke, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const FILLS = new Set<number>([OPS.fill, OPS.eoFill, OPS.fillStroke, OPS.eoFillStroke, OPS.closeFillStroke, OPS.closeEOFillStroke]);
const IMAGES = new Set<number>([OPS.paintImageXObject, OPS.paintInlineImageXObject, OPS.paintImageMaskXObject, OPS.paintImageXObjectRepeat]);

/** Thinner than this (pt) a filled rectangle is a rule, not a box. */
const RULE_THICKNESS = 2.5;

interface State {
  ctm: Matrix;
  lineWidth: number;
  renderMode: number;
  fontSize: number;
  fontScaleX: number;
  charSpacing: number;
  wordSpacing: number;
  hScale: number;
  leading: number;
  rise: number;
  vertical: boolean;
  /** Current fill is (near) white: shading nobody sees on paper draws no cell edge. */
  whiteFill: boolean;
}

const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];

export function readGraphics(fnArray: ArrayLike<number>, argsArray: ArrayLike<unknown>, pageTransform: Matrix, isVerticalFont: (fontName: string) => boolean = () => false): PageGraphics {
  const out: PageGraphics = { hSegs: [], vSegs: [], fills: [], images: [], boldMarks: [], textOps: 0, imageDpi: null, verticalGlyphs: [] };
  let s: State = { ctm: pageTransform, lineWidth: 1, renderMode: 0, fontSize: 0, fontScaleX: 0.001, charSpacing: 0, wordSpacing: 0, hScale: 1, leading: 0, rise: 0, vertical: false, whiteFill: false };
  const stack: State[] = [];
  // Text position lives outside the graphics state in PDF: BT resets it, q/Q leave it alone.
  let tm: ArrayLike<number> = IDENTITY;
  let x = 0;
  let y = 0;
  let lineX = 0;
  let lineY = 0;

  for (let i = 0; i < fnArray.length; i++) {
    const fn = fnArray[i]!;
    const args = argsArray[i] as any;
    switch (fn) {
      case OPS.save:
        stack.push({ ...s });
        break;
      case OPS.restore:
        s = stack.pop() ?? s;
        break;
      case OPS.transform:
        s.ctm = multiply(s.ctm, args);
        break;
      case OPS.paintFormXObjectBegin: {
        stack.push({ ...s });
        const m = args?.[0] as ArrayLike<number> | null | undefined;
        if (m && m.length >= 6) s.ctm = multiply(s.ctm, m);
        break;
      }
      case OPS.paintFormXObjectEnd:
        s = stack.pop() ?? s;
        break;
      case OPS.setFillRGBColor:
        s.whiteFill = isWhite(args?.[0]);
        break;
      case OPS.setFillColorN:
        s.whiteFill = false;
        break;
      case OPS.setLineWidth:
        s.lineWidth = args[0];
        break;
      case OPS.constructPath:
        addPath(out, s, args);
        break;
      case OPS.beginText:
        tm = IDENTITY;
        x = y = lineX = lineY = 0;
        break;
      case OPS.setFont:
        s.fontSize = Math.abs(args[1] ?? 0);
        s.vertical = typeof args[0] === 'string' && isVerticalFont(args[0]);
        break;
      case OPS.setTextRenderingMode:
        s.renderMode = args[0];
        break;
      case OPS.setCharSpacing:
        s.charSpacing = args[0];
        break;
      case OPS.setWordSpacing:
        s.wordSpacing = args[0];
        break;
      case OPS.setHScale:
        s.hScale = args[0] / 100;
        break;
      case OPS.setLeading:
        s.leading = -args[0];
        break;
      case OPS.setTextRise:
        s.rise = args[0];
        break;
      case OPS.setTextMatrix:
        tm = args[0];
        x = y = lineX = lineY = 0;
        break;
      case OPS.moveText:
        x = lineX += args[0];
        y = lineY += args[1];
        break;
      case OPS.setLeadingMoveText:
        s.leading = args[1];
        x = lineX += args[0];
        y = lineY += args[1];
        break;
      case OPS.nextLine:
        x = lineX;
        y = lineY += s.leading;
        break;
      case OPS.showText:
      case OPS.showSpacedText: {
        out.textOps++;
        if (s.vertical && Array.isArray(args[0])) {
          y = readVertical(args[0], s, multiply(s.ctm, tm), x, y, out);
          break;
        }
        const advance = textAdvance(args[0], s);
        // Fill+stroke (modes 2 and 6) with a visible pen is how Word/WPS fake bold for faces without a bold cut.
        if ((s.renderMode === 2 || s.renderMode === 6) && s.lineWidth > 0.05 && s.fontSize > 0) {
          const m = multiply(s.ctm, tm);
          const [ax, ay] = apply(m, x, y + s.rise);
          const [bx, by] = apply(m, x + advance, y + s.rise);
          if (Math.abs(by - ay) < 1) out.boldMarks.push({ x0: Math.min(ax, bx), x1: Math.max(ax, bx), base: ay });
        }
        x += advance;
        break;
      }
      default:
        if (IMAGES.has(fn)) addImage(out, s.ctm, fn === OPS.paintImageXObject ? args[1] : fn === OPS.paintInlineImageXObject ? args[0]?.width : undefined);
    }
  }
  return out;
}

/** Records vertical glyphs top to bottom; returns the text position after them. */
function readVertical(glyphs: unknown[], s: State, m: Matrix, x: number, y: number, out: PageGraphics): number {
  const size = s.fontSize * Math.hypot(m[2], m[3]);
  const bold = (s.renderMode === 2 || s.renderMode === 6) && s.lineWidth > 0.05;
  for (const g of glyphs) {
    if (typeof g === 'number') {
      y += (g * s.fontSize) / 1000;
      continue;
    }
    const glyph = g as { unicode?: string; vmetric?: number[]; width?: number; isSpace?: boolean };
    const [px, py] = apply(m, x, y);
    if (glyph.unicode && glyph.unicode.trim()) out.verticalGlyphs.push({ ch: glyph.unicode, x: px, y: py, size, bold });
    const advance = glyph.vmetric?.[0] ?? -(glyph.width ?? 1000);
    y += (advance * s.fontSize) / 1000 - s.charSpacing - (glyph.isSpace ? s.wordSpacing : 0);
  }
  return y;
}

function isWhite(color: unknown): boolean {
  if (typeof color !== 'string' || !/^#[0-9a-f]{6}$/i.test(color)) return false;
  return [1, 3, 5].every((k) => parseInt(color.slice(k, k + 2), 16) >= 0xf5);
}

function textAdvance(glyphs: unknown, s: State): number {
  if (!Array.isArray(glyphs)) return 0;
  let adv = 0;
  for (const g of glyphs) {
    if (typeof g === 'number') {
      adv -= (g * s.fontSize) / 1000;
      continue;
    }
    const glyph = g as { width?: number; isSpace?: boolean };
    adv += (glyph.width ?? 0) * s.fontSize * s.fontScaleX + s.charSpacing + (glyph.isSpace ? s.wordSpacing : 0);
  }
  return adv * s.hScale;
}

function addImage(out: PageGraphics, ctm: Matrix, pixelWidth: unknown): void {
  const pts = [apply(ctm, 0, 0), apply(ctm, 1, 0), apply(ctm, 0, 1), apply(ctm, 1, 1)];
  const xs = pts.map((p) => p[0]);
  const ys = pts.map((p) => p[1]);
  const rect = { x0: Math.min(...xs), top: Math.min(...ys), x1: Math.max(...xs), bottom: Math.max(...ys) };
  const area = (r: Rect) => (r.x1 - r.x0) * (r.bottom - r.top);
  // A picture's own x axis is its first matrix column; its length is the printed width of its pixel rows.
  const printed = Math.hypot(ctm[0], ctm[1]);
  if (typeof pixelWidth === 'number' && printed > 0 && out.images.every((r) => area(r) <= area(rect))) out.imageDpi = (pixelWidth / printed) * 72;
  out.images.push(rect);
}

function addPath(out: PageGraphics, s: State, args: any): void {
  const paintOp: number = args?.[0];
  const data: ArrayLike<number> | null | undefined = args?.[1]?.[0];
  if (!data || typeof paintOp !== 'number') return;
  const stroke = STROKES.has(paintOp);
  const fill = FILLS.has(paintOp);
  if (!stroke && !fill) return; // clipping paths and `n`

  // Split into subpaths of device-space points; curved subpaths are never rules or cells.
  const subpaths: { pts: [number, number][]; closed: boolean; curved: boolean }[] = [];
  let cur: { pts: [number, number][]; closed: boolean; curved: boolean } | null = null;
  for (let k = 0; k < data.length; ) {
    const op = data[k]!;
    if (op === MOVE) {
      cur = { pts: [apply(s.ctm, data[k + 1]!, data[k + 2]!)], closed: false, curved: false };
      subpaths.push(cur);
      k += 3;
    } else if (op === LINE) {
      cur?.pts.push(apply(s.ctm, data[k + 1]!, data[k + 2]!));
      k += 3;
    } else if (op === CURVE) {
      if (cur) {
        cur.curved = true;
        cur.pts.push(apply(s.ctm, data[k + 5]!, data[k + 6]!));
      }
      k += 7;
    } else if (op === QUAD) {
      if (cur) {
        cur.curved = true;
        cur.pts.push(apply(s.ctm, data[k + 3]!, data[k + 4]!));
      }
      k += 5;
    } else if (op === CLOSE) {
      if (cur) cur.closed = true;
      k += 1;
    } else {
      return; // unknown encoding: better no rules than wrong ones
    }
  }

  for (const sp of subpaths) {
    if (sp.curved || sp.pts.length < 2) continue;
    const rect = fill ? asRect(sp.pts) : null;
    if (rect) {
      const w = rect.x1 - rect.x0;
      const h = rect.bottom - rect.top;
      if (w <= RULE_THICKNESS && h <= RULE_THICKNESS) continue; // corner dots of Word borders
      if (h <= RULE_THICKNESS) out.hSegs.push({ y: (rect.top + rect.bottom) / 2, x0: rect.x0, x1: rect.x1, rule: true });
      else if (w <= RULE_THICKNESS) out.vSegs.push({ x: (rect.x0 + rect.x1) / 2, y0: rect.top, y1: rect.bottom, rule: true });
      else if (!s.whiteFill) out.fills.push(rect);
    }
    if (!stroke) continue;
    const pts = sp.closed ? [...sp.pts, sp.pts[0]!] : sp.pts;
    for (let k = 1; k < pts.length; k++) {
      const [ax, ay] = pts[k - 1]!;
      const [bx, by] = pts[k]!;
      if (Math.abs(ay - by) < 0.5 && Math.abs(ax - bx) >= 1) out.hSegs.push({ y: (ay + by) / 2, x0: Math.min(ax, bx), x1: Math.max(ax, bx), rule: true });
      else if (Math.abs(ax - bx) < 0.5 && Math.abs(ay - by) >= 1) out.vSegs.push({ x: (ax + bx) / 2, y0: Math.min(ay, by), y1: Math.max(ay, by), rule: true });
    }
  }
}

/** The axis-aligned rectangle a closed 4-corner subpath describes, or null. */
function asRect(pts: [number, number][]): Rect | null {
  let p = pts;
  if (p.length === 5 && Math.abs(p[0]![0] - p[4]![0]) < 0.01 && Math.abs(p[0]![1] - p[4]![1]) < 0.01) p = p.slice(0, 4);
  if (p.length !== 4) return null;
  const xs = [...new Set(p.map((q) => Math.round(q[0] * 10)))];
  const ys = [...new Set(p.map((q) => Math.round(q[1] * 10)))];
  if (xs.length > 2 || ys.length > 2) return null;
  for (let k = 0; k < 4; k++) {
    const a = p[k]!;
    const b = p[(k + 1) % 4]!;
    if (Math.abs(a[0] - b[0]) > 0.1 && Math.abs(a[1] - b[1]) > 0.1) return null;
  }
  const x = p.map((q) => q[0]);
  const y = p.map((q) => q[1]);
  return { x0: Math.min(...x), top: Math.min(...y), x1: Math.max(...x), bottom: Math.max(...y) };
}
