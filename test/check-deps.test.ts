import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The offline dependency check finds what it is for: a known-vulnerable version, a missing hash, a lock out of step. */
describe('scripts/check-deps.mjs', () => {
  const run = (mutate?: (lock: any, pkg: any) => void) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'deps-'));
    const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    mutate?.(lock, pkg);
    fs.writeFileSync(path.join(dir, 'package-lock.json'), JSON.stringify(lock));
    fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(pkg));
    const r = spawnSync(process.execPath, ['scripts/check-deps.mjs', path.join(dir, 'package-lock.json')], {
      encoding: 'utf8',
    });
    fs.rmSync(dir, { recursive: true, force: true });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  it('passes on the committed lock', () => {
    const r = run();
    expect(r.out).toMatch(/0 problem\(s\)/);
    expect(r.code).toBe(0);
  });
  it('fails on a version inside a known advisory', () => {
    const r = run((lock) => (lock.packages['node_modules/sanitize-html'].version = '2.17.3'));
    expect(r.code).toBe(1);
    expect(r.out).toContain('sanitize-html@2.17.3: GHSA-rpr9-rxv7-x643');
  });
  it('fails on a package without an integrity hash, and on a lock out of step with package.json', () => {
    const r = run((lock, pkg) => {
      delete lock.packages['node_modules/zod'].integrity;
      pkg.dependencies.zod = '^9.0.0';
    });
    expect(r.code).toBe(1);
    expect(r.out).toContain('zod@');
    expect(r.out).toContain('no sha512 integrity');
    expect(r.out).toContain('package.json dependencies.zod');
  });
  it('fails on an engines field that excludes this Node and is not a listed exception', () => {
    const r = run((lock) => (lock.packages['node_modules/zod'].engines = { node: '>=99' }));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/zod@[\d.]+: engines\.node ">=99"/);
  });
});
