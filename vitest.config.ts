import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Processes, not worker threads: the word segmenter is a native addon whose dictionary each thread would load again.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // One line per missing program the tests need (redis-server, chromium, LibreOffice …).
    globalSetup: ['test/helpers/needs.ts'],
    // Many tests start real processes (workers, watchers, redis-server, LibreOffice, Chromium); on a
    // busy two-core machine they are slow to start, and a limit is a hang detector, not a speed check.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
