// Set-up as documented: npm and npx say nothing but what was asked (no unknown config, no package
// that refuses this Node), and a native addon is compiled against the Node headers found on disk,
// never a hard-coded path, with no download.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import setupNeeds from './helpers/needs.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const WRAPPER = path.join(ROOT, 'scripts', 'node-gyp.mjs');

describe('set-up', () => {
  it('npx vetreport and npm config print no npm warning', () => {
    const npx = spawnSync('npx', ['--no-install', 'vetreport', '--version'], { cwd: ROOT, encoding: 'utf8' });
    expect(npx.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    expect(npx.stderr).not.toMatch(/npm warn/i);
    const config = spawnSync('npm', ['config', 'get', 'node-gyp'], { cwd: ROOT, encoding: 'utf8' });
    expect(config.stderr).not.toMatch(/npm warn/i);
    expect(config.stdout.trim()).toBe(WRAPPER);
  }, 300_000);

  it('npm ci accepts every locked package on this Node, without a warning', () => {
    const ci = spawnSync('npm', ['ci', '--dry-run', '--no-audit', '--no-fund'], { cwd: ROOT, encoding: 'utf8', timeout: 280_000 });
    expect(ci.status, ci.stderr).toBe(0);
    expect(ci.stderr).not.toMatch(/npm warn|EBADENGINE/i);
  }, 300_000);

  it('a native addon builds against the headers of the Node running the install, found on disk, with no cached headers and no user npm config', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'vetreport-gyp-'));
    const home = mkdtempSync(path.join(tmpdir(), 'vetreport-home-'));
    writeFileSync(path.join(dir, 'binding.gyp'), JSON.stringify({ targets: [{ target_name: 'probe', sources: ['probe.c'] }] }));
    writeFileSync(path.join(dir, 'probe.c'), [
      '#include <node_api.h>',
      'static napi_value Init(napi_env env, napi_value exports) {',
      '  napi_value v; napi_create_int32(env, 42, &v); return v;',
      '}',
      'NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)',
    ].join('\n'));
    // As npm runs it at install: npm_execpath names npm, nothing names the headers.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_config_/i.test(k)));
    const r = spawnSync(process.execPath, [WRAPPER, 'rebuild', '--loglevel=verbose'], { cwd: dir, encoding: 'utf8', env: { ...env, HOME: home, npm_config_cache: path.join(home, '.npm') }, timeout: 280_000 });
    expect(r.status, r.stderr.slice(-3000)).toBe(0);
    expect(r.stderr).toMatch(/compiling against specified --nodedir dev files/);
    expect(r.stderr).not.toMatch(/download/i);
    expect(createRequire(import.meta.url)(path.join(dir, 'build', 'Release', 'probe.node'))).toBe(42);
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
