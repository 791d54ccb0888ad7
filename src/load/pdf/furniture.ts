// Running headers, footers and page numbers: text in the top or bottom rows of a page that repeats
// at the same height on many pages (digits ignored, so "第 3 页" matches "第 4 页"), or that reads
// as a page number on its own. Repeated images (logos, watermarks) go the same way. Position decides,
// not text alone: the report's title printed on page 1 stays even when the running header repeats it.
import { groupRows, makeLine, splitAtGaps } from './lines.ts';
import type { Rect, Run } from './types.ts';

export interface FurniturePage {
  runs: readonly Run[];
  images: readonly Rect[];
  width: number;
  height: number;
}

/** How far into the page (share of its height) headers and footers may reach. */
const ZONE = 0.15;
/** Rows from the top / bottom that may hold headers and footers. */
const ZONE_ROWS = 3;
/** Furniture repeats at the same height (pt) from page to page; text elsewhere is not the same furniture. */
const SAME_HEIGHT = 4;
/** Furniture keeps about its type size (a cover may set it a point smaller); the same words markedly larger are a title or heading. */
const SAME_SIZE = 0.15;

const PAGE_NUMBER = [
  /^[-–—－~‐]*[0-9０-９]{1,4}[-–—－~‐]*$/,
  /^第[0-9０-９]{1,4}页(?:[,，]?共[0-9０-９]{1,4}页)?$/,
  /^[0-9０-９]{1,4}[/／][0-9０-９]{1,4}$/,
  /^(?:page|p\.)[0-9]{1,4}(?:of[0-9]{1,4})?$/i,
  /^[-–—]*[ivx]{1,5}[-–—]*$/i,
  /^[ⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩⅪⅫ]$/,
];

export function isPageNumber(text: string): boolean {
  const t = text.replace(/\s+/g, '');
  return PAGE_NUMBER.some((re) => re.test(t));
}

interface Candidate {
  page: number;
  runs: Run[];
  key: string;
  y: number;
  size: number;
}

export function findFurniture(pages: readonly FurniturePage[]): { runs: Set<Run>; images: Set<Rect> } {
  const drop = new Set<Run>();
  const dropImages = new Set<Rect>();
  const need = pages.length <= 2 ? 2 : Math.max(2, Math.ceil(pages.length * 0.25));
  const candidates: Candidate[] = [];

  pages.forEach((p, pageIndex) => {
    const rows = groupRows(p.runs.filter((r) => !r.rotated));
    const zone = (k: number, fromTop: boolean) => {
      const row = rows[k]!;
      const top = Math.min(...row.map((r) => r.top));
      const bottom = Math.max(...row.map((r) => r.bottom));
      return fromTop ? bottom <= ZONE * p.height : top >= (1 - ZONE) * p.height;
    };
    const pick = (k: number, fromTop: boolean, outermost: boolean) => {
      if (k < 0 || k >= rows.length || !zone(k, fromTop)) return false;
      const fragments = splitAtGaps(rows[k]!, 2);
      for (const f of fragments) {
        const text = makeLine(f).text;
        // A lone number is a page number only at the very edge or alone on its row: table cells are neither.
        if (isPageNumber(text) && (outermost || fragments.length === 1)) {
          f.forEach((r) => drop.add(r));
          continue;
        }
        const key = `${fromTop ? 'T' : 'B'}${text.replace(/\s+/g, '').replace(/[0-9０-９]+/g, '#')}`;
        candidates.push({ page: pageIndex, runs: f, key, y: Math.min(...f.map((r) => r.top)), size: Math.max(...f.map((r) => r.size)) });
      }
      return true;
    };
    for (let k = 0; k < Math.min(ZONE_ROWS, rows.length); k++) if (!pick(k, true, k === 0)) break;
    for (let k = rows.length - 1; k >= Math.max(0, rows.length - ZONE_ROWS); k--) if (!pick(k, false, k === rows.length - 1)) break;
  });

  const byKey = new Map<string, Candidate[]>();
  for (const c of candidates) {
    const list = byKey.get(c.key);
    if (list) list.push(c);
    else byKey.set(c.key, [c]);
  }
  for (const list of byKey.values()) {
    if (list.length < need) continue;
    list.sort((a, b) => a.y - b.y);
    // Same text at (nearly) the same height on enough pages is furniture there; the same words
    // printed elsewhere in a larger size (a title the running header repeats, on page 1) are content;
    // in the same size they are that furniture where a page's layout moved it (a cover's footer).
    const sizes: number[] = [];
    let start = 0;
    for (let k = 1; k <= list.length; k++) {
      if (k < list.length && list[k]!.y - list[k - 1]!.y <= SAME_HEIGHT) continue;
      const cluster = list.slice(start, k);
      if (new Set(cluster.map((c) => c.page)).size >= need) sizes.push(...cluster.map((c) => c.size));
      start = k;
    }
    if (sizes.length === 0) continue;
    for (const c of list) if (sizes.some((z) => Math.abs(c.size - z) <= SAME_SIZE * z)) c.runs.forEach((r) => drop.add(r));
  }

  const imageKey = (r: Rect) => [r.x0, r.top, r.x1, r.bottom].map((v) => Math.round(v / 3)).join(',');
  const imagePages = new Map<string, { pages: Set<number>; rects: Rect[] }>();
  pages.forEach((p, i) =>
    p.images.forEach((r) => {
      // Page-sized pictures are scans or full-page figures, never furniture.
      if ((r.x1 - r.x0) * (r.bottom - r.top) >= 0.3 * p.width * p.height) return;
      const k = imageKey(r);
      const e = imagePages.get(k) ?? { pages: new Set<number>(), rects: [] };
      e.pages.add(i);
      e.rects.push(r);
      imagePages.set(k, e);
    }),
  );
  for (const e of imagePages.values()) if (e.pages.size >= need) e.rects.forEach((r) => dropImages.add(r));
  return { runs: drop, images: dropImages };
}
