import { defineConfig } from 'vitest/config';

// Integration tests run on PGlite by default and on PostgreSQL when DATABASE_URL is set
// (each test file then gets a database of its own).
export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    exclude: ['test/e2e/**', 'node_modules/**'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
