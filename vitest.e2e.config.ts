import { defineConfig } from 'vitest/config';

// Browser journeys: the built app served by the real server on a fresh demo database, driven by
// Debian's Chromium through playwright-core. Screenshots land in .tmp/screenshots.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
  },
});
