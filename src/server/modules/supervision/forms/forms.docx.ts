/**
 * The five forms (三制五单) as .docx in the official layout: red 发文机关标志, 文号, the form's name
 * as title, 主送, then a key/value table (the unit, 事由, deadline, what it escalates from), the
 * linked problems, the form's text, 落款 and date, and after them the part the other side fills
 * in: an order's 办理情况 (the reply), a report's 签收, the organization department's opinion.
 */
import type { Locale } from '../../../../shared/enums.ts';
import type { FormDetailView, FormKind } from '../../../../shared/supervision.ts';
import { dateIn, formatDate } from '../../../platform/dates.ts';
import { renderOfficialDocx, type OfficialBlock, type OfficialField } from '../../../platform/docx.ts';
import { ledgerEnums } from '../../../platform/texts/ledger.ts';

/** Fixed labels of the printed forms. {x} is filled in by fill(). */
const zh = {
  'kind.pre_report': '揭摆问题预报单',
  'kind.resolution_report': '解决问题报告单',
  'kind.order': '问题整改督办单',
  'kind.criticism': '问题通报批评单',
  'kind.org_adjustment': '组织调整建议单',
  'subject.pre_report': '预报单位',
  'subject.resolution_report': '报告单位',
  'subject.order': '被督办单位',
  'subject.criticism': '被通报单位',
  'subject.org_adjustment': '建议调整单位',
  title: '事　　由',
  team: '督导组',
  deadline: '整改时限',
  basis: '依　　据',
  'basis.1': '问题整改督办单{ref}逾期未办结',
  'basis.2': '问题整改督办单{ref}逾期未办结，经通报批评仍未整改到位',
  'basis.ref': '（{number}）',
  'basis.id': '（登记号{id}）',
  'col.seq': '序号',
  'col.unit': '单位',
  'col.description': '问题描述',
  'col.status': '状态',
  'order.replyBy': '请于{deadline}前将整改落实情况书面回复。',
  reply: '办理情况',
  replier: '回复人',
  replyDate: '回复日期',
  decision: '审核意见',
  receipt: '签收意见',
  receiver: '签收人',
  receiptDate: '签收日期',
  deptOpinion: '组织部门意见',
  blankDate: '　　　　年　　月　　日',
  recipients: '{to}：',
  'recipients.subtree': '{org}所属各级党组织：',
  proposed: '（拟）',
};
type Key = keyof typeof zh;
const en: Record<Key, string> = {
  'kind.pre_report': 'Problem Pre-report Form',
  'kind.resolution_report': 'Problem Resolution Report',
  'kind.order': 'Rectification Supervision Order',
  'kind.criticism': 'Circulated Criticism Notice',
  'kind.org_adjustment': 'Leadership Adjustment Proposal',
  'subject.pre_report': 'Reporting unit',
  'subject.resolution_report': 'Reporting unit',
  'subject.order': 'Unit',
  'subject.criticism': 'Unit criticised',
  'subject.org_adjustment': 'Unit to adjust',
  title: 'Subject',
  team: 'Team',
  deadline: 'Deadline',
  basis: 'Basis',
  'basis.1': 'Rectification Supervision Order{ref} overdue and not closed',
  'basis.2': 'Rectification Supervision Order{ref} overdue and not closed; not rectified after circulated criticism',
  'basis.ref': ' {number}',
  'basis.id': ' (record {id})',
  'col.seq': 'No.',
  'col.unit': 'Unit',
  'col.description': 'Problem',
  'col.status': 'Status',
  'order.replyBy': 'Reply in writing on the rectification by {deadline}.',
  reply: 'Reply',
  replier: 'Replied by',
  replyDate: 'Reply date',
  decision: 'Decision',
  receipt: 'Receipt remarks',
  receiver: 'Received by',
  receiptDate: 'Date received',
  deptOpinion: 'Department opinion',
  blankDate: '',
  recipients: '{to}:',
  'recipients.subtree': 'All Party organizations under {org}:',
  proposed: '(Proposed)',
};
const TEXTS: Record<Locale, Record<Key, string>> = { 'zh-CN': zh, en };

