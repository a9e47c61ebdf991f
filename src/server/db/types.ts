import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

type DateOnly = ColumnType<string | null, string | null | undefined, string | null>;
type Json = ColumnType<unknown, string, string>;

/** The database, table by table. Migrations in ./migrations create exactly this. */
export interface DB {
  orgs: OrgTable;
  org_closure: OrgClosureTable;
  org_stats: OrgStatsTable;
  members: MemberTable;
  member_events: MemberEventTable;
  users: UserTable;
  grants: GrantTable;
  sessions: SessionTable;
  audit_events: AuditTable;
  app_meta: AppMetaTable;
  file_blobs: FileBlobTable;
  attachments: AttachmentTable;
  campaign_templates: CampaignTemplateTable;
  campaigns: CampaignTable;
  campaign_batches: CampaignBatchTable;
  campaign_units: CampaignUnitTable;
  campaign_tasks: CampaignTaskTable;
  campaign_task_events: CampaignTaskEventTable;
  campaign_deadlines: CampaignDeadlineTable;
  campaign_stats: CampaignStatsTable;
  campaign_unit_stats: CampaignUnitStatsTable;
  campaign_red_stats: CampaignRedStatsTable;
  notifications: NotificationTable;
  notices: NoticeTable;
  notice_recipients: NoticeRecipientTable;
  problems: ProblemTable;
  problem_measures: ProblemMeasureTable;
  problem_milestones: ProblemMilestoneTable;
  problem_evidence: ProblemEvidenceTable;
  problem_events: ProblemEventTable;
  problem_stats: ProblemStatsTable;
  opinions: OpinionTable;
  opinion_problems: OpinionProblemTable;
  rectification_plans: RectificationPlanTable;
  plan_problems: PlanProblemTable;
  disclosure_batches: DisclosureBatchTable;
  disclosure_items: DisclosureItemTable;
  plan_events: PlanEventTable;
  supervision_teams: SupervisionTeamTable;
  supervision_team_members: SupervisionTeamMemberTable;
  supervision_team_units: SupervisionTeamUnitTable;
  supervision_visits: SupervisionVisitTable;
  checklists: ChecklistTable;
  materials: MaterialTable;
  material_versions: MaterialVersionTable;
  material_reviews: MaterialReviewTable;
  supervision_forms: SupervisionFormTable;
  supervision_form_problems: SupervisionFormProblemTable;
  supervision_form_events: SupervisionFormEventTable;
  lookback_rounds: LookbackRoundTable;
  lookback_participants: LookbackParticipantTable;
  lookback_assessments: LookbackAssessmentTable;
  inspection_reports: InspectionReportTable;
  inspection_named_units: InspectionNamedUnitTable;
  throttle_counters: ThrottleCounterTable;
  known_devices: KnownDeviceTable;
  idempotency_keys: IdempotencyKeyTable;
  org_posts: OrgPostTable;
}

