import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const SHOTS = path.resolve('.tmp/screenshots');

export interface Server {
  url: string;
  stop(): Promise<void>;
}

/** Starts `massline serve` on a fresh embedded database (which loads the demo city) and waits for health. */
export async function startServer(port: number): Promise<Server> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'massline-e2e-'));
  const env = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    MASSLINE_DATA_DIR: dir,
    LOG_LEVEL: 'warn',
  } as NodeJS.ProcessEnv;
  delete env.DATABASE_URL;
  const child: ChildProcess = spawn(path.resolve('node_modules/.bin/tsx'), ['src/server/cli/main.ts', 'serve'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 240; i++) {
    if (child.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      const r = await fetch(`${url}/api/health`);
      if (r.ok) break;
    } catch {
      /* not yet */
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  return {
    url,
    stop: async () => {
      try {
        process.kill(-child.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
      await new Promise((r) => setTimeout(r, 500));
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function launch(): Promise<Browser> {
  fs.mkdirSync(SHOTS, { recursive: true });
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

export const PASSWORD = 'massline2026';

/**
 * Signs in through the login page and waits for the workbench (我的工作台), every account's landing
 * page since the shell's landing change.
 */
export async function signIn(page: Page, url: string, username: string, password = PASSWORD): Promise<void> {
  await page.goto(`${url}/login`);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL(/\/workbench$/, { timeout: 30_000 });
  await page.getByTestId('workbench').waitFor({ timeout: 30_000 });
}

/** The org the server names as the signed-in account's home (`homes.orgs` of GET /api/me). */
export async function homeOrg(page: Page, url: string): Promise<number> {
  const me = (await (await page.request.get(`${url}/api/me`)).json()) as { homes: { orgs: number | null } };
  if (me.homes.orgs == null) throw new Error('the account has no home org');
  return me.homes.orgs;
}

/** Opens the signed-in account's home org page (as "/" used to) and waits for its title; returns its id. */
export async function openHomeOrg(page: Page, url: string): Promise<number> {
  const id = await homeOrg(page, url);
  await page.goto(`${url}/orgs/${id}`);
  await page.waitForURL(new RegExp(`/orgs/${id}$`));
  await page.getByTestId('org-title').waitFor({ timeout: 30_000 });
  return id;
}
