import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildOrg, buildRoot, buildUser, createHarness, login, type Client, type Harness } from './support/harness.ts';
import { makeXlsx, readXlsx } from './support/xlsx.ts';
import { compareStats } from '../src/server/modules/stats/stats.repository.ts';
import type { MemberListAbilities, MemberView, OrgBodyView, Page } from '../src/shared/api.ts';
import type { ProgressView } from '../src/shared/campaigns.ts';
import { buildCampaign, buildTemplate, CAMPAIGN_BODY } from './support/factories.ts';
import { dateIn } from '../src/server/platform/dates.ts';

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
    for (const [lang, col, posts] of [
      ['zh-CN', '姓名*', '班子职务'],
      ['en', 'Name*', 'Posts'],
    ]) {
      const res = await office.get(`/api/members/import-template?lang=${lang}`);
      const { sheets, rows } = await readXlsx(res.rawPayload);
      expect(sheets).toHaveLength(2);
      expect(rows[1]).toContain(col);
      expect(rows[1]).toContain(posts);
    }
  });

  /** Adds a member to a branch through the API. */
  const addMember = async (orgId: number, name: string) => {
    const r = await office.post('/api/members', { orgId, name, gender: 'female', category: 'ordinary' });
    expect(r.statusCode, r.body).toBe(201);
    return r.json().id as number;
  };
  const newBranch = async (name: string) =>
    (await office.post('/api/orgs', { parentId: township, name, level: 'branch', kind: 'village' })).json()
      .id as number;
  const countOf = async (table: 'members' | 'org_posts' | 'audit_events') =>
    Number(
      (
        await h.db.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );

  it('exports each member’s current posts in their own branch, and the import creates them from that column', async () => {
    const from = await newBranch('中共王庄村支部委员会');
    const wang = await addMember(from, '王秀英');
    const zhao = await addMember(from, '赵春华');
    await addMember(from, '钱小明');
    for (const [memberId, post, startDate] of [
      [wang, 'secretary', '2021-06-01'],
      [wang, 'organization_member', '2021-06-01'],
      [zhao, 'committee_member', '2021-06-01'],
    ] as const) {
      const r = await office.post('/api/posts', { orgId: from, post, memberId, startDate });
      expect(r.statusCode, r.body).toBe(201);
    }
    // An ended post and a post at the township (not the member's own body) stay out of the column.
    const ended = await office.post('/api/posts', {
      orgId: from,
      post: 'propaganda_member',
      memberId: zhao,
      startDate: '2020-01-01',
      endDate: '2020-12-31',
    });
    expect(ended.statusCode, ended.body).toBe(201);
    const town = await office.post('/api/posts', {
      orgId: township,
      post: 'committee_member',
      memberId: zhao,
      startDate: '2022-01-01',
    });
    expect(town.statusCode, town.body).toBe(201);

    const res = await office.get(`/api/members/export?org=${from}&subtree=false`);
    expect(res.statusCode).toBe(200);
    const { rows } = await readXlsx(res.rawPayload);
    const header = rows[1] as string[];
    const pi = header.indexOf('班子职务');
    const ni = header.indexOf('姓名*');
    expect(pi).toBeGreaterThan(0);
    const postsOf = (name: string) => rows.find((r) => r[ni] === name)?.[pi] ?? '';
    expect(postsOf('王秀英')).toBe('书记；组织委员');
    expect(postsOf('赵春华')).toBe('委员');
    expect(postsOf('钱小明')).toBe('');
    await buildUser(h, 'office-en', [{ role: 'office', orgId: district }]);
    await h.db.db.updateTable('users').set({ locale: 'en' }).where('username', '=', 'office-en').execute();
    const en = await (await login(h, 'office-en')).get(`/api/members/export?org=${from}&subtree=false`);
    const enRows = (await readXlsx(en.rawPayload)).rows;
    const enHeader = enRows[1] as string[];
    expect(enRows.find((r) => r[enHeader.indexOf('Name*')] === '王秀英')?.[enHeader.indexOf('Posts')]).toBe(
      'Secretary; Organization member',
    );

    // Round trip: the same rows into another branch make the same body there, from the import date.
    const to = await newBranch('中共新王庄村支部委员会');
    const bi = header.indexOf('所属支部');
    const data = rows.slice(2).map((r) => header.map((_, i) => (i === bi ? '中共新王庄村支部委员会' : (r[i] ?? ''))));
    const imp = await office.upload(`/api/members/import?org=${district}`, 'rt.xlsx', await makeXlsx(header, data));
    expect(imp.statusCode, imp.body).toBe(200);
    const body = (await office.get(`/api/posts?org=${to}`)).json() as OrgBodyView;
    expect(body.items.map((p) => [p.post, p.holder.name, p.startDate, p.holder.outside]).sort()).toEqual(
      [
        ['secretary', '王秀英', dateIn(), false],
        ['organization_member', '王秀英', dateIn(), false],
        ['committee_member', '赵春华', dateIn(), false],
      ].sort(),
    );
    // The holders are the imported members of the new branch.
    const copy = (await office.get(`/api/members?org=${to}&subtree=false`)).json() as Page<MemberView>;
    const idOf = (name: string) => copy.items.find((m) => m.name === name)!.id;
    expect(body.items.find((p) => p.post === 'secretary')!.holder.memberId).toBe(idOf('王秀英'));
    // English labels read too (the en header and labels).
    const third = await newBranch('中共三村支部委员会');
    const enImp = await office.upload(
      `/api/members/import?org=${district}`,
      'en.xlsx',
      await makeXlsx(
        ['Name', 'Gender', 'Category', 'Branch', 'Posts'],
        [['孙丽', 'Female', 'Ordinary', '中共三村支部委员会', 'Deputy secretary; Discipline member']],
      ),
    );
    expect(enImp.statusCode, enImp.body).toBe(200);
    const thirdBody = (await office.get(`/api/posts?org=${third}`)).json() as OrgBodyView;
    expect(thirdBody.items.map((p) => p.post)).toEqual(['deputy_secretary', 'discipline_member']);
  });

  it('a post clashing with a current holder (or with an earlier row) names the row, and nothing is imported', async () => {
    const branch = await newBranch('中共赵庄村支部委员会');
    const holder = await addMember(branch, '周建华');
    expect(
      (await office.post('/api/posts', { orgId: branch, post: 'secretary', memberId: holder, startDate: '2022-01-01' }))
        .statusCode,
    ).toBe(201);
    const header = ['姓名', '性别', '党员类别', '所属支部', '班子职务'];
    const before = await Promise.all([countOf('members'), countOf('org_posts'), countOf('audit_events')]);
    const res = await office.upload(
      `/api/members/import?org=${district}`,
      'clash.xlsx',
      await makeXlsx(header, [
        ['吴敏', '女', '普通党员', '中共赵庄村支部委员会', '宣传委员'],
        ['郑强', '男', '普通党员', '中共赵庄村支部委员会', '书记；纪检委员'],
        ['冯丽', '女', '普通党员', '中共赵庄村支部委员会', '宣传委员'],
        ['陈平', '男', '普通党员', '中共赵庄村支部委员会', '队长'],
      ]),
    );
    expect(res.statusCode).toBe(422);
    const details = res.json().error.details as Array<{ row: number; column: string; message: string }>;
    expect(details.map((d) => [d.row, d.column])).toEqual([
      [3, '班子职务'],
      [4, '班子职务'],
      [5, '班子职务'],
    ]);
    expect(details[0].message).toContain('周建华');
    expect(details[0].message).toContain('书记');
    expect(details[1].message).toContain('吴敏');
    expect(details[1].message).toContain('宣传委员');
    expect(details[2].message).toContain('组织委员');
    expect(await Promise.all([countOf('members'), countOf('org_posts'), countOf('audit_events')])).toEqual(before);
    const body = (await office.get(`/api/posts?org=${branch}`)).json() as OrgBodyView;
    expect(body.items.map((p) => p.holder.name)).toEqual(['周建华']);
  });

  it('a plain member sees the names of their branch, is offered neither export nor import nor 自选动作, and is refused them', async () => {
    const branch = await newBranch('中共刘庄村支部委员会');
    const self = await addMember(branch, '刘洋');
    await addMember(branch, '刘静');
    await buildUser(h, 'plain', [{ role: 'member', orgId: branch }]);
    await h.db.db.updateTable('users').set({ member_id: self }).where('username', '=', 'plain').execute();
    const plain = await login(h, 'plain');
    const list = await plain.get(`/api/members?org=${branch}`);
    expect(list.statusCode).toBe(200);
    expect((list.json() as Page<MemberView>).items.map((m) => m.name).sort()).toEqual(['刘洋', '刘静'].sort());
    expect((await plain.get(`/api/members/abilities?org=${branch}`)).json()).toEqual({
      export: false,
      import: false,
    } satisfies MemberListAbilities);
    expect((await office.get(`/api/members/abilities?org=${branch}`)).json()).toEqual({ export: true, import: true });
    expect((await plain.get(`/api/members/abilities?org=${branchA}`)).statusCode).toBe(404);
    const exp = await plain.get(`/api/members/export?org=${branch}`);
    expect(exp.statusCode).toBe(403);
    expect(exp.json().error.code).toBe('FORBIDDEN');
    expect((await plain.get(`/api/members/export?org=${branchA}`)).statusCode).toBe(404);
    const imp = await plain.upload(
      `/api/members/import?org=${branch}`,
      'm.xlsx',
      await makeXlsx(['姓名', '性别', '党员类别'], [['某人', '男', '普通党员']]),
    );
    expect(imp.statusCode).toBe(403);

    // A running campaign with an optional action: the member is not offered it, a secretary of
    // another branch looking at this one through a member grant is not either, the office is.
    const body = {
      ...CAMPAIGN_BODY,
      actions: [
        ...CAMPAIGN_BODY.actions,
        {
          key: 'feature',
          phaseKey: 'study',
          kind: 'optional',
          name: { zh: '特色活动', en: 'Featured activity' },
          deliverable: 'files',
          assignee: 'branch',
        },
      ],
    } as typeof CAMPAIGN_BODY;
    const template = await buildTemplate(office, district, body);
    const campaign = await buildCampaign(office, district, { templateId: template.id });
    const seen = await plain.get(`/api/campaigns/${campaign.id}`);
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json().abilities.addOptional).toBe(false);
    const progress = (await plain.get(`/api/campaigns/${campaign.id}/progress?org=${branch}`)).json() as ProgressView;
    expect(progress.addOptional).toBe(false);
    const tried = await plain.post(`/api/campaigns/${campaign.id}/optional-tasks`, {
      orgId: branch,
      actionKey: 'feature',
    });
    expect(tried.statusCode).toBe(403);
    await buildUser(h, 'twohats', [
      { role: 'unit_admin', orgId: branchA },
      { role: 'member', orgId: branch },
    ]);
    const twohats = await login(h, 'twohats');
    expect(
      ((await twohats.get(`/api/campaigns/${campaign.id}/progress?org=${branch}`)).json() as ProgressView).addOptional,
    ).toBe(false);
    expect(
      ((await twohats.get(`/api/campaigns/${campaign.id}/progress?org=${branchA}`)).json() as ProgressView).addOptional,
    ).toBe(true);
    expect(
      ((await office.get(`/api/campaigns/${campaign.id}/progress?org=${branch}`)).json() as ProgressView).addOptional,
    ).toBe(true);
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
