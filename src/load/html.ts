// Web pages (.html, .htm): a report saved from a bureau's site, or a Word file saved as a web page.
// The bytes are decoded by BOM, then <meta charset>, then by content (UTF-8 or GB18030); the page's
// main content is found (navigation, headers, footers, scripts left out), and its paragraphs,
// headings and tables become the same draft blocks the DOCX loader makes, so segmentation, the
// table stage (rowspan/colspan kept) and cases read them unchanged.
import * as cheerio from 'cheerio';
import type { AnyNode, Element } from 'domhandler';
import type { LoadedDocument } from '../blocks.ts';
import { ExtractionError } from '../errors.ts';
import { isCjk } from '../text/normalize.ts';
import { assemble } from './docx/assemble.ts';
import type { Draft, DraftCell } from './docx/html-blocks.ts';
import { decodeText } from './encoding.ts';

/** GBK and GB2312 are subsets of GB18030: one decoder reads all three. */
const CHARSET_ALIASES: Record<string, string> = { gbk: 'gb18030', gb2312: 'gb18030', 'x-gbk': 'gb18030', gb18030: 'gb18030', 'utf8': 'utf-8' };

/**
 * The page's characters and the encoding they were read in: a BOM first, then the charset a
 * <meta> tag declares in the first 4 KB, then the bytes themselves (see encoding.ts).
 */
export function decodeHtml(buf: Buffer): { html: string; encoding: string } {
  if (buf.length === 0) throw new ExtractionError('EMPTY_FILE', 'the file is empty (0 bytes)');
  if (buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) return { html: buf.subarray(3).toString('utf8'), encoding: 'utf-8-bom' };
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff)) {
    const label = buf[0] === 0xff ? 'utf-16le' : 'utf-16be';
    return { html: new TextDecoder(label).decode(buf.subarray(2)), encoding: label };
  }
  const head = buf.subarray(0, 4096).toString('latin1');
  const declared = /<meta[^>]+charset\s*=\s*["']?\s*([\w-]+)/i.exec(head)?.[1]?.toLowerCase();
  if (declared) {
    const label = CHARSET_ALIASES[declared] ?? declared;
    try {
      return { html: new TextDecoder(label, { fatal: false }).decode(buf), encoding: label };
    } catch {
      // An encoding the runtime does not know: the bytes decide.
    }
  }
  const d = decodeText(buf);
  return { html: d.text, encoding: d.encoding };
}

/** Never content: scripts, styles, forms and the page's own furniture. */
const DROP_TAGS = 'script, style, noscript, template, iframe, object, embed, svg, canvas, nav, header, footer, aside, form, select, button, input, textarea, head';
const DROP_ROLES = '[role="navigation"], [role="banner"], [role="contentinfo"], [role="search"], [aria-hidden="true"]';
/** Site furniture named by id or class: menus, breadcrumbs, footers, share bars, sidebars. */
const FURNITURE = /(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|crumbs?|footer|foot|copyright|share|sidebar|toolbar|topbar|login|search|friendlink|links)(?:$|[-_\s\d])/i;

/**
 * A child holding this share of its parent's text (links not counted) is where the content is;
 * below it the rest is furniture (a menu column, a related-links list).
 */
const DOMINANT_SHARE = 0.6;

const BLOCK_TAGS = new Set(['p', 'div', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'dl', 'dt', 'dd', 'blockquote', 'section', 'article', 'main', 'pre', 'center', 'table', 'tr', 'td', 'th', 'tbody', 'thead', 'tfoot', 'caption', 'figure', 'figcaption', 'address', 'hr', 'body']);
const HEADING_TAG = /^h([1-6])$/;

