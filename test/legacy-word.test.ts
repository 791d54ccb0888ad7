// Legacy Word (.doc) and WPS (.wps) files: converted by LibreOffice where it is installed and read
// as the .docx they came from; without it, read as text with a warning; a file LibreOffice cannot
// open ends as an error record and harms no other document.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { qualityReport } from '../pipelines/quality-report.ts';
import type { DocResult } from '../src/pipeline.ts';
import { runExtract } from '../src/run-extract.ts';
import type { DocumentRecord, TableRecord, WarningRecord } from '../src/schema/records.ts';
import { CASES_DIR, EXTERNAL_DIR } from './helpers/corpus.ts';
import { extractBytes, sections } from './helpers/extract.ts';

const soffice = spawnSync('soffice', ['--version']).status === 0;
const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-legacy-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Two corpus Word files: a report with typed chapter numbers, and a 45-row table with a merged header over pages. */
const SOURCES = [`${EXTERNAL_DIR}政务公开年报模版.docx`, `${CASES_DIR}B11-crosspage-repeated-header.docx`];
const stem = (f: string) => path.basename(f, '.docx');

/** The .doc LibreOffice writes for each source (Word 97–2003, the format WPS Office also writes its .wps in). */
const docs = new Map<string, Buffer>();
beforeAll(() => {
  if (!soffice) return;
  for (const f of SOURCES) writeFileSync(path.join(dir, `${stem(f) === '政务公开年报模版' ? 'gk' : 'b11'}.docx`), readFileSync(f));
  const r = spawnSync('soffice', [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'doc', '--outdir', dir, path.join(dir, 'gk.docx'), path.join(dir, 'b11.docx')], { timeout: 300_000 });
  if (r.status !== 0) throw new Error(`soffice could not make the .doc fixtures: ${r.stderr}`);
  docs.set(SOURCES[0]!, readFileSync(path.join(dir, 'gk.doc')));
  docs.set(SOURCES[1]!, readFileSync(path.join(dir, 'b11.doc')));
}, 320_000);

const tree = (r: DocResult) => sections(r.records).map((s) => [s.number, s.title, s.level]);
const tables = (r: DocResult) => r.records.filter((x): x is TableRecord => x.kind === 'table').map((t) => [t.number, t.headerRows.map((row) => row.map((c) => c.text)), t.rows.map((row) => row.map((c) => c.text))]);
const doc = (r: DocResult) => r.records.find((x): x is DocumentRecord => x.kind === 'document')!;
const codes = (r: DocResult) => r.records.filter((x): x is WarningRecord => x.kind === 'warning').map((w) => w.code);

describe.runIf(soffice)('with LibreOffice', () => {
  // Each name is converted: the report in all three guises, the long table as .doc.
  const guises: [string, string[]][] = [
    [SOURCES[0]!, ['gk.doc', 'gk.wps', 'gk-renamed.docx']],
    [SOURCES[1]!, ['b11.doc']],
  ];
  for (const [source, names] of guises) {
    it(`gives ${stem(source)} as ${names.join(', ')} the sections, tables and title of the .docx`, async () => {
      const original = await extractBytes(readFileSync(source), `${stem(source)}.docx`);
      const bytes = docs.get(source)!;
      for (const name of names) {
        const r = await extractBytes(bytes, name);
        expect(r.status, `${name}: ${r.error?.message}`).toBe('ok');
        expect(tree(r)).toEqual(tree(original));
        expect(tables(r)).toEqual(tables(original));
        expect(doc(r).title).toBe(doc(original).title);
        // Provenance names the original file and the conversion.
        expect(doc(r).source.path).toBe(name);
        expect(doc(r).source.format).toBe(path.extname(name).slice(1));
        expect(doc(r).source.conversion).toMatch(/^LibreOffice [\d.]+: doc → docx$/);
      }
    }, 900_000);
  }

  it('ends a .doc LibreOffice cannot open as an error record, removes its temporary files, and reads the other documents of the run', async () => {
    const inbox = path.join(dir, 'inbox');
    const scratch = path.join(dir, 'tmp');
    mkdirSync(inbox);
    mkdirSync(scratch);
    // OLE2 magic, then a header of zeros: no directory, no stream LibreOffice can load.
    writeFileSync(path.join(inbox, 'broken.doc'), Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096)]));
    writeFileSync(path.join(inbox, 'good.txt'), '某县职业教育质量年度报告\n一、学校概况\n学校占地面积800亩。\n');
    const saved = process.env.TMPDIR;
    process.env.TMPDIR = scratch;
    try {
      const run = await runExtract([inbox], path.join(dir, 'out'), qualityReport);
      const byName = new Map(run.documents.map((d) => [path.basename(d.sourcePath), d]));
      expect(byName.get('broken.doc')!.status).toBe('failed');
      expect(byName.get('broken.doc')!.error!.code).toBe('CONVERSION_FAILED');
      expect(byName.get('broken.doc')!.error!.message).toMatch(/LibreOffice could not convert/);
      expect(byName.get('good.txt')!.status).toBe('ok');
      // The conversion's profile, input and output are gone.
      expect(readdirSync(scratch)).toEqual([]);
    } finally {
      if (saved === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = saved;
    }
  }, 600_000);
});

describe.runIf(soffice)('without LibreOffice', () => {
  it('reads a .doc as text with a warning that tables and numbering are approximate', async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(dir, 'no-such-dir');
    try {
      const source = SOURCES[0]!;
      const original = await extractBytes(readFileSync(source), 'gk.docx');
      const r = await extractBytes(docs.get(source)!, 'gk.doc');
      expect(r.status).toBe('ok');
      expect(codes(r)).toContain('LEGACY_TEXT_ONLY');
      expect(doc(r).source.conversion).toBe('word-extractor: text only');
      // Typed chapter numbers survive as text: the chapters are found, and the tables are tables.
      expect(tree(r).filter((s) => s[2] === 1)).toEqual(tree(original).filter((s) => s[2] === 1));
      expect(tables(r).length).toBeGreaterThan(0);
    } finally {
      process.env.PATH = saved;
    }
  }, 120_000);
});
