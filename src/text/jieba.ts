// The one place that talks to the word segmenter, @node-rs/jieba (jieba-rs: jieba's dictionary, HMM
// for unknown words, part-of-speech tags). Its dictionary is loaded once per process, on first use:
// ~0.4 s of CPU and ~50 MB resident. (nodejieba, used before, took ~3.7 s and ~240 MB: it loads the
// dictionary twice, once more for a TextRank extractor never used here. On every corpus file the
// aliases and case subjects read the same with either.) A document that defines no short names and
// has no 案例 box never pays for it, nor for loading the addon.
import { createRequire } from 'node:module';

type JiebaModule = typeof import('@node-rs/jieba');
type Jieba = InstanceType<JiebaModule['Jieba']>;

export interface Token {
  word: string;
  /** jieba's part-of-speech tag ("n", "v", "ns", "nt", …); "x" for punctuation and unknown words. */
  tag: string;
}

/**
 * Frequency given to a word the document defines (a school's short name): the median of jieba's
 * dictionary, the weight jieba (cppjieba's default for inserted words) gives a user word — enough
 * to keep 柳交校 whole against 柳/交校 without outweighing the words around it.
 */
const DEFINED_WORD_FREQ = 3;

let jieba: Jieba | null = null;
let state: 'unloaded' | 'ready' | 'unavailable' = 'unloaded';

function segmenter(): Jieba | null {
  if (state === 'unloaded') {
    try {
      const require = createRequire(import.meta.url);
      const { Jieba } = require('@node-rs/jieba') as JiebaModule;
      const { dict } = require('@node-rs/jieba/dict') as { dict: Uint8Array };
      jieba = Jieba.withDict(dict);
      state = 'ready';
    } catch {
      state = 'unavailable';
    }
  }
  return jieba;
}

// Without a dictionary every character is a token of its own: names defined in the document are
// still found (they are spelled out token by token), names jieba would have to recognise are not.
export function cut(text: string): string[] {
  return segmenter()?.cut(text, true) ?? Array.from(text);
}

export function tag(text: string): Token[] {
  const j = segmenter();
  return j ? j.tag(text, true).map((t) => ({ word: t.word, tag: t.tag })) : Array.from(text, (word) => ({ word, tag: 'x' }));
}

const added = new Set<string>();

/** Adds a word to the process-wide dictionary (school short names are safe to keep for later documents). */
export function addWord(word: string, posTag = 'nt'): void {
  if (!word || /\s/.test(word) || added.has(word)) return;
  const j = segmenter();
  if (!j) return;
  j.loadDict(Buffer.from(`${word} ${DEFINED_WORD_FREQ} ${posTag}\n`));
  added.add(word);
}
