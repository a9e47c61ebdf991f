/**
 * Opinions and suggestions (意见建议) and public disclosure (公示): enumerations, the receipt code
 * and the API's response shapes, shared by the server and the web app. Request bodies are the zod
 * schemas in src/server/modules/opinions/opinions.schema.ts and disclosure/disclosure.schema.ts.
 */
import type { Page } from './api.ts';
import type { OpinionAction } from './labels.ts';
import type { ProblemCategory, ProblemKind, ProblemStatus } from './ledger.ts';

/** 来信、座谈会、个别谈心、征求意见卡、意见箱、走访、网上、热线电话 */
export const OPINION_CHANNELS = ['letter', 'symposium', 'talk', 'card', 'box', 'visit', 'online', 'hotline'] as const;
export type OpinionChannel = (typeof OPINION_CHANNELS)[number];

/**
 * Who gave the opinion: members, the masses, deputies (两代表一委员), retired cadres, service
 * clients; 'anonymous' when the group is unknown (an opinion box) — it implies an anonymous opinion.
 */
export const OPINION_GROUPS = ['member', 'masses', 'deputies', 'retired_cadres', 'clients', 'anonymous'] as const;
export type OpinionGroup = (typeof OPINION_GROUPS)[number];
/** The groups a member of the public picks from on the public form. */
export const PUBLIC_OPINION_GROUPS = ['masses', 'member', 'deputies', 'retired_cadres', 'clients'] as const;

/**
 * new → merged (a duplicate, merged into another opinion) | converted (became a problem of the
 * ledger) | answered | declined (with the reason, shown to the submitter). Only a new opinion moves.
 */
export const OPINION_STATUSES = ['new', 'merged', 'converted', 'answered', 'declined'] as const;
export type OpinionStatus = (typeof OPINION_STATUSES)[number];

/** Who moves an opinion: the unit that received it (its secretary) or an office over it — triage (opinionPolicy.triage). */
export type OpinionActorSide = 'unit';

export interface OpinionTransition {
  from: OpinionStatus;
  to: OpinionStatus;
  action: OpinionAction;
  by: OpinionActorSide;
  /** A text must accompany it: the answer, or the reason it is declined (the submitter reads it). */
  commentRequired: boolean;
}

/**
 * The whole life of an opinion: only a new opinion moves, once. Anything not listed is refused by
 * the server (OPINION_TRANSITION). Merging duplicates moves the duplicates (new → merged); the
 * opinion they are merged into keeps its status and must be one `canMergeInto` accepts.
 */
export const OPINION_TRANSITIONS: readonly OpinionTransition[] = [
  { from: 'new', to: 'merged', action: 'merge', by: 'unit', commentRequired: false },
  { from: 'new', to: 'converted', action: 'convert', by: 'unit', commentRequired: false },
  { from: 'new', to: 'answered', action: 'answer', by: 'unit', commentRequired: true },
  { from: 'new', to: 'declined', action: 'decline', by: 'unit', commentRequired: true },
];

export function findOpinionTransition(from: string, action: string): OpinionTransition | undefined {
  return OPINION_TRANSITIONS.find((t) => t.from === from && t.action === action);
}

/** The statuses an opinion may have to take duplicates merged into it (not itself merged, not declined). */
const MERGE_TARGET_STATUSES: readonly OpinionStatus[] = ['new', 'converted', 'answered'];
export function canMergeInto(status: string): boolean {
  return (MERGE_TARGET_STATUSES as readonly string[]).includes(status);
}

/** The public form takes 5 to 2000 characters of content; staff may enter letters up to 4000. */
export const PUBLIC_CONTENT_MIN = 5;
export const PUBLIC_CONTENT_MAX = 2000;
export const STAFF_CONTENT_MAX = 4000;

/** Receipt codes: 10 characters without 0/O, 1/I/L, so they can be read out over the phone. */
export const RECEIPT_ALPHABET = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const RECEIPT_LENGTH = 10;

/** A typed receipt code as stored: upper case, spaces and dashes dropped; null when it cannot be one. */
export function normalizeReceiptCode(input: string): string | null {
  const s = input.replace(/[\s\-_]/g, '').toUpperCase();
  if (s.length !== RECEIPT_LENGTH) return null;
  for (const ch of s) if (!RECEIPT_ALPHABET.includes(ch)) return null;
  return s;
}

/** "ABCDE-FGHJK": how a receipt code is printed. */
export function formatReceiptCode(code: string): string {
  return code.length === RECEIPT_LENGTH ? `${code.slice(0, 5)}-${code.slice(5)}` : code;
}

// ---- Response shapes: opinions ----

export interface OpinionView {
  id: number;
  orgId: number;
  orgName: string;
  campaignId: number | null;
  receiptCode: string;
  channel: OpinionChannel;
  group: OpinionGroup;
  anonymous: boolean;
  /** Shown only to those who triage the opinion (unit secretaries, offices); null otherwise or when anonymous. */
  submitterName: string | null;
  submitterContact: string | null;
  content: string;
  status: OpinionStatus;
  mergedInto: number | null;
  answer: string | null;
  answeredAt: string | null;
  /** Entered by staff (the name of the account) or submitted through the public form (null). */
  enteredBy: string | null;
  createdAt: string;
  abilities: OpinionAbilities;
}

/**
 * What the actor may do with an opinion (policy over its org, and OPINION_TRANSITIONS for its
 * status). `triage`: some triage action is open to the actor now (the opinion is still new);
 * `mergeInto`: duplicates may be merged into it; `viewSubmitter`: the actor triages opinions of its
 * org and so sees who gave it (the name and contact are sent only then).
 */
