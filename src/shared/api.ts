/**
 * Shapes of the JSON the API answers with. The server's presenters produce exactly these; the web
 * app reads them. Request bodies are the zod schemas in each server module's *.schema.ts.
 */
import type { ErrorCode, Locale, MemberCategory, MemberStatus, OrgKind, OrgLevel, Role, SpecialType } from './enums.ts';

export interface ApiErrorBody {
  error: {
    code: ErrorCode;
    /** Already translated into the caller's language (zh-CN unless en was asked for). */
    message: string;
    /** Field errors (path → message) or, for imports, every faulty row and cell. */
    details?: Array<FieldIssue | ImportIssue>;
  };
}
export interface FieldIssue {
  path: string;
  message: string;
}
export interface ImportIssue {
  sheet: string;
  /** 1-based row number as Excel shows it. */
  row: number;
  /** Column header as printed in the template, e.g. "姓名". */
  column?: string;
  message: string;
}

export interface GrantView {
  id: number;
  role: Role;
  orgId: number;
  orgName: string;
  orgPath: string;
  /** Set on the scope a supervision team lends over its units (no grant row stands behind it). */
  teamId?: number;
}
export interface MeView {
  user: {
    id: number;
    username: string;
    displayName: string;
    locale: Locale;
    isAdmin: boolean;
    memberId: number | null;
  };
  grants: GrantView[];
  /** Send back as the X-CSRF-Token header on every POST/PATCH/PUT/DELETE. */
  csrfToken: string;
  /** The office time zone (IANA, e.g. Asia/Shanghai): the web shows times and judges "today" in it. */
  timeZone: string;
  /** What the shell offers, from the policy tables over the actor's grants (an administrator: everything). */
  abilities: MeAbilities;
  /**
   * The org each page opens at when none is named: the first org granted with a role the page's
   * reading rule admits (an administrator without one: the first top-level org); null when none.
   * `users` is null for an administrator without an office grant (every account is listed).
   */
  homes: Record<MeHome, number | null>;
}
export interface MeAbilities {
  /** The accounts page (an office, or an administrator). */
  manageUsers: boolean;
  readOpinions: boolean;
  readDisclosures: boolean;
  /** The supervision pages (a member too: their own analysis materials). */
  readSupervision: boolean;
  readLedger: boolean;
}
export type MeHome = 'orgs' | 'users' | 'opinions' | 'disclosures' | 'supervision' | 'ledger';

/**
 * 我的 (GET /api/me/profile): the account, and when it is linked to a member (users.member_id) that
 * member's record as they may see it (their own phone unmasked), their posts (current and past)
 * and their history. `abilities.correct`: they may correct their phone (PATCH /api/me/profile).
 */
export interface MeProfileView {
  account: { id: number; username: string; displayName: string; isAdmin: boolean; grants: GrantView[] };
  member: {
    id: number;
    name: string;
    orgId: number;
    orgName: string;
    gender: 'male' | 'female';
    category: MemberCategory;
    joinDate: string | null;
    phone: string | null;
    position: string | null;
    status: MemberStatus;
    posts: MemberPostView[];
    events: MemberEventView[];
  } | null;
  abilities: { correct: boolean };
}
/** One post the member holds or held (a row of org_posts). */
export interface MemberPostView {
  id: number;
  post: import('./enums.ts').OrgPost;
  title: string;
  orgId: number;
  orgName: string;
  term: string;
  startDate: string;
  endDate: string | null;
  current: boolean;
}

export interface OrgStatsView {
  /** Active organizations in the subtree, itself included. */
  orgs: number;
  branches: number;
  /** Active members in the whole subtree. */
  members: number;
  /** Active members belonging directly to this organization. */
  membersOwn: number;
  byCategory: Record<MemberCategory, number>;
  bySpecialType: Record<SpecialType, number>;
}
export interface OrgAbilities {
  update: boolean;
  move: boolean;
  dissolve: boolean;
  createChild: boolean;
  createMember: boolean;
  importMembers: boolean;
  readAudit: boolean;
  manageUsers: boolean;
  /** The org's opinions (意见建议) page and its disclosures (公示) page are open to the actor. */
  readOpinions: boolean;
  readDisclosures: boolean;
}
export interface OrgView {
  id: number;
  parentId: number | null;
  name: string;
  shortName: string | null;
  code: string | null;
  level: OrgLevel;
  kind: OrgKind;
  status: 'active' | 'dissolved';
  depth: number;
  path: string;
  sortOrder: number;
  /** Active children (for tree expansion). */
  childCount: number;
  stats: OrgStatsView;
}
export interface OrgDetailView extends OrgView {
  breadcrumbs: Array<{ id: number; name: string }>;
  createdAt: string;
  updatedAt: string;
  dissolvedAt: string | null;
  dissolveReason: string | null;
  abilities: OrgAbilities;
}

/**
 * One page of any list: request with `after=<next of the previous page>&limit=N`
 * (src/server/platform/paging.ts). `next` is null on the last page.
 */
export interface Page<T> {
  items: T[];
  next: string | null;
  /** Total matching rows, where the list counts them; capped lists report capped=true. */
  total?: number;
  capped?: boolean;
}

