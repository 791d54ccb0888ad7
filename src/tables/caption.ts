// What stands around a table block: its caption (before or after it, sometimes broken over two
// lines), a 单位：… line, and the 注：… notes under it. Each of these paragraphs is consumed.
import type { Block, TableBlock } from '../blocks.ts';
import type { RecordContext } from '../records/build.ts';
import { foldForMatch, joinWrapped } from '../text/normalize.ts';
import { isUnit } from './values.ts';

export interface Caption {
  /** As printed without 表/表格 and spaces: "1-2", "1.2-1", "2.4"; null for a title without a number (…预算总表). */
  number: string | null;
  title: string;
  unit: string | null;
  /** 续表3-1, 表3-1（续）: the rest of table 3-1, printed after a page break. */
  continued?: true;
}

export interface Surroundings {
  caption: Caption | null;
  /** Caption paragraphs, in order. */
  captionBlocks: number[];
  notes: string[];
  unit: string | null;
  /** Every paragraph taken: caption, unit line, notes. */
  blocks: number[];
}

const CAPTION = /^(续\s*)?(?:表格|表)\s*(\d{1,3}(?:\s*[-—–.]\s*\d{1,3}){0,3})(?![\d])\s*[:：.、]?\s*(.*)$/;
const CONTINUED_MARK = /\s*[（(]\s*续(?:表)?\s*[）)]\s*$/;
const TITLE_UNIT = /\s*[（(]\s*单位\s*[:：]\s*([^（）()]{1,12}?)\s*[）)]\s*$/;
const UNIT_LINE = /^[（(]?\s*(?:计量)?单位\s*[:：]\s*([^（）()]{1,12}?)\s*[）)]?$/;
const NOTE = /^[（(]?\s*(?:注|备注|说明|数据来源|资料来源|来源)\s*\d?\s*[:：]/;
const ENUMERATED = /^(?:\d{1,2}\s*[.、．)）]|[（(]\d{1,2}[）)]|[②-⑳])/;
const SENTENCE = /[。；;！？!?]/;
/** A title naming a table without numbering it: 收入支出决算总表, 2025年部门财务收支预算总表, 学校专业设置一览表. */
const TABLE_TITLE = /^[^：:，,。；;！？!?]{2,40}表$/;
/** The line a form-like table prints between its title and its body: 编制部门：… 单位：元. */
const FORM_UNIT_LINE = /^(?:编制|填报|填表)(?:部门|单位|机关)\s*[:：][^:：]*\s(?:计量)?单位\s*[:：]\s*([^（）()\s]{1,12})$/;

export function parseCaption(text: string): Caption | null {
  const t = foldForMatch(text).trim();
  if (t.length > 150) return null;
  const m = CAPTION.exec(t);
  if (!m) return null;
  let title = m[3]!.trim();
  let continued = m[1] !== undefined;
  const cont = CONTINUED_MARK.exec(title);
  if (cont) {
    continued = true;
    title = title.slice(0, cont.index).trim();
  }
  // A sentence that starts by citing a table is not its caption.
  if (/。$/.test(title) || /^(?:所示|显示|中|可见|表明|反映|列出)/.test(title)) return null;
  let unit: string | null = null;
  const u = TITLE_UNIT.exec(title);
  if (u && isUnit(u[1]!.replace(/\s+/g, ''))) {
    unit = u[1]!.replace(/\s+/g, '');
    title = title.slice(0, u.index).trim();
  }
  const caption: Caption = { number: m[2]!.replace(/\s+/g, ''), title: originalTail(text, title), unit };
  if (continued) caption.continued = true;
  return caption;
}

/** The title as printed (folding is for matching only); the folded form has the same length. */
function originalTail(original: string, foldedTitle: string): string {
  const t = original.trim();
  const at = foldForMatch(t).lastIndexOf(foldedTitle);
  return at >= 0 ? t.slice(at, at + foldedTitle.length) : foldedTitle;
}

/**
 * A table's title without a number, as budget and final-account forms print them: a line of at most
 * 40 characters ending in 表, with no sentence or clause punctuation, standing right above the table.
 */
export function parseTableTitle(text: string): Caption | null {
  const t = foldForMatch(text).trim();
  const squeezed = t.replace(/\s+/g, '');
  // 见下表, 如下表: a sentence pointing at the table, not its title.
  if (!TABLE_TITLE.test(squeezed) || /[下见如]表$/.test(squeezed) || CAPTION.test(t) || isNote(t)) return null;
  return { number: null, title: text.trim().replace(/\s+/g, ' '), unit: null };
}

export function unitLine(text: string): string | null {
  const folded = foldForMatch(text).trim();
  const m = UNIT_LINE.exec(folded) ?? FORM_UNIT_LINE.exec(folded);
  const u = m?.[1]?.replace(/\s+/g, '');
  return u && isUnit(u) ? u : null;
}

