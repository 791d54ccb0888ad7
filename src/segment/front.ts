// What a report says about itself: its title block and, from the title (or failing that the opening
// paragraph), the region, the year covered and the kind of report.
import type { Block, ParagraphBlock } from '../blocks.ts';
import { foldForMatch } from '../text/normalize.ts';

export interface FrontMatter {
  title: string | null;
  titleBlocks: number[];
  region: string | null;
  year: number | null;
  reportType: string | null;
}

const TITLE_WORDS = /报告|年报|自评|公报|白皮书|年度|计划/;
const YEAR_LINE = /^[（(]\s*20\d{2}\s*年度?\s*[）)]$/;
const SUBTITLE = /^——\s*(写在|记|访)/;

/** 附件3, 附表2, and a file-number line (2.年度报告, 3、自评报告) printed above a report's title. */
const LABEL_ABOVE_TITLE = /^(?:附\s*[件录表]\s*[\d一二三四五六七八九十]{0,3}|\d{1,2}\s*[.、]\s*\S{1,10})$/;

/**
 * A title set over two lines (某某职业技术学院 / 2024年质量年度报告): the first line names no report
 * itself, but is short, has no punctuation, and is set in the same type as the line under it (bold,
 * size or Word style, where the source says). Without formatting evidence nothing is joined.
 */
function splitTitleHead(head: ParagraphBlock, next: Block | undefined): boolean {
  if (next?.type !== 'paragraph') return false;
  const t = foldForMatch(head.text.trim());
  if ([...t].length > 24 || /[\p{P}]/u.test(t)) return false;
  const a = head.hints;
  const b = next.hints;
  const sameType = (a.bold === true && b.bold === true) || (a.styleLevel !== undefined && a.styleLevel === b.styleLevel) || (a.fontRatio !== undefined && a.fontRatio > 1.2 && a.fontRatio === b.fontRatio);
  return sameType && a.fontRatio === b.fontRatio;
}

/**
 * The title is the run of short lines before the first heading that name a report (or a press
 * feature's headline, recognized by its ——写在… subtitle).
 */
export function findFrontMatter(blocks: Block[], firstHeading: number): FrontMatter {
  const titleBlocks: number[] = [];
  const parts: string[] = [];
  const limit = firstHeading < 0 ? Math.min(blocks.length, 8) : Math.min(firstHeading, 8);
  const short = (b: Block | undefined): b is ParagraphBlock => {
    if (b?.type !== 'paragraph' || b.hints.tocEntry) return false;
    const t = b.text.trim();
    return t !== '' && [...t].length <= 40 && !/[。；，]$/.test(t);
  };
  const namesReport = (b: ParagraphBlock): boolean => {
    const t = b.text.trim();
    return (b.hints.markdownLevel !== undefined && b.hints.markdownLevel <= 2 && !/^目\s*录$/.test(t)) || TITLE_WORDS.test(t) || YEAR_LINE.test(t);
  };
  let start = 0;
  // A label printed above the title (附件3, a file-number line 2.年度报告) is not part of it.
  if (short(blocks[0]) && LABEL_ABOVE_TITLE.test(foldForMatch(blocks[0].text.trim())) && short(blocks[1])) start = 1;
  for (let i = start; i < limit; i++) {
    const b = blocks[i];
    if (!short(b)) break;
    const t = b.text.trim();
    if (namesReport(b)) {
      titleBlocks.push(i);
      parts.push(t);
    } else if (/^[\x00-\x7f]+$/.test(t) && titleBlocks.length > 0) {
      continue; // an English name under the Chinese title
    } else if (titleBlocks.length === 0 && i + 1 < limit && splitTitleHead(b, blocks[i + 1]) && namesReport(blocks[i + 1] as ParagraphBlock)) {
      titleBlocks.push(i); // the title's first line, set as the line that names the report under it
      parts.push(t);
    } else break;
  }
  if (parts.length === 0) {
    const head = blocks.findIndex((b, i) => b.type === 'paragraph' && [...b.text].length <= 40 && nextParagraph(blocks, i)?.match(SUBTITLE));
    if (head >= 0) {
      titleBlocks.push(head, nextIndex(blocks, head));
      parts.push((blocks[head] as { text: string }).text.trim());
    }
  }
  const title = parts.length ? parts.join('') : null;
  const opening = openingText(blocks, firstHeading);
  return { title, titleBlocks, region: findRegion(title, opening), year: findYear(title, opening), reportType: findReportType(title) };
}

function nextIndex(blocks: Block[], i: number): number {
  for (let j = i + 1; j < blocks.length; j++) if (blocks[j]!.type === 'paragraph') return j;
  return -1;
}

function nextParagraph(blocks: Block[], i: number): string | undefined {
  const j = nextIndex(blocks, i);
  return j < 0 ? undefined : (blocks[j] as { text: string }).text;
}

function openingText(blocks: Block[], firstHeading: number): string {
  const out: string[] = [];
  let size = 0;
  for (let i = 0; i < blocks.length && size < 3000; i++) {
    const b = blocks[i]!;
    if (b.type !== 'paragraph' || b.hints.tocEntry) continue;
    if (i < firstHeading && [...b.text].length < 40) continue;
    out.push(b.text);
    size += b.text.length;
  }
  return foldForMatch(out.join('\n'));
}

const PLACE = /([\p{Script=Han}]{2,4}?(?:自治区|自治州|自治县|省|市|县|区|盟|旗))/u;

const NOT_A_PLACE = /(城|都|上|股|门|超|夜|闹|街|入|面|开|同|上)市$/;

function findRegion(title: string | null, opening: string): string | null {
  if (title) {
    const m = PLACE.exec(title);
    if (m) return m[1]!;
  }
  // A city report names its city again and again in the opening paragraphs.
  const counts = new Map<string, number>();
  for (const m of opening.matchAll(/([\p{Script=Han}]{2,3}市)/gu)) {
    const name = m[1]!.replace(/^(全|本|我|各|该|在|对|和|与|等)/, '');
    if ([...name].length >= 3 && !NOT_A_PLACE.test(name)) counts.set(name, (counts.get(name) ?? 0) + 1);
  }
  const best = [...counts].sort((a, b) => b[1] - a[1])[0];
  return best && best[1] >= 3 ? best[0] : null;
}

function findYear(title: string | null, opening: string): number | null {
  const t = title ? /(20\d{2})\s*年/.exec(foldForMatch(title)) : null;
  if (t) return Number(t[1]);
  // "2023年是…" opening a city report states the year it reports on.
  const o = /^(20\d{2})年是/m.exec(opening.slice(0, 300));
  return o ? Number(o[1]) : null;
}

function findReportType(title: string | null): string | null {
  if (!title) return null;
  const t = foldForMatch(title);
  if (/质量/.test(t) && /报告/.test(t)) {
    if (/就业/.test(t)) return '毕业生就业质量年度报告';
    if (/中等职业|中职/.test(t)) return '中等职业教育质量年度报告';
    if (/高等职业|高职/.test(t)) return '高等职业教育质量年度报告';
    return '职业教育质量年度报告';
  }
  if (/自评报告/.test(t)) return /双高/.test(t) ? '“双高计划”中期自评报告' : '自评报告';
  if (/统计公报/.test(t)) return '统计公报';
  if (/年报|年度报告/.test(t)) return '年度报告';
  return null;
}