export interface OpinionAbilities {
  triage: boolean;
  merge: boolean;
  mergeInto: boolean;
  convert: boolean;
  answer: boolean;
  decline: boolean;
  viewSubmitter: boolean;
}

export interface OpinionDetailView extends OpinionView {
  orgPath: string;
  /** Opinions merged into this one (the duplicates it stands for). */
  merged: Array<{ id: number; content: string; channel: OpinionChannel; group: OpinionGroup; createdAt: string }>;
  /** Problems of the ledger this opinion became. */
  problems: Array<{
    id: number;
    orgId: number;
    seq: number;
    status: ProblemStatus;
    category: ProblemCategory;
    kind: ProblemKind;
  }>;
}

/**
 * What the actor may do at the listed org (?org=; without it, false): enter an opinion, import a
 * sheet of them, triage its subtree's opinions (merge and convert several at once).
 */
export interface OpinionListAbilities {
  create: boolean;
  import: boolean;
  triage: boolean;
}

/** A page of opinions (?after=&limit=), newest first, with the abilities at the listed org. */
export type OpinionPage = Page<OpinionView> & { abilities: OpinionListAbilities };

export interface ConvertResult {
  problemId: number;
  seq: number;
  opinionIds: number[];
}

/** What the holder of a receipt code sees: never the submitter's name or contact. */
export interface ReceiptView {
  code: string;
  orgName: string;
  submittedOn: string;
  status: OpinionStatus;
  /** The answer, or the reason it was declined. */
  answer: string | null;
  answeredOn: string | null;
  /** A merged opinion is followed by the one it was merged into. */
  mergedInto: { status: OpinionStatus; answer: string | null; answeredOn: string | null } | null;
  /** The problems it became, with their rectification status and, once disclosed, the public text. */
  problems: Array<{
    status: ProblemStatus;
    kind: ProblemKind;
    category: ProblemCategory;
    deadline: string | null;
    disclosures: Array<{ batchId: number; batchTitle: string; kind: DisclosureItemKind; text: DisclosurePublicText }>;
  }>;
}

// ---- Public disclosure (公示) ----

export const DISCLOSURE_STATUSES = ['draft', 'published'] as const;
export type DisclosureStatus = (typeof DISCLOSURE_STATUSES)[number];

/** What is done to a batch: add (or refresh) items, publish it, withdraw one of its items. */
export type DisclosureBatchAction = 'addItems' | 'publish' | 'withdrawItem';

export interface DisclosureTransition {
  from: DisclosureStatus;
  to: DisclosureStatus;
  action: DisclosureBatchAction;
  /** The campaign office over the batch's org (disclosurePolicy.manage). */
  by: 'office';
  /** A withdrawal says why (the audit chain keeps it). */
  commentRequired: boolean;
}

/**
 * The life of a disclosure batch: items are added while it is a draft, it is published once (with
 * at least one item) and never goes back; an item may be withdrawn, with the reason, before or
 * after publishing. Anything not listed is refused (DISCLOSURE_PUBLISHED).
 */
export const DISCLOSURE_TRANSITIONS: readonly DisclosureTransition[] = [
  { from: 'draft', to: 'draft', action: 'addItems', by: 'office', commentRequired: false },
  { from: 'draft', to: 'published', action: 'publish', by: 'office', commentRequired: false },
  { from: 'draft', to: 'draft', action: 'withdrawItem', by: 'office', commentRequired: true },
  { from: 'published', to: 'published', action: 'withdrawItem', by: 'office', commentRequired: true },
];

export function findDisclosureTransition(from: string, action: string): DisclosureTransition | undefined {
  return DISCLOSURE_TRANSITIONS.find((t) => t.from === from && t.action === action);
}
/** A problem made public, or (once closed, 验收销号) its finished rectification. */
export const DISCLOSURE_ITEM_KINDS = ['problem', 'rectification'] as const;
export type DisclosureItemKind = (typeof DISCLOSURE_ITEM_KINDS)[number];

/** The redacted snapshot the public sees, taken when the item is added (not the live problem). */
export interface DisclosurePublicText {
  orgName: string;
  seq: number;
  category: ProblemCategory;
  kind: ProblemKind;
  description: string;
  measures: string[];
  deadline: string | null;
  deadlineText: string;
  status: ProblemStatus;
  effect: string;
}

export interface DisclosureItemView {
  id: number;
  problemId: number;
  kind: DisclosureItemKind;
  text: DisclosurePublicText;
  withdrawnAt: string | null;
  withdrawnReason: string | null;
}

export interface DisclosureBatchView {
  id: number;
  orgId: number;
  orgName: string;
  seq: number;
  title: string;
  startsOn: string;
  endsOn: string;
  status: DisclosureStatus;
  publishedAt: string | null;
  /** Items not withdrawn. */
  itemCount: number;
  createdAt: string;
}

/**
 * What the actor may do with a batch: `manage` is the policy (an office over its org); the others
 * follow DISCLOSURE_TRANSITIONS for its status (publish also needs an item).
 */
export interface DisclosureBatchAbilities {
  manage: boolean;
  addItems: boolean;
  publish: boolean;
  withdrawItem: boolean;
}

/** A batch as the staff list shows it. */
export interface DisclosureBatchRowView extends DisclosureBatchView {
  abilities: DisclosureBatchAbilities;
}

/** An org's batches (?after=&limit=), newest first, and whether the actor may start a new one there. */
export type DisclosureBatchPage = Page<DisclosureBatchRowView> & { abilities: { create: boolean } };

export interface DisclosureBatchDetailView extends DisclosureBatchRowView {
  items: DisclosureItemView[];
  /** Where the public reads it once published. */
  publicUrl: string;
}
