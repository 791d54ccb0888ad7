// PDF → block stream, with pdfjs-dist. Stages (one module each under ./pdf/):
//   items      text items → runs in top-left page coordinates, weight evidence from font names
//   graphics   operator list → rules, shaded boxes, images, fill+stroke (synthetic bold) text
//   rules      rules → table grids;  tables: grids + runs → tables with merged cells
//   aligned    tables without vertical rules, from column alignment (and horizontal rules if any)
//   furniture  running headers/footers and page numbers, dropped from text and blocks
//   columns    column gutters and reading order;  lines/paragraphs: runs → lines → paragraphs
// Layout of `text`: block texts joined by \n; a table contributes its non-empty cells in reading
// order, one per line; page breaks and images take no text (an empty span where they stand), as in
// the DOCX loader. Every page boundary gets one PageBreakBlock (span.page = the page that starts),
// placed before the first block that starts on that page; a paragraph or table running across the
// boundary (span.pageEnd) stands before it.
import type * as pdfjs from './pdfjs.ts';
import type { Block, LoadedDocument, LoaderIssue, ParagraphHints, RawCell, RawRow, Span } from '../blocks.ts';
import { ExtractionError } from '../errors.ts';
import { parseCaption } from '../tables/caption.ts';
import { JoinedText } from './joined-text.ts';
import { findAlignedTables, type AlignedTable, type PageGeometry } from './pdf/aligned.ts';
import { readingOrder, type PlacedObject, type Region, type RegionItem } from './pdf/columns.ts';
import { findFurniture } from './pdf/furniture.ts';
import { openPdf } from './pdf/document.ts';
import { checkPageCount, checkPdfStreams } from './pdf/limits.ts';
import { pageThreads, readPagesInParallel } from './pdf/parallel.ts';
import { OCR_PAGE_CPU_MS } from '../extractor/budget.ts';
import { reportPageCount } from '../extractor/progress.ts';
import type { OcrMode } from '../ocr/mode.ts';
import { groupRows, makeLine } from './pdf/lines.ts';
import { buildParagraphs, continues, isIndented, joinParas, type LayoutStats, type Para } from './pdf/paragraphs.ts';
import { mapBox, readPage, type OcrPageInfo, type PageFacts } from './pdf/page.ts';
import { joinTables, repeatsHeader, type PTable } from './pdf/tables.ts';
import type { Box, HSeg, Line, Matrix, Rect, Run } from './pdf/types.ts';

/** Images smaller than this (pt, either side) are icons and decoration, not figures. */
const MIN_IMAGE = 40;
/** Text smaller than this share of the body size at the foot of a page is a footnote. */
const FOOTNOTE_SIZE = 0.9;

type Element =
  | { kind: 'para'; para: Para; region: number }
  | { kind: 'table'; table: PTable; region: number }
  | { kind: 'image'; page: number; rect: Rect; ref: string; region: number };

export interface PdfOptions {
  /** Which pages are read by OCR (src/ocr/mode.ts); default auto. */
  ocr?: OcrMode;
  /**
   * Threads the pages are read on (src/load/pdf/parallel.ts); default: one below PARALLEL_MIN_PAGES
   * pages, else the machine's cores. Any count gives the same document.
   */
  threads?: number;
}

