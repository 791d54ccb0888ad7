// Set-up as documented: npm and npx say nothing but what was asked (no unknown config, no package
// that refuses this Node), and npm test names the programs it needs that are missing.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import setupNeeds from './helpers/needs.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

describe('set-up', () => {
  it('npx vetreport and npm config print no npm warning', () => {
    const npx = spawnSync('npx', ['--no-install', 'vetreport', '--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(npx.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(npx.stderr).not.toMatch(/npm warn/i);
    const config = spawnSync('npm', ['config', 'ls'], { cwd: ROOT, encoding: 'utf8' });
    expect(config.status).toBe(0);
    expect(config.stderr).not.toMatch(/npm warn/i);
  }, 300_000);

  it('npm ci accepts every locked package on this Node, without a warning', () => {
    const ci = spawnSync('npm', ['ci', '--dry-run', '--no-audit', '--no-fund'], { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
    expect(ci.status, ci.stderr).toBe(0);
    expect(ci.stderr).not.toMatch(/npm warn|EBADENGINE/i);
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
