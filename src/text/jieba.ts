// The one place that talks to nodejieba. Loading its dictionary costs ~1.5 s of CPU and ~270 MB, so
// it happens once per process, on first use: a document that defines no short names and has no 案例
// box never pays for it (nor for loading the native addon).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

type NodeJieba = typeof import('nodejieba');
let nodejieba: NodeJieba;

export interface Token {
  word: string;
  /** jieba's part-of-speech tag ("n", "v", "ns", "nt", …); "x" for punctuation and unknown words. */
  tag: string;
}

let state: 'unloaded' | 'ready' | 'unavailable' = 'unloaded';

function ready(): boolean {
  if (state === 'unloaded') {
    nodejieba = createRequire(import.meta.url)('nodejieba') as NodeJieba;
    // nodejieba aborts the whole process (uncatchably) on a missing dictionary file, so look first.
    const defaults = nodejieba as unknown as Record<string, unknown>;
    const files = ['DEFAULT_DICT', 'DEFAULT_HMM_DICT', 'DEFAULT_USER_DICT', 'DEFAULT_IDF_DICT', 'DEFAULT_STOP_WORD_DICT'].map((k) => defaults[k]);
    const present = files.every((f) => typeof f === 'string' && existsSync(f));
    if (present) {
      try {
        nodejieba.load();
        state = 'ready';
      } catch {
        state = 'unavailable';
      }
    } else {
      state = 'unavailable';
    }
  }
  return state === 'ready';
}

// Without a dictionary every character is a token of its own: names defined in the document are
// still found (they are spelled out token by token), names jieba would have to recognise are not.
export function cut(text: string): string[] {
  return ready() ? nodejieba.cut(text) : Array.from(text);
}

export function tag(text: string): Token[] {
  return ready() ? nodejieba.tag(text) : Array.from(text, (word) => ({ word, tag: 'x' }));
}

const added = new Set<string>();

/** Adds a word to the process-wide dictionary (school short names are safe to keep for later documents). */
export function addWord(word: string, posTag = 'nt'): void {
  if (!word || added.has(word) || !ready()) return;
  nodejieba.insertWord(word, posTag);
  added.add(word);
}
