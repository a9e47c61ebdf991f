import ExcelJS from 'exceljs';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/types.ts';
import type { Locale } from '../../../shared/enums.ts';
import {
  OPINION_CHANNELS,
  OPINION_GROUPS,
  STAFF_CONTENT_MAX,
  type OpinionChannel,
  type OpinionGroup,
} from '../../../shared/opinions.ts';
import { auditActor, type Actor } from '../../platform/actor.ts';
import { AppError, ScopeDenied, type Issue, type MessageParams } from '../../platform/errors.ts';
import { ENUM_LABELS, t, type MessageKey } from '../../platform/i18n.ts';
import { authorize } from '../../platform/policy.ts';
import { withTx } from '../../platform/tx.ts';
import { idempotent, importScope, type IdempotencyKey, type RecordAnswer } from '../../platform/idempotency.ts';
import {
  cellText,
  locateHeader,
  readFirstSheet,
  styledSheet,
  THIN_BORDER,
  type Cell,
  type ColumnDef,
} from '../../platform/xlsx.ts';
import { findOrg, type OrgWithStats } from '../orgs/orgs.repository.ts';
import { campaignVisible } from '../campaigns/campaigns.policy.ts';
import { cleanText } from '../../../shared/schemas/opinions.ts';
import { opinionPolicy } from './opinions.policy.ts';
import * as repo from './opinions.repository.ts';

export type OpinionImportResult = { imported: number; created: number; ids: number[] };

/** At most this many opinions in one upload. */
export const MAX_OPINION_IMPORT_ROWS = 2000;
const NAME_MAX = 50;
const CONTACT_MAX = 100;

export const OPINION_IMPORT_COLUMNS: ColumnDef[] = [
  { key: 'seq', zh: '序号', en: 'No.', width: 6 },
  { key: 'channel', zh: '征求渠道', en: 'Channel', required: true, width: 14 },
  { key: 'group', zh: '提出人类别', en: 'Submitter group', required: true, width: 16 },
  { key: 'name', zh: '姓名', en: 'Name', width: 10 },
  { key: 'contact', zh: '联系方式', en: 'Contact', width: 16, text: true },
  { key: 'content', zh: '意见建议内容', en: 'Opinion', required: true, width: 70 },
];

/** Spellings offices use that are not the enum label itself. */
const ALIASES: Record<string, Record<string, string>> = {
  opinionChannel: {
    网上: 'online',
    网络: 'online',
    电话: 'hotline',
    热线: 'hotline',
    信件: 'letter',
    座谈: 'symposium',
    谈心: 'talk',
    谈心谈话: 'talk',
    意见卡: 'card',
  },
  // memberofthepublic and deputy(…) are the English labels files exported before the labels were unified.
  opinionGroup: {
    群众: 'masses',
    两代表一委员: 'deputies',
    代表委员: 'deputies',
    离退休: 'retired_cadres',
    memberofthepublic: 'masses',
    'deputy(people’scongress/cppcc)': 'deputies',
  },
};

/** An enum value from its label in either language, an alias, or the raw key; null if unknown. */
function enumFrom(group: 'opinionChannel' | 'opinionGroup', text: string, allowed: readonly string[]): string | null {
  const s = text.replace(/\s+/g, '').toLowerCase();
  if (allowed.includes(s)) return s;
  for (const loc of ['zh-CN', 'en'] as const) {
    for (const [value, label] of Object.entries(ENUM_LABELS[loc][group]))
      if (label.replace(/\s+/g, '').toLowerCase() === s) return value;
  }
  return ALIASES[group][s] ?? null;
}

const chars = (s: string) => [...s].length;

/** Which header of a column a locale prints. */
const HEADER_LANG: Record<Locale, 'zh' | 'en'> = { 'zh-CN': 'zh', en: 'en' };
const headerOf = (key: string, locale: Locale) =>
  OPINION_IMPORT_COLUMNS.find((x) => x.key === key)![HEADER_LANG[locale]];

interface ValidRow {
  rowNo: number;
  channel: OpinionChannel;
  group: OpinionGroup;
  name: string | null;
  contact: string | null;
  content: string;
}

/**
 * Bulk entry of opinions from .xlsx (paper cards and symposium notes typed into Excel): the
 * template, and an all-or-nothing import into one org, under the same policy as entering one.
 */
