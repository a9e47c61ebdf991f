#!/usr/bin/env node
// Offline dependency check over package-lock.json (npm audit cannot be read on this network):
//  1. every installed package is pinned by a sha512 integrity hash (npm here records no download
//     address in the lock; the configured registry is the only one this machine reaches);
//  2. no installed version falls in a known advisory's range (security/advisories.json) unless the
//     entry says why it is accepted;
//  3. every package's engines.node admits the Node version the project runs on, or is a listed
//     exception with its reason;
//  4. package.json and the lock agree on every direct dependency.
// Prints what it found and exits 1 on any failure. `node scripts/check-deps.mjs [lockfile]`.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import semver from 'semver';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lockPath = process.argv[2] ? path.resolve(process.argv[2]) : path.join(root, 'package-lock.json');
const lock = JSON.parse(fs.readFileSync(lockPath, 'utf8'));
const pkg = JSON.parse(fs.readFileSync(path.join(path.dirname(lockPath), 'package.json'), 'utf8'));
const db = JSON.parse(fs.readFileSync(path.join(root, 'security', 'advisories.json'), 'utf8'));
const node = process.env.CHECK_NODE_VERSION || process.version;

const failures = [];
const notes = [];
const nameOf = (key, entry) => entry.name ?? key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length);
const exceptions = new Map((db.engineExceptions ?? []).map((e) => [e.package, e.reason]));

if (!lock.packages)
  failures.push(
    `${lockPath}: no "packages" map (lockfileVersion ${lock.lockfileVersion}); run npm install with npm ≥ 7`,
  );
let count = 0;
for (const [key, entry] of Object.entries(lock.packages ?? {})) {
  if (key === '' || entry.link) continue;
  count++;
  const name = nameOf(key, entry);
  const at = `${name}@${entry.version}`;
  if (entry.resolved && !/^https:\/\/registry\.npmjs\.org\//.test(entry.resolved))
    failures.push(`${at}: resolved outside the npm registry (${entry.resolved})`);
  if (!entry.integrity || !entry.integrity.startsWith('sha512-'))
    failures.push(`${at}: no sha512 integrity in the lock`);
  for (const a of db.advisories) {
    if (a.package !== name || !semver.valid(entry.version)) continue;
    if (!semver.satisfies(entry.version, a.vulnerable, { includePrerelease: true })) continue;
    if (a.accepted) notes.push(`${at}: ${a.id} accepted — ${a.accepted}`);
    else failures.push(`${at}: ${a.id} (${a.summary}); fixed in ${a.fixed}`);
  }
  const wants = entry.engines?.node;
  if (wants && semver.validRange(wants) && !semver.satisfies(node, wants, { includePrerelease: true })) {
    if (exceptions.has(name)) notes.push(`${at}: engines ${wants} (running ${node}) — ${exceptions.get(name)}`);
    else if (entry.optional) notes.push(`${at}: optional, engines ${wants}, not installed on this platform`);
    else failures.push(`${at}: engines.node "${wants}" does not admit ${node}`);
  }
}
const rootEntry = lock.packages?.[''] ?? {};
for (const field of ['dependencies', 'devDependencies']) {
  for (const [name, spec] of Object.entries(pkg[field] ?? {})) {
    if (rootEntry[field]?.[name] !== spec)
      failures.push(
        `package.json ${field}.${name} "${spec}" ≠ lock "${rootEntry[field]?.[name] ?? 'missing'}": run npm install`,
      );
  }
}

for (const n of notes) console.log(`  note: ${n}`);
for (const f of failures) console.log(`  FAIL: ${f}`);
console.log(
  `dependency check: ${count} packages in the lock, ${db.advisories.length} known advisories, ${failures.length} problem(s)`,
);
process.exit(failures.length ? 1 : 0);
