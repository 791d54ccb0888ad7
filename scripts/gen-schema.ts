// Writes schema/records.schema.json from the zod schemas; with --check, fails when the committed
// file is out of date (CI runs the check).
import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { AnyRecord } from '../src/schema/records.ts';

const target = new URL('../schema/records.schema.json', import.meta.url);
const schema = {
  title: 'vetreport record',
  description: 'One line of records.jsonl. Generated from src/schema/records.ts by `npm run schema`; do not edit.',
  ...z.toJSONSchema(AnyRecord, { target: 'draft-2020-12' }),
};
const text = `${JSON.stringify(schema, null, 2)}\n`;

if (process.argv.includes('--check')) {
  let current = '';
  try { current = readFileSync(target, 'utf8'); } catch { /* missing counts as stale */ }
  if (current !== text) {
    console.error('schema/records.schema.json is out of date: run `npm run schema` and commit it');
    process.exit(1);
  }
  console.log('schema/records.schema.json is up to date');
} else {
  writeFileSync(target, text);
  console.log(`wrote ${target.pathname}`);
}
