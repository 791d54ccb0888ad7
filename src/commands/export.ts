// `vetreport export`: the records of a run (default: the latest extraction of every document) as
// CSV files, an xlsx workbook or an SQLite database. Every output replaces its target whole: files
// are written under a temporary name beside it and renamed into place, so a reader never sees half
// an export and a failed export leaves the previous one as it was.
import { existsSync, statSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { CliIO } from '../cli/io.ts';
import { UsageError } from '../errors.ts';
import { writeFileAtomic } from '../output/atomic.ts';
import { Store } from '../store/store.ts';
import { exportSource, type ExportSource } from '../export/source.ts';
import { storeRoot } from './mode.ts';

export interface ExportOptions {
  format: 'csv' | 'xlsx' | 'sqlite';
  out: string;
  doc?: string[];
  store?: string;
}

export async function exportCommand(run: string | undefined, opts: ExportOptions, io: CliIO): Promise<number> {
  const store = new Store(storeRoot(opts));
  const src = await exportSource(store, run);
  if (opts.doc?.length) {
    const missing = opts.doc.filter((d) => !src.documents.some((x) => x.docId === d));
    if (missing.length) throw new UsageError(`no document ${missing.join(', ')} in ${src.label}`);
    src.documents = src.documents.filter((d) => opts.doc!.includes(d.docId));
  }
  await writeExport(src, opts.format, opts.out);
  const n = src.documents.reduce((k, d) => k + d.indicators.length, 0);
  io.say(`${opts.out}: ${src.documents.length} documents, ${src.documents.reduce((k, d) => k + d.tables.length, 0)} tables, ${n} indicators from ${src.label}`);
  return 0;
}

/** Writes one export of `src` to `out` (a folder for csv, a file otherwise), replacing it whole. */
export async function writeExport(src: ExportSource, format: ExportOptions['format'], out: string): Promise<void> {
  const tmp = path.join(path.dirname(path.resolve(out)), `.${path.basename(out)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  if (format === 'csv') {
    if (existsSync(out) && !statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a file: a CSV export is a folder`);
    const { csvFiles } = await import('../export/csv.ts');
    try {
      for (const [rel, text] of csvFiles(src)) {
        const file = path.join(tmp, rel);
        await mkdir(path.dirname(file), { recursive: true });
        await writeFile(file, text);
      }
      await replaceDir(tmp, out);
    } catch (e) {
      await rm(tmp, { recursive: true, force: true });
      throw e;
    }
    return;
  }
  if (existsSync(out) && statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a folder: an ${format} export is one file`);
  if (format === 'xlsx') {
    const { xlsxBuffer } = await import('../export/xlsx.ts');
    await writeFileAtomic(out, await xlsxBuffer(src, sourceDate(src)));
    return;
  }
  const { writeSqlite } = await import('../export/sqlite.ts');
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  try {
    writeSqlite(src, tmp);
    await rename(tmp, out);
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}

/** A folder is swapped in: the old one moved aside, the new one renamed into place, the old one removed. */
async function replaceDir(fresh: string, out: string): Promise<void> {
  await mkdir(path.dirname(path.resolve(out)), { recursive: true });
  if (!existsSync(out)) { await rename(fresh, out); return; }
  const old = `${fresh}.old`;
  await rename(out, old);
  await rename(fresh, out);
  await rm(old, { recursive: true, force: true });
}

/**
 * The date written into a workbook's properties: the source's, never the clock's, so an export of
 * the same source is the same workbook. Runs are named by their start time (2026-11-30T03-08-04…).
 */
function sourceDate(src: ExportSource): Date {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2})[-:](\d{2})[-:](\d{2})/.exec([...src.runs].sort().pop() ?? '');
  return m ? new Date(`${m[1]}T${m[2]}:${m[3]}:${m[4]}Z`) : new Date(0);
}
