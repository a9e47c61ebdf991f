/** Enumerations shared by server and web; their labels (zh-CN and en) live in ./labels.ts. */

/** Organization levels, top to bottom; a child's rank must be greater than its parent's. */
export const ORG_LEVELS = ['province', 'city', 'county', 'department', 'township', 'general_branch', 'branch'] as const;
export type OrgLevel = (typeof ORG_LEVELS)[number];
export const ORG_LEVEL_RANK: Record<OrgLevel, number> = {
  province: -1,
  city: 0,
  county: 1,
  department: 1,
  township: 2,
  general_branch: 3,
  branch: 4,
};

export const ORG_KINDS = [
  'committee',
  'party_group',
  'organ',
  'village',
  'community',
  'school',
  'enterprise',
  'institution',
  'other',
] as const;
export type OrgKind = (typeof ORG_KINDS)[number];

export const MEMBER_CATEGORIES = ['cadre_bureau', 'cadre_county', 'cadre_section', 'ordinary', 'probationary'] as const;
export type MemberCategory = (typeof MEMBER_CATEGORIES)[number];

export const SPECIAL_TYPES = ['retired', 'floating', 'infirm'] as const;
export type SpecialType = (typeof SPECIAL_TYPES)[number];

export const MEMBER_STATUSES = ['active', 'transferred_out', 'deceased'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** Posts on a leading body (领导班子); 书记 is the main responsible comrade (主要负责同志). */
export const ORG_POSTS = [
  'secretary',
  'deputy_secretary',
  'organization_member',
  'propaganda_member',
  'discipline_member',
  'committee_member',
  'other',
] as const;
export type OrgPost = (typeof ORG_POSTS)[number];
/** Posts one person holds at a time on one body. */
export const SINGLE_HOLDER_POSTS: readonly OrgPost[] = [
  'secretary',
  'organization_member',
  'propaganda_member',
  'discipline_member',
];

export const GENDERS = ['male', 'female'] as const;

export const ROLES = ['office', 'supervisor', 'unit_admin', 'member'] as const;
export type Role = (typeof ROLES)[number];

export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];

/** Error codes; HTTP status per code lives in the server's errors module, text in i18n error.<code>. */
export const ERROR_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'BAD_CREDENTIALS',
  'ACCOUNT_LOCKED',
  'ACCOUNT_DISABLED',
  'CSRF',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'RATE_LIMITED',
  'ORG_CYCLE',
  'ORG_LEVEL_ORDER',
  'ORG_DISSOLVED',
  'ORG_HAS_ACTIVE_CHILDREN',
  'ORG_HAS_MEMBERS',
  'ORG_ROOT',
  'MEMBER_NOT_BRANCH',
  'MEMBER_NOT_ACTIVE',
  'USERNAME_TAKEN',
  'PASSWORD_WEAK',
  'PASSWORD_WRONG',
  'IMPORT_INVALID',
  'IMPORT_FILE',
  'PAYLOAD_TOO_LARGE',
  'TASK_TRANSITION',
  'COMMENT_REQUIRED',
  'DEADLINE_LOOSEN',
  'CAMPAIGN_CLOSED',
  'PERIOD_FROZEN',
  'TEMPLATE_INVALID',
  'NO_PARTICIPANTS',
  'FILE_TYPE',
  'NOTICE_SENT',
  'NOTICE_RECIPIENT_OUTSIDE',
  'NOTICE_NO_RECIPIENTS',
  'NOTICE_NOT_RECIPIENT',
  'PROBLEM_TRANSITION',
  'PROBLEM_INCOMPLETE',
  'PROBLEM_NO_EVIDENCE',
  'PROBLEM_NO_EFFECT',
  'PROBLEM_MILESTONES_OPEN',
  'PROBLEM_NOT_DRAFT',
  'PROBLEM_CLOSED',
  'OPINION_TRANSITION',
  'OPINION_ORG_MISMATCH',
  'OPINION_MERGE_SELF',
  'DISCLOSURE_PUBLISHED',
  'DISCLOSURE_NOT_CLOSED',
  'DISCLOSURE_PROBLEM_DRAFT',
  'DISCLOSURE_OUTSIDE',
  'DISCLOSURE_EMPTY',
  'DISCLOSURE_WITHDRAWN',
  'MATERIAL_TRANSITION',
  'REVIEW_STALE',
  'REVIEW_INCOMPLETE',
  'REVIEW_FAIL_COMMENT',
  'VERSION_CONFLICT',
  'TEAM_UNIT_OUTSIDE',
  'FORM_TRANSITION',
  'LOOKBACK_NOT_SAMPLED',
  'INSPECTION_CIRCULATED',
  'POST_TAKEN',
  'POST_MEMBER_OUTSIDE',
  'PERSON_OUTSIDE_UNIT',
  'POST_DATES',
  'INTERNAL',
] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];
