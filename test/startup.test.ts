// Start-up: the bin runs the compiled JavaScript when it is current and the sources otherwise, and
// each command loads only the heavy modules it needs (figures are in `npm run bench`, not here).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { distState } from '../bin/dist-current.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const BIN = path.join(ROOT, 'bin/vetreport.mjs');
const IMPORT_LOG = path.join(ROOT, 'test/helpers/import-log.mjs');
const HEAVY = ['bullmq', 'ioredis', 'pdfjs-dist', 'mammoth', 'cheerio', 'chokidar', '@node-rs/jieba', 'jszip'];

/** Runs the bin and returns its exit status, output and the heavy packages it loaded. */
function run(args: string[]): { status: number | null; stdout: string; stderr: string; heavy: string[]; loaded: string } {
  const log = path.join(mkdtempSync(path.join(tmpdir(), 'vetreport-imports-')), 'imports.log');
  writeFileSync(log, '');
  // Through NODE_OPTIONS, so the extraction processes the command starts log what they load too.
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--import=${pathToFileURL(IMPORT_LOG).href}`, VETREPORT_IMPORT_LOG: log } });
  const loaded = readFileSync(log, 'utf8');
  const heavy = HEAVY.filter((p) => loaded.includes(`/node_modules/${p}/`) || loaded.split('\n').includes(`require:${p}`));
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, heavy, loaded };
}

// Whole processes through the TypeScript sources: minutes each on a loaded machine.
describe('start-up', { timeout: 300_000 }, () => {
  it('--version prints the package version and --help lists every command, loading nothing heavy', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string };
    const v = run(['--version']);
    expect(v.status).toBe(0);
    expect(v.stdout.trim()).toBe(pkg.version);
    expect(v.heavy).toEqual([]);
    const h = run(['--help']);
    expect(h.status).toBe(0);
    for (const cmd of ['extract', 'watch', 'rerun', 'worker', 'status', 'diff', 'review']) expect(h.stdout).toMatch(new RegExp(`^\\s+${cmd}\\b`, 'm'));
    expect(h.heavy).toEqual([]);
    expect(h.loaded).not.toMatch(/\/zod\//);
  });

  it('extracting a plain text report loads no queue, PDF, Word, watcher or review module, and no word segmenter', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-startup-'));
    const file = path.join(dir, 'small.txt');
    writeFileSync(file, '一、基本情况\n全市共有中等职业学校3所。\n二、专业设置\n开设专业20个。\n');
    const r = run(['extract', file, '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.heavy).toEqual([]);
    expect(r.loaded).not.toMatch(/\/review\/server\.|\/commands\/watch\./);
    expect(readFileSync(path.join(dir, 'out', 'records.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(5); // document, two sections, and the two figures (3所, 20个) as indicators
  });

  it('loads jieba only for a document that needs word segmentation (a short name defined)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-startup-'));
    const r = run(['extract', path.join(ROOT, 'fixtures/text/mini-report.txt'), '--out', path.join(dir, 'out'), '--quiet']);
    expect(r.status).toBe(0);
    expect(r.heavy).toEqual(['@node-rs/jieba']);
  });

  it('the bin runs dist/ only while no source is newer than its build', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'vetreport-dist-'));
    mkdirSync(path.join(root, 'src', 'load'), { recursive: true });
    mkdirSync(path.join(root, 'pipelines'));
    writeFileSync(path.join(root, 'src', 'load', 'text.ts'), '');
    writeFileSync(path.join(root, 'pipelines', 'p.ts'), '');
    expect(distState(root)).toBe('missing');
    mkdirSync(path.join(root, 'dist'));
    writeFileSync(path.join(root, 'dist', '.built'), '');
    const built = Date.now() / 1000;
    const past = built - 60;
    utimesSync(path.join(root, 'src', 'load', 'text.ts'), past, past);
    utimesSync(path.join(root, 'pipelines', 'p.ts'), past, past);
    expect(distState(root)).toBe('current');
    utimesSync(path.join(root, 'src', 'load', 'text.ts'), built + 60, built + 60);
    expect(distState(root)).toBe('stale');
    utimesSync(path.join(root, 'src', 'load', 'text.ts'), past, past);
    utimesSync(path.join(root, 'pipelines', 'p.ts'), built + 60, built + 60);
    expect(distState(root)).toBe('stale');
  });
});
