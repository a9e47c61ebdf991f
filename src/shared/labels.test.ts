import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as campaigns from './campaigns.ts';
import * as enums from './enums.ts';
import * as ledger from './ledger.ts';
import * as ledgerExcel from './ledger-excel.ts';
import * as labels from './labels.ts';
import * as notices from './notices.ts';
import * as opinions from './opinions.ts';
import * as richtext from './richtext.ts';
import * as supervision from './supervision.ts';
import * as workbench from './workbench.ts';
import { ENUM_LABEL_TABLES, labelOf, type EnumKind } from './labels.ts';
import { ENUM_LABELS, enumLabel as serverEnumLabel } from '../server/platform/i18n.ts';
import { ledgerEnums } from '../server/platform/texts/ledger.ts';
import { opinionsEnums } from '../server/platform/texts/opinions.ts';
import { supervisionEnums } from '../server/platform/texts/supervision.messages.ts';
import { enumLabel as webEnumLabel, enumOptions as webEnumOptions } from '../web/i18n/enumLabel.ts';
import zhCN from '../web/i18n/zh-CN.json';
import en from '../web/i18n/en.json';

const LOCALES = enums.LOCALES;
const KINDS = Object.keys(ENUM_LABEL_TABLES) as EnumKind[];

/** Every enum list of src/shared and the label kinds that name its values. */
const LABELLED: Record<string, EnumKind[]> = {
  ORG_LEVELS: ['orgLevel'],
  ORG_KINDS: ['orgKind'],
  MEMBER_CATEGORIES: ['memberCategory'],
  SPECIAL_TYPES: ['specialType'],
  MEMBER_STATUSES: ['memberStatus'],
  ORG_POSTS: ['orgPost'],
  WORK_SECTIONS: ['workSection'],
  GENDERS: ['gender'],
  ROLES: ['role'],
  LOCALES: ['locale'],
  DELIVERABLES: ['deliverable'],
  ASSIGNEES: ['assignee'],
  ACTION_KINDS: ['actionKind'],
  RECURRENCES: ['recurrence'],
  REQUIREMENT_KINDS: ['requirementKind'],
  TASK_STATUSES: ['taskStatus'],
  OPEN_STATUSES: ['taskStatus'],
  NOTICE_KINDS: ['noticeKind'],
  PROBLEM_SOURCES: ['problemSource'],
  PROBLEM_CATEGORIES: ['problemCategory'],
  PROBLEM_SUBJECTS: ['problemSubject'],
  PROBLEM_KINDS: ['problemKind'],
  PROBLEM_STATUSES: ['problemStatus'],
  OPEN_PROBLEM_STATUSES: ['problemStatus'],
  PROBLEM_ACTIONS: ['problemAction', 'problemEvent'],
  FIVE_CLEAR: ['fiveClear'],
  // A rectification plan moves along the task table and reads with the task labels.
  PLAN_STATUSES: ['taskStatus'],
  PLAN_ACTIONS: ['taskAction'],
  OPINION_CHANNELS: ['opinionChannel'],
  OPINION_GROUPS: ['opinionGroup'],
  PUBLIC_OPINION_GROUPS: ['opinionGroup'],
  OPINION_STATUSES: ['opinionStatus', 'opinionPublicStatus'],
  DISCLOSURE_STATUSES: ['disclosureStatus'],
  DISCLOSURE_ITEM_KINDS: ['disclosureKind'],
  TEAM_ROLES: ['teamRole'],
  CHECKLIST_KINDS: ['checklistKind'],
  MATERIAL_KINDS: ['materialKind'],
  MATERIAL_STATUSES: ['materialStatus'],
  REVIEWER_KINDS: ['reviewerKind'],
  FORM_KINDS: ['formKind', 'formShort'],
  UPWARD_FORMS: ['formKind'],
  FORM_STATUSES: ['formStatus'],
  FORM_ACTIONS: ['formAction'],
  LOOKBACK_STAGES: ['lookbackStage'],
  INSPECTION_KINDS: ['inspectionKind'],
  INSPECTION_STATUSES: ['inspectionStatus'],
  // The lists labels.ts adds for types that had no constant.
  ORG_STATUSES: ['orgStatus'],
  USER_STATUSES: ['userStatus'],
  MEMBER_EVENT_KINDS: ['memberEventKind'],
  CAMPAIGN_STATUSES: ['campaignStatus'],
  PHASE_STATUSES: ['phaseStatus'],
  PROBLEM_EVENTS: ['problemEvent'],
  OPINION_ACTIONS: ['opinionAction'],
  MATERIAL_ACTIONS: ['materialAction'],
  FORM_ACTION_LABELLED: ['formAction'],
};

