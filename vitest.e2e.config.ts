import { defineConfig } from 'vitest/config';

// Browser journeys: the built app served by the real server on a fresh demo database, driven by
// Debian's Chromium through playwright-core. Screenshots land in .tmp/screenshots.
export default defineConfig({
  test: {
    include: ['test/e2e/**/*.test.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    testTimeout: 180_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    // A write through the browser may take more than the default second on a busy 2-core machine.
    expect: { poll: { timeout: 10_000, interval: 100 } },
  },
});
