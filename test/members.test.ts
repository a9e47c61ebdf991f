import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { makeXlsx, readXlsx } from './support/xlsx.ts';
import { compareStats } from '../src/server/modules/stats/stats.repository.ts';
import type { MemberView, Page } from '../src/shared/api.ts';

describe('members', () => {
  let h: Harness;
  let district: number;
  let branchA: number;
  let branchB: number;
  let township: number;
  let office: Client;
  let secretary: Client;

  beforeAll(async () => {
    h = await createHarness();
    const root = await buildRoot(h);
    district = (await buildOrg(h, root.id, 'county', '中共城关区委员会')).id;
    township = (await buildOrg(h, district, 'township', '中共城关街道工作委员会')).id;
    branchA = (await buildOrg(h, township, 'branch', '中共柳河村支部委员会')).id;
    branchB = (await buildOrg(h, township, 'branch', '中共李家庄村支部委员会')).id;
    await buildUser(h, 'office', [{ role: 'office', orgId: district }]);
    await buildUser(h, 'secretary', [{ role: 'unit_admin', orgId: branchA }]);
    office = await login(h, 'office');
    secretary = await login(h, 'secretary');
  });
  afterAll(async () => h?.close());

  it('adds a member to a branch only, with every field validated and translated', async () => {
    const ok = await secretary.post('/api/members', {
      orgId: branchA,
      name: '王秀英',
      gender: 'female',
      birthDate: '1968-03-09',
      idNumber: '11010519491231002x',
      phone: '13912345678',
      category: 'ordinary',
      specialTypes: ['infirm', 'retired', 'retired'],
      joinDate: '1990-07-01',
      position: '党员',
    });
    expect(ok.statusCode, ok.body).toBe(201);
    expect(ok.json().specialTypes).toEqual(['infirm', 'retired']);
    expect(ok.json().idNumber).toBe('11010519491231002X');
    const notBranch = await office.post('/api/members', {
      orgId: township,
      name: '张三',
      gender: 'male',
      category: 'ordinary',
    });
    expect(notBranch.statusCode).toBe(409);
    expect(notBranch.json().error.code).toBe('MEMBER_NOT_BRANCH');
    const bad = await office.post('/api/members', {
      orgId: branchA,
      name: '',
      gender: 'x',
      category: 'ordinary',
      phone: '123',
      idNumber: '110105194912310021',
      birthDate: '1990-02-30',
      joinDate: '1980-01-01',
    });
    expect(bad.statusCode).toBe(400);
    const fields = Object.fromEntries(
      bad.json().error.details.map((d: { path: string; message: string }) => [d.path, d.message]),
    );
    expect(Object.keys(fields).sort()).toEqual(['birthDate', 'gender', 'idNumber', 'name', 'phone']);
    expect(fields.phone).toBe('手机号应为 11 位数字');
    const sibling = await secretary.post('/api/members', {
      orgId: branchB,
      name: '李四',
      gender: 'male',
      category: 'ordinary',
    });
    expect(sibling.statusCode).toBe(404);
  });

  it('transfers and status changes keep history and counters right', async () => {
    const m = (
      await office.post('/api/members', { orgId: branchA, name: '赵建国', gender: 'male', category: 'probationary' })
    ).json() as MemberView;
    const t = await office.post(`/api/members/${m.id}/transfer`, { toOrgId: branchB, note: '工作调动' });
    expect(t.json().orgId).toBe(branchB);
    const s = await office.post(`/api/members/${m.id}/status`, { status: 'deceased', note: '2026年病故' });
    expect(s.json().status).toBe('deceased');
    const back = await office.post(`/api/members/${m.id}/status`, { status: 'active', note: 'x' });
    expect(back.statusCode).toBe(409);
    const detail = (await office.get(`/api/members/${m.id}`)).json();
    expect(detail.events.map((e: { kind: string }) => e.kind)).toEqual(['status', 'transfer', 'created']);
    expect(detail.events[1].fromOrg.id).toBe(branchA);
    expect(await compareStats(h.db.db)).toEqual([]);
    const audit = (await office.get(`/api/audit?entityType=member&entityId=${m.id}`)).json();
    expect(audit.items.map((e: { action: string }) => e.action)).toEqual([
      'member.status',
      'member.transfer',
      'member.create',
    ]);
  });

  it('keyset paging walks every row exactly once, in order, for every sort', async () => {
    const names = ['安', '白', '陈', '邓', '范', '高', '韩', '金', '孔', '梁', '马', '牛'];
    for (let i = 0; i < 25; i++) {
      await office.post('/api/members', {
        orgId: i % 2 ? branchA : branchB,
        name: `${names[i % names.length]}${i % 3}`,
        gender: 'male',
        category: 'ordinary',
        joinDate: i % 4 ? `200${i % 10}-0${(i % 9) + 1}-15` : null,
        birthDate: `197${i % 10}-01-0${(i % 9) + 1}`,
      });
    }
    for (const sort of ['name', 'joinDate', 'birthDate', 'id']) {
      for (const dir of ['asc', 'desc']) {
        const all = (
          await office.get(`/api/members?org=${district}&sort=${sort}&dir=${dir}&limit=200`)
        ).json() as Page<MemberView>;
        const seen: number[] = [];
        let after: string | null = null;
        do {
          const res = (
            await office.get(
              `/api/members?org=${district}&sort=${sort}&dir=${dir}&limit=7${after ? `&after=${after}` : ''}`,
            )
          ).json() as Page<MemberView>;
          seen.push(...res.items.map((m) => m.id));
          after = res.next;
        } while (after);
        expect(seen, `${sort} ${dir}`).toEqual(all.items.map((m) => m.id));
        expect(all.next).toBeNull();
        expect(all.total).toBe(seen.length);
      }
    }
    // A key of another sort (a name where a date is expected) or a made-up one is refused, not misread.
    const byName = (await office.get(`/api/members?org=${district}&sort=name&limit=3`)).json() as Page<MemberView>;
    expect(byName.next).toBeTruthy();
    expect((await office.get(`/api/members?org=${district}&sort=joinDate&after=${byName.next}`)).statusCode).toBe(400);
    expect((await office.get(`/api/members?org=${district}&after=garbage`)).statusCode).toBe(400);
    const filtered = (await office.get(`/api/members?org=${district}&q=安&limit=2`)).json() as Page<MemberView>;
    expect(filtered.items.every((m) => m.name.includes('安'))).toBe(true);
    expect(filtered.total).toBeGreaterThanOrEqual(filtered.items.length);
  });

  it('imports members all or nothing: a bad row is named and nothing lands; fixed, it all lands', async () => {
    const header = [
      '序号',
      '姓名',
      '性别',
      '出生日期',
      '身份证号',
      '手机号',
      '党员类别',
      '特殊类型',
      '入党日期',
      '所属支部',
    ];
    const good = [
      1,
      '周光明',
      '男',
      '1975-04-01',
      '',
      '13700001111',
      '普通党员',
      '流动',
      '1999-07-01',
      '中共柳河村支部委员会',
    ];
    const bad = [2, '吴桂兰', '女', '1982年13月5日', '', '1370000', '党员', '', '', '不存在的支部'];
    const before = await h.db.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await office.upload(
      `/api/members/import?org=${district}`,
      'm.xlsx',
      await makeXlsx(header, [good, bad], '党员信息导入'),
    );
    expect(res.statusCode).toBe(422);
    const details = res.json().error.details as Array<{ row: number; column: string; message: string }>;
    expect(details.every((d) => d.row === 4)).toBe(true);
    expect(details.map((d) => d.column).sort()).toEqual(['党员类别', '出生日期', '手机号', '所属支部'].sort());
    expect(res.json().error.message).toContain('4');
    const after = await h.db.db
      .selectFrom('members')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
    const fixed = [2, '吴桂兰', '女', '1982/3/5', '', '13700002222', '预备党员', '', '', '中共李家庄村支部委员会'];
    const ok = await office.upload(
      `/api/members/import?org=${district}`,
      'm.xlsx',
      await makeXlsx(header, [good, fixed]),
    );
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json()).toEqual({ imported: 2, created: 2 });
    const wu = (await office.get(`/api/members?org=${district}&q=吴桂兰`)).json() as Page<MemberView>;
    expect(wu.items[0]).toMatchObject({ birthDate: '1982-03-05', category: 'probationary', orgId: branchB });
    expect(await compareStats(h.db.db)).toEqual([]);
    const en = await h.app.inject({
      method: 'POST',
      url: `/api/members/import?org=${district}`,
      headers: { cookie: office.cookie, 'x-csrf-token': office.csrf, 'content-type': 'text/plain' },
      payload: 'x',
    });
    expect(en.statusCode).toBe(400);
  });

  it('a unit admin cannot import into a branch outside their grant, even by naming it', async () => {
    const header = ['姓名', '性别', '党员类别', '所属支部'];
    const res = await secretary.upload(
      `/api/members/import?org=${branchA}`,
      'm.xlsx',
      await makeXlsx(header, [['钱一', '男', '普通党员', '中共李家庄村支部委员会']]),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.details[0].column).toBe('所属支部');
  });

  it('exports the roster as a real .xlsx whose rows import back to the same members', async () => {
    const res = await office.get(`/api/members/export?org=${branchA}&subtree=false`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('spreadsheetml');
    const file = res.rawPayload;
    const { rows } = await readXlsx(file);
    expect(String(rows[0][0])).toContain('党员名册');
    expect(rows[1]).toContain('姓名*');
    const listed = (await office.get(`/api/members?org=${branchA}&subtree=false&limit=200`)).json() as Page<MemberView>;
    expect(rows.length - 2).toBe(listed.total);
    // Round trip: the export imported into another branch yields the same people.
    const newBranch = (
      await office.post('/api/orgs', {
        parentId: township,
        name: '中共新建村支部委员会',
        level: 'branch',
        kind: 'village',
      })
    ).json();
    const wb = await readXlsx(file);
    const header = wb.rows[1] as string[];
    const bi = header.indexOf('所属支部');
    expect(bi).toBeGreaterThan(0);
    const data = wb.rows.slice(2).map((r) => r.map((v, i) => (i === bi ? '中共新建村支部委员会' : v)));
    const imp = await office.upload(`/api/members/import?org=${district}`, 'rt.xlsx', await makeXlsx(header, data));
    expect(imp.statusCode, imp.body).toBe(200);
    const copy = (
      await office.get(`/api/members?org=${newBranch.id}&subtree=false&limit=200`)
    ).json() as Page<MemberView>;
    const strip = (m: MemberView) => [
      m.name,
      m.gender,
      m.birthDate,
      m.idNumber,
      m.phone,
      m.category,
      m.specialTypes.join(),
      m.joinDate,
      m.position,
    ];
    expect(copy.items.map(strip).sort()).toEqual(listed.items.map(strip).sort());
  });

  it('serves the import template in both languages', async () => {
    for (const [lang, col] of [
      ['zh-CN', '姓名*'],
      ['en', 'Name*'],
    ]) {
      const res = await office.get(`/api/members/import-template?lang=${lang}`);
      const { sheets, rows } = await readXlsx(res.rawPayload);
      expect(sheets).toHaveLength(2);
      expect(rows[1]).toContain(col);
    }
  });

  it('concurrent writes on one connection stay correct (PGlite serializes them)', async () => {
    const before = (await office.get(`/api/orgs/${branchB}`)).json().stats.members;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        office.post('/api/members', { orgId: branchB, name: `并发${i}`, gender: 'male', category: 'ordinary' }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(30).fill(201));
    expect((await office.get(`/api/orgs/${branchB}`)).json().stats.members).toBe(before + 30);
    expect(await compareStats(h.db.db)).toEqual([]);
  });
});
