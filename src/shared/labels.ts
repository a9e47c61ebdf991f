/**
 * Labels of every enumeration, zh-CN first and en second — the one catalogue both the server
 * (exports, .docx, error messages, imports reading labels back) and the web app (enumLabel) read.
 * Each table is typed `Record<Value, Label>`, so a value without a label does not compile;
 * src/shared/labels.test.ts checks that every enum list of src/shared is covered.
 */
import type { Locale, MemberCategory, MemberStatus, OrgKind, OrgPost, OrgLevel, Role, SpecialType } from './enums.ts';
import type { GENDERS } from './enums.ts';
import type { MemberEventView, OrgView, UserView } from './api.ts';
import type { WorkSection } from './workbench.ts';
import type {
  ActionKind,
  Assignee,
  CampaignView,
  Deliverable,
  NoticeKind,
  Recurrence,
  REQUIREMENT_KINDS,
  TaskAction,
  TaskStatus,
} from './campaigns.ts';
import type {
  FiveClearItem,
  ProblemAction,
  ProblemCategory,
  ProblemKind,
  ProblemSource,
  ProblemStatus,
  ProblemSubject,
} from './ledger.ts';
import type { DisclosureItemKind, DisclosureStatus, OpinionChannel, OpinionGroup, OpinionStatus } from './opinions.ts';
import type {
  ChecklistKind,
  FormAction,
  FormKind,
  FormStatus,
  InspectionKind,
  InspectionStatus,
  LookbackStage,
  MaterialKind,
  MaterialStatus,
  ReviewerKind,
  TeamRole,
} from './supervision.ts';

export interface Label {
  'zh-CN': string;
  en: string;
}
type Labels<V extends string> = Record<V, Label>;
const L = (zh: string, en: string): Label => ({ 'zh-CN': zh, en });

type Gender = (typeof GENDERS)[number];
type RequirementKind = (typeof REQUIREMENT_KINDS)[number];

/** Value lists that have no constant elsewhere in src/shared (the types they label are there). */
export const ORG_STATUSES = ['active', 'dissolved'] as const satisfies readonly OrgView['status'][];
export const USER_STATUSES = ['active', 'disabled'] as const satisfies readonly UserView['status'][];
export const MEMBER_EVENT_KINDS = [
  'created',
  'transfer',
  'status',
  'imported',
] as const satisfies readonly MemberEventView['kind'][];
export const CAMPAIGN_STATUSES = ['active', 'closed'] as const satisfies readonly CampaignView['status'][];
/** A phase of a campaign in the progress export: past its end (逾期) or not yet (未到期). */
export const PHASE_STATUSES = ['overdue', 'due'] as const;
export type PhaseStatus = (typeof PHASE_STATUSES)[number];
/** What a problem's history records (problem_events.action): the transitions and the other events. */
export const PROBLEM_EVENTS = [
  'create',
  'import',
  'confirm',
  'start',
  'report',
  'finish',
  'verify',
  'return',
  'reopen',
  'evidence',
  'milestone_done',
  'milestone_undone',
] as const;
export type ProblemEvent = (typeof PROBLEM_EVENTS)[number];
export const OPINION_ACTIONS = ['merge', 'convert', 'answer', 'decline'] as const;
export type OpinionAction = (typeof OPINION_ACTIONS)[number];
export const MATERIAL_ACTIONS = ['save', 'submit', 'review'] as const;
export type MaterialAction = (typeof MATERIAL_ACTIONS)[number];
/** The form actions plus `edit` (named in the error when a form can no longer be edited). */
export const FORM_ACTION_LABELLED = [
  'issue',
  'dismiss',
  'reply',
  'accept',
  'reject',
  'edit',
] as const satisfies readonly (FormAction | 'edit')[];

