import { execFileSync } from 'node:child_process';

/** The journeys drive the built app: build it first when dist/web is missing or older than its sources. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/ensure-web.mjs'], { stdio: 'inherit' });
}