export async function loadHtml(buf: Buffer): Promise<LoadedDocument> {
  const { html, encoding } = decodeHtml(buf);
  const $ = cheerio.load(html);
  $(DROP_TAGS).remove();
  $(DROP_ROLES).remove();
  $('[id], [class]').each((_i, el) => {
    const names = `${$(el).attr('id') ?? ''} ${$(el).attr('class') ?? ''}`;
    if (FURNITURE.test(names) && !hasHeadingOrTable($, el)) $(el).remove();
  });
  const body = $('body')[0] ?? $.root()[0];
  if (!body) throw new ExtractionError('NO_TEXT', 'the page has no body');
  const main = mainContent($, body as Element);
  const out = new Drafts();
  walk(main, out, false, 0);
  out.flush();
  if (!out.drafts.some((d) => d.type !== 'pagebreak')) throw new ExtractionError('NO_TEXT', 'the page has no text in its body');
  const { blocks, text } = assemble(out.drafts);
  return { blocks, text, encoding, issues: [] };
}

function hasHeadingOrTable($: cheerio.CheerioAPI, el: AnyNode): boolean {
  return $(el).find('h1, h2, h3, table').length > 0 && textWeight($(el).text()) > 200;
}

/** Characters of text that count: CJK and letters/digits, not spaces. */
function textWeight(s: string): number {
  let n = 0;
  for (const ch of s) if (!/\s/.test(ch)) n++;
  return n;
}

function ownWeight($: cheerio.CheerioAPI, el: AnyNode): number {
  const all = textWeight($(el).text());
  let links = 0;
  $(el).find('a').each((_i, a) => {
    links += textWeight($(a).text());
  });
  return all - links;
}

/**
 * The element the page's content stands in: from <body> down, into the child that holds most of
 * the text, while one does. A title printed above the body (an h1–h3 beside the content block)
 * belongs to it: the descent stops where the content block has such a sibling.
 */
function mainContent($: cheerio.CheerioAPI, body: Element): Element {
  const explicit = $('main, article, [role="main"]').toArray().filter((e) => ownWeight($, e) > 0.5 * ownWeight($, body));
  let node: Element = (explicit[0] as Element | undefined) ?? body;
  for (let depth = 0; depth < 50; depth++) {
    const total = ownWeight($, node);
    if (total === 0) break;
    const kids = $(node).children().toArray() as Element[];
    const heavy = kids.find((k) => ownWeight($, k) >= DOMINANT_SHARE * total);
    if (!heavy || heavy.tagName === 'table' || ['tr', 'td', 'tbody'].includes(heavy.tagName)) break;
    const titled = kids.some((k) => k !== heavy && /^h[1-3]$/.test(k.tagName) && textWeight($(k).text()) > 0);
    if (titled) break;
    node = heavy;
  }
  return node;
}

class Drafts {
  readonly drafts: Draft[] = [];
  private parts: string[] = [];
  private boldChars = 0;
  private chars = 0;
  private level: number | undefined;

  text(s: string, bold: boolean, level: number | undefined): void {
    const w = textWeight(s);
    if (w === 0 && this.parts.length === 0) return;
    this.parts.push(s);
    this.chars += w;
    if (bold) this.boldChars += w;
    if (level !== undefined) this.level = level;
  }

  flush(): void {
    const text = cleanText(this.parts.join(''));
    if (text) {
      const hints: Extract<Draft, { type: 'paragraph' }>['hints'] = {};
      // <h1>–<h6> are evidence as markdown's # is (numbering still decides); the page's one <h1> is its title.
      if (this.level !== undefined) hints.markdownLevel = this.level;
      if (this.chars > 0 && this.boldChars === this.chars) hints.bold = true;
      this.drafts.push({ type: 'paragraph', text, hints });
    }
    this.parts = [];
    this.chars = this.boldChars = 0;
    this.level = undefined;
  }

  push(d: Draft): void {
    this.flush();
    this.drafts.push(d);
  }
}

/**
 * Whitespace as a browser shows it, and none between two Chinese characters (a line break in the
 * page's source); a space between a figure and a word (表1 各类学校) stays.
 */
function cleanText(s: string): string {
  const collapsed = s.replace(/[ \t\r\n\f]+/g, ' ');
  let out = '';
  const chars = [...collapsed];
  for (let i = 0; i < chars.length; i++) {
    const c = chars[i]!;
    if (c === ' ' && isCjk(out[out.length - 1]) && isCjk(chars[i + 1])) continue;
    out += c;
  }
  return out.replace(/^[\s\u00a0\u3000]+|[\s\u00a0\u3000]+$/g, '');
}

