import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // nodejieba is a native addon holding ~245 MB of dictionary; worker threads would each load it.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    // One line per missing program the tests need (redis-server, chromium, LibreOffice …).
    globalSetup: ['test/helpers/needs.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