export interface OrgTable {
  id: Generated<number>;
  parent_id: number | null;
  name: string;
  short_name: string | null;
  code: string | null;
  level: string;
  kind: string;
  path: string;
  depth: number;
  status: Generated<string>;
  dissolved_at: Date | null;
  dissolve_reason: string | null;
  sort_order: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface OrgClosureTable {
  ancestor_id: number;
  descendant_id: number;
  depth: number;
}
/** Counters kept in the same transaction as each change (architecture: dashboards never scan). */
export interface OrgStatsTable {
  org_id: number;
  orgs: Generated<number>;
  branches: Generated<number>;
  members_own: Generated<number>;
  members: Generated<number>;
  cadre_bureau: Generated<number>;
  cadre_county: Generated<number>;
  cadre_section: Generated<number>;
  ordinary: Generated<number>;
  probationary: Generated<number>;
  retired: Generated<number>;
  floating: Generated<number>;
  infirm: Generated<number>;
}
export interface MemberTable {
  id: Generated<number>;
  org_id: number;
  name: string;
  gender: string;
  birth_date: DateOnly;
  ethnicity: string | null;
  education: string | null;
  id_number: string | null;
  phone: string | null;
  category: string;
  special_types: ColumnType<string[], string[] | undefined, string[]>;
  /** Generated: the name's characters, for substring search (see migration 0002). */
  name_chars: ColumnType<string[], never, never>;
  join_date: DateOnly;
  position: string | null;
  status: Generated<string>;
  status_note: string | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface MemberEventTable {
  id: Generated<number>;
  member_id: number;
  kind: string;
  from_org_id: number | null;
  to_org_id: number | null;
  from_status: string | null;
  to_status: string | null;
  note: string | null;
  actor_id: number | null;
  at: Generated<Date>;
}
export interface UserTable {
  id: Generated<number>;
  username: string;
  display_name: string;
  password_hash: string;
  member_id: number | null;
  locale: Generated<string>;
  is_admin: Generated<boolean>;
  status: Generated<string>;
  failed_logins: Generated<number>;
  locked_until: Date | null;
  password_changed_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface GrantTable {
  id: Generated<number>;
  user_id: number;
  role: string;
  org_id: number;
  created_at: Generated<Date>;
  created_by: number | null;
}
export interface SessionTable {
  id: string;
  user_id: number;
  csrf_token: string;
  created_at: Generated<Date>;
  expires_at: Date;
  last_seen_at: Generated<Date>;
  ip: string | null;
  user_agent: string | null;
}
export interface AuditTable {
  id: Generated<number>;
  at: Date;
  actor_id: number | null;
  actor_name: string | null;
  action: string;
  entity_type: string;
  entity_id: string | null;
  org_id: number | null;
  before: Json | null;
  after: Json | null;
  meta: Json | null;
  prev_hash: string;
  hash: string;
}
export interface AppMetaTable {
  key: string;
  value: Json;
}

export interface FileBlobTable {
  sha256: string;
  size: number;
  content: Buffer;
  created_at: Generated<Date>;
}
export interface AttachmentTable {
  id: Generated<number>;
  owner_type: string;
  owner_id: number;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  created_by: number | null;
  created_at: Generated<Date>;
  removed_at: Date | null;
}
export interface CampaignTemplateTable {
  id: Generated<number>;
  code: string | null;
  name_zh: string;
  name_en: string;
  description_zh: Generated<string>;
  description_en: Generated<string>;
  builtin: Generated<boolean>;
  owner_org_id: number | null;
  cloned_from: number | null;
  body: Json;
  status: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface CampaignTable {
  id: Generated<number>;
  template_id: number;
  org_id: number;
  name_zh: string;
  name_en: string;
  doc_number: string | null;
  notice_body: Generated<string>;
  body: Json;
  escalation_days: Generated<number>;
  status: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface CampaignBatchTable {
  id: Generated<number>;
  campaign_id: number;
  seq: number;
  name: string;
  levels: ColumnType<string[], string[], string[]>;
  kinds: ColumnType<string[], string[] | undefined, string[]>;
  start_date: ColumnType<string, string, string>;
  end_date: ColumnType<string, string, string>;
  phases: Json;
}
export interface CampaignUnitTable {
  campaign_id: number;
  org_id: number;
  batch_id: number;
  status: Generated<string>;
  joined_at: Generated<Date>;
  left_at: Date | null;
  left_reason: string | null;
  /** Due date of the unit's earliest open task; maintained with the counters (migration 0007). */
  first_open_due: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface CampaignTaskTable {
  id: Generated<number>;
  campaign_id: number;
  org_id: number;
  batch_id: number;
  action_key: string;
  phase_key: string;
  kind: string;
  period: Generated<string>;
  base_due: ColumnType<string, string, string>;
  due_date: ColumnType<string, string, string>;
  status: Generated<string>;
  active: Generated<boolean>;
  content: Json | null;
  cycle: Generated<number>;
  submitted_at: Date | null;
  decided_at: Date | null;
  decided_by: number | null;
  last_comment: string | null;
  updated_at: Generated<Date>;
}
export interface CampaignTaskEventTable {
  id: Generated<number>;
  task_id: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  actor_id: number | null;
  actor_name: string | null;
  at: Generated<Date>;
}
export interface CampaignDeadlineTable {
  campaign_id: number;
  org_id: number;
  phase_key: string;
  due_date: ColumnType<string, string, string>;
  set_by: number | null;
  set_at: Generated<Date>;
}
export interface CampaignStatsTable {
  campaign_id: number;
  org_id: number;
  phase_key: string;
  due_date: ColumnType<string, string, string>;
  total: number;
  draft: number;
  submitted: number;
  returned: number;
  approved: number;
}
export interface CampaignUnitStatsTable {
  campaign_id: number;
  org_id: number;
  units: number;
}
export interface CampaignRedStatsTable {
  campaign_id: number;
  org_id: number;
  due: ColumnType<string, string, string>;
  units: number;
}
export interface NotificationTable {
  id: Generated<number>;
  org_id: number;
  kind: string;
  campaign_id: number | null;
  task_id: number | null;
  params: Json;
  dedupe_key: string | null;
  created_at: Generated<Date>;
  read_at: Date | null;
  read_by: number | null;
  member_id: Generated<number | null>;
}
/** A notice (通知、工作提示、通报) from an org; recipients are materialized when it is sent. */
export interface NoticeTable {
  id: Generated<number>;
  org_id: number;
  kind: string;
  campaign_id: number | null;
  title: string;
  doc_number: string | null;
  body: Generated<string>;
  audience: string;
  selected_org_ids: ColumnType<number[], number[] | undefined, number[]>;
  status: Generated<string>;
  recipient_count: Generated<number>;
  read_count: Generated<number>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  sent_by: number | null;
  sent_at: Date | null;
}
export interface NoticeRecipientTable {
  notice_id: number;
  org_id: number;
  child_org_id: number;
  read_at: Date | null;
  read_by: number | null;
}

export type OrgRow = Selectable<OrgTable>;
export type NewOrg = Insertable<OrgTable>;
export type OrgUpdate = Updateable<OrgTable>;
export type MemberRow = Selectable<MemberTable>;
export type UserRow = Selectable<UserTable>;
export type GrantRow = Selectable<GrantTable>;
export type AuditRow = Selectable<AuditTable>;
export type OrgStatsRow = Selectable<OrgStatsTable>;
export type CampaignRow = Selectable<CampaignTable>;
export type CampaignTaskRow = Selectable<CampaignTaskTable>;
export type CampaignBatchRow = Selectable<CampaignBatchTable>;
export type CampaignTemplateRow = Selectable<CampaignTemplateTable>;
export type NoticeRow = Selectable<NoticeTable>;
export type NotificationRow = Selectable<NotificationTable>;

// ---------- the problem ledger (0008) ----------
export interface ProblemTable {
  id: Generated<number>;
  org_id: number;
  campaign_id: number | null;
  seq: number;
  source: string;
  category: string;
  subject: Generated<string>;
  subject_name: Generated<string>;
  description: string;
  standard: Generated<string>;
  responsible_leader: Generated<string>;
  responsible_dept: Generated<string>;
  responsible_person: Generated<string>;
  responsible_leader_member_id: Generated<number | null>;
  responsible_person_member_id: Generated<number | null>;
  kind: string;
  deadline: ColumnType<string | null, string | null | undefined, string | null>;
  deadline_text: Generated<string>;
  status: Generated<string>;
  cycle: Generated<number>;
  progress: Generated<string>;
  effect: Generated<string>;
  remark: Generated<string>;
  sent_down_from: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  closed_at: Date | null;
}
export interface ProblemMeasureTable {
  id: Generated<number>;
  problem_id: number;
  seq: number;
  content: string;
  owner: Generated<string>;
  owner_member_id: Generated<number | null>;
  deadline: ColumnType<string | null, string | null | undefined, string | null>;
}
export interface ProblemMilestoneTable {
  id: Generated<number>;
  problem_id: number;
  seq: number;
  title: string;
  due_date: ColumnType<string, string, string>;
  done_at: Date | null;
  note: Generated<string>;
}
export interface ProblemEvidenceTable {
  id: Generated<number>;
  problem_id: number;
  cycle: number;
  milestone_id: number | null;
  sha256: string;
  filename: string;
  mime: string;
  size: number;
  version: number;
  note: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
  verified_at: Date | null;
  verified_by: number | null;
}
export interface ProblemEventTable {
  id: Generated<number>;
  problem_id: number;
  cycle: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  actor_id: number | null;
  actor_name: string | null;
  at: Generated<Date>;
}
export interface ProblemStatsTable {
  org_id: number;
  campaign_id: number;
  status: string;
  kind: string;
  category: string;
  deadline: ColumnType<string, string, string>;
  n: number;
}
export interface OpinionTable {
  id: Generated<number>;
  org_id: number;
  campaign_id: number | null;
  receipt_code: string;
  channel: string;
  submitter_group: string;
  anonymous: Generated<boolean>;
  submitter_name: string | null;
  submitter_contact: string | null;
  content: string;
  status: Generated<string>;
  merged_into: number | null;
  answer: string | null;
  answered_at: Date | null;
  answered_by: number | null;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface OpinionProblemTable {
  opinion_id: number;
  problem_id: number;
}
export interface RectificationPlanTable {
  id: Generated<number>;
  org_id: number;
  campaign_id: number | null;
  title: string;
  principles: Generated<string>;
  objectives: Generated<string>;
  measures: Generated<string>;
  time_limits: Generated<string>;
  status: Generated<string>;
  last_comment: string | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface PlanProblemTable {
  plan_id: number;
  problem_id: number;
}
export interface DisclosureBatchTable {
  id: Generated<number>;
  org_id: number;
  seq: number;
  title: string;
  starts_on: ColumnType<string, string, string>;
  ends_on: ColumnType<string, string, string>;
  status: Generated<string>;
  published_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface DisclosureItemTable {
  id: Generated<number>;
  batch_id: number;
  problem_id: number;
  kind: string;
  public_text: Json;
  withdrawn_at: Date | null;
  withdrawn_reason: string | null;
  withdrawn_by: number | null;
}
export type ProblemRow = Selectable<ProblemTable>;
export type OpinionRow = Selectable<OpinionTable>;
export interface PlanEventTable {
  id: Generated<number>;
  plan_id: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  actor_id: number | null;
  actor_name: string | null;
  at: Generated<Date>;
}

type DateCol = ColumnType<string, string, string>;
type IntArray = ColumnType<number[], number[] | undefined, number[]>;
export interface SupervisionTeamTable {
  id: Generated<number>;
  org_id: number;
  campaign_id: number | null;
  name: string;
  status: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SupervisionTeamMemberTable {
  team_id: number;
  user_id: number;
  role: string;
}
export interface SupervisionTeamUnitTable {
  team_id: number;
  org_id: number;
}
export interface SupervisionVisitTable {
  id: Generated<number>;
  team_id: number;
  org_id: number;
  visit_date: DateCol;
  seen: Generated<string>;
  meetings: Generated<string>;
  author_id: number | null;
  author_name: string;
  created_at: Generated<Date>;
}
export interface ChecklistTable {
  id: Generated<number>;
  kind: string;
  org_id: number | null;
  name: string;
  name_en: Generated<string>;
  builtin: Generated<boolean>;
  items: Json;
  created_by: number | null;
  updated_at: Generated<Date>;
}
export interface MaterialTable {
  id: Generated<number>;
  org_id: number;
  campaign_id: number | null;
  kind: string;
  title: string;
  subject_name: Generated<string>;
  subject_member_id: Generated<number | null>;
  checklist_id: number;
  needs_leader: boolean;
  needs_team: boolean;
  status: Generated<string>;
  version: Generated<number>;
  submitted_version: number | null;
  round: Generated<number>;
  author_id: number | null;
  author_name: string;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface MaterialVersionTable {
  material_id: number;
  version: number;
  body: string;
  author_id: number | null;
  author_name: string;
  submitted: Generated<boolean>;
  created_at: Generated<Date>;
}
export interface MaterialReviewTable {
  id: Generated<number>;
  material_id: number;
  version: number;
  reviewer: string;
  reviewer_id: number | null;
  reviewer_name: string;
  pass: boolean;
  results: Json;
  comment: Generated<string>;
  created_at: Generated<Date>;
}
export interface SupervisionFormTable {
  id: Generated<number>;
  kind: string;
  number: string | null;
  year: number | null;
  seq: number | null;
  status: string;
  issuer_org_id: number;
  team_id: number | null;
  subject_org_id: number;
  recipient_org_id: number | null;
  recipient_name: Generated<string>;
  recipient_member_id: Generated<number | null>;
  title: string;
  content: Generated<string>;
  deadline: ColumnType<string | null, string | null | undefined, string | null>;
  reply: Generated<string>;
  replied_at: Date | null;
  replied_by: string | null;
  decision_comment: string | null;
  escalated_from_id: number | null;
  escalation_level: Generated<number>;
  created_by: number | null;
  issued_by: number | null;
  issued_at: Date | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface SupervisionFormProblemTable {
  form_id: number;
  problem_id: number;
}
export interface SupervisionFormEventTable {
  id: Generated<number>;
  form_id: number;
  action: string;
  from_status: string | null;
  to_status: string | null;
  comment: string | null;
  actor_id: number | null;
  actor_name: string | null;
  at: Generated<Date>;
}
export interface LookbackRoundTable {
  id: Generated<number>;
  org_id: number;
  campaign_id: number | null;
  title: string;
  checklist_id: number;
  sample_size: number;
  seed: string;
  sample: ColumnType<number[], number[], number[]>;
  created_by: number | null;
  created_at: Generated<Date>;
}
export interface LookbackParticipantTable {
  round_id: number;
  org_id: number;
}
export interface LookbackAssessmentTable {
  id: Generated<number>;
  round_id: number;
  org_id: number;
  stage: string;
  scores: Json;
  total: ColumnType<string, number | string, number | string>;
  summary: Generated<string>;
  problem_ids: IntArray;
  author_id: number | null;
  author_name: string;
  created_at: Generated<Date>;
}
export interface InspectionReportTable {
  id: Generated<number>;
  org_id: number;
  team_id: number | null;
  kind: string;
  title: string;
  body: Generated<string>;
  inspected_on: DateCol;
  status: Generated<string>;
  circulated_at: Date | null;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
export interface InspectionNamedUnitTable {
  report_id: number;
  org_id: number;
  finding: Generated<string>;
  problem_ids: IntArray;
  answer: Generated<string>;
  answered_at: Date | null;
  answered_by: string | null;
}
export interface ThrottleCounterTable {
  key: string;
  hits: number;
  window_start: Date;
  strikes: Generated<number>;
  updated_at: Generated<Date>;
}
export interface KnownDeviceTable {
  token_hash: string;
  user_id: number;
  created_at: Generated<Date>;
  last_used_at: Generated<Date>;
}
export interface IdempotencyKeyTable {
  user_id: number;
  key: string;
  scope: string;
  status_code: number;
  response: Json;
  created_at: Generated<Date>;
}

// ---------- people (0013) ----------
/** A post on a unit's leading body (领导班子), held from a date to a date; history is never overwritten. */
export interface OrgPostTable {
  id: Generated<number>;
  org_id: number;
  post: string;
  title: Generated<string>;
  member_id: number | null;
  outside_name: Generated<string>;
  outside_unit: Generated<string>;
  term: Generated<string>;
  document: Generated<string>;
  start_date: ColumnType<string, string, string>;
  end_date: ColumnType<string | null, string | null | undefined, string | null>;
  end_reason: Generated<string>;
  created_by: number | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}