/** Lists of src/shared that are not enum values shown by a label, and why. */
const NOT_LABELLED: Record<string, string> = {
  SINGLE_HOLDER_POSTS: 'a subset of ORG_POSTS, labelled there',
  ERROR_CODES: 'each code has a message (error.<code>) in the server and web catalogues',
  NOTIFICATION_KINDS: 'each kind is a message template with placeholders (notify.<kind>)',
  NOTICE_AUDIENCES: 'a request option, never shown as a value',
  NOTICE_STATUSES: 'shown as the notice list tabs (drafts / sent), not as a value label',
  PROGRESS_PARTS: 'parts of the progress bar, labelled with the progress figures (progress.<part>)',
  FIVE_NOT_PASSED: 'review criteria with their own texts in the checklists',
  SIX_CHECKS: 'look-back checks with their own texts in the checklists',
  LEDGER_FIELDS: 'column headers of the ledger sheet (ledgerField.<field>, lx.col.<field>)',
  LEDGER_REQUIRED_FIELDS: 'column headers of the ledger sheet',
  RICH_TEXT_TAGS: 'HTML tag names',
  RICH_TEXT_DROP_WITH_CONTENT: 'HTML tag names',
  RICH_TEXT_SCHEMES: 'URL schemes',
  INSPECTION_ACTIONS:
    'the rows of INSPECTION_TRANSITIONS; each is a button with its own text (sv.insp.*), never shown as a value',
};

const MODULES = { enums, campaigns, ledger, ledgerExcel, labels, notices, opinions, richtext, supervision, workbench };

