// Figure captions as printed: 图3.3 …, 图 2-2 2020-2021 年…, 图4.1-1 …, 图：…. Only a number or a
// colon right after 图 makes a caption, so 图书馆… and 图表显示… stay prose.

export interface Caption {
  /** "3.3", "2-2", "4.1-1"; null for 图：…. */
  number: string | null;
  /** The text after the number. */
  caption: string;
}

const NUMBERED = /^图\s*(\d+(?:[.．\-－–]\d+)*)(?:\s+|(?=[^\d.．\-－–\s]))(.*)$/s;
const UNNUMBERED = /^图\s*[:：]\s*(.*)$/s;
const MAX_CHARS = 120;

export function parseCaption(text: string): Caption | null {
  const t = text.trim();
  if ([...t].length > MAX_CHARS) return null;
  const n = NUMBERED.exec(t);
  const u = n ? null : UNNUMBERED.exec(t);
  const caption = (n ? n[2]! : u ? u[1]! : null)?.trim();
  if (caption === undefined || (!n && caption === '')) return null;
  // A caption names a picture; a full sentence followed by more text is prose that starts with 图.
  if (/[。！？][^”」』）)]/.test(caption)) return null;
  return { number: n ? n[1]!.replace(/．/g, '.').replace(/[－–]/g, '-') : null, caption };
}