export async function loadPdf(buf: Buffer, opts: PdfOptions = {}): Promise<LoadedDocument> {
  if (buf.length === 0) throw new ExtractionError('EMPTY_FILE', 'the PDF file is empty (0 bytes)');
  if (!buf.subarray(0, 1024).includes('%PDF-')) throw new ExtractionError('NOT_A_PDF', 'not a PDF file: no "%PDF-" header in its first 1024 bytes');
  await checkPdfStreams(buf);

  let doc: pdfjs.PDFDocumentProxy;
  try {
    doc = await openPdf(new Uint8Array(buf));
  } catch (e) {
    throw readError(e);
  }

  const pages: PageFacts[] = [];
  let drawn: pdfjs.PDFDocumentProxy | null = null;
  try {
    checkPageCount(doc.numPages);
    reportPageCount(doc.numPages);
    const mode = opts.ocr ?? 'auto';
    const threads = Math.min(opts.threads ?? pageThreads(doc.numPages), doc.numPages);
    // Read on several threads, pages come back in page order and go on as if read here, one by
    // one: OCR (in this thread, on pages that need it) and the error of the first page that fails.
    let read: Awaited<ReturnType<typeof readPagesInParallel>> | null = null;
    if (threads > 1) {
      try {
        read = await readPagesInParallel(doc, buf, threads);
      } catch (e) {
        // Past a reading thread's heap limit the document ends as it would in one thread; a thread
        // that could not start or died otherwise leaves the pages to be read here.
        if (e instanceof ExtractionError) throw e;
      }
    }
    for (let p = 1; p <= doc.numPages; p++) {
      let facts: PageFacts;
      if (read) {
        const got = read[p - 1];
        if (!got) throw new Error(`page ${p} was not read`);
        if (got instanceof Error) throw got;
        facts = got;
      } else {
        facts = await readPage(doc, p);
      }
      const reason = ocrReason(facts, mode);
      if (!reason) {
        pages.push(facts);
        continue;
      }
      // Drawing needs what the document opened for layout never made: pictures' pixels, glyph outlines.
      drawn ??= await openPdf(new Uint8Array(buf), 'drawing');
      pages.push(await ocrPdfPage(drawn, facts, reason));
    }
  } catch (e) {
    throw readError(e);
  } finally {
    await doc.destroy();
    await drawn?.destroy();
  }
  return layout(pages);
}

/** A picture covering at least this share of a page without text makes it a scan. */
const SCAN_COVER = 0.1;
/** Below this share of readable characters a text layer is unusable (glyphs with no Unicode mapping). */
const READABLE_SHARE = 0.5;
/** Fewer unreadable characters than this are a few dingbats (bullets, check marks from a symbol font), not an unusable layer. */
const MIN_UNREADABLE = 10;

/**
 * Why a page goes to OCR, or null. In auto mode: a page with no text layer that a picture covers
 * (a scan; a page with nothing drawn, or drawings only, has no text to read), or a text layer
 * whose characters are mostly unreadable (private-use code points, which pdfjs gives glyphs
 * without a Unicode mapping and the run keeps only as a count; U+FFFD; control characters), which
 * only the printed shapes can tell.
 */
function ocrReason(p: PageFacts, mode: OcrMode): OcrPageInfo['reason'] | null {
  if (mode === 'never') return null;
  if (mode === 'always') return 'always';
  if (p.noText) return scanned(p) ? 'no-text-layer' : null;
  let readable = 0;
  let unreadable = 0;
  for (const r of p.runs) {
    unreadable += r.unmapped ?? 0;
    if (r.symbol) continue;
    for (const ch of r.str) {
      if (/\s/.test(ch)) continue;
      if (/[\p{Co}\p{Cc}\uFFFD]/u.test(ch)) unreadable++;
      else readable++;
    }
  }
  return unreadable >= MIN_UNREADABLE && readable < READABLE_SHARE * (readable + unreadable) ? 'unusable-text-layer' : null;
}

function scanned(p: { width: number; height: number; images: Rect[] }): boolean {
  return p.images.some((r) => (r.x1 - r.x0) * (r.bottom - r.top) >= SCAN_COVER * p.width * p.height);
}

/** The page drawn and read by OCR, in place of what its text layer gave. */
async function ocrPdfPage(doc: pdfjs.PDFDocumentProxy, facts: PageFacts, reason: OcrPageInfo['reason']): Promise<PageFacts> {
  const { renderPage, renderDpi } = await import('../ocr/render.ts');
  const { ocrPage } = await import('../ocr/page.ts');
  const dpi = renderDpi(facts.imageDpi);
  const image = await renderPage(doc, facts.page, dpi);
  const read = await ocrPage(image, dpi, facts.page, { width: facts.pageWidth, height: facts.pageHeight }, reason, OCR_PAGE_CPU_MS);
  return read.facts;
}

