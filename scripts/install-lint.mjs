#!/usr/bin/env node
// `npm install` runs this (postinstall): the linter and formatter live in tools/lint with a lock of their own,
// because typescript-eslint parses with the TypeScript 5 compiler API that the project's TypeScript 7 (the
// native tsc) no longer ships, and npm would hoist its helpers onto TypeScript 7. A separate install keeps
// them apart. Skipped when tools/lint is already in step with its lock.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'tools', 'lint');
const lock = path.join(dir, 'package-lock.json');
const installed = path.join(dir, 'node_modules', '.package-lock.json');
const upToDate =
  fs.existsSync(installed) && fs.existsSync(lock) && fs.statSync(installed).mtimeMs >= fs.statSync(lock).mtimeMs;
if (!upToDate) {
  const npm = process.env.npm_execpath ? [process.execPath, [process.env.npm_execpath]] : ['npm', []];
  execFileSync(
    npm[0],
    [...npm[1], fs.existsSync(lock) ? 'ci' : 'install', '--no-audit', '--no-fund', '--ignore-scripts'],
    { cwd: dir, stdio: 'inherit' },
  );
}
