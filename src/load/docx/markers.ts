// Paragraph markers: annotate.ts writes one literal run at the start of every w:p, and
// html-blocks.ts finds them in mammoth's HTML. That ties each HTML paragraph back to the XML
// paragraph it came from, whatever HTML structure mammoth chose (p, h1, nested li, td), and it
// survives mammoth dropping, merging or reordering paragraphs (deleted paragraph marks, text
// boxes emitted after their anchor). Supplementary private-use code points never occur in reports.

const OPEN = '\u{10FFFD}';
const CLOSE = '\u{10FFFC}';

export function markerText(id: number): string {
  return `${OPEN}${id}${CLOSE}`;
}

/** Splits text into plain pieces and marker ids, in order. */
export function splitMarkers(s: string): (string | number)[] {
  if (!s.includes(OPEN)) return [s];
  const out: (string | number)[] = [];
  const re = /\u{10FFFD}(\d+)\u{10FFFC}/gu;
  let last = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) {
    if (m.index > last) out.push(s.slice(last, m.index));
    out.push(Number(m[1]));
    last = m.index + m[0].length;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}