function readError(e: unknown): ExtractionError {
  if (e instanceof ExtractionError) return e;
  const name = (e as { name?: string } | null)?.name ?? '';
  const message = (e as { message?: string } | null)?.message ?? String(e);
  if (name === 'PasswordException') return new ExtractionError('ENCRYPTED_PDF', `the PDF is encrypted and needs a password to open (${message})`);
  if (name === 'InvalidPDFException') return new ExtractionError('CORRUPT_PDF', `the PDF is damaged or truncated: ${message}`);
  return new ExtractionError('CORRUPT_PDF', `the PDF could not be read: ${name ? `${name}: ` : ''}${message}`);
}

/**
 * Pages (read from a text layer, by OCR, or both) → the block stream. Also the image loader's
 * layout: an image's pages are read by OCR and laid out as a PDF's are.
 */
export function layout(pages: PageFacts[]): LoadedDocument {
  const issues: LoaderIssue[] = [];
  // Tables first: their cells are content even at the page edge, so furniture is looked for in the rest.
  const built = pages.map((p) => ({ p, tables: p.tables, free: p.free }));
  const furniture = findFurniture(built.map(({ p, free }) => ({ runs: free, images: p.images, width: p.width, height: p.height })));

  const perPage = built.map(({ p, tables, free: inFlow }) => {
    let free = inFlow.filter((r) => !furniture.runs.has(r));
    const images = dedupeImages(p.images.filter((r) => !furniture.images.has(r) && r.x1 - r.x0 >= MIN_IMAGE && r.bottom - r.top >= MIN_IMAGE))
      .filter((r) => !tables.some((t) => contains(t.box, r)))
      .map((r) => clampRect(r, p));
    // Tables without vertical rules: three-line tables (rules above and below) on the whole page
    // first, so that reading order never takes their gutters for columns of text; then any others
    // inside the reading-order regions, where prose set in columns has been told apart. They get
    // ids after the ruled tables and the images.
    const geometry = { page: p.page, rules: p.rules, fills: p.fills, images };
    const aligned = findAlignedTables(groupRows(free.filter((r) => !r.rotated)).map(makeLine), { ...geometry, ruledOnly: true });
    if (aligned.length > 0) {
      const used = new Set(aligned.flatMap((t) => t.runs));
      free = free.filter((r) => !used.has(r));
    }
    const objects: PlacedObject[] = [
      ...tables.map((t, id) => ({ id, x0: t.box[0], x1: t.box[2], top: t.box[1], bottom: t.box[3] })),
      ...images.map((r, k) => ({ id: tables.length + k, x0: r.x0, x1: r.x1, top: r.top, bottom: r.bottom })),
      ...aligned.map((t, k) => ({ id: tables.length + images.length + k, x0: t.table.box[0], x1: t.table.box[2], top: t.table.box[1], bottom: t.table.box[3] })),
    ];
    const regions = readingOrder(free, objects).map((region) => withAlignedTables(region, geometry, tables.length + images.length, aligned));
    return { p, tables, images, aligned, regions, scanned: !p.ocr && p.noText && scanned(p) };
  });

  const stats = layoutStats(perPage.flatMap((x) => x.regions));
  const allRuns = perPage.flatMap((x) => x.regions.flatMap((r) => r.items.flatMap((it) => (it.kind === 'line' ? it.line.runs : []))));
  const body = bodySize(allRuns);
  const heiChars = allRuns.reduce((n, r) => n + (r.hei && !r.bold ? r.str.length : 0), 0);
  const totalChars = allRuns.reduce((n, r) => n + r.str.length, 0);
  // When the body itself is set in a Hei face, Hei is no evidence of a heading.
  const heiIsBold = totalChars === 0 || heiChars < 0.4 * totalChars;

  let elements: Element[] = [];
  let regionNo = 0;
  for (const { p, tables, images, aligned, regions } of perPage) {
    for (const region of regions) {
      regionNo++;
      let lines: Para['lines'] = [];
      const flush = () => {
        for (const para of buildParagraphs(lines, p.page, region.left, region.right, stats)) elements.push({ kind: 'para', para, region: regionNo });
        lines = [];
      };
      for (const it of region.items) {
        if (it.kind === 'line') {
          lines.push(it.line);
          continue;
        }
        flush();
        if (it.id < tables.length) elements.push({ kind: 'table', table: tables[it.id]!, region: regionNo });
        else if (it.id >= tables.length + images.length) elements.push({ kind: 'table', table: aligned[it.id - tables.length - images.length]!.table, region: regionNo });
        else {
          const k = it.id - tables.length;
          elements.push({ kind: 'image', page: p.page, rect: images[k]!, ref: `image ${k + 1} on page ${p.page}`, region: regionNo });
        }
      }
      flush();
    }
  }

  elements = joinPageTables(elements, body);
  elements = joinContinuedParas(elements, usesIndent(elements));

  const out = assemble(elements, pages, body, heiIsBold);
  for (const { p, scanned } of perPage) {
    if (!scanned) continue;
    const at = out.pageOffsets[p.page - 1] ?? 0;
    issues.push({ code: 'NO_TEXT_LAYER', message: `page ${p.page} has no text layer (scanned image?): its content is not extracted, as OCR is off (--ocr never)`, span: { charStart: at, charEnd: at, page: p.page } });
  }
  issues.push(...ocrIssues(pages, out.pageOffsets));
  return { blocks: out.blocks, text: out.text, encoding: null, issues, pageCount: pages.length };
}

