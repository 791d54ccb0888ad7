// Run once before the test suite (vitest globalSetup): says which programs the tests need are
// missing, one line each with the tests that will fail or be skipped and how to install it, so a
// failure further down is never a riddle.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface Need {
  what: string;
  present: () => boolean;
  /** What happens without it. */
  without: string;
  install: string;
}

const runs = (cmd: string, args: string[]) => spawnSync(cmd, args, { stdio: 'ignore' }).status === 0;

export const NEEDS: Need[] = [
  { what: 'redis-server', present: () => runs('redis-server', ['--version']), without: 'the queue tests (queue, queue-faults, chaos) fail', install: 'apt-get install redis-server' },
  { what: 'chromium', present: () => existsSync('/usr/bin/chromium'), without: 'the review page test in a browser (review-browser) fails', install: 'apt-get install chromium' },
  { what: 'LibreOffice (soffice)', present: () => runs('soffice', ['--version']), without: 'the tests that convert Word files to PDF are skipped', install: 'apt-get install libreoffice-writer-nogui' },
  { what: 'qpdf', present: () => runs('qpdf', ['--version']), without: 'the encrypted-PDF test is skipped', install: 'apt-get install qpdf' },
  { what: 'the corpus (../shared/corpus)', present: () => existsSync(fileURLToPath(new URL('../../../shared/corpus/seeds/', import.meta.url))), without: 'every corpus test fails', install: 'check out the shared corpus beside this repository' },
];

export default function setup(): void {
  const missing = NEEDS.filter((n) => !n.present());
  for (const n of missing) process.stderr.write(`npm test: ${n.what} not found — ${n.without} (${n.install})\n`);
}
