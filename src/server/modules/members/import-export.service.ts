import ExcelJS from 'exceljs';
import { PassThrough } from 'node:stream';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError, enumParam, type Issue } from '../../platform/errors.ts';
import { authorize, can } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { idempotent, importScope, type IdempotencyKey, type RecordAnswer } from '../../platform/idempotency.ts';
import { appendAuditMany } from '../../platform/audit.ts';
import { ENUM_LABELS, t, type MessageKey } from '../../platform/i18n.ts';
import type { AfterKey } from '../../platform/paging.ts';
import { zodIssues } from '../../platform/validation.ts';
import { dateIn } from '../../platform/dates.ts';
import {
  cellDate,
  cellText,
  locateHeader,
  readFirstSheet,
  styledSheet,
  THIN_BORDER,
  type Cell,
  type ColumnDef,
} from '../../platform/xlsx.ts';
import type { ImportResult, MemberListAbilities } from '../../../shared/api.ts';
import { ORG_POSTS, SINGLE_HOLDER_POSTS, type Locale, type OrgLevel, type OrgPost } from '../../../shared/enums.ts';
import * as postRepo from '../posts/posts.repository.ts';
import { postPolicy, postSubject } from '../posts/posts.policy.ts';
import { reconcileSubtree } from '../orgs/tree-change.ts';
import * as orgRepo from '../orgs/orgs.repository.ts';
import { orgPolicy, orgSubject } from '../orgs/orgs.policy.ts';
import type { OrgService } from '../orgs/orgs.service.ts';
import { checkLevelOrder } from '../orgs/orgs.service.ts';
import { ZCreateOrg } from '../../../shared/schemas/orgs.ts';
import { orgSnapshot } from '../orgs/orgs.presenter.ts';
import * as repo from './members.repository.ts';
import { ZCreateMember, type TListMembers } from '../../../shared/schemas/members.ts';
import { toRow } from './members.service.ts';
import { memberSnapshot, maskIdNumber, maskPhone } from './members.presenter.ts';
import { memberListAbilities, memberPolicy, memberSubject } from './members.policy.ts';

/** At most this many rows in one import; larger ledgers are split (the error says so). */
export const MAX_IMPORT_ROWS = 20_000;

export const MEMBER_COLUMNS: ColumnDef[] = [
  { key: 'seq', zh: '序号', en: 'No.', width: 6 },
  { key: 'name', zh: '姓名', en: 'Name', required: true, width: 10 },
  { key: 'gender', zh: '性别', en: 'Gender', required: true, width: 6 },
  { key: 'birthDate', zh: '出生日期', en: 'Date of birth', width: 12, text: true },
  { key: 'ethnicity', zh: '民族', en: 'Ethnicity', width: 8 },
  { key: 'education', zh: '学历', en: 'Education', width: 10 },
  { key: 'idNumber', zh: '身份证号', en: 'ID number', width: 21, text: true },
  { key: 'phone', zh: '手机号', en: 'Mobile', width: 13, text: true },
  { key: 'category', zh: '党员类别', en: 'Category', required: true, width: 14 },
  { key: 'specialTypes', zh: '特殊类型', en: 'Special types', width: 12 },
  { key: 'joinDate', zh: '入党日期', en: 'Joining date', width: 12, text: true },
  { key: 'position', zh: '职务', en: 'Position', width: 16 },
  { key: 'branch', zh: '所属支部', en: 'Branch', width: 30 },
  { key: 'branchCode', zh: '支部代码', en: 'Branch code', width: 12, text: true },
  // The member's current posts on their own branch's (or committee's) leading body, by label: 书记；组织委员.
  { key: 'posts', zh: '班子职务', en: 'Posts', width: 18 },
];

/** How the posts of one cell are separated (labels in English hold spaces: no splitting on them). */
const POST_SEPARATOR: Record<Locale, string> = { 'zh-CN': '；', en: '; ' };
const splitPosts = (text: string | null) =>
  (text ?? '')
    .split(/[；;、,，/\n]+/)
    .map((x) => x.trim())
    .filter(Boolean);