/**
 * Puts the tables found from alignment among a region's lines in place of those lines. Tables printed
 * side by side in the same rows are read as the page's columns are: the left one(s) first.
 */
function withAlignedTables(region: Region, geometry: PageGeometry, firstId: number, found: AlignedTable[]): Region {
  // Lines between objects only: an aligned table never runs across a ruled table or a figure.
  const between: Line[][] = [[]];
  for (const it of region.items) {
    if (it.kind === 'line') between[between.length - 1]!.push(it.line);
    else between.push([]);
  }
  const tables: { t: AlignedTable; id: number; group: string | null }[] = [];
  between.forEach((lines, k) => {
    if (lines.length < 3) return;
    for (const t of findAlignedTables(lines, geometry)) {
      found.push(t);
      tables.push({ t, id: firstId + found.length - 1, group: t.beside ? `${k}:${t.beside.group}` : null });
    }
  });
  if (tables.length === 0) return region;

  const used = new Set(tables.flatMap((x) => x.t.runs));
  const items: RegionItem[] = [];
  for (const it of region.items) {
    if (it.kind !== 'line' || !it.line.runs.some((r) => used.has(r))) {
      items.push(it);
      continue;
    }
    const rest = it.line.runs.filter((r) => !used.has(r));
    if (rest.length > 0) items.push({ kind: 'line', line: makeLine(rest) });
  }
  const top = (it: RegionItem) => (it.kind === 'line' ? it.line.top : it.top);
  for (const { t, id } of [...tables].sort((a, b) => a.t.table.box[1] - b.t.table.box[1])) {
    const at = items.findIndex((it) => top(it) > t.table.box[1]);
    items.splice(at < 0 ? items.length : at, 0, { kind: 'object', id, top: t.table.box[1] });
  }

  for (const group of new Set(tables.map((x) => x.group).filter((g) => g !== null))) {
    const members = tables.filter((x) => x.group === group);
    if (members.length < 2) continue;
    const sideOf = new Map(members.map((x) => [x.id, x.t.beside!.side]));
    const sides = Math.max(...members.map((x) => x.t.beside!.side));
    const gutters: number[] = [];
    for (let k = 0; k < sides; k++) {
      const left = members.filter((x) => x.t.beside!.side === k).map((x) => x.t.table.box[2]);
      const right = members.filter((x) => x.t.beside!.side === k + 1).map((x) => x.t.table.box[0]);
      gutters.push((Math.max(...left) + Math.min(...right)) / 2);
    }
    const sideAt = (x: number) => gutters.filter((g) => x > g).length;
    let band = [Math.min(...members.map((x) => x.t.table.box[1])), Math.max(...members.map((x) => x.t.table.box[3]))] as const;
    const inBand = (it: RegionItem) => (it.kind === 'object' ? sideOf.has(it.id) : it.line.top >= band[0] - 0.5 && it.line.bottom <= band[1] + 0.5);
    // Titles printed right above the tables on one shared line go each with its own table.
    const first = items.findIndex(inBand);
    for (let k = first - 1; k >= 0 && k >= first - 2; k--) {
      const it = items[k]!;
      if (it.kind !== 'line' || band[0] - it.line.bottom > 2 * it.line.size) break;
      if (it.line.runs.some((r) => gutters.some((g) => r.x0 < g && r.x1 > g))) break;
      const parts = new Map<number, Run[]>();
      for (const r of it.line.runs) parts.set(sideAt((r.x0 + r.x1) / 2), [...(parts.get(sideAt((r.x0 + r.x1) / 2)) ?? []), r]);
      if (parts.size < 2) break;
      items.splice(k, 1, ...[...parts.keys()].sort((a, b) => a - b).map((side): RegionItem => ({ kind: 'line', line: makeLine(parts.get(side)!) })));
      band = [Math.min(band[0], it.line.top), band[1]];
    }
    const side = (it: RegionItem) => (it.kind === 'object' ? sideOf.get(it.id)! : sideAt((it.line.x0 + it.line.x1) / 2));
    const at = items.flatMap((it, k) => (inBand(it) ? [k] : []));
    const ordered = at.map((k) => items[k]!).sort((a, b) => side(a) - side(b) || top(a) - top(b));
    at.forEach((k, i) => (items[k] = ordered[i]!));
  }
  return { ...region, items };
}

