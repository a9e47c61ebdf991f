/**
 * Issue 10: the server says what the actor may do, and the web shows exactly that. For each page
 * with actions, as each demo account, at desk and at phone width, the set of ability-governed
 * controls on screen (`[data-ability]`, menus opened) equals the set of abilities the server's
 * answer for that page says are true — no button the server would refuse, none missing that it
 * allows. The answer is read in the same browser session, so it is the very answer the page used.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { homeOrg, launch, SHOTS, signIn, startServer, type Server } from './support.ts';

interface PageCase {
  name: string;
  url: string;
  api: string;
  /** The element that says the page has loaded: a test id, or a CSS selector when it starts with `.` or `[`. */
  ready: string;
  /** Where its actions are (list rows elsewhere on the page carry their own abilities). */
  scope: string;
  /** The abilities this page has a control for. */
  keys: readonly string[];
  /** Picks the abilities object out of the answer. */
  pick?: (body: any) => Record<string, boolean>;
  /** A second answer whose abilities (the whole body) join the first's (the roster's export). */
  also?: string;
  /** List rows on the page that carry abilities of their own, each compared inside its own scope. */
  rows?: Array<{ name: string; scope: string; abilities: Record<string, boolean> }>;
  rowKeys?: readonly string[];
}

const readyLocator = (page: Page, ready: string) =>
  /^[.[]/.test(ready) ? page.locator(ready) : page.getByTestId(ready);

const DESK = { width: 1366, height: 900 };
const PHONE = { width: 390, height: 844 };
const USERS = ['district', 'secretary', 'supervisor'] as const;

async function getJson(page: Page, url: string): Promise<any> {
  return page.evaluate(async (u) => {
    const r = await fetch(u, { credentials: 'same-origin', headers: { 'Accept-Language': 'zh-CN' } });
    return { status: r.status, body: r.status === 200 ? await r.json() : null };
  }, url);
}

/** The ability keys of the visible controls inside `scope`, after opening every "more" menu there. */
async function shownAbilities(page: Page, scope: string): Promise<string[]> {
  const more = page.locator(`${scope} [data-more-actions]`);
  for (let i = 0; i < (await more.count()); i++) {
    if (await more.nth(i).isVisible()) {
      await more.nth(i).click();
      await page.waitForTimeout(300);
    }
  }
  // Opened menus render in a portal at the end of <body>.
  const keys = await page
    .locator(`${scope} [data-ability], .ant-dropdown:not(.ant-dropdown-hidden) [data-ability]`)
    .evaluateAll((els) =>
      els
        .filter((e) => (e as HTMLElement).checkVisibility?.() ?? (e as HTMLElement).offsetParent !== null)
        .map((e) => e.getAttribute('data-ability') ?? ''),
    );
  await page.keyboard.press('Escape');
  return [...new Set(keys)].sort();
}

describe('buttons shown = abilities the server sends', () => {
  let server: Server;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  const pages = new Map<string, Page>();
  const home = new Map<string, number>();

  beforeAll(async () => {
    server = await startServer(3183);
    browser = await launch();
    for (const user of USERS) {
      for (const [width, viewport] of [
        ['desk', DESK],
        ['phone', PHONE],
      ] as const) {
        const ctx = await browser.newContext({
          viewport,
          locale: 'zh-CN',
          ...(width === 'phone' ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
        });
        contexts.push(ctx);
        const page = await ctx.newPage();
        await signIn(page, server.url, user);
        home.set(user, await homeOrg(page, server.url));
        pages.set(`${user}/${width}`, page);
      }
    }
  }, 180_000);
  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => {});
    await browser?.close();
    await server?.stop();
  });

  /** The pages each account acts on, found from its own home org through the API. */
  async function casesFor(user: string, page: Page): Promise<PageCase[]> {
    const org = home.get(user)!;
    const cases: PageCase[] = [
      {
        name: 'org',
        url: `/orgs/${org}`,
        api: `/api/orgs/${org}`,
        ready: 'org-title',
        scope: '.page-head',
        keys: ['createChild', 'update', 'move', 'dissolve', 'readAudit'],
      },
      {
        name: 'ledger',
        url: `/ledger/${org}`,
        api: `/api/problems/summary?org=${org}`,
        ready: 'ledger-title',
        scope: '.page-head',
        keys: ['create', 'import', 'export'],
      },
    ];
    // A few of each, so that several statuses (and so several sets of actions) are compared.
    const problems = await getJson(page, `/api/problems?org=${org}&limit=3`);
    for (const problem of problems.body?.items ?? [])
      cases.push({
        name: `problem ${problem.id}`,
        url: `/problems/${problem.id}`,
        api: `/api/problems/${problem.id}`,
        ready: 'problem-status',
        scope: 'body',
        keys: Object.keys((await getJson(page, `/api/problems/${problem.id}`)).body.abilities),
      });
    const campaigns = await getJson(page, `/api/campaigns?limit=5`);
    let tasks: Array<{ id: number }> = [];
    for (const campaign of campaigns.body?.items ?? []) {
      if (tasks.length >= 3) break;
      const t = await getJson(page, `/api/campaigns/${campaign.id}/tasks?org=${org}&subtree=true&limit=3`);
      tasks = [...tasks, ...(t.body?.items ?? [])].slice(0, 3);
    }
    for (const task of tasks)
      cases.push({
        name: `task ${task.id}`,
        url: `/tasks/${task.id}`,
        api: `/api/tasks/${task.id}`,
        ready: 'task-title',
        scope: 'body',
        keys: ['edit', 'submit', 'approve', 'return', 'reopen'],
      });
    const materials = await getJson(page, `/api/supervision/materials?org=${org}&limit=3`);
    for (const material of materials.body?.items ?? [])
      cases.push({
        name: `material ${material.id}`,
        url: `/materials/${material.id}`,
        api: `/api/supervision/materials/${material.id}`,
        ready: 'material-title',
        scope: 'body',
        keys: ['edit', 'submit', 'reviewAsLeader', 'reviewAsTeam'],
      });

    // Campaigns: the list's own actions (the deploy button), and a campaign's head (its export menu).
    cases.push({
      name: 'campaigns',
      url: '/campaigns',
      api: '/api/campaigns?limit=1',
      ready: '.campaigns-page',
      scope: '.campaigns-page > .page-title-row',
      keys: ['deploy'],
    });
    for (const campaign of (campaigns.body?.items ?? []).slice(0, 2))
      cases.push({
        name: `campaign ${campaign.id}`,
        url: `/campaigns/${campaign.id}`,
        api: `/api/campaigns/${campaign.id}`,
        ready: 'campaign-title',
        scope: '.campaign-page > .page-head',
        keys: ['export', 'notice'],
      });
    // "Add an optional task" is offered in a unit's own list only (an org without children), so the
    // campaign-level addOptional is compared there; elsewhere the filters offer setDeadline alone.
    const unit = (await getJson(page, `/api/orgs/${org}`)).body?.childCount === 0;
    for (const campaign of (campaigns.body?.items ?? []).slice(0, 1))
      cases.push({
        name: `campaign ${campaign.id} tasks`,
        url: `/campaigns/${campaign.id}?org=${org}&tab=tasks`,
        api: `/api/campaigns/${campaign.id}`,
        ready: '.task-filters',
        scope: '.task-filters',
        keys: unit ? ['setDeadline', 'addOptional'] : ['setDeadline'],
        // Adding an optional action is offered over the org in view (the progress answer says so).
        also: `/api/campaigns/${campaign.id}/progress?org=${org}`,
      });
    cases.push({
      name: 'notices',
      url: '/notices',
      api: '/api/notices?limit=1',
      ready: '.notices-page .ant-tabs',
      scope: '.notices-page',
      keys: ['send', 'sentBox'],
    });
    cases.push({
      name: 'opinions',
      url: `/opinions?org=${org}`,
      api: `/api/opinions?org=${org}&limit=1`,
      ready: 'opinions-title',
      scope: '.op-page > .page-head',
      keys: ['create', 'import'],
    });
    cases.push({
      name: 'disclosures',
      url: `/disclosures?org=${org}`,
      api: `/api/orgs/${org}/disclosures?limit=1`,
      ready: 'disclosures-title',
      scope: '.dc-page > .page-head',
      keys: ['create'],
    });
    // The rectification plan: the org's own plan when it has one (its transitions and editing), else "create".
    const plans = await getJson(page, `/api/rectification-plans?org=${org}`);
    cases.push(
      plans.body?.own
        ? {
            name: `plan ${plans.body.own.id}`,
            url: `/ledger/${org}/plan`,
            api: `/api/rectification-plans/${plans.body.own.id}`,
            ready: 'plan-title',
            scope: '.plan-page',
            keys: ['edit', 'submit', 'approve', 'return', 'reopen'],
          }
        : {
            name: 'plan',
            url: `/ledger/${org}/plan`,
            api: `/api/rectification-plans?org=${org}`,
            ready: '.plan-page .page-head',
            scope: '.plan-page',
            keys: ['create'],
          },
    );
    // The supervision hub: each tab's toolbar against the hub's abilities.
    const hubTabs = [
      ['materials', 'sv-materials', ['writeMaterial']],
      ['forms', 'forms-tab', ['issueDown', 'issueOrder', 'issueUp']],
      ['lookbacks', 'lookbacks-tab', ['openLookback']],
      ['inspections', 'inspections-tab', ['writeInspection']],
      ['teams', 'sv-teams', ['manageTeam']],
    ] as const;
    const hub = await getJson(page, `/api/supervision/abilities?org=${org}`);
    for (const [tab, testId, keys] of hubTabs)
      if (hub.body?.read || tab === 'materials')
        cases.push({
          name: `supervision ${tab}`,
          url: `/supervision/${org}?tab=${tab}`,
          api: `/api/supervision/abilities?org=${org}`,
          pick: (body) => body,
          ready: testId,
          scope: `[data-testid="${testId}"] > .table-toolbar`,
          keys,
        });
    const svList = async (kind: string, n: number): Promise<Array<{ id: number; status?: string }>> => {
      const r = await getJson(page, `/api/supervision/${kind}?org=${org}&limit=20`);
      // One per status first, so that different sets of actions are compared.
      const items: Array<{ id: number; status?: string }> = r.body?.items ?? [];
      const firsts = items.filter((x, i) => items.findIndex((y) => y.status === x.status) === i);
      return [...firsts, ...items.filter((x) => !firsts.includes(x))].slice(0, n);
    };
    const detail = (kind: string, path: string, ready: string, keys: readonly string[]) => (x: { id: number }) =>
      cases.push({
        name: `${kind} ${x.id}`,
        url: `/${path}/${x.id}`,
        api: `/api/supervision/${path === 'supervision/teams' ? 'teams' : path}/${x.id}`,
        ready,
        scope: 'body',
        keys,
      });
    (await svList('teams', 1)).forEach(detail('team', 'supervision/teams', 'team-title', ['manage', 'logVisit']));
    (await svList('forms', 4)).forEach(
      detail('form', 'forms', 'form-title', ['edit', 'docx', 'issue', 'dismiss', 'reply', 'accept', 'reject']),
    );
    (await svList('lookbacks', 1)).forEach(
      detail('lookback', 'lookbacks', 'lookback-title', ['assess_self', 'assess_spot', 'assess_office']),
    );
    (await svList('inspections', 1)).forEach(
      detail('inspection', 'inspections', 'inspection-title', ['edit', 'circulate', 'answer']),
    );
    // The members tab of the home org: its toolbar against the org's abilities.
    cases.push({
      name: 'members',
      url: `/orgs/${org}?tab=members`,
      api: `/api/orgs/${org}`,
      ready: '.members-tab',
      scope: '.members-tab > .table-toolbar',
      keys: ['createMember', 'importMembers', 'export'],
      also: `/api/members/abilities?org=${org}`,
    });
    // Accounts: the page's "create" from /api/me, and each row's actions from its own abilities.
    const me = await getJson(page, '/api/me');
    if (me.body?.abilities?.manageUsers) {
      const users = await getJson(page, `/api/users?org=${me.body.homes.users}`);
      const rows: Array<{ id: number; abilities: Record<string, boolean> }> = users.body ?? [];
      cases.push({
        name: 'users',
        url: '/users',
        api: '/api/me',
        ready: '.users-page .ant-table-row, .users-page .ant-empty',
        scope: '.users-page > .page-head',
        keys: ['manageUsers'],
        rowKeys: ['manage'],
        // The first rows, on the table's first page, in the answer's order.
        rows: rows.slice(0, 4).map((u) => ({
          name: `user ${u.id}`,
          scope: `.users-page tr[data-row-key="${u.id}"]`,
          abilities: u.abilities,
        })),
      });
    }
    return cases;
  }

  for (const user of USERS) {
    for (const width of ['desk', 'phone'] as const) {
      it(`${user} at ${width} width`, async () => {
        const page = pages.get(`${user}/${width}`)!;
        const cases = await casesFor(user, page);
        expect(cases.length).toBeGreaterThanOrEqual(2);
        let compared = 0;
        const seen: string[] = [];
        for (const c of cases) {
          await page.goto(`${server.url}${c.url}`);
          await readyLocator(page, c.ready).first().waitFor({ timeout: 20_000 });
          await page.waitForLoadState('networkidle');
          const answer = await getJson(page, c.api);
          expect(answer.status, `${c.name}: ${c.api}`).toBe(200);
          const own: Record<string, boolean> = c.pick ? c.pick(answer.body) : answer.body.abilities;
          const more = c.also ? await getJson(page, c.also) : null;
          if (more) expect(more.status, `${c.name}: ${c.also}`).toBe(200);
          const ab: Record<string, boolean> = { ...own, ...(more?.body ?? {}) };
          expect(ab, `${c.name}: ${c.api} carries abilities`).toBeTruthy();
          const allowed = c.keys.filter((k) => ab[k] === true).sort();
          const shown = await shownAbilities(page, c.scope);
          // Anything shown that the page's list does not know is an ungoverned control: fail loudly.
          expect(
            shown.filter((k) => !c.keys.includes(k)),
            `${c.name}: controls with unknown abilities`,
          ).toEqual([]);
          expect(shown, `${user} ${width} ${c.name} (${c.url}): shown vs allowed`).toEqual(allowed);
          compared++;
          seen.push(`${c.name}: ${shown.join(',') || '-'}`);
          for (const row of c.rows ?? []) {
            const rowKeys = c.rowKeys ?? [];
            const rowShown = await shownAbilities(page, row.scope);
            expect(
              rowShown.filter((k) => !rowKeys.includes(k)),
              `${c.name} ${row.name}: controls with unknown abilities`,
            ).toEqual([]);
            expect(rowShown, `${user} ${width} ${c.name} ${row.name}: shown vs allowed`).toEqual(
              rowKeys.filter((k) => row.abilities[k] === true).sort(),
            );
            seen.push(`${row.name}: ${rowShown.join(',') || '-'}`);
          }
          if (c.name === 'org' || c.name.startsWith('problem'))
            await page.screenshot({
              path: path.join(SHOTS, `zh-90-abilities-${user}-${width}-${c.name.replace(/\s+/g, '-')}.png`),
            });
        }
        expect(compared).toBe(cases.length);
        fs.appendFileSync(path.join(SHOTS, '..', 'abilities-compared.txt'), `${user} ${width}: ${seen.join(' | ')}\n`);
        // Not vacuous: the district office acts on its own org and its ledger.
        if (user === 'district') expect(seen.join(' ')).toMatch(/org: .*createChild.*ledger: .*create/);
      }, 240_000);
    }
  }
});