/** GET /api/members/abilities?org=: what the members list of an org offers (roster export, import). */
export interface MemberListAbilities {
  export: boolean;
  import: boolean;
}
export interface MemberView {
  id: number;
  orgId: number;
  orgName: string;
  name: string;
  gender: 'male' | 'female';
  birthDate: string | null;
  age: number | null;
  ethnicity: string | null;
  education: string | null;
  /** Masked (e.g. 110***********1234) unless the viewer's grant needs it. */
  idNumber: string | null;
  /** Masked (e.g. 138****5678) unless the viewer's grant needs it. */
  phone: string | null;
  masked: boolean;
  category: MemberCategory;
  specialTypes: SpecialType[];
  joinDate: string | null;
  position: string | null;
  status: MemberStatus;
  statusNote: string | null;
  createdAt: string;
  updatedAt: string;
  abilities: { update: boolean; transfer: boolean; changeStatus: boolean; readAudit: boolean };
}
export interface MemberEventView {
  id: number;
  kind: 'created' | 'transfer' | 'status' | 'imported';
  fromOrg: { id: number; name: string } | null;
  toOrg: { id: number; name: string } | null;
  fromStatus: MemberStatus | null;
  toStatus: MemberStatus | null;
  note: string | null;
  at: string;
}
export interface MemberDetailView extends MemberView {
  events: MemberEventView[];
}

export interface UserView {
  id: number;
  username: string;
  displayName: string;
  memberId: number | null;
  locale: Locale;
  isAdmin: boolean;
  status: 'active' | 'disabled';
  locked: boolean;
  /** The account's own grants at orgs the reader can see (grants elsewhere are not named). */
  grants: GrantView[];
  createdAt: string;
  /** manage: edit, disable, reset the password, unlock, change grants — only when the reader's office scope covers all the account's scope (its grants and its supervision teams' units). */
  abilities: { manage: boolean };
}

export interface AuditEventView {
  id: number;
  at: string;
  actorId: number | null;
  actorName: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  orgId: number | null;
  before: unknown;
  after: unknown;
  meta: unknown;
  hash: string;
  prevHash: string;
}

export interface ImportResult {
  imported: number;
  /** For orgs: how many were created; for members: how many created. */
  created: number;
}

/** A post on a leading body (领导班子), held by a member or by a person from outside the tree. */
export interface OrgPostView {
  id: number;
  orgId: number;
  post: import('./enums.ts').OrgPost;
  /** The post's own wording where it differs from the label (e.g. 第一书记). */
  title: string;
  /** The holder: a member of the tree (memberId set) or a person from outside it (unit named). */
  holder: { memberId: number | null; name: string; unit: string; outside: boolean };
  term: string;
  document: string;
  startDate: string;
  endDate: string | null;
  endReason: string;
  current: boolean;
  abilities: { end: boolean };
}
export interface OrgBodyView {
  orgId: number;
  /** The date the body is read on (today unless asked). */
  on: string | null;
  items: OrgPostView[];
  abilities: { create: boolean };
}

/**
 * The workbench (我的工作台): what waits for the signed-in user, in sections. Each module adds its
 * sections through one provider (src/server/modules/workbench/workbench.providers.ts).
 * GET /api/workbench answers this; GET /api/workbench/counts only the counts (the navigation's badge).
 */
export interface WorkItemView {
  /** `${section}:${entityType}:${entityId}`, unique on the page. */
  key: string;
  section: import('./workbench.ts').WorkSection;
  entityType: 'task' | 'problem' | 'measure' | 'milestone' | 'material' | 'form' | 'notification' | 'plan';
  entityId: number;
  /** Already in the user's language. */
  title: string;
  orgId: number;
  orgName: string;
  /** YYYY-MM-DD in the office time zone, or null when the item has no deadline. */
  due: string | null;
  overdue: boolean;
  /** The item's status value with the enum kind that labels it (enumLabel(kind, value)). */
  status: { kind: import('./labels.ts').EnumKind; value: string } | null;
  /** The web path that opens the item. */
  href: string;
  /** Addressed to the user in person (责任人, owner, subject, author), not only to their unit. */
  mine: boolean;
  /** An unread notification's own view (the web words it as the inbox does; title is then empty). */
  notification?: import('./notices.ts').NotificationView;
}
export interface WorkSectionView {
  section: import('./workbench.ts').WorkSection;
  /** Every item of the section (the list may be shorter: the first WORKBENCH_SECTION_LIMIT). */
  count: number;
  items: WorkItemView[];
}
export interface WorkbenchView {
  today: string;
  total: number;
  /** Only sections the user can have items in (a member has no approvals section). */
  sections: WorkSectionView[];
}
export interface WorkbenchCounts {
  total: number;
  sections: Partial<Record<import('./workbench.ts').WorkSection, number>>;
}

/**
 * A person on an item (责任领导, 责任人, a measure's owner, a material's subject, a form's addressee):
 * a member of the tree (memberId set, name is theirs) or a person outside it, named as free text
 * (memberId null, outside true). `name` is always filled when a person is given.
 */
export interface PersonRef {
  memberId: number | null;
  name: string;
  outside: boolean;
}
/** One answer of GET /api/members/search (a person picker's option). */
export interface MemberSearchItem {
  memberId: number;
  name: string;
  orgId: number;
  orgName: string;
}