function contains(b: Box, r: Rect): boolean {
  return r.x0 >= b[0] - 2 && r.x1 <= b[2] + 2 && r.top >= b[1] - 2 && r.bottom <= b[3] + 2;
}

function clampRect(r: Rect, p: { width: number; height: number }): Rect {
  return { x0: Math.max(0, r.x0), top: Math.max(0, r.top), x1: Math.min(p.width, r.x1), bottom: Math.min(p.height, r.bottom) };
}

/** An image drawn twice (picture plus its mask, or nested forms) is one figure. */
function dedupeImages(images: Rect[]): Rect[] {
  const out: Rect[] = [];
  for (const r of images) {
    if (!out.some((o) => Math.abs(o.x0 - r.x0) < 2 && Math.abs(o.x1 - r.x1) < 2 && Math.abs(o.top - r.top) < 2 && Math.abs(o.bottom - r.bottom) < 2)) out.push(r);
  }
  return out;
}

/** Usual line pitch per font size, from consecutive lines that share a size. */
function layoutStats(regions: Region[]): LayoutStats {
  const bySize = new Map<number, Map<number, number>>();
  const ratios = new Map<number, number>();
  for (const region of regions) {
    for (let k = 1; k < region.items.length; k++) {
      const a = region.items[k - 1]!;
      const b = region.items[k]!;
      if (a.kind !== 'line' || b.kind !== 'line') continue;
      const s = a.line.size;
      const d = b.line.base - a.line.base;
      if (Math.abs(b.line.size - s) > 0.05 * s || d < 0.8 * s || d > 3.5 * s) continue;
      const key = Math.round(d * 2) / 2;
      const m = bySize.get(s) ?? new Map<number, number>();
      m.set(key, (m.get(key) ?? 0) + 1);
      bySize.set(s, m);
      const rk = Math.round((d / s) * 20) / 20;
      ratios.set(rk, (ratios.get(rk) ?? 0) + 1);
    }
  }
  const mode = (m: Map<number, number>) => [...m].reduce((best, e) => (e[1] > best[1] || (e[1] === best[1] && e[0] < best[0]) ? e : best), [0, 0] as [number, number]);
  const perSize = new Map<number, number>();
  for (const [s, m] of bySize) if ([...m.values()].reduce((a, b) => a + b, 0) >= 4) perSize.set(s, mode(m)[0]);
  const ratio = ratios.size ? mode(ratios)[0] : 1.5;
  return { pitch: (size) => perSize.get(size) ?? ratio * size };
}

