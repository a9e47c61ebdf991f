#!/usr/bin/env node
// The house rule "SQL only in repositories", checked: a query-builder call (selectFrom, insertInto,
// updateTable, deleteFrom, a sql`…` template) outside *.repository.ts, migrations, src/server/db,
// the platform's audit and scope code, the demo loader, bench and tests is a violation.
// The code that predates the rule is listed, file by file, with its count, in
// scripts/sql-placement-baseline.json: a file may only go down (a ratchet), a file not listed may
// have none. Moving SQL into a repository lowers a count; run with --update to write the lower
// counts back. `node scripts/check-sql-placement.mjs [root] [--update]`; exits 1 on a violation.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const args = process.argv.slice(2);
const update = args.includes('--update');
// --init writes the baseline as the code stands (once, when the rule is introduced).
const init = args.includes('--init');
const root = path.resolve(
  args.find((a) => !a.startsWith('--')) ?? path.join(path.dirname(fileURLToPath(import.meta.url)), '..'),
);
const baselinePath = path.join(root, 'scripts', 'sql-placement-baseline.json');
const baseline = fs.existsSync(baselinePath) ? JSON.parse(fs.readFileSync(baselinePath, 'utf8')).files : {};

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

const failures = [];
for (const [rel, n] of Object.entries(counts)) {
  const was = baseline[rel] ?? 0;
  if (n > was)
    failures.push(
      `${rel}: ${n} query-builder calls outside a repository (${was === 0 ? 'none allowed: put them in a *.repository.ts' : `was ${was}; move the new ones into a repository`})`,
    );
}
const total = Object.values(counts).reduce((a, b) => a + b, 0);
const before = Object.values(baseline).reduce((a, b) => a + b, 0);
if (init || (update && failures.length === 0)) {
  failures.length = 0;
  fs.writeFileSync(
    baselinePath,
    JSON.stringify(
      {
        about:
          'Query-builder calls outside repositories that predate the rule (scripts/check-sql-placement.mjs); counts may only go down.',
        files: Object.fromEntries(Object.entries(counts).sort()),
      },
      null,
      2,
    ) + '\n',
  );
}
for (const f of failures) console.log(`  FAIL: ${f}`);
console.log(
  `SQL placement: ${total} calls outside repositories in ${Object.keys(counts).length} files (baseline ${before}), ${failures.length} problem(s)`,
);
process.exit(failures.length ? 1 : 0);
