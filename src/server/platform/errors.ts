import type { ErrorCode } from '../../shared/enums.ts';
import type { FieldIssue, ImportIssue } from '../../shared/api.ts';

/** HTTP status per error code: the one place that decides it. */
export const ERROR_STATUS: Record<ErrorCode, number> = {
  VALIDATION: 400,
  UNAUTHENTICATED: 401,
  BAD_CREDENTIALS: 401,
  ACCOUNT_LOCKED: 423,
  ACCOUNT_DISABLED: 403,
  CSRF: 403,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  RATE_LIMITED: 429,
  ORG_CYCLE: 409,
  ORG_LEVEL_ORDER: 409,
  ORG_DISSOLVED: 409,
  ORG_HAS_ACTIVE_CHILDREN: 409,
  ORG_HAS_MEMBERS: 409,
  ORG_ROOT: 409,
  MEMBER_NOT_BRANCH: 409,
  MEMBER_NOT_ACTIVE: 409,
  USERNAME_TAKEN: 409,
  PASSWORD_WEAK: 400,
  PASSWORD_WRONG: 400,
  IMPORT_INVALID: 422,
  IMPORT_FILE: 400,
  PAYLOAD_TOO_LARGE: 413,
  TASK_TRANSITION: 409,
  COMMENT_REQUIRED: 400,
  DEADLINE_LOOSEN: 409,
  CAMPAIGN_CLOSED: 409,
  PERIOD_FROZEN: 409,
  TEMPLATE_INVALID: 400,
  NO_PARTICIPANTS: 409,
  FILE_TYPE: 415,
  NOTICE_SENT: 409,
  NOTICE_RECIPIENT_OUTSIDE: 409,
  NOTICE_NO_RECIPIENTS: 409,
  NOTICE_NOT_RECIPIENT: 409,
  PROBLEM_TRANSITION: 409,
  PROBLEM_INCOMPLETE: 409,
  PROBLEM_NO_EVIDENCE: 409,
  PROBLEM_NO_EFFECT: 409,
  PROBLEM_MILESTONES_OPEN: 409,
  PROBLEM_NOT_DRAFT: 409,
  PROBLEM_CLOSED: 409,
  OPINION_TRANSITION: 409,
  OPINION_ORG_MISMATCH: 409,
  OPINION_MERGE_SELF: 400,
  DISCLOSURE_PUBLISHED: 409,
  DISCLOSURE_NOT_CLOSED: 409,
  DISCLOSURE_PROBLEM_DRAFT: 409,
  DISCLOSURE_OUTSIDE: 409,
  DISCLOSURE_EMPTY: 409,
  DISCLOSURE_WITHDRAWN: 409,
  MATERIAL_TRANSITION: 409,
  REVIEW_STALE: 409,
  REVIEW_INCOMPLETE: 400,
  REVIEW_FAIL_COMMENT: 400,
  VERSION_CONFLICT: 409,
  TEAM_UNIT_OUTSIDE: 409,
  FORM_TRANSITION: 409,
  LOOKBACK_NOT_SAMPLED: 409,
  INSPECTION_CIRCULATED: 409,
  INTERNAL: 500,
};

/**
 * The one error type services throw. The code picks the HTTP status and the translated message;
 * params fill the message's placeholders; details carry field or row errors.
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: Record<string, string | number> = {},
    readonly details?: Array<FieldIssue | ImportIssue>,
  ) {
    super(code);
  }
  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

/**
 * Refusal of anything outside the actor's scope. It answers 404 like a missing row, so nobody can
 * probe for existence, and the error handler writes an `access.denied` audit event.
 */
export class ScopeDenied extends AppError {
  constructor(
    readonly action: string,
    readonly entityType: string,
    readonly entityId: string | number | null,
  ) {
    super('NOT_FOUND');
  }
}
