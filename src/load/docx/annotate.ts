// Walks word/document.xml once, in reading order, collecting per paragraph what mammoth loses
// (Word list labels, heading level from styles/outline levels, whole-paragraph bold, image file
// names), and returns an edited document.xml for mammoth:
//  - a marker run at the start of every paragraph (see markers.ts) to align HTML with the XML;
//  - an empty spanning cell for w:gridBefore / w:gridAfter, which mammoth ignores, so rows that
//    start late keep their columns (mammoth's rowspans are computed from these column positions);
//  - no w:bookmarkStart directly in a table or row: mammoth turns it into a non-cell child there
//    and then discards every vertical merge in the table.
// Editing the XML text by source offsets leaves everything else byte-for-byte as Word wrote it.
import type { Note } from '../../blocks.ts';
import { markerText } from './markers.ts';
import type { NoteMarks } from './notes.ts';
import type { ListLabel, NumberingCounter } from './numbering.ts';
import type { StyleSheet } from './styles.ts';
import { attr, child, descendants, elements, intVal, isElement, onOff, parseXml, path, val, type XElement, type XNode } from './xml.ts';

export interface ImageRef {
  alt?: string;
  name?: string;
}

export interface ParagraphInfo {
  id: number;
  /** 0-based among body paragraphs (not in tables); text-box paragraphs take their anchor's. */
  bodyIndex?: number;
  label?: ListLabel;
  styleLevel?: number;
  /** Paragraph in a table-of-contents style (TOC 1…, 目录 1…). */
  toc: boolean;
  bold: boolean;
  images: ImageRef[];
  /** Deleted paragraph mark (tracked change): mammoth joins the paragraph to the next one. */
  mergesIntoNext: boolean;
  pageBreakBefore: boolean;
  sectionBreakAfter: boolean;
  /** Footnotes and endnotes the paragraph cites. */
  notes: Note[];
  /** Text box (DrawingML or VML) the paragraph stands in: paragraphs of one box share the number. */
  textBox?: number;
}

export interface AnnotatedDocument {
  xml: string;
  paragraphs: ParagraphInfo[];
  /** DrawingML text boxes with no VML fallback: mammoth cannot read their text. */
  unreadTextBoxes: number;
}

interface Edit {
  start: number;
  end: number;
  text: string;
}

interface ParaState {
  info: ParagraphInfo;
  styleId?: string;
  visibleRuns: number;
  boldRuns: number;
}

interface Ctx {
  para?: ParaState;
  inTable: boolean;
  inTextbox: boolean;
  textBox?: number;
  anchorBodyIndex?: number;
  /** Directly inside w:tbl / w:tr (possibly through sdt/customXml wrappers). */
  rowLevel: boolean;
}

const SKIP = new Set([
  'w:pPr', 'w:rPr', 'w:sectPr', 'w:tblPr', 'w:trPr', 'w:tcPr', 'w:tblGrid', 'w:tblPrEx',
  'w:del', 'w:moveFrom', 'w:instrText', 'w:delText', 'w:t', 'w:sdtPr', 'w:sdtEndPr',
  'm:oMath', 'm:oMathPara', 'w:fldData',
]);

const emptyCell = (span: number): string =>
  `<w:tc><w:tcPr><w:gridSpan w:val="${span}"/></w:tcPr><w:p/></w:tc>`;

const VML_NS = 'urn:schemas-microsoft-com:vml';

/** Elements named `name` under `n` that are not inside another one (a text box in a text box). */
function outermost(n: XNode, name: string): XElement[] {
  const out: XElement[] = [];
  for (const c of n.children ?? []) {
    if (!isElement(c)) continue;
    if (c.name === name) out.push(c);
    else out.push(...outermost(c, name));
  }
  return out;
}

function basename(target: string | undefined): string | undefined {
  if (!target) return undefined;
  return target.split(/[\\/]/).pop() || undefined;
}