const orgLevel: Labels<OrgLevel> = {
  province: L('省级党委', 'Provincial committee'),
  city: L('市级党委', 'City committee'),
  county: L('县（区）级党委', 'County/district committee'),
  department: L('部门党组（党委）', 'Department Party group/committee'),
  township: L('乡镇（街道）党委', 'Township/street committee'),
  general_branch: L('党总支', 'General branch'),
  branch: L('党支部', 'Branch'),
};
const orgKind: Labels<OrgKind> = {
  committee: L('党委', 'Party committee'),
  party_group: L('党组', 'Party group'),
  organ: L('机关', 'Government organ'),
  village: L('农村', 'Village'),
  community: L('社区', 'Community'),
  school: L('学校', 'School'),
  enterprise: L('企业', 'Enterprise'),
  institution: L('事业单位', 'Public institution'),
  other: L('其他', 'Other'),
};
const orgStatus: Labels<OrgView['status']> = {
  active: L('正常', 'Active'),
  dissolved: L('已撤销', 'Dissolved'),
};
const memberCategory: Labels<MemberCategory> = {
  cadre_bureau: L('厅局级领导干部', 'Leading cadre (bureau level)'),
  cadre_county: L('县处级领导干部', 'Leading cadre (county level)'),
  cadre_section: L('乡科级领导干部', 'Leading cadre (section level)'),
  ordinary: L('普通党员', 'Ordinary member'),
  probationary: L('预备党员', 'Probationary member'),
};
const specialType: Labels<SpecialType> = {
  retired: L('离退休', 'Retired'),
  floating: L('流动', 'Floating'),
  infirm: L('年老体弱', 'Old or infirm'),
};
const memberStatus: Labels<MemberStatus> = {
  active: L('正常', 'Active'),
  transferred_out: L('已转出', 'Transferred out'),
  deceased: L('已去世', 'Deceased'),
};
const orgPost: Labels<OrgPost> = {
  secretary: L('书记', 'Secretary'),
  deputy_secretary: L('副书记', 'Deputy secretary'),
  organization_member: L('组织委员', 'Organization member'),
  propaganda_member: L('宣传委员', 'Publicity member'),
  discipline_member: L('纪检委员', 'Discipline member'),
  committee_member: L('委员', 'Committee member'),
  other: L('其他职务', 'Other post'),
};
const gender: Labels<Gender> = {
  male: L('男', 'Male'),
  female: L('女', 'Female'),
};
const role: Labels<Role> = {
  office: L('活动办/组织部', 'Campaign office'),
  supervisor: L('督导组成员', 'Supervisor'),
  unit_admin: L('党组织书记/组织委员', 'Unit admin'),
  member: L('党员', 'Member'),
};
const locale: Labels<Locale> = {
  'zh-CN': L('中文', 'Chinese'),
  en: L('英文', 'English'),
};
const userStatus: Labels<UserView['status']> = {
  active: L('正常', 'Active'),
  disabled: L('已停用', 'Disabled'),
};
const memberEventKind: Labels<MemberEventView['kind']> = {
  created: L('新增入册', 'Added'),
  transfer: L('组织关系转接', 'Transferred'),
  status: L('状态变更', 'Status changed'),
  imported: L('批量导入', 'Imported'),
};
const campaignStatus: Labels<CampaignView['status']> = {
  active: L('进行中', 'Active'),
  closed: L('已结束', 'Closed'),
};
const taskStatus: Labels<TaskStatus> = {
  draft: L('待办理', 'To do'),
  submitted: L('待审核', 'Awaiting review'),
  returned: L('已退回', 'Returned'),
  approved: L('已通过', 'Approved'),
};
const taskAction: Labels<TaskAction> = {
  submit: L('提交', 'Submitted'),
  approve: L('审核通过', 'Approved'),
  return: L('退回', 'Returned'),
  reopen: L('重新打开', 'Reopened'),
};
const phaseStatus: Labels<PhaseStatus> = {
  overdue: L('逾期', 'Overdue'),
  due: L('未到期', 'Not yet due'),
};
const actionKind: Labels<ActionKind> = {
  prescribed: L('规定动作', 'Prescribed'),
  optional: L('自选动作', 'Optional'),
};
const deliverable: Labels<Deliverable> = {
  form: L('填写材料', 'A form to fill'),
  files: L('上传文件', 'Files to upload'),
  meeting: L('会议记录', 'A meeting to record'),
  figure: L('填报数据', 'A figure to report'),
};
const assignee: Labels<Assignee> = {
  leading_body: L('领导班子', 'Leading bodies'),
  branch: L('各党支部', 'Every branch'),
  member: L('全体党员', 'Every member'),
};
const recurrence: Labels<Recurrence> = {
  monthly: L('月报告', 'monthly'),
  quarterly: L('季检查', 'quarterly'),
  annual: L('年互评', 'annual'),
};
const requirementKind: Labels<RequirementKind> = {
  study_hours: L('学习学时', 'Study hours'),
  essays: L('心得体会', 'Reflection essays'),
  other: L('其他要求', 'Other'),
};
const noticeKind: Labels<NoticeKind> = {
  notice: L('通知', 'Notice'),
  tip: L('工作提示', 'Work tip'),
  bulletin: L('通报', 'Bulletin'),
};
const problemStatus: Labels<ProblemStatus> = {
  draft: L('草稿', 'Draft'),
  pending: L('待整改', 'To rectify'),
  in_progress: L('整改中', 'Rectifying'),
  awaiting: L('已整改待验收', 'Awaiting verification'),
  closed: L('已销号', 'Closed'),
};
const problemKind: Labels<ProblemKind> = {
  immediate: L('立行立改', 'Rectify at once'),
  phased: L('阶段性整改', 'Phased'),
  long_term: L('长期整改', 'Long-term'),
};
const problemCategory: Labels<ProblemCategory> = {
  formalism: L('形式主义', 'Formalism'),
  bureaucratism: L('官僚主义', 'Bureaucratism'),
  hedonism: L('享乐主义', 'Hedonism'),
  extravagance: L('奢靡之风', 'Extravagance'),
  discipline: L('纪律作风', 'Discipline'),
  service: L('服务群众', 'Serving the masses'),
  other: L('其他', 'Other'),
};
const problemSource: Labels<ProblemSource> = {
  opinion: L('征求意见', 'Opinions'),
  self_inspection: L('自查自纠', 'Self-inspection'),
  meeting: L('民主生活会', 'Democratic life meeting'),
  supervision: L('督导反馈', 'Supervision feedback'),
  higher_level: L('上级交办', 'Sent down from above'),
  import: L('台账导入', 'Imported ledger'),
  look_back: L('回头看', 'Look back'),
};
const problemSubject: Labels<ProblemSubject> = {
  leading_body: L('领导班子', 'Leading body'),
  leader: L('领导个人', 'Individual leader'),
  unit: L('单位', 'Unit'),
};
const problemAction: Labels<ProblemAction> = {
  confirm: L('确认', 'confirmed'),
  start: L('开始整改', 'started'),
  report: L('报告进展', 'reported progress'),
  finish: L('申请验收', 'asked for verification'),
  verify: L('验收销号', 'verified and closed'),
  return: L('退回', 'returned'),
  reopen: L('重新整改', 'reopened'),
};
const problemEvent: Labels<ProblemEvent> = {
  create: L('录入问题', 'Recorded'),
  import: L('台账导入', 'Imported'),
  confirm: L('确认问题', 'Confirmed'),
  start: L('开始整改', 'Rectification started'),
  report: L('报告进展', 'Progress reported'),
  finish: L('申请验收', 'Verification asked for'),
  verify: L('验收销号', 'Verified and closed'),
  return: L('退回整改', 'Returned'),
  reopen: L('重新整改', 'Reopened'),
  evidence: L('上传佐证材料', 'Evidence uploaded'),
  milestone_done: L('节点完成', 'Milestone done'),
  milestone_undone: L('节点取消完成', 'Milestone reopened'),
};
const fiveClear: Labels<FiveClearItem> = {
  content: L('问题内容', 'Content'),
  owner: L('责任领导和责任人', 'Leader and person responsible'),
  standard: L('整改标准', 'Standard'),
  measures: L('整改措施', 'Measures'),
  deadline: L('整改时限', 'Deadline'),
};
const opinionChannel: Labels<OpinionChannel> = {
  letter: L('来信', 'Letter'),
  symposium: L('座谈会', 'Symposium'),
  talk: L('个别谈心', 'Individual talk'),
  card: L('征求意见卡', 'Opinion card'),
  box: L('意见箱', 'Opinion box'),
  visit: L('走访', 'Visit'),
  online: L('网上征求', 'Online'),
  hotline: L('热线电话', 'Hotline'),
};
const opinionGroup: Labels<OpinionGroup> = {
  member: L('党员', 'Party member'),
  masses: L('群众', 'Public'),
  deputies: L('两代表一委员', 'Deputy'),
  retired_cadres: L('离退休干部', 'Retired cadre'),
  clients: L('服务对象', 'Service client'),
  anonymous: L('匿名', 'Anonymous'),
};
const opinionStatus: Labels<OpinionStatus> = {
  new: L('待处理', 'New'),
  merged: L('已合并', 'Merged'),
  converted: L('已转为问题', 'Made a problem'),
  answered: L('已答复', 'Answered'),
  declined: L('不予采纳', 'Declined'),
};
/** How the public pages name an opinion's status. */
const opinionPublicStatus: Labels<OpinionStatus> = {
  new: L('已受理，正在办理', 'Received, being handled'),
  merged: L('已合并办理', 'Handled together with others'),
  converted: L('已列入问题整改清单', 'Listed for rectification'),
  answered: L('已答复', 'Answered'),
  declined: L('不予采纳', 'Declined'),
};
const opinionAction: Labels<OpinionAction> = {
  merge: L('合并', 'merged'),
  convert: L('转为问题', 'made a problem'),
  answer: L('答复', 'answered'),
  decline: L('不予采纳', 'declined'),
};
const disclosureStatus: Labels<DisclosureStatus> = {
  draft: L('未发布', 'Not published'),
  published: L('已发布', 'Published'),
};
const disclosureKind: Labels<DisclosureItemKind> = {
  problem: L('问题公示', 'Problem'),
  rectification: L('整改完成公示', 'Rectification completed'),
};
const materialKind: Labels<MaterialKind> = {
  analysis_report: L('剖析材料', 'Analysis report'),
  comparison_check: L('对照检查材料', 'Comparison-check material'),
  speech_outline: L('发言提纲', 'Speech outline'),
  rectification_plan: L('整改方案', 'Rectification plan'),
  problem_list: L('问题清单', 'Problem list'),
  meeting_minutes: L('会议记录', 'Meeting minutes'),
};
const materialStatus: Labels<MaterialStatus> = {
  draft: L('草稿', 'Draft'),
  in_review: L('待审核', 'In review'),
  returned: L('退回修改', 'Returned for revision'),
  passed: L('审核通过', 'Passed'),
};
const materialAction: Labels<MaterialAction> = {
  save: L('修改', 'edited'),
  submit: L('提交审核', 'submitted'),
  review: L('审核', 'reviewed'),
};
const reviewerKind: Labels<ReviewerKind> = {
  leader: L('主要负责同志', 'Main leader'),
  team: L('督导组', 'Supervision team'),
};
const teamRole: Labels<TeamRole> = {
  leader: L('组长', 'Team leader'),
  member: L('成员', 'Member'),
};
const checklistKind: Labels<ChecklistKind> = {
  review: L('审核标准', 'Review criteria'),
  lookback: L('回头看清单', 'Look-back checklist'),
};
const formKind: Labels<FormKind> = {
  pre_report: L('揭摆问题预报单', 'Problem pre-report form'),
  resolution_report: L('解决问题报告单', 'Resolution report form'),
  order: L('问题整改督办单', 'Rectification supervision order'),
  criticism: L('问题通报批评单', 'Criticism notice'),
  org_adjustment: L('组织调整建议单', 'Organization adjustment proposal'),
};
const formShort: Labels<FormKind> = {
  pre_report: L('预报', 'Pre-report'),
  resolution_report: L('报告', 'Report'),
  order: L('督办', 'Order'),
  criticism: L('通报', 'Notice'),
  org_adjustment: L('建议', 'Proposal'),
};
const formStatus: Labels<FormStatus> = {
  draft: L('草稿', 'Draft'),
  proposed: L('拟办（待决定）', 'Proposed (awaiting decision)'),
  issued: L('已签发', 'Issued'),
  answered: L('已回复', 'Answered'),
  closed: L('已办结', 'Closed'),
  rejected: L('回复不合格', 'Reply rejected'),
  dismissed: L('不予签发', 'Not issued'),
};
const formAction: Labels<FormAction | 'edit'> = {
  issue: L('签发', 'Issue'),
  dismiss: L('不予签发', 'Decline to issue'),
  reply: L('回复', 'Reply'),
  accept: L('办结', 'Close'),
  reject: L('不合格退回', 'Return as unsatisfactory'),
  edit: L('修改', 'Edit'),
};
const lookbackStage: Labels<LookbackStage> = {
  self: L('单位自查', 'Unit self-check'),
  spot: L('督导组抽查', 'Team spot-check'),
  office: L('活动办评估', 'Office assessment'),
};
const inspectionKind: Labels<InspectionKind> = {
  daily: L('日常督导', 'Daily supervision'),
  follow_up: L('跟踪督导', 'Follow-up supervision'),
  joint: L('联合督导', 'Joint supervision'),
};
const inspectionStatus: Labels<InspectionStatus> = {
  draft: L('草稿', 'Draft'),
  circulated: L('已通报', 'Circulated'),
};