/** Every exported constant of src/shared named in capitals that is a list of strings. */
function sharedLists(): Array<[string, readonly string[]]> {
  const out: Array<[string, readonly string[]]> = [];
  for (const mod of Object.values(MODULES)) {
    for (const [name, v] of Object.entries(mod)) {
      if (/^[A-Z][A-Z0-9_]+$/.test(name) && Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string'))
        out.push([name, v as readonly string[]]);
    }
  }
  return out;
}

describe('enum labels: one catalogue (src/shared/labels.ts)', () => {
  it('knows every enum list of src/shared: labelled, or excluded with a reason', () => {
    const lists = sharedLists();
    expect(lists.length).toBeGreaterThan(50);
    // Ability keys (…_ABILITIES) are answered as booleans and shown as their button's own text, never as a value.
    const unknown = lists
      .map(([name]) => name)
      .filter((name) => !(name in LABELLED) && !(name in NOT_LABELLED) && !/_ABILIT(IES|Y_KEYS)$/.test(name));
    expect(unknown, 'a new enum list needs labels in src/shared/labels.ts (or a reason in NOT_LABELLED)').toEqual([]);
    for (const name of [...Object.keys(LABELLED), ...Object.keys(NOT_LABELLED)])
      expect(
        lists.some(([n]) => n === name),
        `${name} is still exported`,
      ).toBe(true);
  });

  it('gives every value of every enum list a non-empty zh-CN and en label', () => {
    let checked = 0;
    for (const [name, values] of sharedLists()) {
      for (const kind of LABELLED[name] ?? []) {
        const table = ENUM_LABEL_TABLES[kind] as Record<string, labels.Label>;
        for (const v of values) {
          for (const loc of LOCALES) {
            expect(table[v]?.[loc]?.trim(), `${name} → ${kind}.${v} (${loc})`).toBeTruthy();
            checked++;
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(400);
  });

  it('has no label for a value the lists do not have, and no empty or doubled label in a kind', () => {
    const listed = new Map<EnumKind, Set<string>>();
    for (const [name, values] of sharedLists())
      for (const kind of LABELLED[name] ?? [])
        values.forEach((v) => (listed.get(kind) ?? listed.set(kind, new Set()).get(kind)!).add(v));
    for (const kind of KINDS) {
      const table = ENUM_LABEL_TABLES[kind] as Record<string, labels.Label>;
      expect(listed.has(kind), `${kind} labels an enum list`).toBe(true);
      expect(Object.keys(table).sort(), kind).toEqual([...listed.get(kind)!].sort());
      for (const loc of LOCALES) {
        const texts = Object.values(table).map((l) => l[loc]);
        expect(
          texts.every((s) => s.trim() === s && s.length > 0),
          `${kind} (${loc})`,
        ).toBe(true);
        // Imports read labels back into values, so two values of a kind never share a label.
        expect(new Set(texts).size, `${kind} (${loc}) labels are distinct`).toBe(texts.length);
      }
    }
  });

  it('gives the server (exports, errors, .docx) and the web screens the same label for every value', () => {
    let compared = 0;
    for (const kind of KINDS) {
      for (const value of Object.keys(ENUM_LABEL_TABLES[kind])) {
        for (const locale of LOCALES) {
          const shared = labelOf(locale, kind, value);
          expect(ENUM_LABELS[locale][kind][value], `${kind}.${value}`).toBe(shared);
          expect(serverEnumLabel(locale, kind, value)).toBe(shared);
          expect(webEnumLabel({ locale }, kind, value), `${kind}.${value}`).toBe(shared);
          compared++;
        }
      }
      for (const locale of LOCALES)
        expect(webEnumOptions({ locale }, kind, Object.keys(ENUM_LABEL_TABLES[kind])).map((o) => o.label)).toEqual(
          Object.values(ENUM_LABELS[locale][kind]),
        );
    }
    expect(compared).toBeGreaterThan(400);
    // The members' and orgs' older names on the server are the same tables.
    for (const locale of LOCALES) {
      expect(ENUM_LABELS[locale].level).toEqual(ENUM_LABELS[locale].orgLevel);
      expect(ENUM_LABELS[locale].kind).toEqual(ENUM_LABELS[locale].orgKind);
      expect(ENUM_LABELS[locale].category).toEqual(ENUM_LABELS[locale].memberCategory);
      expect(ENUM_LABELS[locale].status).toEqual(ENUM_LABELS[locale].memberStatus);
      for (const tables of [ledgerEnums, opinionsEnums, supervisionEnums]) {
        for (const [kind, table] of Object.entries(tables[locale]))
          expect(table, kind).toEqual(ENUM_LABELS[locale][kind]);
      }
    }
  });

  it('is the only source: no enum labels left in the web catalogues, and the web reads none by key', () => {
    const enumKey = /^(enum\.|op\.(channel|group|status)\.|dc\.(status|kind)\.)/;
    for (const catalogue of [zhCN, en] as Array<Record<string, string>>)
      expect(Object.keys(catalogue).filter((k) => enumKey.test(k))).toEqual([]);
    const byKey = /\bt\(\s*[`'"](enum|op\.(channel|group|status)|dc\.(status|kind))\./;
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.tsx?$/.test(e.name) && byKey.test(readFileSync(p, 'utf8'))) offenders.push(p);
      }
    };
    walk(join(import.meta.dirname, '../web'));
    expect(offenders).toEqual([]);
  });

  it('answers the value itself for an unknown kind or value, and nothing for no value', () => {
    expect(labelOf('zh-CN', 'taskStatus', 'draft')).toBe('待办理');
    expect(labelOf('en', 'taskStatus', 'draft')).toBe('To do');
    expect(labelOf('zh-CN', 'taskStatus', 'nonsense')).toBe('nonsense');
    expect(labelOf('zh-CN', 'noSuchKind', 'draft')).toBe('draft');
    expect(labelOf('zh-CN', 'taskStatus', 'toString')).toBe('toString');
    expect(labelOf('en', 'orgLevel', null)).toBe('');
    expect(labelOf('en', 'orgLevel', '')).toBe('');
    expect(webEnumLabel({ locale: 'en' }, 'orgLevel', undefined)).toBe('');
  });
});
