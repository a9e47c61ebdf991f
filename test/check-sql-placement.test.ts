import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The SQL-placement check fails on a query planted in a service, and in a new file, and passes on the tree as committed. */
describe('scripts/check-sql-placement.mjs', () => {
  const run = (root?: string) => {
    const r = spawnSync(process.execPath, ['scripts/check-sql-placement.mjs', ...(root ? [root] : [])], {
      encoding: 'utf8',
    });
    return { code: r.status, out: r.stdout + r.stderr };
  };
  const copy = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sqlcheck-'));
    fs.cpSync('src/server', path.join(dir, 'src/server'), { recursive: true });
    return dir;
  };

  it('passes on the committed tree', () => {
    const r = run();
    expect(r.out).toMatch(/0 problem\(s\)/);
    expect(r.code).toBe(0);
  });

  it('fails on a selectFrom planted in a service that had none, and names the file', () => {
    const dir = copy();
    const f = path.join(dir, 'src/server/modules/members/members.service.ts');
    fs.appendFileSync(f, "\nexport const planted = (db: any) => db.selectFrom('members').selectAll().execute();\n");
    const r = run(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.out).toContain(
      'src/server/modules/members/members.service.ts: 1 query-builder calls outside a repository',
    );
  });

  it('fails on a deleteFrom in another service and a sql template in a new module, not in its repository', () => {
    const dir = copy();
    fs.appendFileSync(
      path.join(dir, 'src/server/modules/ledger/ledger.service.ts'),
      "\nexport const more = (db: any) => db.deleteFrom('problems').execute();\n",
    );
    fs.mkdirSync(path.join(dir, 'src/server/modules/study'));
    fs.writeFileSync(
      path.join(dir, 'src/server/modules/study/study.service.ts'),
      "import { sql } from 'kysely';\nexport const q = sql`SELECT 1`;\n",
    );
    fs.writeFileSync(
      path.join(dir, 'src/server/modules/study/study.repository.ts'),
      "import { sql } from 'kysely';\nexport const ok = sql`SELECT 1`;\n",
    );
    const r = run(dir);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.code).toBe(1);
    expect(r.out).toContain('ledger/ledger.service.ts: 1 query-builder calls outside a repository');
    expect(r.out).toContain('study/study.service.ts: 1 query-builder calls');
    expect(r.out).not.toContain('study.repository.ts');
  });
});