const workSection: Labels<WorkSection> = {
  tasks_to_fill: L('待填报任务', 'Tasks to fill in'),
  tasks_to_review: L('待审核任务', 'Tasks to review'),
  problems_mine: L('我负责的问题', 'Problems I am responsible for'),
  measures_mine: L('我负责的整改措施', 'Measures I own'),
  problems_to_verify: L('待验收问题', 'Problems to verify'),
  materials_to_write: L('待撰写材料', 'Materials to write'),
  materials_to_review: L('待审核材料', 'Materials to review'),
  forms_to_answer: L('待回复督导单', 'Forms to answer'),
  overdue_below: L('下级逾期任务', 'Overdue tasks below'),
  notifications_unread: L('未读消息', 'Unread messages'),
};

/** Every table, by kind name (the web's enumLabel(t, kind, value) and the server's ENUM_LABELS use these names). */
export const ENUM_LABEL_TABLES = {
  orgLevel,
  orgKind,
  orgStatus,
  memberCategory,
  specialType,
  memberStatus,
  orgPost,
  gender,
  role,
  locale,
  userStatus,
  memberEventKind,
  campaignStatus,
  taskStatus,
  taskAction,
  phaseStatus,
  actionKind,
  deliverable,
  assignee,
  recurrence,
  requirementKind,
  noticeKind,
  problemStatus,
  problemKind,
  problemCategory,
  problemSource,
  problemSubject,
  problemAction,
  problemEvent,
  fiveClear,
  opinionChannel,
  opinionGroup,
  opinionStatus,
  opinionPublicStatus,
  opinionAction,
  disclosureStatus,
  disclosureKind,
  materialKind,
  materialStatus,
  materialAction,
  reviewerKind,
  teamRole,
  checklistKind,
  formKind,
  formShort,
  formStatus,
  formAction,
  lookbackStage,
  inspectionKind,
  inspectionStatus,
  workSection,
} as const;
export type EnumKind = keyof typeof ENUM_LABEL_TABLES;
export type EnumValue<K extends EnumKind> = keyof (typeof ENUM_LABEL_TABLES)[K] & string;

