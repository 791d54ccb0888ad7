// A minimal view of OOXML parts: cheerio's XML mode (htmlparser2) keeps prefixed names as written
// ("w:p") and records source offsets, which is what lets annotate.ts edit document.xml in place.
import * as cheerio from 'cheerio';

export interface XNode {
  type: string;
  name?: string;
  attribs?: Record<string, string>;
  children?: XNode[];
  data?: string;
  parent?: XNode | null;
  startIndex: number | null;
  endIndex: number | null;
}

export interface XElement extends XNode {
  name: string;
  attribs: Record<string, string>;
  children: XNode[];
}

export function parseXml(xml: string): XNode {
  const $ = cheerio.load(xml, { xml: { xmlMode: true, withStartIndices: true, withEndIndices: true } });
  return $.root()[0] as unknown as XNode;
}

export function isElement(n: XNode | undefined | null): n is XElement {
  return !!n && (n.type === 'tag' || n.type === 'script' || n.type === 'style') && typeof n.name === 'string';
}

export function elements(n: XNode | undefined, name?: string): XElement[] {
  const out: XElement[] = [];
  for (const c of n?.children ?? []) if (isElement(c) && (name === undefined || c.name === name)) out.push(c);
  return out;
}

export function child(n: XNode | undefined, name: string): XElement | undefined {
  for (const c of n?.children ?? []) if (isElement(c) && c.name === name) return c;
  return undefined;
}

/** Follows a path of child names, e.g. path(p, 'w:pPr', 'w:numPr', 'w:ilvl'). */
export function path(n: XNode | undefined, ...names: string[]): XElement | undefined {
  let cur: XNode | undefined = n;
  for (const name of names) {
    cur = child(cur, name);
    if (!cur) return undefined;
  }
  return cur as XElement | undefined;
}

export function attr(n: XNode | undefined, name: string): string | undefined {
  return n?.attribs?.[name];
}

/** `w:val` of a child element, e.g. val(pPr, 'w:pStyle'). */
export function val(n: XNode | undefined, childName: string): string | undefined {
  return attr(child(n, childName), 'w:val');
}

export function intVal(n: XNode | undefined, childName: string): number | undefined {
  const v = val(n, childName);
  if (v === undefined) return undefined;
  const i = Number.parseInt(v, 10);
  return Number.isFinite(i) ? i : undefined;
}

/** OOXML on/off property: present without w:val means on. */
export function onOff(n: XNode | undefined, childName: string): boolean | undefined {
  const el = child(n, childName);
  if (!el) return undefined;
  const v = el.attribs['w:val'];
  return v === undefined || !['0', 'false', 'off', 'none'].includes(v);
}

export function* descendants(n: XNode, name: string): Generator<XElement> {
  for (const c of n.children ?? []) {
    if (!isElement(c)) continue;
    if (c.name === name) yield c;
    yield* descendants(c, name);
  }
}