function texts(locale: Locale) {
  const T = TEXTS[locale];
  return (key: Key, vars: Record<string, string | number> = {}) =>
    T[key].replace(/\{(\w+)\}/g, (m, k: string) => (k in vars ? String(vars[k]) : m));
}

/** The printed name of a form kind (问题整改督办单 / Rectification Supervision Order). */
export function formKindName(kind: FormKind, locale: Locale): string {
  return TEXTS[locale][`kind.${kind}`];
}

/** A date as printed: "2026年11月23日"; accepts YYYY-MM-DD or an instant (judged in the office time zone). */
function printedDate(value: string, locale: Locale): string {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return formatDate(value, locale);
  const t = Date.parse(value);
  return Number.isNaN(t) ? value : formatDate(dateIn(new Date(t)), locale);
}

/** Width of a text in em: CJK and full-width characters one, others about half. */
function em(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u2E80-\u9FFF\uF900-\uFAFF\uFF00-\uFF60\u3000-\u303F]/.test(ch) ? 1 : 0.55;
  return w;
}

/** The 文号, or the (拟) mark of an escalation the system proposed and nobody has issued yet. */
function docNumber(form: FormDetailView, locale: Locale): string | undefined {
  if (form.number) return form.number;
  return form.status === 'proposed' ? TEXTS[locale].proposed : undefined;
}

/** 主送: the office for the forms a unit sends up; the unit, the subtree or the department for the others. */
function recipients(form: FormDetailView, locale: Locale): string | undefined {
  const T = texts(locale);
  if (form.kind === 'criticism' && form.recipientOrgName)
    return T('recipients.subtree', { org: form.recipientOrgName });
  const to =
    form.kind === 'org_adjustment'
      ? form.recipientName || form.recipientOrgName
      : form.recipientOrgName || form.recipientName || (form.kind === 'order' ? form.subjectOrgName : '');
  return to ? T('recipients', { to }) : undefined;
}

/** The last event of an action (the reply, the receipt), for who and when. */
function lastEvent(form: FormDetailView, action: string) {
  return [...form.events].reverse().find((e) => e.action === action);
}

function body(form: FormDetailView, locale: Locale): OfficialBlock[] {
  const escalatedFromNumber = form.escalatedFromNumber;
  const T = texts(locale);
  const blocks: OfficialBlock[] = [];
  const fields: OfficialField[] = [[T(`subject.${form.kind}`), form.subjectOrgName]];
  fields.push([T('title'), form.title]);
  if (form.teamName) fields.push([T('team'), form.teamName]);
  if (form.kind === 'order' && form.deadline) fields.push([T('deadline'), printedDate(form.deadline, locale)]);
  if (form.escalatedFromId !== null) {
    // The view carries only the id of the order escalated from: its 文号 when the caller looked it
    // up, else the record number stands in.
    const ref = escalatedFromNumber
      ? T('basis.ref', { number: escalatedFromNumber })
      : T('basis.id', { id: form.escalatedFromId });
    fields.push([T('basis'), T(form.escalationLevel >= 2 ? 'basis.2' : 'basis.1', { ref })]);
  }
  blocks.push({ fields });

  if (form.problems.length) {
    const status = ledgerEnums[locale].problemStatus;
    // The unit's column only when the problems are not all the subject unit's own.
    const withUnit = form.problems.some((p) => p.orgName !== form.subjectOrgName);
    const rows = form.problems.map((p, i) => [
      i + 1,
      ...(withUnit ? [p.orgName] : []),
      p.description,
      status[p.status] ?? p.status,
    ]);
    // Column widths in 小四 characters of the 36 across: the number, the longest status and unit
    // name (at most ten characters; longer ones wrap) fit on one line; the description takes the rest.
    const seq = 3;
    const state = Math.min(7, Math.max(2, ...rows.map((r) => em(String(r[r.length - 1]))))) + 1.5;
    const unit = withUnit ? Math.min(10, Math.max(2, ...form.problems.map((p) => em(p.orgName)))) + 1.5 : 0;
    const description = 36 - seq - state - unit;
    blocks.push({
      table: {
        columns: [T('col.seq'), ...(withUnit ? [T('col.unit')] : []), T('col.description'), T('col.status')],
        rows,
        widths: withUnit ? [seq, unit, description, state] : [seq, description, state],
        align: withUnit ? ['center', 'left', 'left', 'center'] : ['center', 'left', 'center'],
      },
    });
  }

  for (const p of form.content.split(/\r\n?|\n/)) if (p.trim()) blocks.push(p.trim());
  if (form.kind === 'order' && form.deadline)
    blocks.push(T('order.replyBy', { deadline: printedDate(form.deadline, locale) }));
  return blocks;
}