export function isEnumKind(kind: string): kind is EnumKind {
  return Object.prototype.hasOwnProperty.call(ENUM_LABEL_TABLES, kind);
}

/**
 * The label of an enum value in a language; the value itself when the kind or the value is
 * unknown (and '' for no value). The one function both the server and the web app call.
 */
export function labelOf(locale: Locale, kind: string, value: string | null | undefined): string {
  if (value === null || value === undefined || value === '') return '';
  if (!isEnumKind(kind)) return value;
  const table = ENUM_LABEL_TABLES[kind] as Record<string, Label>;
  const label = Object.prototype.hasOwnProperty.call(table, value) ? table[value] : undefined;
  return label ? (label[locale] ?? label['zh-CN']) : value;
}

/** One language's labels of one kind, value → text (for lookups and lists). */
export function labelsIn<K extends EnumKind>(locale: Locale, kind: K): Record<EnumValue<K>, string> {
  const table = ENUM_LABEL_TABLES[kind] as Record<string, Label>;
  return Object.fromEntries(Object.entries(table).map(([v, l]) => [v, l[locale]])) as Record<EnumValue<K>, string>;
}

/**
 * Per language, the tables of the kinds given — a list of kinds, or { name: kind } to publish a
 * kind under another name — for callers that index labels as [locale][name][value].
 */
export function enumTables(
  kinds: readonly EnumKind[] | Readonly<Record<string, EnumKind>>,
): Record<Locale, Record<string, Record<string, string>>> {
  const entries: Array<[string, EnumKind]> = Array.isArray(kinds) ? kinds.map((k) => [k, k]) : Object.entries(kinds);
  const of = (locale: Locale) =>
    Object.fromEntries(entries.map(([name, kind]) => [name, labelsIn(locale, kind) as Record<string, string>]));
  return { 'zh-CN': of('zh-CN'), en: of('en') };
}