function isBold(el: Element): boolean {
  if (el.tagName === 'b' || el.tagName === 'strong') return true;
  return /font-weight\s*:\s*(?:bold|[6-9]00)/i.test(el.attribs.style ?? '');
}

function walk(node: AnyNode, out: Drafts, bold: boolean, level: number | undefined | 0): void {
  if (node.type === 'text') {
    out.text((node as unknown as { data: string }).data, bold, level || undefined);
    return;
  }
  if (node.type !== 'tag' && node.type !== 'root') return;
  const el = node as Element;
  const tag = el.tagName?.toLowerCase() ?? '';
  if (tag === 'br') return out.flush();
  if (tag === 'img') {
    const ref = el.attribs.alt?.trim() || el.attribs.src?.split(/[\\/]/).pop() || 'image';
    return out.push({ type: 'image', ref });
  }
  if (tag === 'table' && isDataTable(el)) return out.push({ type: 'table', rows: tableRows(el) });
  const block = BLOCK_TAGS.has(tag);
  if (block) out.flush();
  const h = HEADING_TAG.exec(tag);
  const nextLevel = h ? Number(h[1]) : level;
  for (const c of el.children ?? []) walk(c, out, bold || (tag !== '' && isBold(el)), nextLevel);
  if (block) out.flush();
}

/** Longer text in one cell is a page laid out with a table, not a table of figures. */
const LAYOUT_CELL_CHARS = 500;

/**
 * A table of data, as opposed to one that lays out the page: no table inside it, and no cell
 * holding a page's worth of text or a heading.
 */
function isDataTable(table: Element): boolean {
  const inner = descendants(table);
  if (inner.some((e) => e.tagName === 'table')) return false;
  return !inner.some((c) => (c.tagName === 'td' || c.tagName === 'th') && (textWeight(textOf(c)) > LAYOUT_CELL_CHARS || descendants(c).some((e) => /^h[1-3]$/.test(e.tagName))));
}

/** Elements under `el`, in document order (read-only: a cheerio wrapper would re-parent them). */
function descendants(el: Element): Element[] {
  const out: Element[] = [];
  for (const c of el.children ?? []) {
    if (c.type !== 'tag') continue;
    out.push(c as Element, ...descendants(c as Element));
  }
  return out;
}

function textOf(n: AnyNode): string {
  if (n.type === 'text') return (n as unknown as { data: string }).data;
  return ((n as Element).children ?? []).map(textOf).join('');
}

function rowsOf(table: Element): Element[] {
  const rows: Element[] = [];
  for (const c of table.children ?? []) {
    if (c.type !== 'tag') continue;
    const e = c as Element;
    if (e.tagName === 'tr') rows.push(e);
    else if (['thead', 'tbody', 'tfoot'].includes(e.tagName)) for (const r of e.children ?? []) if (r.type === 'tag' && (r as Element).tagName === 'tr') rows.push(r as Element);
  }
  return rows;
}

function span(v: string | undefined): number {
  const n = Number.parseInt(v ?? '', 10);
  return Number.isFinite(n) && n > 1 ? Math.min(n, 1000) : 1;
}

function tableRows(table: Element): DraftCell[][] {
  return rowsOf(table).map((tr) =>
    (tr.children ?? [])
      .filter((c): c is Element => c.type === 'tag' && ['td', 'th'].includes((c as Element).tagName))
      .map((td) => {
        const out = new Drafts();
        for (const c of td.children ?? []) walk(c, out, false, 0);
        out.flush();
        const text = out.drafts.filter((d): d is Extract<Draft, { type: 'paragraph' }> => d.type === 'paragraph').map((d) => d.text).join('\n');
        return { text, colSpan: span(td.attribs.colspan), rowSpan: span(td.attribs.rowspan), notes: [] };
      }),
  );
}