/** The body text size: the size most characters are set in. */
function bodySize(runs: Run[]): number {
  const count = new Map<number, number>();
  for (const r of runs) {
    const k = Math.round(r.size * 2) / 2;
    count.set(k, (count.get(k) ?? 0) + r.str.length);
  }
  let best = 0;
  let size = 10;
  for (const [k, n] of count) if (n > best) [best, size] = [n, k];
  return size;
}

function usesIndent(elements: Element[]): boolean {
  let indented = 0;
  let multi = 0;
  for (const e of elements) {
    if (e.kind !== 'para' || e.para.lines.length < 2) continue;
    multi++;
    if (isIndented(e.para.lines[0]!, e.para.left)) indented++;
  }
  return multi > 0 && indented >= 0.5 * multi;
}

const squeeze = (s: string) => s.replace(/\s+/g, '').replace(/^续/, '');

/**
 * A table ending page N and one opening page N+1 are one table when the caption before the first is
 * repeated above the second, when the second repeats the first's header rows, when both have the
 * same outer column edges, or when the second has neither caption nor header of its own and as many
 * columns (a continuation the page just carried on). Footnotes at the foot of page N may stand
 * between the two; they stay after the joined table.
 */
function joinPageTables(elements: Element[], body: number): Element[] {
  const out: Element[] = [];
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!;
    if (e.kind !== 'table') {
      out.push(e);
      continue;
    }
    let table = e.table;
    const footnotes: Element[] = [];
    for (;;) {
      let j = i + 1;
      const between: Element[] = [];
      while (elements[j] && isPageFoot(elements[j]!, table, body)) between.push(elements[j++]!);
      const caption = out[out.length - 1];
      const next = elements[j];
      let repeated = false;
      let captioned = false;
      if (next?.kind === 'para' && next.para.page === table.pageEnd + 1 && elements[j + 1]?.kind === 'table') {
        captioned = parseCaption(next.para.text) !== null || /^续表/.test(squeeze(next.para.text));
        repeated = caption?.kind === 'para' && caption.para.pageEnd === table.page && squeeze(next.para.text) === squeeze(caption.para.text);
        if (repeated) j++;
      }
      const cont = elements[j];
      if (cont?.kind !== 'table' || cont.table.page !== table.pageEnd + 1) break;
      const sameEdges = Math.abs(cont.table.box[0] - table.box[0]) <= 4 && Math.abs(cont.table.box[2] - table.box[2]) <= 4;
      const carriedOn = !captioned && cont.table.colXs.length === table.colXs.length && opensWithData(cont.table);
      if (!repeated && !sameEdges && !carriedOn && !repeatsHeader(table, cont.table)) break;
      table = joinTables(table, cont.table);
      footnotes.push(...between);
      i = j;
    }
    out.push({ ...e, table }, ...footnotes);
  }
  return out;
}

/** Below the table on its last page, in smaller type than the body: a footnote the page put there. */
function isPageFoot(e: Element, t: PTable, body: number): boolean {
  return e.kind === 'para' && e.para.page === t.pageEnd && e.para.box[1] >= lastBottom(t) - 1 && paraSize(e.para) < FOOTNOTE_SIZE * body;
}

function lastBottom(t: PTable): number {
  const last = t.rows[t.rows.length - 1];
  return last && last.page === t.pageEnd ? last.bottom : t.box[3];
}

/** Its first row holds a figure: the rest of a table's body, not a header of its own. */
function opensWithData(t: PTable): boolean {
  return t.cells.some((c) => c.r0 === 0 && /^[-+−]?[\d,]+(?:\.\d+)?[%‰]?$/.test(c.text.replace(/\s+/g, '')));
}

/**
 * Joins a paragraph carried on into the next column or onto the next page. Footnotes printed at the
 * foot of the page in between (smaller text below the paragraph) are stepped over and stay after it.
 */
