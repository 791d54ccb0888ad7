import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Processes, not worker threads: the word segmenter is a native addon whose dictionary each thread would load again.
    pool: 'forks',
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
