// pdfjs-dist's legacy build replaces JSON.stringify, JSON.parse and Array.prototype.push process-wide
// with slower polyfills; src/load/pdfjs.ts puts the engine's own back. Only vitest and node modules
// are imported statically here, so the functions taken below are the engine's.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { EXTERNAL_DIR, seedPath } from './helpers/corpus.ts';

const engine = {
  stringify: JSON.stringify,
  parse: JSON.parse,
  push: Array.prototype.push,
  toString: Function.prototype.toString,
};
const pdfjsLoadedBefore = '__core-js_shared__' in globalThis;

describe('built-ins after the loaders', () => {
  it('are the engine’s own once every loader has been imported and has read a file', async () => {
    expect(pdfjsLoadedBefore).toBe(false);
    const { loadDocument } = await import('../src/load/index.ts');
    const pdf = await loadDocument(readFileSync(EXTERNAL_DIR + '周口市统计公报2023.pdf'), 'pdf');
    const docx = await loadDocument(readFileSync(EXTERNAL_DIR + 'word_tables.docx'), 'docx');
    const txt = await loadDocument(readFileSync(seedPath('004')), 'txt');
    // The benchmarks import pdfjs and mammoth too.
    await import('../bench/pdf.ts');
    await import('../bench/docx.ts');

    // pdfjs did load (and install its polyfills) and still reads pages after the swap back.
    expect('__core-js_shared__' in globalThis).toBe(true);
    expect(pdf.pageCount).toBe(13);
    expect(pdf.blocks.filter((b) => b.type === 'paragraph').length).toBeGreaterThan(50);
    expect(docx.blocks.some((b) => b.type === 'table')).toBe(true);
    expect(txt.blocks.length).toBeGreaterThan(10);

    expect(JSON.stringify).toBe(engine.stringify);
    expect(JSON.parse).toBe(engine.parse);
    expect(Array.prototype.push).toBe(engine.push);
    expect(Function.prototype.toString).toBe(engine.toString);
    const { replacedBuiltins } = await import('../src/builtins.ts');
    expect(replacedBuiltins()).toEqual([]);
  });
});
