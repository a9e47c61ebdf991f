import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { makeXlsx, readXlsx } from './support/xlsx.ts';
import { verifyTree } from '../src/server/modules/orgs/tree-verify.ts';
import { compareStats } from '../src/server/modules/stats/stats.repository.ts';
import type { OrgView } from '../src/shared/api.ts';

describe('organizations', () => {
  let h: Harness;
  let root: number;
  let district: number;
  let office: Client;
  let districtOffice: Client;
  beforeAll(async () => {
    h = await createHarness();
    root = (await buildRoot(h, '中共示范市委员会')).id;
    district = (await buildOrg(h, root, 'county', '中共城关区委员会')).id;
    await buildUser(h, 'city', [{ role: 'office', orgId: root }]);
    await buildUser(h, 'dist', [{ role: 'office', orgId: district }]);
    office = await login(h, 'city');
    districtOffice = await login(h, 'dist');
  });
  afterAll(async () => h?.close());

  it('creates, renames and re-kinds within the level order; the granted org itself is the level above’s', async () => {
    const town = await districtOffice.post('/api/orgs', {
      parentId: district,
      name: '中共城关街道工作委员会',
      level: 'township',
      kind: 'committee',
      code: 'T01',
    });
    expect(town.statusCode, town.body).toBe(201);
    expect(town.json()).toMatchObject({ parentId: district, depth: 2, path: `${root}.${district}.${town.json().id}` });
    const dupCode = await districtOffice.post('/api/orgs', {
      parentId: district,
      name: 'x',
      level: 'township',
      kind: 'committee',
      code: 'T01',
    });
    expect(dupCode.statusCode).toBe(409);
    const wrongLevel = await districtOffice.post('/api/orgs', {
      parentId: town.json().id,
      name: 'x',
      level: 'county',
      kind: 'committee',
    });
    expect(wrongLevel.json().error.code).toBe('ORG_LEVEL_ORDER');
    expect(wrongLevel.json().error.message).toContain('中共城关街道工作委员会');
    const own = await districtOffice.patch(`/api/orgs/${district}`, { name: '改名' });
    expect(own.statusCode).toBe(403);
    const byCity = await office.patch(`/api/orgs/${district}`, { name: '中共城关区委员会', shortName: '城关区委' });
    expect(byCity.json().shortName).toBe('城关区委');
    const renamed = await districtOffice.patch(`/api/orgs/${town.json().id}`, { kind: 'other' });
    expect(renamed.json().kind).toBe('other');
    const detail = (await districtOffice.get(`/api/orgs/${district}`)).json();
    expect(detail.abilities).toMatchObject({ update: false, createChild: true, move: false });
    expect(detail.abilities).toMatchObject({ readOpinions: true, readDisclosures: true });
    expect(detail.stats.orgs).toBe(2);
  });

  it('imports organizations whose parents are existing orgs or earlier rows, all or nothing', async () => {
    const header = ['序号', '组织名称', '组织代码', '组织层级', '组织类别', '上级组织'];
    const rows = [
      [1, '中共东关街道工作委员会', 'T02', '乡镇（街道）党委', '党委', '中共城关区委员会'],
      [2, '中共东关社区支部委员会', 'C01', '党支部', '社区', 'T02'],
      [3, '中共东关小学支部委员会', '', '党支部', '学校', '中共东关街道工作委员会'],
    ];
    const bad = [...rows, [4, '中共错误支部', 'C01', '党支部', '社区', '不存在']];
    const before = (await districtOffice.get(`/api/orgs/${district}`)).json().stats.orgs;
    const refused = await districtOffice.upload(
      `/api/orgs/import?root=${district}`,
      'o.xlsx',
      await makeXlsx(header, bad),
    );
    expect(refused.statusCode).toBe(422);
    expect(
      refused
        .json()
        .error.details.map((d: { row: number; column: string }) => [d.row, d.column])
        .sort(),
    ).toEqual([
      [5, '上级组织'],
      [5, '组织代码'],
    ]);
    expect((await districtOffice.get(`/api/orgs/${district}`)).json().stats.orgs).toBe(before);
    const ok = await districtOffice.upload(`/api/orgs/import?root=${district}`, 'o.xlsx', await makeXlsx(header, rows));
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().created).toBe(3);
    const found = (await districtOffice.get('/api/orgs/search?q=东关')).json() as OrgView[];
    expect(found.map((o) => o.name).sort()).toEqual([
      '中共东关小学支部委员会',
      '中共东关社区支部委员会',
      '中共东关街道工作委员会',
    ]);
    expect(await verifyTree(h.db.db)).toEqual([]);
    expect(await compareStats(h.db.db)).toEqual([]);
    const exp = await districtOffice.get(`/api/orgs/export?root=${district}`);
    const x = await readXlsx(exp.rawPayload);
    expect(x.rows.length - 2).toBe((await districtOffice.get(`/api/orgs/${district}`)).json().stats.orgs);
  });
});