export const ORG_COLUMNS: ColumnDef[] = [
  { key: 'seq', zh: '序号', en: 'No.', width: 6 },
  { key: 'name', zh: '组织名称', en: 'Name', required: true, width: 34 },
  { key: 'shortName', zh: '简称', en: 'Short name', width: 16 },
  { key: 'code', zh: '组织代码', en: 'Code', width: 14, text: true },
  { key: 'level', zh: '组织层级', en: 'Level', required: true, width: 18 },
  { key: 'kind', zh: '组织类别', en: 'Kind', required: true, width: 12 },
  { key: 'parent', zh: '上级组织', en: 'Parent', required: true, width: 34 },
  { key: 'parentCode', zh: '上级组织代码', en: 'Parent code', width: 14, text: true },
  { key: 'members', zh: '党员数', en: 'Members', width: 9 },
];

/** Maps a label in either language, or the raw value, to an enum value. */
function fromLabel(group: string, text: string | null): string | null {
  if (!text) return null;
  const s = text.trim().toLowerCase();
  for (const loc of ['zh-CN', 'en'] as const) {
    for (const [value, label] of Object.entries(ENUM_LABELS[loc][group])) {
      if (label.toLowerCase() === s || value === s) return value;
    }
  }
  return text; // unknown: the schema names the allowed values
}

/** Which header of a column a locale prints. */
const HEADER_LANG: Record<Locale, 'zh' | 'en'> = { 'zh-CN': 'zh', en: 'en' };
const header = (locale: Locale, key: string, cols: ColumnDef[]) =>
  cols.find((x) => x.key === key)![HEADER_LANG[locale]];

export class ImportExportService {
  constructor(
    private db: Kysely<DB>,
    private orgs: OrgService,
  ) {}

  /** GET /api/members/abilities?org=: what the members list of the org offers the actor (404 outside scope). */
  async listAbilities(actor: Actor, orgId: number): Promise<MemberListAbilities> {
    return memberListAbilities(actor, await this.orgs.require(actor, orgId));
  }

