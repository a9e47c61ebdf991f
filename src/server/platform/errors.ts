import type { ErrorCode, Locale } from '../../shared/enums.ts';
import type { ApiErrorBody, FieldIssue, ImportIssue } from '../../shared/api.ts';
import {
  enumLabel,
  isMessageKey,
  looksLikeKey,
  reportI18nProblem,
  t,
  unreplacedParams,
  type MessageKey,
} from './i18n.ts';
import { ENUM_LABEL_TABLES, type EnumKind } from '../../shared/labels.ts';

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
  POST_TAKEN: 409,
  POST_MEMBER_OUTSIDE: 422,
  PERSON_OUTSIDE_UNIT: 422,
  POST_DATES: 422,
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

/** Values that fill a message's {placeholders}; a value that is a catalogue key is translated too. */
export type MessageParams = Record<string, string | number>;
/**
 * A field or import-row issue as a service throws it: `message` is a catalogue key (`field.required`,
 * `import.orgNotFound`) with its `params`, or a text already translated for the request's locale.
 * The error handler translates keys (localizeError below); `params` never reach the client.
 */
export type Issue = (FieldIssue | ImportIssue) & { params?: MessageParams };

/**
 * The one error type services throw. The code picks the HTTP status and the translated message;
 * params fill the message's placeholders (raw values; catalogue keys among them are translated);
 * details carry field or row errors whose messages are catalogue keys. Translation happens at the
 * edge, in the request's locale (localizeError).
 */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly params: MessageParams = {},
    readonly details?: Issue[],
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

/** The params with every value that is a catalogue key translated (one level: no key inside a key). */
export function localizeParams(locale: Locale, params: MessageParams = {}): MessageParams {
  const out: MessageParams = {};
  for (const [k, v] of Object.entries(params)) {
    const label = typeof v === 'string' ? ENUM_PARAM.exec(v) : null;
    if (label && isEnumKind(label[1])) out[k] = enumLabel(locale, label[1], label[2]);
    // A key-valued param is translated with the error's other params (a reason that names a phase, say).
    else if (typeof v === 'string' && isMessageKey(v)) {
      const { [k]: _self, ...rest } = params;
      out[k] = t(locale, v, rest);
    } else out[k] = v;
  }
  return out;
}

/** A param written `enum:<kind>:<value>` is answered as the value's label (src/shared/labels.ts). */
const ENUM_PARAM = /^enum:([A-Za-z]+):(.+)$/;
const isEnumKind = (k: string): k is EnumKind => k in ENUM_LABEL_TABLES;
export const enumParam = (kind: EnumKind, value: string): string => `enum:${kind}:${value}`;

/**
 * One text of an answer: a catalogue key is translated with its params; a text that only looks
 * like a key (missing from the catalogue, or a bare identifier such as `file`) is a bug — reported
 * loudly outside production, and answered as `fallback` so no client ever sees it; a translated
 * text passes. A placeholder left unfilled is reported and dropped.
 */
export function localizeText(
  locale: Locale,
  message: string,
  params: MessageParams | undefined,
  fallback: MessageKey,
  where: string,
): string {
  let text: string;
  if (isMessageKey(message)) text = t(locale, message, localizeParams(locale, params));
  else if (looksLikeKey(message)) {
    reportI18nProblem(`${where}: "${message}" is not a catalogue key (add it to a texts/<module>.ts catalogue)`);
    text = t(locale, fallback);
  } else text = message;
  const left = unreplacedParams(text);
  if (left.length > 0) {
    reportI18nProblem(`${where}: "${message}" left {${left.join('}, {')}} unfilled`);
    text = text.replace(/\{\w+\}/g, '').replace(/[：:]\s*$/, '');
  }
  return text;
}

/** The answer's error body for an AppError: the code's message and every issue, translated for `locale`. */
export function localizeError(err: AppError, locale: Locale): ApiErrorBody['error'] {
  const details = err.details?.map((d): FieldIssue | ImportIssue => {
    const { params, ...issue } = d;
    const where = `${err.code} ${'sheet' in issue ? `row ${issue.row}` : `field "${issue.path}"`}`;
    return { ...issue, message: localizeText(locale, issue.message, params, 'field.invalid', where) };
  });
  const message = localizeText(locale, `error.${err.code}`, err.params, 'error.INTERNAL', err.code);
  return { code: err.code, message, ...(details ? { details } : {}) };
}
