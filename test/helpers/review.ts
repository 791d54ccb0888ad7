// What the review page's browser tests share: a store filled by the embedded mode, Debian's Chromium
// started as these machines allow (no sandbox, no background networking: the network is closed), and
// a page's console errors collected.
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { qualityReport } from '../../pipelines/quality-report.ts';
import { extractIntoStore } from '../../src/commands/extract-store.ts';
import { openMode } from '../../src/commands/mode.ts';
import { Progress } from '../../src/progress.ts';

const CHROMIUM = '/usr/bin/chromium';

/** Extracts `file` into the store at `storeDir` as one run, in this process (embedded mode, one job at a time). */
export async function extractInto(storeDir: string, file: string): Promise<void> {
  const mode = await openMode({ store: storeDir, concurrency: '1' });
  try {
    await extractIntoStore([file], qualityReport, mode, new Progress(null));
  } finally {
    await mode.close();
  }
}

/** Headless Debian Chromium; throws with the package to install when it is missing. */
export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The page's console errors and uncaught exceptions, as they happen (the array fills as the page runs). */
export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  return errors;
}
