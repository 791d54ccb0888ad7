// Set-up as documented: no locked package refuses the Node the README names, and npm test names
// the programs it needs that are missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import setupNeeds from './helpers/needs.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('set-up', () => {
  it('npm ci finds no locked package that refuses this Node (EBADENGINE)', () => {
    const ci = spawnSync('npm', ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
    expect(ci.status, ci.stderr).toBe(0);
    expect(ci.stderr).not.toMatch(/EBADENGINE/);
  }, 300_000);

  it('npm test says, before anything runs, which programs it needs are missing and what fails without them', () => {
    const lines: string[] = [];
    const write = process.stderr.write;
    const pathBefore = process.env.PATH;
    process.env.PATH = mkdtempSync(path.join(tmpdir(), 'vetreport-nopath-'));
    process.stderr.write = ((s: string) => { lines.push(s); return true; }) as typeof process.stderr.write;
    try {
      setupNeeds();
    } finally {
      process.stderr.write = write;
      process.env.PATH = pathBefore;
    }
    expect(lines).toContain('npm test: redis-server not found — the queue tests (queue, queue-faults, chaos) fail (apt-get install redis-server)\n');
    expect(lines.some((l) => l.startsWith('npm test: LibreOffice (soffice) not found — the tests that convert Word files to PDF are skipped'))).toBe(true);
  });
});