function joinContinuedParas(elements: Element[], indentStyle: boolean): Element[] {
  const out: Element[] = [];
  for (const e of elements) {
    if (e.kind === 'para') {
      let j = out.length - 1;
      while (j > 0 && isFootnote(out[j]!, out[j - 1]!, e.para.page)) j--;
      const last = out[j];
      if (last?.kind === 'para') {
        const a = last.para;
        const b = e.para;
        const nextColumn = b.page === a.pageEnd && e.region !== last.region && j === out.length - 1;
        // Carried over to the next page, a paragraph goes on at the left edge it was set from: a
        // line starting well inside that edge (a centred title over the next page's table) is new.
        const nextPage = b.page === a.pageEnd + 1 && b.lines[0]!.x0 - a.left < 0.9 * b.lines[0]!.size;
        if ((nextColumn || nextPage) && continues(a, b, indentStyle)) {
          out[j] = { ...last, para: joinParas(a, b), region: e.region };
          continue;
        }
      }
    }
    out.push(e);
  }
  return out;
}

function isFootnote(f: Element, before: Element, nextPage: number): boolean {
  if (f.kind !== 'para' || before.kind === 'table' || before.kind === 'image') return false;
  const a = before.para;
  const size = (p: Para) => p.lines[p.lines.length - 1]!.size;
  return f.para.page === nextPage - 1 && f.para.page === a.pageEnd && f.para.box[1] > a.box[3] && size(f.para) < 0.9 * size(a);
}

/** What a reader of OCR output should know: pages cut short by their time limit, blank pages skipped. */
function ocrIssues(pages: PageFacts[], pageOffsets: number[]): LoaderIssue[] {
  const issues: LoaderIssue[] = [];
  const at = (page: number): Span => {
    const o = pageOffsets[page - 1] ?? 0;
    return { charStart: o, charEnd: o, page };
  };
  for (const p of pages) {
    if (p.ocr?.timedOut) issues.push({ code: 'OCR_PAGE_TIMEOUT', message: `page ${p.page}: OCR ran past its limit of ${OCR_PAGE_CPU_MS / 1000} CPU s; the page holds only the text read until then`, span: at(p.page) });
  }
  for (const p of pages) {
    if (p.ocr && !p.ocr.blank && !p.ocr.timedOut && p.runs.length === 0) issues.push({ code: 'OCR_NO_TEXT', message: `page ${p.page} was read by OCR and holds no text it could recognise (a picture, or print too faint or small)`, span: at(p.page) });
  }
  const blank = pages.filter((p) => p.ocr?.blank).map((p) => p.page);
  if (blank.length > 0) {
    issues.push({ code: 'BLANK_PAGES', message: `${blank.length} scanned page${blank.length > 1 ? 's' : ''} without ink, not sent to OCR: ${pageList(blank)}`, span: at(blank[0]!) });
  }
  return issues;
}

