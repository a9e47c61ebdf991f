#!/usr/bin/env node
// The house rule "SQL only in repositories", checked: a query-builder call (selectFrom, insertInto,
// updateTable, deleteFrom, a sql`…` template) outside *.repository.ts, migrations, src/server/db,
// the platform's audit and scope code, the demo loader, bench and tests is a violation.
// Every module is clean (the 307 older calls were moved into repositories on 2026-12-02), so there
// is no exception list. `node scripts/check-sql-placement.mjs [root]`; exits 1 on a violation.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const root = path.resolve(
  args.find((a) => !a.startsWith('--')) ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'),
);

const QUERY = /\.(selectFrom|insertInto|updateTable|deleteFrom)\(|\bsql(<[^>`]*>)?`/g;
const allowed = (rel) =>
  rel.endsWith('.repository.ts') ||
  rel.endsWith('.test.ts') ||
  rel.startsWith('src/server/db/') ||
  rel.startsWith('src/server/modules/demo/') ||
  ['src/server/platform/audit.ts', 'src/server/platform/scope.ts'].includes(rel);

function* files(dir) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else if (e.name.endsWith('.ts')) yield p;
  }
}

const counts = {};
for (const f of files(path.join(root, 'src', 'server'))) {
  const rel = path.relative(root, f).split(path.sep).join('/');
  if (allowed(rel)) continue;
  const n = (fs.readFileSync(f, 'utf8').match(QUERY) ?? []).length;
  if (n > 0) counts[rel] = n;
}

const failures = Object.entries(counts).map(
  ([rel, n]) => `${rel}: ${n} query-builder calls outside a repository (put them in a *.repository.ts)`,
);
const total = Object.values(counts).reduce((a, b) => a + b, 0);
for (const f of failures) console.log(`  FAIL: ${f}`);
console.log(
  `SQL placement: ${total} calls outside repositories in ${Object.keys(counts).length} files, ${failures.length} problem(s)`,
);
process.exit(failures.length ? 1 : 0);