  // ---------- templates ----------
  async memberTemplate(locale: Locale): Promise<Buffer> {
    const T = (k: MessageKey) => t(locale, k);
    const wb = new ExcelJS.Workbook();
    const ws = styledSheet(wb, T('mx.sheet.members'), T('mx.title.memberTemplate'), MEMBER_COLUMNS, locale);
    const L = ENUM_LABELS[locale];
    ws.addRow([
      1,
      T('mx.example.name'),
      L.gender.male,
      '1978-05-12',
      T('mx.example.ethnicity'),
      T('mx.example.education'),
      '110101197805120016',
      '13800138000',
      L.category.ordinary,
      '',
      '2001-07-01',
      T('mx.example.position'),
      '',
      '',
      L.orgPost.secretary,
    ]);
    const col = (key: string) => header(locale, key, MEMBER_COLUMNS);
    this.addInstructions(wb, locale, [
      [col('gender'), Object.values(L.gender).join(' / ')],
      [col('category'), Object.values(L.category).join(' / ')],
      [T('mx.help.specialTypes'), Object.values(L.specialType).join(' / ')],
      [T('mx.help.dates'), 'YYYY-MM-DD, 1985/7/1, 1985年7月1日'],
      [col('branch'), T('mx.help.branch')],
      [col('posts'), `${T('mx.help.posts')} ${Object.values(L.orgPost).join(' / ')}`],
      [T('mx.help.allTitle'), T('mx.help.all')],
    ]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  async orgTemplate(locale: Locale): Promise<Buffer> {
    const T = (k: MessageKey) => t(locale, k);
    const wb = new ExcelJS.Workbook();
    const cols = ORG_COLUMNS.filter((c) => c.key !== 'members');
    const ws = styledSheet(wb, T('mx.sheet.orgs'), T('mx.title.orgTemplate'), cols, locale);
    const L = ENUM_LABELS[locale];
    ws.addRow([
      1,
      T('mx.example.orgName'),
      T('mx.example.orgShortName'),
      'V001',
      L.level.branch,
      L.kind.village,
      T('mx.example.orgParent'),
      '',
    ]);
    const col = (key: string) => header(locale, key, ORG_COLUMNS);
    this.addInstructions(wb, locale, [
      [col('level'), Object.values(L.level).join(' / ')],
      [col('kind'), Object.values(L.kind).join(' / ')],
      [col('parent'), T('mx.help.parent')],
    ]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  private addInstructions(wb: ExcelJS.Workbook, locale: Locale, lines: string[][]) {
    const ws = wb.addWorksheet(t(locale, 'mx.help.sheet'));
    ws.columns = [{ width: 30 }, { width: 90 }];
    ws.addRow([t(locale, 'mx.help.column'), t(locale, 'mx.help.values')]).font = { bold: true };
    for (const l of lines) ws.addRow(l);
  }

  // ---------- member import ----------
  /** Validates every row first; imports all of them in one transaction, or none. */
  async importMembers(
    actor: Actor,
    orgId: number,
    buffer: Buffer,
    locale: Locale,
    idem?: IdempotencyKey | null,
  ): Promise<ImportResult> {
    const target = await this.orgs.require(actor, orgId, 'importMembers');
    return idempotent(this.db, idem, importScope('members.import', target.id, buffer), (record) =>
      this.importMembersInto(actor, target, buffer, locale, record),
    );
  }

  private async importMembersInto(
    actor: Actor,
    target: orgRepo.OrgWithStats,
    buffer: Buffer,
    locale: Locale,
    record: RecordAnswer<ImportResult>,
  ): Promise<ImportResult> {
    const { name: sheet, rows } = await readFirstSheet(buffer, locale, { maxRows: MAX_IMPORT_ROWS });
    const { headerRow, index } = locateHeader(rows, MEMBER_COLUMNS, locale);
    const data = rows
      .slice(headerRow + 1)
      .map((r, i) => ({ rowNo: headerRow + 2 + i, cells: r }))
      .filter((r) => r.cells.some((c) => c !== null && c !== ''));
    if (data.length === 0)
      throw new AppError('IMPORT_INVALID', { count: 1 }, [{ sheet, row: headerRow + 2, message: 'import.empty' }]);
    if (data.length > MAX_IMPORT_ROWS)
      throw new AppError('IMPORT_INVALID', { count: 1 }, [
        { sheet, row: headerRow + 2, message: 'import.tooMany', params: { max: MAX_IMPORT_ROWS } },
      ]);

    // Branches of the target subtree, by name and by code.
    const branches = await orgRepo.activeSubtree(this.db, target.id);
    const byName = new Map<string, typeof branches>();
    for (const b of branches)
      for (const k of [b.name, b.short_name, b.code]) if (k) byName.set(k, [...(byName.get(k) ?? []), b]);

    const issues: Issue[] = [];
    const col = (key: string) => header(locale, key, MEMBER_COLUMNS);
    const get = (cells: Cell[], key: string) => (index[key] === undefined ? null : (cells[index[key]] ?? null));
    const valid: Array<{ rowNo: number; orgId: number; row: ReturnType<typeof toRow>; posts: OrgPost[] }> = [];
    const seenId = new Map<string, number>();
    // Posts start on the import date; a single-holder post held that day (or named twice in the file) is a clash.
    const today = dateIn();
    const postOptions = Object.values(ENUM_LABELS[locale].orgPost).join(' / ');
    const heldInFile = new Map<string, { rowNo: number; name: string }>();
    const heldNow = new Map<string, string | null>();
    const holderNow = async (orgId: number, post: OrgPost) => {
      const k = `${orgId}:${post}`;
      if (!heldNow.has(k)) {
        const [clash] = await postRepo.overlapping(this.db, orgId, post, today, null, null);
        heldNow.set(k, clash ? (clash.member_name ?? clash.outside_name) : null);
      }
      return heldNow.get(k)!;
    };

    for (const { rowNo, cells } of data) {
      const before = issues.length;
      const branchKey = cellText(get(cells, 'branchCode')) ?? cellText(get(cells, 'branch'));
      let branchId: number | null = null;
      if (!branchKey) {
        if (target.level === 'branch') branchId = target.id;
        else issues.push({ sheet, row: rowNo, column: col('branch'), message: 'field.required' });
      } else {
        const found = byName.get(branchKey) ?? [];
        const b = found.find((x) => x.level === 'branch') ?? found[0];
        if (!b)
          issues.push({
            sheet,
            row: rowNo,
            column: col('branch'),
            message: 'import.orgNotFound',
            params: { name: branchKey },
          });
        else if (b.level !== 'branch')
          issues.push({
            sheet,
            row: rowNo,
            column: col('branch'),
            message: 'import.orgNotBranch',
            params: { name: branchKey },
          });
        else branchId = b.id;
      }
      const specials = cellText(get(cells, 'specialTypes'));
      const input = {
        orgId: branchId ?? target.id,
        name: cellText(get(cells, 'name')) ?? '',
        gender: fromLabel('gender', cellText(get(cells, 'gender'))),
        birthDate: cellDate(get(cells, 'birthDate')),
        ethnicity: cellText(get(cells, 'ethnicity')),
        education: cellText(get(cells, 'education')),
        idNumber: cellText(get(cells, 'idNumber')),
        phone: cellText(get(cells, 'phone')),
        category: fromLabel('category', cellText(get(cells, 'category'))),
        specialTypes: specials
          ? specials
              .split(/[、,，;；/\s]+/)
              .filter(Boolean)
              .map((s) => fromLabel('specialType', s))
          : [],
        joinDate: cellDate(get(cells, 'joinDate')),
        position: cellText(get(cells, 'position')),
      };
      const parsed = ZCreateMember.safeParse(input);
      if (!parsed.success) {
        for (const issue of zodIssues(parsed.error, locale)) {
          const key = issue.path.split('.')[0];
          issues.push({
            sheet,
            row: rowNo,
            column: MEMBER_COLUMNS.some((c) => c.key === key) ? col(key) : undefined,
            message: issue.message,
          });
        }
      }
      if (parsed.success && parsed.data.idNumber) {
        const prev = seenId.get(parsed.data.idNumber);
        if (prev)
          issues.push({
            sheet,
            row: rowNo,
            column: col('idNumber'),
            message: 'import.duplicateInFile',
            params: { row: prev },
          });
        else seenId.set(parsed.data.idNumber, rowNo);
      }
      const posts: OrgPost[] = [];
      for (const label of splitPosts(cellText(get(cells, 'posts')))) {
        const v = fromLabel('orgPost', label) as OrgPost;
        if (!ORG_POSTS.includes(v))
          issues.push({
            sheet,
            row: rowNo,
            column: col('posts'),
            message: 'field.enum',
            params: { options: postOptions },
          });
        else if (!posts.includes(v)) posts.push(v);
      }
      if (branchId && parsed.success)
        for (const post of posts.filter((x) => SINGLE_HOLDER_POSTS.includes(x))) {
          const k = `${branchId}:${post}`;
          const holder = heldInFile.get(k)?.name ?? (await holderNow(branchId, post));
          if (holder)
            issues.push({
              sheet,
              row: rowNo,
              column: col('posts'),
              message: 'error.POST_TAKEN',
              params: { post: enumParam('orgPost', post), holder, date: today },
            });
          else heldInFile.set(k, { rowNo, name: parsed.data.name });
        }
      if (issues.length === before && parsed.success && branchId)
        valid.push({ rowNo, orgId: branchId, row: toRow(parsed.data, branchId), posts });
    }
    if (issues.length > 0) throw new AppError('IMPORT_INVALID', { count: issues.length }, issues);

    // Every branch touched must allow the actor to add members (a unit admin of one branch
    // importing into a sibling is refused as a whole).
    for (const id of new Set(valid.map((v) => v.orgId))) {
      const b = branches.find((x) => x.id === id)!;
      authorize(actor, memberPolicy, 'create', { entityType: 'org', entityId: id, paths: [b.path] });
    }
    const postOrgs = [...new Set(valid.filter((v) => v.posts.length > 0).map((v) => v.orgId))];
    for (const id of postOrgs) authorize(actor, postPolicy, 'manage', postSubject(branches.find((x) => x.id === id)!));

    return withTx(this.db, auditActor(actor), async ({ trx }) => {
      // The bodies the file fills are locked (as PostService.create does) and checked again under the lock.
      if (postOrgs.length > 0) await orgRepo.lockOrgs(trx, postOrgs);
      const clashes: Issue[] = [];
      for (const v of valid)
        for (const post of v.posts.filter((x) => SINGLE_HOLDER_POSTS.includes(x))) {
          const [clash] = await postRepo.overlapping(trx, v.orgId, post, today, null, null);
          if (clash)
            clashes.push({
              sheet,
              row: v.rowNo,
              column: col('posts'),
              message: 'error.POST_TAKEN',
              params: {
                post: enumParam('orgPost', post),
                holder: clash.member_name ?? clash.outside_name,
                date: today,
              },
            });
        }
      if (clashes.length > 0) throw new AppError('IMPORT_INVALID', { count: clashes.length }, clashes);
      const ids = await repo.insertMembers(
        trx,
        valid.map((v) => v.row),
      );
      const postRows = valid.flatMap((v, j) =>
        v.posts.map((post) => ({ rowNo: v.rowNo, orgId: v.orgId, memberId: ids[j], post })),
      );
      const postIds = await postRepo.insertPosts(
        trx,
        postRows.map((p) => ({
          org_id: p.orgId,
          post: p.post,
          title: '',
          member_id: p.memberId,
          outside_name: '',
          outside_unit: '',
          term: '',
          document: '',
          start_date: today,
          end_date: null,
          created_by: actor.id,
        })),
      );
      const deltas = new Map<number, orgRepo.StatsDelta>();
      valid.forEach((v) => {
        const d = deltas.get(v.orgId) ?? {};
        for (const [k, n] of Object.entries(repo.memberDelta(v.row, 1)))
          (d as Record<string, number>)[k] = ((d as Record<string, number>)[k] ?? 0) + (n ?? 0);
        deltas.set(v.orgId, d);
      });
      for (const [oid, d] of deltas) await orgRepo.applyStatsDelta(trx, oid, d, true);
      await repo.insertEvents(
        trx,
        ids.map((id, j) => ({
          member_id: id,
          kind: 'imported',
          to_org_id: valid[j].orgId,
          to_status: 'active',
          actor_id: actor.id,
        })),
      );
      await appendAuditMany(
        trx,
        auditActor(actor),
        ids.map((id, j) => ({
          action: 'member.import',
          entityType: 'member',
          entityId: id,
          orgId: valid[j].orgId,
          after: memberSnapshot({ ...valid[j].row, status: 'active' }),
          meta: { importInto: target.id, row: valid[j].rowNo },
        })),
      );
      if (postIds.length > 0)
        await appendAuditMany(
          trx,
          auditActor(actor),
          postIds.map((id, j) => ({
            action: 'post.create',
            entityType: 'org_post',
            entityId: id,
            orgId: postRows[j].orgId,
            after: {
              orgId: postRows[j].orgId,
              post: postRows[j].post,
              memberId: postRows[j].memberId,
              startDate: today,
            },
            meta: { importInto: target.id, row: postRows[j].rowNo },
          })),
        );
      const result = { imported: ids.length, created: ids.length };
      await record(trx, result);
      return result;
    });
  }

  // ---------- member export ----------
  /** Streams the roster in the printed layout, reading the database page by page. */
  async exportMembers(
    actor: Actor,
    f: TListMembers,
    locale: Locale,
  ): Promise<{ stream: PassThrough; filename: string }> {
    const org = await this.orgs.require(actor, f.org);
    // The roster as a file is for those who keep or supervise it (a plain member: 403 in scope).
    authorize(actor, memberPolicy, 'export', orgSubject(org));
    const L = ENUM_LABELS[locale];
    const stream = new PassThrough();
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: true });
    const title = t(locale, 'mx.roster.title', { org: org.name });
    const ws = styledSheet(
      wb as unknown as ExcelJS.Workbook,
      t(locale, 'mx.roster.sheet'),
      title,
      MEMBER_COLUMNS,
      locale,
    );
    // The roster's rule for personal data (memberPolicy.viewPersonal), over each member's branch.
    const viewPersonal = (m: { id: number; org_path: string }) =>
      can(actor, memberPolicy, 'viewPersonal', memberSubject(m));
    const today = dateIn();
    const filename = t(locale, 'mx.roster.file', { org: org.name, date: today });
    void (async () => {
      try {
        ws.getRow(1).commit();
        ws.getRow(2).commit();
        let after: AfterKey | null = null;
        let seq = 0;
        for (;;) {
          const page = await repo.listMembers(this.db, { ...f, limit: 1000 }, after);
          const hasMore = page.length > 1000;
          const rows = hasMore ? page.slice(0, 1000) : page;
          const held = new Map<number, string[]>();
          for (const p of await postRepo.currentPostsInOwnOrg(
            this.db,
            rows.map((m) => m.id),
            today,
          ))
            held.set(p.member_id, [...(held.get(p.member_id) ?? []), L.orgPost[p.post as OrgPost]]);
          for (const m of rows) {
            const clear = viewPersonal(m);
            const row = ws.addRow([
              ++seq,
              m.name,
              L.gender[m.gender],
              m.birth_date,
              m.ethnicity,
              m.education,
              clear ? m.id_number : maskIdNumber(m.id_number),
              clear ? m.phone : maskPhone(m.phone),
              L.category[m.category],
              m.special_types.map((s) => L.specialType[s]).join('、'),
              m.join_date,
              m.position,
              m.org_name,
              null,
              (held.get(m.id) ?? []).join(POST_SEPARATOR[locale]),
            ]);
            row.eachCell({ includeEmpty: true }, (c) => (c.border = THIN_BORDER));
            row.commit();
          }
          if (!hasMore || rows.length === 0) break;
          after = repo.memberKey(f.sort, rows[rows.length - 1]);
        }
        await wb.commit();
      } catch (e) {
        stream.destroy(e as Error);
      }
    })();
    return { stream, filename };
  }

  // ---------- organizations ----------
  async exportOrgs(actor: Actor, rootId: number, locale: Locale): Promise<{ buffer: Buffer; filename: string }> {
    const root = await this.orgs.require(actor, rootId);
    const rows = await orgRepo.subtreeForExport(this.db, root.id);
    const L = ENUM_LABELS[locale];
    const wb = new ExcelJS.Workbook();
    const ws = styledSheet(
      wb,
      t(locale, 'mx.sheet.orgs'),
      t(locale, 'mx.orgs.title', { org: root.name }),
      ORG_COLUMNS,
      locale,
    );
    rows.forEach((o, i) => {
      const r = ws.addRow([
        i + 1,
        o.name,
        o.short_name,
        o.code,
        L.level[o.level],
        L.kind[o.kind],
        o.parent_name,
        o.parent_code,
        Number(o.members),
      ]);
      r.getCell(2).alignment = { indent: Math.max(0, o.depth - root.depth) };
      r.eachCell({ includeEmpty: true }, (c) => (c.border = THIN_BORDER));
    });
    return {
      buffer: Buffer.from(await wb.xlsx.writeBuffer()),
      filename: t(locale, 'mx.orgs.file', { org: root.name }),
    };
  }

  /** Creates organizations under a root from a sheet; parents are existing orgs or earlier rows. */
  async importOrgs(
    actor: Actor,
    rootId: number,
    buffer: Buffer,
    locale: Locale,
    idem?: IdempotencyKey | null,
  ): Promise<ImportResult> {
    const root = await this.orgs.require(actor, rootId, 'createChild');
    return idempotent(this.db, idem, importScope('orgs.import', root.id, buffer), (record) =>
      this.importOrgsInto(actor, root, buffer, locale, record),
    );
  }

  private async importOrgsInto(
    actor: Actor,
    root: orgRepo.OrgWithStats,
    buffer: Buffer,
    locale: Locale,
    record: RecordAnswer<ImportResult>,
  ): Promise<ImportResult> {
    const { name: sheet, rows } = await readFirstSheet(buffer, locale, { maxRows: MAX_IMPORT_ROWS });
    const { headerRow, index } = locateHeader(rows, ORG_COLUMNS, locale);
    const data = rows
      .slice(headerRow + 1)
      .map((r, i) => ({ rowNo: headerRow + 2 + i, cells: r }))
      .filter((r) => r.cells.some((c) => c !== null && c !== ''));
    if (data.length === 0)
      throw new AppError('IMPORT_INVALID', { count: 1 }, [{ sheet, row: headerRow + 2, message: 'import.empty' }]);
    if (data.length > MAX_IMPORT_ROWS)
      throw new AppError('IMPORT_INVALID', { count: 1 }, [
        { sheet, row: headerRow + 2, message: 'import.tooMany', params: { max: MAX_IMPORT_ROWS } },
      ]);
    const existing = await orgRepo.activeSubtree(this.db, root.id);
    type Ref = { key: string; level: string; name: string; existingId?: number; rowIndex?: number };
    const refs = new Map<string, Ref>();
    for (const o of existing) {
      const ref = { key: String(o.id), level: o.level, name: o.name, existingId: o.id };
      refs.set(o.name, ref);
      if (o.code) refs.set(o.code, ref);
    }
    const allCodes = await orgRepo.allOrgCodes(this.db);
    const issues: Issue[] = [];
    const col = (key: string) => header(locale, key, ORG_COLUMNS);
    const get = (cells: Cell[], key: string) => (index[key] === undefined ? null : (cells[index[key]] ?? null));
    const planned: Array<{ rowNo: number; parent: Ref; input: ReturnType<typeof ZCreateOrg.parse> }> = [];
    const codesInFile = new Map<string, number>();

    data.forEach(({ rowNo, cells }, i) => {
      const before = issues.length;
      const parentKey = cellText(get(cells, 'parentCode')) ?? cellText(get(cells, 'parent'));
      const parent = parentKey ? refs.get(parentKey) : undefined;
      if (!parentKey) issues.push({ sheet, row: rowNo, column: col('parent'), message: 'field.required' });
      else if (!parent)
        issues.push({
          sheet,
          row: rowNo,
          column: col('parent'),
          message: 'import.parentNotFound',
          params: { name: parentKey },
        });
      const parsed = ZCreateOrg.safeParse({
        parentId: parent?.existingId ?? 1,
        name: cellText(get(cells, 'name')) ?? '',
        shortName: cellText(get(cells, 'shortName')),
        code: cellText(get(cells, 'code')),
        level: fromLabel('level', cellText(get(cells, 'level'))),
        kind: fromLabel('kind', cellText(get(cells, 'kind'))),
      });
      if (!parsed.success) {
        for (const issue of zodIssues(parsed.error, locale)) {
          const key = issue.path.split('.')[0];
          issues.push({
            sheet,
            row: rowNo,
            column: ORG_COLUMNS.some((c) => c.key === key) ? col(key) : undefined,
            message: issue.message,
          });
        }
      } else {
        const code = parsed.data.code;
        if (code && (allCodes.has(code) || codesInFile.has(code))) {
          issues.push({ sheet, row: rowNo, column: col('code'), message: 'import.duplicateCode', params: { code } });
        }
        if (code) codesInFile.set(code, rowNo);
        if (parent) {
          try {
            checkLevelOrder(actor, { level: parent.level, name: parent.name }, parsed.data.level as OrgLevel);
          } catch (e) {
            issues.push({
              sheet,
              row: rowNo,
              column: col('level'),
              message: 'error.ORG_LEVEL_ORDER',
              params: (e as AppError).params,
            });
          }
        }
      }
      if (issues.length === before && parsed.success && parent) {
        planned.push({ rowNo, parent, input: parsed.data });
        const ref: Ref = {
          key: `row:${i}`,
          level: parsed.data.level,
          name: parsed.data.name,
          rowIndex: planned.length - 1,
        };
        refs.set(parsed.data.name, ref);
        if (parsed.data.code) refs.set(parsed.data.code, ref);
      }
    });
    if (issues.length > 0) throw new AppError('IMPORT_INVALID', { count: issues.length }, issues);

    return withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const createdIds: number[] = [];
      for (const p of planned) {
        const parentId = p.parent.existingId ?? createdIds[p.parent.rowIndex!];
        const [parentRow] = await orgRepo.lockOrgs(trx, [parentId]);
        authorize(actor, orgPolicy, 'createChild', orgSubject(parentRow));
        const id = await orgRepo.insertOrg(trx, parentRow, {
          name: p.input.name,
          short_name: p.input.shortName,
          code: p.input.code,
          level: p.input.level,
          kind: p.input.kind,
        });
        await reconcileSubtree(trx, id, async () => {});
        createdIds.push(id);
        await audit({
          action: 'org.import',
          entityType: 'org',
          entityId: id,
          orgId: id,
          after: orgSnapshot({
            name: p.input.name,
            short_name: p.input.shortName,
            code: p.input.code,
            level: p.input.level,
            kind: p.input.kind,
            parent_id: parentId,
            status: 'active',
            sort_order: 0,
          }),
          meta: { row: p.rowNo, importInto: root.id },
        });
      }
      const result = { imported: createdIds.length, created: createdIds.length };
      await record(trx, result);
      return result;
    });
  }
}