/** 1, 2, 3, 7, 9, 10 → "1–3, 7, 9–10". */
function pageList(pages: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < pages.length; ) {
    let j = i;
    while (j + 1 < pages.length && pages[j + 1] === pages[j]! + 1) j++;
    parts.push(j > i ? `${pages[i]}–${pages[j]}` : `${pages[i]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

function assemble(elements: Element[], pages: PageFacts[], body: number, heiIsBold: boolean): { blocks: Block[]; text: string; pageOffsets: number[] } {
  const out = new JoinedText();
  const put = (t: string): Span => out.put(t);
  const here = (): Span => out.here();
  // Boxes are measured in each page's reading frame and reported on the page as displayed.
  const bbox = (page: number, box: Box): [number, number, number, number] => {
    const p = pages[page - 1]!;
    const b = p.toPage ? mapBox(p.toPage, box) : box;
    const x0 = Math.min(Math.max(0, b[0]), p.pageWidth);
    const y0 = Math.min(Math.max(0, b[1]), p.pageHeight);
    return [round(x0), round(y0), round(Math.max(x0, Math.min(p.pageWidth, b[2]))), round(Math.max(y0, Math.min(p.pageHeight, b[3])))];
  };
  const located = (span: Span, page: number, b: Box, pageEnd?: number): Span => {
    span.page = page;
    if (pageEnd !== undefined && pageEnd > page) span.pageEnd = pageEnd;
    span.bbox = bbox(page, b);
    const p = pages[page - 1]!;
    if (p.ocr) {
      span.source = 'ocr';
      const c = confidenceIn(p.runs, b);
      if (c !== null) span.confidence = c;
    }
    return span;
  };

  const blocks: Block[] = [];
  const pageOffsets: number[] = [0];
  let current = 1;
  const breakTo = (page: number) => {
    while (current < page) {
      current++;
      pageOffsets[current - 1] = out.offset;
      blocks.push({ type: 'pagebreak', span: { ...here(), page: current } });
    }
  };

  for (const e of elements) {
    if (e.kind === 'para') {
      const p = e.para;
      breakTo(p.page);
      const text = p.toc ? p.toc.title : p.text;
      const hints: ParagraphHints = { fontRatio: round(paraSize(p) / body), bold: paraBold(p, heiIsBold) };
      if (p.toc) hints.tocEntry = p.toc;
      blocks.push({ type: 'paragraph', text, span: located(put(text), p.page, p.box, p.pageEnd), hints });
    } else if (e.kind === 'image') {
      breakTo(e.page);
      blocks.push({ type: 'image', ref: e.ref, span: located(here(), e.page, [e.rect.x0, e.rect.top, e.rect.x1, e.rect.bottom]) });
    } else {
      const t = e.table;
      breakTo(t.page);
      const byRow = t.rows.map(() => [] as PTable['cells']);
      for (const c of t.cells) byRow[c.r0]?.push(c);
      for (const cells of byRow) cells.sort((a, b) => a.c0 - b.c0);
      let first: number | undefined;
      const rows: RawRow[] = t.rows.map((row, r) => {
        let rowStart: number | undefined;
        const cells: RawCell[] = byRow[r]!
          .map((c) => {
            const span = c.text ? put(c.text) : here();
            if (c.text) {
              rowStart ??= span.charStart;
              first ??= span.charStart;
            }
            return { text: c.text, span: located(span, c.page, [c.x0, c.top, c.x1, c.bottom]), colSpan: Math.max(1, c.c1 - c.c0), rowSpan: Math.max(1, c.r1 - c.r0) };
          });
        return { cells, span: located({ charStart: rowStart ?? out.offset, charEnd: out.offset }, row.page, [row.x0, row.top, row.x1, row.bottom]) };
      });
      blocks.push({ type: 'table', rows, span: located({ charStart: first ?? out.offset, charEnd: out.offset }, t.page, t.box, t.pageEnd), spansKnown: true });
    }
  }
  breakTo(pages.length);
  return { blocks, text: out.toString(), pageOffsets };
}

/**
 * The recogniser's confidence for what lies in a box: the mean over the OCR runs whose centre is in
 * it, weighted by their characters; null when none is (an empty table cell).
 */
function confidenceIn(runs: readonly Run[], b: Box): number | null {
  let sum = 0;
  let n = 0;
  for (const r of runs) {
    if (r.confidence === undefined) continue;
    const x = (r.x0 + r.x1) / 2;
    const y = (r.top + r.bottom) / 2;
    if (x < b[0] - 1 || x > b[2] + 1 || y < b[1] - 1 || y > b[3] + 1) continue;
    const k = Math.max(1, r.str.length);
    sum += r.confidence * k;
    n += k;
  }
  return n > 0 ? Math.round((sum / n) * 1000) / 1000 : null;
}

function paraSize(p: Para): number {
  const count = new Map<number, number>();
  for (const l of p.lines) count.set(l.size, (count.get(l.size) ?? 0) + l.chars);
  let best = -1;
  let size = p.lines[0]?.size ?? 0;
  for (const [s, n] of count) if (n > best) [best, size] = [n, s];
  return size;
}

function paraBold(p: Para, heiIsBold: boolean): boolean {
  let all = 0;
  let bold = 0;
  for (const l of p.lines) {
    for (const r of l.runs) {
      const n = r.str.replace(/\s/g, '').length;
      all += n;
      if (r.bold || (heiIsBold && r.hei)) bold += n;
    }
  }
  return all > 0 && bold >= 0.8 * all;
}