const blank = (s: string | undefined): boolean => !s || /^\s*$/.test(s);

export function annotateDocument(
  xml: string,
  styles: StyleSheet,
  numbering: NumberingCounter,
  relationships: Map<string, string>,
  noteMarks?: NoteMarks,
): AnnotatedDocument {
  let textBoxes = 0;
  const edits: Edit[] = [];
  const paragraphs: ParagraphInfo[] = [];
  let bodyCount = 0;
  let unreadTextBoxes = 0;
  // A w:sectPr closes its section, but w:type (how a section starts) sits in the next section's
  // sectPr: whether a section ends with a new page is known only at the next one.
  let openSectionEnd: ParagraphInfo | undefined;
  const sectionEnds = (info: ParagraphInfo | undefined, sect: XElement): void => {
    if (openSectionEnd) openSectionEnd.sectionBreakAfter = ['nextPage', 'oddPage', 'evenPage'].includes(val(sect, 'w:type') ?? 'nextPage');
    openSectionEnd = info;
  };

  const insertAtStart = (el: XElement, after: XNode | undefined, text: string): void => {
    const start = el.startIndex!;
    const end = el.endIndex!;
    if (after) {
      edits.push({ start: after.endIndex! + 1, end: after.endIndex! + 1, text });
      return;
    }
    const first = el.children[0];
    if (first && first.startIndex !== null) {
      edits.push({ start: first.startIndex, end: first.startIndex, text });
    } else if (xml.slice(end - 1, end + 1) === '/>') {
      const open = xml.slice(start, end - 1);
      edits.push({ start, end: end + 1, text: `${open}>${text}</${el.name}>` });
    } else {
      const at = end + 1 - (el.name.length + 3);
      edits.push({ start: at, end: at, text });
    }
  };

  const paragraph = (p: XElement, ctx: Ctx): void => {
    const pPr = child(p, 'w:pPr');
    const styleId = styles.paragraphStyleId(pPr);
    const info: ParagraphInfo = {
      id: paragraphs.length,
      bold: false,
      images: [],
      toc: styles.isTocStyle(styleId),
      mergesIntoNext: !!path(pPr, 'w:rPr', 'w:del'),
      pageBreakBefore: onOff(pPr, 'w:pageBreakBefore') ?? false,
      sectionBreakAfter: false,
      notes: [],
    };
    if (ctx.textBox !== undefined) info.textBox = ctx.textBox;
    paragraphs.push(info);
    if (!ctx.inTable && !ctx.inTextbox) info.bodyIndex = bodyCount++;
    else if (ctx.inTextbox) info.bodyIndex = ctx.anchorBodyIndex;

    const outline = intVal(pPr, 'w:outlineLvl');
    if (outline !== undefined) {
      if (outline >= 0 && outline <= 8) info.styleLevel = outline + 1;
    } else {
      info.styleLevel = styles.headingLevel(styleId);
    }

    const sect = child(pPr, 'w:sectPr');
    if (sect) sectionEnds(info, sect);

    const direct = child(pPr, 'w:numPr');
    const inherited = styles.numbering(styleId);
    const numId = val(direct, 'w:numId') ?? inherited.numId;
    if (numId !== undefined && numId !== '0' && !info.mergesIntoNext) {
      const ilvl = intVal(direct, 'w:ilvl') ?? inherited.ilvl ?? numbering.levelForStyle(numId, styleId) ?? 0;
      const label = numbering.next(numId, ilvl);
      if (label) info.label = label;
    }

    insertAtStart(p, pPr, `<w:r><w:t xml:space="preserve">${markerText(info.id)}</w:t></w:r>`);

    const state: ParaState = { info, styleId, visibleRuns: 0, boldRuns: 0 };
    visitChildren(p, { ...ctx, para: state, rowLevel: false });
    info.bold = state.visibleRuns > 0 && state.boldRuns === state.visibleRuns;
  };

  const run = (r: XElement, ctx: Ctx): void => {
    const para = ctx.para;
    if (para) {
      const visible = elements(r, 'w:t').some((t) => !blank(t.children.map((c) => c.data ?? '').join(''))) || !!child(r, 'w:sym');
      if (visible) {
        const rPr = child(r, 'w:rPr');
        para.visibleRuns++;
        if (styles.runBold(onOff(rPr, 'w:b'), val(rPr, 'w:rStyle'), para.styleId)) para.boldRuns++;
      }
      for (const kind of ['footnote', 'endnote'] as const) {
        const ref = child(r, `w:${kind}Reference`);
        const note = ref && noteMarks?.cite(ref, kind, elements(r, 'w:t').map((t) => t.children.map((c) => c.data ?? '').join('')).join(''));
        if (note) para.info.notes.push(note);
      }
    }
    visitChildren(r, ctx);
  };

  const drawing = (d: XElement, ctx: Ctx): void => {
    // Same path mammoth reads; text boxes in DrawingML (wps:txbx) are not read by mammoth.
    const docPr = child(d, 'wp:docPr');
    const alt = blank(attr(docPr, 'descr')) ? attr(docPr, 'title') : attr(docPr, 'descr');
    for (const blip of descendants(d, 'a:blip')) {
      const rel = attr(blip, 'r:embed') ?? attr(blip, 'r:link');
      ctx.para?.info.images.push({ alt: blank(alt) ? undefined : alt, name: basename(rel ? relationships.get(rel) : undefined) });
    }
    for (const box of descendants(d, 'w:txbxContent')) if (box.children.length > 0) unreadTextBoxes++;
  };

  /**
   * A text box drawn in DrawingML only (wps:txbx, no VML fallback), which mammoth does not read:
   * its w:drawing is rewritten as the VML text box mammoth does read (w:pict/v:shape/v:textbox),
   * keeping each w:txbxContent in place, so the box's paragraphs stay where the box is anchored.
   * A shape group with several boxes becomes one v:shape per box. Returns false when the drawing
   * holds no text box (a picture: read as one).
   */
  const drawingTextBoxes = (drawingEl: XElement, ctx: Ctx): boolean => {
    const boxes = outermost(drawingEl, 'w:txbxContent');
    if (!boxes.length || boxes.some((b) => b.startIndex === null || b.endIndex === null)) return false;
    const open = '<v:shape><v:textbox>';
    const close = '</v:textbox></v:shape>';
    edits.push({ start: drawingEl.startIndex!, end: boxes[0]!.startIndex!, text: `<w:pict xmlns:v="${VML_NS}">${open}` });
    for (let k = 1; k < boxes.length; k++) edits.push({ start: boxes[k - 1]!.endIndex! + 1, end: boxes[k]!.startIndex!, text: close + open });
    edits.push({ start: boxes[boxes.length - 1]!.endIndex! + 1, end: drawingEl.endIndex! + 1, text: `${close}</w:pict>` });
    for (const box of boxes) visit(box, ctx);
    return true;
  };

  const row = (tr: XElement, ctx: Ctx): void => {
    const trPr = child(tr, 'w:trPr');
    const before = intVal(trPr, 'w:gridBefore') ?? 0;
    const after = intVal(trPr, 'w:gridAfter') ?? 0;
    if (before > 0) {
      const firstCell = tr.children.find((c) => isElement(c) && ['w:tc', 'w:sdt', 'w:customXml', 'w:ins'].includes(c.name));
      const at = firstCell ? firstCell.startIndex! : tr.endIndex! + 1 - '</w:tr>'.length;
      edits.push({ start: at, end: at, text: emptyCell(before) });
    }
    visitChildren(tr, { ...ctx, rowLevel: true });
    if (after > 0 && xml.slice(tr.endIndex! - 1, tr.endIndex! + 1) !== '/>') {
      const at = tr.endIndex! + 1 - '</w:tr>'.length;
      edits.push({ start: at, end: at, text: emptyCell(after) });
    }
  };

  const visit = (n: XNode, ctx: Ctx): void => {
    if (!isElement(n) || SKIP.has(n.name)) return;
    switch (n.name) {
      case 'w:p':
        return paragraph(n, ctx);
      case 'w:r':
        return run(n, ctx);
      case 'w:tbl':
        return visitChildren(n, { ...ctx, para: undefined, inTable: true, rowLevel: true });
      case 'w:tr':
        return row(n, ctx);
      case 'w:tc':
        return visitChildren(n, { ...ctx, rowLevel: false });
      case 'w:fldSimple':
      case 'w:dir':
      case 'w:bdo':
        unwrap(n);
        return visitChildren(n, ctx);
      case 'w:bookmarkStart':
        if (ctx.rowLevel) edits.push({ start: n.startIndex!, end: n.endIndex! + 1, text: '' });
        return;
      case 'mc:AlternateContent': {
        // mammoth reads only the fallback; reading the same here keeps the paragraphs in step.
        const fb = child(n, 'mc:Fallback');
        if (fb) return visitChildren(fb, ctx);
        // No fallback: a text box in the Choice is unwrapped for mammoth and read like any other.
        const choice = child(n, 'mc:Choice');
        const inner = choice ? elements(choice) : [];
        if (!choice || !inner.length || !inner.some((e) => outermost(e, 'w:txbxContent').length)) return;
        edits.push({ start: n.startIndex!, end: inner[0]!.startIndex!, text: '' });
        edits.push({ start: inner[inner.length - 1]!.endIndex! + 1, end: n.endIndex! + 1, text: '' });
        return visitChildren(choice, ctx);
      }
      case 'w:drawing':
        if (drawingTextBoxes(n, ctx)) return;
        return visitChildren(n, ctx);
      case 'wp:inline':
      case 'wp:anchor':
        return drawing(n, ctx);
      case 'v:imagedata': {
        const rel = attr(n, 'r:id');
        const title = attr(n, 'o:title');
        ctx.para?.info.images.push({ alt: blank(title) ? undefined : title, name: basename(rel ? relationships.get(rel) : undefined) });
        return;
      }
      case 'w:txbxContent':
        return visitChildren(n, {
          para: undefined,
          inTable: false,
          inTextbox: true,
          textBox: textBoxes++,
          anchorBodyIndex: ctx.para?.info.bodyIndex ?? ctx.anchorBodyIndex,
          rowLevel: false,
        });
      default:
        return visitChildren(n, ctx);
    }
  };

  // mammoth ignores these wrappers together with their content (a SEQ field's "1" in "图1").
  const unwrap = (el: XElement): void => {
    const first = el.children[0];
    const last = el.children[el.children.length - 1];
    if (!first || !last || first.startIndex === null || last.endIndex === null) return;
    edits.push({ start: el.startIndex!, end: first.startIndex, text: '' });
    edits.push({ start: last.endIndex + 1, end: el.endIndex! + 1, text: '' });
  };

  function visitChildren(n: XNode, ctx: Ctx): void {
    for (const c of n.children ?? []) visit(c, ctx);
  }

  const body = path(parseXml(xml), 'w:document', 'w:body');
  if (body) {
    visitChildren(body, { inTable: false, inTextbox: false, rowLevel: false });
    const last = child(body, 'w:sectPr');
    if (last) sectionEnds(undefined, last);
  }

  // Insertions before a deletion that starts at the same offset.
  edits.sort((a, b) => a.start - b.start || a.end - a.start - (b.end - b.start));
  let out = '';
  let pos = 0;
  for (const e of edits) {
    if (e.start < pos) continue;
    out += xml.slice(pos, e.start) + e.text;
    pos = e.end;
  }
  out += xml.slice(pos);
  return { xml: out, paragraphs, unreadTextBoxes };
}