export class OpinionImportService {
  constructor(private db: Kysely<DB>) {}

  async template(locale: Locale): Promise<Buffer> {
    const L = ENUM_LABELS[locale];
    const T = (k: Parameters<typeof t>[1]) => t(locale, k);
    const wb = new ExcelJS.Workbook();
    const cols = OPINION_IMPORT_COLUMNS;
    const ws = styledSheet(wb, T('opinion.import.sheet'), T('opinion.import.title'), cols, locale);
    const example = [
      1,
      L.opinionChannel.symposium,
      L.opinionGroup.masses,
      T('opinion.import.exampleName'),
      '13800138000',
      T('opinion.import.exampleContent'),
    ];
    const list = (values: string[]) => ({
      type: 'list' as const,
      allowBlank: true,
      formulae: [`"${values.join(',')}"`],
    });
    const channelCol = cols.findIndex((c) => c.key === 'channel') + 1;
    const groupCol = cols.findIndex((c) => c.key === 'group') + 1;
    const channels = OPINION_CHANNELS.map((v) => L.opinionChannel[v]);
    const groups = OPINION_GROUPS.map((v) => L.opinionGroup[v]);
    for (let r = 3; r < 3 + 100; r++) {
      const row = ws.getRow(r);
      if (r === 3) example.forEach((v, i) => (row.getCell(i + 1).value = v));
      for (let c = 1; c <= cols.length; c++) {
        const cell = row.getCell(c);
        cell.border = THIN_BORDER;
        cell.alignment = { vertical: 'middle', wrapText: c === cols.length };
      }
      row.getCell(channelCol).dataValidation = list(channels);
      row.getCell(groupCol).dataValidation = list(groups);
    }
    const help = wb.addWorksheet(T('opinion.import.helpSheet'));
    help.columns = [{ width: 18 }, { width: 100 }];
    const sep = T('opinion.import.helpSep');
    help.addRow([T('opinion.import.helpColumn'), T('opinion.import.helpText')]).font = { bold: true };
    help.addRow([headerOf('channel', locale), channels.join(sep)]);
    help.addRow([headerOf('group', locale), groups.join(sep)]);
    help.addRow([T('opinion.import.helpNameContact'), T('opinion.import.helpAnonymous')]);
    help.addRow([headerOf('content', locale), T('opinion.import.helpContent')]);
    help.addRow([T('opinion.import.helpAllTitle'), T('opinion.import.helpAll')]);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  /** Checks scope (404 outside it) and the org and campaign, before the file is read. */
  private async target(actor: Actor, orgId: number, campaignId: number | undefined) {
    const org = await findOrg(this.db, orgId);
    if (!org) throw new AppError('NOT_FOUND');
    authorize(actor, opinionPolicy, 'enter', { entityType: 'org', entityId: org.id, paths: [org.path] });
    if (org.status !== 'active') throw new AppError('ORG_DISSOLVED', { name: org.name });
    if (campaignId) {
      const c = await repo.campaignWithPath(this.db, campaignId);
      if (!c) throw new AppError('NOT_FOUND');
      if (!campaignVisible(actor, c.path)) throw new ScopeDenied('read', 'campaign', campaignId);
    }
    return org;
  }

  /** Validates every row, then enters all of them in one transaction with one audit event — or none. */
  async import(
    actor: Actor,
    orgId: number,
    campaignId: number | undefined,
    buffer: Buffer,
    filename: string,
    locale: Locale,
    idem?: IdempotencyKey | null,
  ): Promise<OpinionImportResult> {
    const org = await this.target(actor, orgId, campaignId);
    return idempotent(this.db, idem, importScope('opinions.import', org.id, buffer), (record) =>
      this.importInto(actor, org, campaignId, buffer, filename, locale, record),
    );
  }

  private async importInto(
    actor: Actor,
    org: OrgWithStats,
    campaignId: number | undefined,
    buffer: Buffer,
    filename: string,
    locale: Locale,
    record: RecordAnswer<OpinionImportResult>,
  ): Promise<OpinionImportResult> {
    const { name: sheet, rows } = await readFirstSheet(buffer, locale, { maxRows: MAX_OPINION_IMPORT_ROWS });
    const { headerRow, index } = locateHeader(rows, OPINION_IMPORT_COLUMNS, locale);
    const data = rows
      .slice(headerRow + 1)
      .map((cells, i) => ({ rowNo: headerRow + 2 + i, cells }))
      // A row with nothing but its number (a pre-numbered template row) is empty too.
      .filter((r) => r.cells.some((c, i) => i !== index.seq && c !== null && c !== ''));
    if (data.length === 0)
      throw new AppError('IMPORT_INVALID', { count: 1 }, [{ sheet, row: headerRow + 2, message: 'import.empty' }]);
    if (data.length > MAX_OPINION_IMPORT_ROWS)
      throw new AppError('IMPORT_INVALID', { count: 1 }, [
        { sheet, row: headerRow + 2, message: 'import.tooMany', params: { max: MAX_OPINION_IMPORT_ROWS } },
      ]);

    const L = ENUM_LABELS[locale];
    const sep = t(locale, 'opinion.import.allowedSep');
    const col = (key: string) => headerOf(key, locale);
    const get = (cells: Cell[], key: string): string | null => {
      if (index[key] === undefined) return null;
      const s = cleanText(cellText(cells[index[key]] ?? null));
      return typeof s === 'string' && s !== '' ? s : null;
    };
    const issues: Issue[] = [];
    const valid: ValidRow[] = [];
    for (const { rowNo, cells } of data) {
      const before = issues.length;
      const issue = (key: string, message: MessageKey, params?: MessageParams) =>
        issues.push({ sheet, row: rowNo, column: col(key), message, ...(params ? { params } : {}) });

      const channelText = get(cells, 'channel');
      const channel = channelText ? enumFrom('opinionChannel', channelText, OPINION_CHANNELS) : null;
      if (!channelText) issue('channel', 'field.required');
      else if (!channel)
        issue('channel', 'opinion.import.badChannel', {
          value: channelText,
          allowed: OPINION_CHANNELS.map((v) => L.opinionChannel[v]).join(sep),
        });

      const groupText = get(cells, 'group');
      const group = groupText ? enumFrom('opinionGroup', groupText, OPINION_GROUPS) : null;
      if (!groupText) issue('group', 'field.required');
      else if (!group)
        issue('group', 'opinion.import.badGroup', {
          value: groupText,
          allowed: OPINION_GROUPS.map((v) => L.opinionGroup[v]).join(sep),
        });

      const anonymous = group === 'anonymous';
      // Anonymous: whatever was typed in the name and contact cells is not kept, so not checked.
      const name = anonymous ? null : get(cells, 'name');
      const contact = anonymous ? null : get(cells, 'contact');
      if (name && chars(name) > NAME_MAX) issue('name', 'field.tooLong', { max: NAME_MAX });
      if (contact && chars(contact) > CONTACT_MAX) issue('contact', 'field.tooLong', { max: CONTACT_MAX });

      const content = get(cells, 'content');
      if (!content) issue('content', 'field.required');
      else if (chars(content) > STAFF_CONTENT_MAX) issue('content', 'field.tooLong', { max: STAFF_CONTENT_MAX });

      if (issues.length === before)
        valid.push({
          rowNo,
          channel: channel as OpinionChannel,
          group: group as OpinionGroup,
          name,
          contact,
          content: content!,
        });
    }
    if (issues.length > 0) throw new AppError('IMPORT_INVALID', { count: issues.length }, issues);

    return withTx(this.db, auditActor(actor), async ({ trx, audit }) => {
      const ids: number[] = [];
      for (const v of valid) {
        const anonymous = v.group === 'anonymous';
        const row = await repo.insertOpinion(trx, {
          org_id: org.id,
          campaign_id: campaignId ?? null,
          channel: v.channel,
          submitter_group: v.group,
          anonymous,
          submitter_name: anonymous ? null : v.name,
          submitter_contact: anonymous ? null : v.contact,
          content: v.content,
          // As with entry one by one: an anonymous opinion keeps no account; the audit chain says who imported it.
          created_by: anonymous ? null : actor.id,
        });
        ids.push(row.id);
      }
      await audit({
        action: 'opinion.import',
        entityType: 'org',
        entityId: org.id,
        orgId: org.id,
        after: { ids, campaignId: campaignId ?? null, anonymous: valid.filter((v) => v.group === 'anonymous').length },
        meta: { rows: valid.length, filename },
      });
      const result = { imported: ids.length, created: ids.length, ids };
      await record(trx, result);
      return result;
    });
  }
}