/** After the 落款: the part the receiving side fills in, with what it has filled in so far. */
function annex(form: FormDetailView, locale: Locale): OfficialBlock[] {
  const T = texts(locale);
  const fields: OfficialField[] = [];
  const when = (at: string | null | undefined) => (at ? printedDate(at, locale) : T('blankDate'));
  if (form.kind === 'order') {
    const replied = lastEvent(form, 'reply');
    fields.push(
      [T('reply'), form.reply, 6],
      [T('replier'), replied?.actorName ?? ''],
      [T('replyDate'), when(form.repliedAt ?? replied?.at)],
    );
  } else if (form.kind === 'pre_report' || form.kind === 'resolution_report') {
    const received = form.status === 'closed' ? lastEvent(form, 'accept') : undefined;
    fields.push(
      [T('receipt'), received?.comment ?? '', 3],
      [T('receiver'), received?.actorName ?? ''],
      [T('receiptDate'), when(received?.at)],
    );
  } else if (form.kind === 'org_adjustment') {
    fields.push([T('deptOpinion'), '', 4]);
  }
  // The issuer's decision: an order's reply accepted or rejected, a proposal dismissed.
  const decided = form.kind !== 'pre_report' && form.kind !== 'resolution_report';
  if (decided && form.decisionComment) fields.push([T('decision'), form.decisionComment]);
  return fields.length ? [{ fields }] : [];
}

/**
 * Renders a form as .docx. issuerName is the red 发文机关标志 and the 落款; the date is opts.date
 * (YYYY-MM-DD or as printed), else the issue date, else left blank to be written in.
 */
export async function renderFormDocx(
  form: FormDetailView,
  locale: Locale,
  opts: { issuerName: string; date?: string },
): Promise<Buffer> {
  const T = texts(locale);
  const issued = opts.date ?? form.issuedAt;
  return renderOfficialDocx({
    issuer: opts.issuerName,
    // No 份号, 密级 or 紧急程度 to make room for: the 标志 starts at the top of the 版心, leaving the
    // first page to the form itself.
    headerSpace: 0,
    docNumber: docNumber(form, locale),
    title: formKindName(form.kind, locale),
    recipients: recipients(form, locale),
    body: body(form, locale),
    signature: opts.issuerName,
    date: issued ? printedDate(issued, locale) : T('blankDate'),
    annex: annex(form, locale),
    locale,
  });
}

/** "问题整改督办单-督办〔2026〕3号.docx": the form's name and 文号 (or its unit), safe in any file system. */
export function formDocxFilename(form: FormDetailView, locale: Locale): string {
  const tag = form.number ?? `${form.subjectOrgName}${form.status === 'proposed' ? TEXTS[locale].proposed : ''}`;
  const name = `${formKindName(form.kind, locale)}-${tag}`
    .replace(/[\\/:*?"<>|\u0000-\u001f\u007f]+/g, '_')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 120);
  return `${name}.docx`;
}
