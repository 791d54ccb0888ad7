// Resolves what paragraph and character styles in word/styles.xml contribute: heading level,
// inherited numbering (numPr) and bold. Styles inherit through w:basedOn, which mammoth does not
// follow for these properties.
import { attr, child, elements, intVal, onOff, parseXml, path, val, type XElement } from './xml.ts';

interface StyleDef {
  id: string;
  type: string;
  name: string;
  basedOn?: string;
  numId?: string;
  ilvl?: number;
  outlineLvl?: number;
  bold?: boolean;
}

const HEADING_NAME = /^(?:heading|标题)\s*([1-9])$/i;
const TOC_NAME = /^(?:toc|目录)\s*[1-9]$/i;

export class StyleSheet {
  private readonly styles = new Map<string, StyleDef>();
  private defaultBold = false;
  private defaultParagraphStyle?: string;

  constructor(stylesXml: string | null) {
    if (!stylesXml) return;
    const root = child(parseXml(stylesXml), 'w:styles');
    this.defaultBold = onOff(path(root, 'w:docDefaults', 'w:rPrDefault', 'w:rPr'), 'w:b') ?? false;
    for (const s of elements(root, 'w:style')) {
      const id = attr(s, 'w:styleId');
      if (!id) continue;
      const pPr = child(s, 'w:pPr');
      const numPr = child(pPr, 'w:numPr');
      const def: StyleDef = {
        id,
        type: attr(s, 'w:type') ?? 'paragraph',
        name: val(s, 'w:name') ?? id,
        basedOn: val(s, 'w:basedOn'),
        numId: val(numPr, 'w:numId'),
        ilvl: intVal(numPr, 'w:ilvl'),
        outlineLvl: intVal(pPr, 'w:outlineLvl'),
        bold: onOff(child(s, 'w:rPr'), 'w:b'),
      };
      this.styles.set(id, def);
      if (def.type === 'paragraph' && ['1', 'true', 'on'].includes(attr(s, 'w:default') ?? '')) this.defaultParagraphStyle = id;
    }
  }

  /** The paragraph's style id, or the document's default paragraph style. */
  paragraphStyleId(pPr: XElement | undefined): string | undefined {
    return val(pPr, 'w:pStyle') ?? this.defaultParagraphStyle;
  }

  private *chain(id: string | undefined): Generator<StyleDef> {
    const seen = new Set<string>();
    while (id && !seen.has(id)) {
      seen.add(id);
      const s = this.styles.get(id);
      if (!s) return;
      yield s;
      id = s.basedOn;
    }
  }

  /** 1-based heading level from the style name (Heading n, 标题 n) or an inherited outline level. */
  headingLevel(styleId: string | undefined): number | undefined {
    for (const s of this.chain(styleId)) {
      const m = HEADING_NAME.exec(s.name.trim()) ?? HEADING_NAME.exec(s.id);
      if (m) return Number(m[1]);
      if (s.outlineLvl !== undefined) return s.outlineLvl >= 0 && s.outlineLvl <= 8 ? s.outlineLvl + 1 : undefined;
    }
    return undefined;
  }

  isTocStyle(styleId: string | undefined): boolean {
    for (const s of this.chain(styleId)) if (TOC_NAME.test(s.name.trim())) return true;
    return false;
  }

  /** numPr a paragraph inherits from its style chain (the nearest numId / ilvl win separately). */
  numbering(styleId: string | undefined): { numId?: string; ilvl?: number } {
    let numId: string | undefined;
    let ilvl: number | undefined;
    for (const s of this.chain(styleId)) {
      numId ??= s.numId;
      ilvl ??= s.ilvl;
    }
    return { numId, ilvl };
  }

  /** numId a numbering style (w:type="numbering") points at; used by w:numStyleLink. */
  numberingStyleNumId(styleId: string): string | undefined {
    for (const s of this.chain(styleId)) if (s.numId) return s.numId;
    return undefined;
  }

  /** Effective bold of a run: direct formatting, then character style, paragraph style, defaults. */
  runBold(direct: boolean | undefined, runStyleId: string | undefined, paragraphStyleId: string | undefined): boolean {
    if (direct !== undefined) return direct;
    for (const s of this.chain(runStyleId)) if (s.bold !== undefined) return s.bold;
    for (const s of this.chain(paragraphStyleId)) if (s.bold !== undefined) return s.bold;
    return this.defaultBold;
  }
}
