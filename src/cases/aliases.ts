// Short names a report defines for the bodies it names: 柳州职业技术学院（以下简称“柳职院”）. Case
// boxes call a school by its short name, so the subject of a case is read through these.
import type { Block } from '../blocks.ts';
import { tag as cutTagged } from '../text/jieba.ts';
import { breaksName, isOrgName } from './orgs.ts';

// The bracket may say more before the marker: （原柳江职教中心，以下简称“柳旅校”）.
const DEFINITION = /[（(](?:[^（）()]{0,30}?[，,；;]\s*)?(?:以下简称|以下称|简称|下称)\s*[：:]?\s*[“"「『]?([^”"」』（）()，,。；;\s]{1,20}?)[”"」』]?\s*[）)]/g;
// The full name is the run of Han characters (with a printed （民办）) ending right before the bracket.
const NAME_BEFORE = /(?:[\u4e00-\u9fff]|[（(]民办[）)])+$/u;
const PRIVATE = /[（(]民办[）)]$/;

/** short name → full name, from every paragraph and table cell of the document. */
export function collectAliases(blocks: Block[]): Record<string, string> {
  const aliases: Record<string, string> = {};
  for (const text of texts(blocks)) {
    for (const m of text.matchAll(DEFINITION)) {
      const full = fullNameBefore(text.slice(0, m.index));
      const short = m[1]!;
      if (full && short !== full && !(short in aliases)) aliases[short] = full;
    }
  }
  return aliases;
}

/**
 * In running text the Han run starts earlier than the name (本报告仅供德邦证券股份有限公司（以下简称…）):
 * the name is the tokens back from the bracket up to the first word that cannot stand in a name.
 */
function fullNameBefore(text: string): string | null {
  const run = NAME_BEFORE.exec(text.replace(/\s+$/, ''))?.[0];
  if (!run) return null;
  const mark = PRIVATE.exec(run)?.[0] ?? '';
  const tokens = cutTagged(run.slice(0, run.length - mark.length));
  let start = tokens.length;
  while (start > 0 && !breaksName(tokens[start - 1]!)) start--;
  const name = tokens.slice(start).map((t) => t.word).join('') + mark;
  return isOrgName(name) ? name : null;
}

function* texts(blocks: Block[]): Generator<string> {
  for (const b of blocks) {
    if (b.type === 'paragraph') yield b.text;
    else if (b.type === 'table') for (const r of b.rows) for (const c of r.cells) yield c.text;
  }
}
