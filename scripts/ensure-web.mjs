// Builds the web app when dist/web is missing or older than its sources, so `npm start` on a
// fresh clone serves the current UI without a separate build step.
import fs from 'node:fs';
import path from 'node:path';
import { execSync } from 'node:child_process';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const out = path.join(root, 'dist/web/index.html');
function newest(dir) {
  let t = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs);
  }
  return t;
}
const srcTime = Math.max(
  newest(path.join(root, 'src/web')),
  newest(path.join(root, 'src/shared')),
  fs.statSync(path.join(root, 'vite.config.ts')).mtimeMs,
);
if (!fs.existsSync(out) || fs.statSync(out).mtimeMs < srcTime) {
  console.log('正在构建网页端… / building the web app…');
  execSync('npx vite build', { cwd: root, stdio: 'inherit' });
}
