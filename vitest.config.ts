import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // nodejieba is a native addon holding ~245 MB of dictionary; worker threads would each load it.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // Many tests start real processes (workers, watchers, redis-server, LibreOffice, Chromium); on a
    // busy two-core machine they are slow to start, and a limit is a hang detector, not a speed check.
    testTimeout: 180_000,
    hookTimeout: 120_000,
  },
});