export function isNote(text: string): boolean {
  return NOTE.test(foldForMatch(text).trim());
}

/**
 * Captions are matched to tables in the document's own style: where most captions stand before
 * their table, one that stands between two tables belongs to the second.
 */
export function findSurroundings(ctx: RecordContext, tables: number[], taken: Set<number>): Map<number, Surroundings> {
  const { blocks } = ctx.doc;
  const out = new Map<number, Surroundings>();
  const claimed = new Set<number>();
  const para = (i: number): string | null => {
    const b = blocks[i];
    return b?.type === 'paragraph' && !taken.has(i) && !claimed.has(i) ? b.text : null;
  };
  const prose = (i: number) => para(i) !== null && !ctx.seg.structural.has(i);
  const step = (i: number, d: 1 | -1) => {
    let j = i + d;
    while (blocks[j]?.type === 'pagebreak') j += d;
    return j;
  };
  for (const t of tables) out.set(t, { caption: null, captionBlocks: [], notes: [], unit: null, blocks: [] });

  const before = (t: number) => {
    const s = out.get(t)!;
    let j = step(t, -1);
    const unit = para(j) !== null ? unitLine(para(j)!) : null;
    if (unit) j = step(j, -1);
    let found: number[] = [];
    let cap = para(j) !== null ? parseCaption(para(j)!) : null;
    if (cap) found = [j];
    else if (prose(j) && continuesCaption(para(j)!)) {
      const k = step(j, -1);
      cap = para(k) !== null ? parseCaption(para(k)!) : null;
      if (cap) {
        cap.title = joinWrapped(cap.title, para(j)!.trim());
        found = [k, j];
      }
    }
    if (!cap && para(j) !== null && (cap = parseTableTitle(para(j)!))) found = [j];
    if (!cap) return;
    s.caption = cap;
    s.captionBlocks = found;
    if (unit) {
      s.unit = unit;
      s.blocks.push(step(t, -1));
      claimed.add(step(t, -1));
    }
    for (const b of found) claimed.add(b);
    s.blocks.push(...found);
  };
  const after = (t: number) => {
    const s = out.get(t)!;
    for (let j = step(t, 1); para(j) !== null; j = step(j, 1)) {
      const text = para(j)!;
      const cap = parseCaption(text);
      if (cap) {
        s.caption = cap;
        s.captionBlocks = [j];
        s.blocks.push(j);
        claimed.add(j);
        return;
      }
      if (!isNote(text) && !unitLine(text)) return;
    }
  };

  const first = captionStyle(blocks, tables, (i) => (para(i) !== null ? parseCaption(para(i)!) : null), step);
  for (const t of tables) (first === 'before' ? before : after)(t);
  // A one-column box (a 案例 frame) takes a caption only where the style puts it.
  const boxed = (t: number) => (blocks[t] as TableBlock).rows.every((r) => r.cells.length <= 1);
  for (const t of tables) if (!out.get(t)!.caption && !boxed(t)) (first === 'before' ? after : before)(t);

  for (const t of tables) {
    const s = out.get(t)!;
    let noteOpen = false;
    for (let j = step(t, 1); ; j = step(j, 1)) {
      if (s.captionBlocks.includes(j)) continue;
      if (para(j) === null) break;
      const text = para(j)!.trim();
      const unit = unitLine(text);
      if (unit && !s.unit) s.unit = unit;
      else if (isNote(text) || (noteOpen && prose(j) && ENUMERATED.test(text))) {
        s.notes.push(text);
        noteOpen = true;
      } else break;
      s.blocks.push(j);
      claimed.add(j);
    }
    if (!s.unit && s.caption?.unit) s.unit = s.caption.unit;
  }
  return out;
}

/** The second line of a caption broken in two: short, and not a sentence, note or unit line. */
function continuesCaption(text: string): boolean {
  const t = text.trim();
  return t.length > 0 && [...t].length <= 40 && !SENTENCE.test(t) && !/[：:]$/.test(t) && !parseCaption(t) && !isNote(t) && !unitLine(t);
}

function captionStyle(blocks: Block[], tables: number[], caption: (i: number) => Caption | null, step: (i: number, d: 1 | -1) => number): 'before' | 'after' {
  let before = 0;
  let after = 0;
  const isTable = (i: number) => blocks[i]?.type === 'table';
  for (const t of tables) {
    const p = step(t, -1);
    const n = step(t, 1);
    if (caption(p) && !isTable(step(p, -1))) before++;
    if (caption(n) && !isTable(step(n, 1))) after++;
  }
  return after > before ? 'after' : 'before';
}
