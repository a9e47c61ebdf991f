import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Tests under src/ are the fast unit tier (`npm run test:unit`): pure rules, no database, no
 * server. Tests that need either live in test/.
 */
const OPENS_A_DATABASE = [
  /from\s+['"][^'"]*\/db\/database(\.ts)?['"]/,
  /from\s+['"]@electric-sql\/pglite/,
  /from\s+['"]pg['"]/,
  /from\s+['"]kysely['"]/,
  /from\s+['"][^'"]*test\/support\//,
  /\b(openDatabase|buildApp)\s*\(/,
];

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name);
    return e.isDirectory() ? testFiles(p) : e.name.endsWith('.test.ts') ? [p] : [];
  });
}

describe('the unit tier', () => {
  it('has no test under src/ that opens a database or starts the server', () => {
    const src = import.meta.dirname;
    const files = testFiles(src).filter((f) => f !== import.meta.filename);
    expect(files.length).toBeGreaterThan(5);
    const offenders = files
      .filter((f) => OPENS_A_DATABASE.some((re) => re.test(readFileSync(f, 'utf8'))))
      .map((f) => relative(src, f));
    expect(offenders, 'move these to test/').toEqual([]);
  });
});
