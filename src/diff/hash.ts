// Deterministic change ids: a hash of what changed (record id, field or cell address, old and new
// values) over a canonical JSON form, so the same change gets the same id in every run.
import { createHash } from 'node:crypto';

/** JSON with object keys sorted and `undefined` dropped (null inside arrays). */
export function canonicalJson(v: unknown): string {
  if (v === undefined) return 'null';
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map((x) => canonicalJson(x)).join(',')}]`;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).filter((k) => o[k] !== undefined).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`).join(',')}}`;
}

/** 16 hex digits of SHA-256 over the canonical JSON of `parts`. */
export function changeIdOf(...parts: unknown[]): string {
  return createHash('sha256').update(canonicalJson(parts)).digest('hex').slice(0, 16);
}
