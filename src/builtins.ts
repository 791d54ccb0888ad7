// pdfjs-dist's legacy build carries core-js polyfills that replace JSON.stringify, JSON.parse and
// Array.prototype.push for the whole process with spec-edge-case versions several times slower
// (and Function.prototype.toString, so that the replacements still print as "[native code]").
// Every format pays once a PDF has been read: records are serialized with JSON.stringify, and
// every stage pushes. This module holds the engine's own functions, taken before pdfjs loads
// (src/load/pdfjs.ts imports it first), and puts them back after.

export interface Builtins {
  stringify: typeof JSON.stringify;
  parse: typeof JSON.parse;
  push: typeof Array.prototype.push;
  toString: typeof Function.prototype.toString;
}

function current(): Builtins {
  return { stringify: JSON.stringify, parse: JSON.parse, push: Array.prototype.push, toString: Function.prototype.toString };
}

/** core-js marks the process when it installs anything: taken after that, these would be its replacements. */
const COREJS_MARK = '__core-js_shared__';
const original: Builtins | null = COREJS_MARK in globalThis ? null : current();

/**
 * Puts the engine's JSON.stringify, JSON.parse, Array.prototype.push and Function.prototype.toString
 * back and returns what stood in their place (the benchmark measures both). Throws when they were
 * replaced before this module could take them: something imported pdfjs-dist without going
 * through src/load/pdfjs.ts.
 */
export function restoreBuiltins(): Builtins {
  if (!original) throw new Error('pdfjs-dist was loaded before src/builtins.ts: import it through src/load/pdfjs.ts');
  const replaced = current();
  installBuiltins(original);
  return replaced;
}

/** Installs the given functions as the process's built-ins. */
export function installBuiltins(b: Builtins): void {
  for (const [obj, key, fn] of [
    [JSON, 'stringify', b.stringify],
    [JSON, 'parse', b.parse],
    [Array.prototype, 'push', b.push],
    [Function.prototype, 'toString', b.toString],
  ] as const) {
    if ((obj as unknown as Record<string, unknown>)[key] !== fn) {
      Object.defineProperty(obj, key, { value: fn, writable: true, configurable: true, enumerable: false });
    }
  }
}

/** Names of the built-ins that are not the engine's own right now (empty when all are). */
export function replacedBuiltins(): string[] {
  if (!original) return ['JSON.stringify', 'JSON.parse', 'Array.prototype.push', 'Function.prototype.toString'];
  const now = current();
  const names: Record<keyof Builtins, string> = { stringify: 'JSON.stringify', parse: 'JSON.parse', push: 'Array.prototype.push', toString: 'Function.prototype.toString' };
  return (Object.keys(names) as Array<keyof Builtins>).filter((k) => now[k] !== original[k]).map((k) => names[k]);
}
