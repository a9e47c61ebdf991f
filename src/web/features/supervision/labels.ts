/**
 * Labels of the supervision module's enumerations (both languages, from src/shared/labels.ts
 * through enumLabel), their select options and tag colours — one place for every supervision
 * page: material kinds and statuses, reviewer kinds, team roles, checklist kinds, the five forms
 * (三制五单) with their statuses and actions, look-back stages, inspection kinds and statuses.
 */
import type { TFunction } from '../../i18n/index.tsx';
import { enumLabel, enumOptions } from '../../i18n/index.tsx';
import {
  CHECKLIST_KINDS,
  FORM_ACTIONS,
  FORM_KINDS,
  FORM_STATUSES,
  INSPECTION_KINDS,
  INSPECTION_STATUSES,
  LOOKBACK_STAGES,
  MATERIAL_KINDS,
  MATERIAL_STATUSES,
  REVIEWER_KINDS,
  TEAM_ROLES,
  UPWARD_FORMS,
  type ChecklistItem,
  type ChecklistKind,
  type ChecklistView,
  type FormAction,
  type FormKind,
  type FormStatus,
  type InspectionKind,
  type InspectionStatus,
  type LookbackStage,
  type MaterialKind,
  type MaterialStatus,
  type ReviewerKind,
  type TeamRole,
} from '../../../shared/supervision.ts';
import type { Locale } from '../../../shared/enums.ts';

/** The enum kinds (as in src/shared/labels.ts) and the values of each. */
export const SV_ENUMS = {
  materialKind: MATERIAL_KINDS,
  materialStatus: MATERIAL_STATUSES,
  reviewerKind: REVIEWER_KINDS,
  teamRole: TEAM_ROLES,
  checklistKind: CHECKLIST_KINDS,
  formKind: FORM_KINDS,
  formStatus: FORM_STATUSES,
  formAction: FORM_ACTIONS,
  lookbackStage: LOOKBACK_STAGES,
  inspectionKind: INSPECTION_KINDS,
  inspectionStatus: INSPECTION_STATUSES,
} as const;
export type SvEnum = keyof typeof SV_ENUMS;

export const materialKindLabel = (t: TFunction, v: MaterialKind) => enumLabel(t, 'materialKind', v);
export const materialStatusLabel = (t: TFunction, v: MaterialStatus) => enumLabel(t, 'materialStatus', v);
export const reviewerKindLabel = (t: TFunction, v: ReviewerKind) => enumLabel(t, 'reviewerKind', v);
export const teamRoleLabel = (t: TFunction, v: TeamRole) => enumLabel(t, 'teamRole', v);
export const checklistKindLabel = (t: TFunction, v: ChecklistKind) => enumLabel(t, 'checklistKind', v);
export const formKindLabel = (t: TFunction, v: FormKind) => enumLabel(t, 'formKind', v);
/** A status's label; a unit's upward form (预报单, 报告单) is 已报送 when sent and 已签收 when received. */
export const formStatusLabel = (t: TFunction, v: FormStatus, kind?: FormKind) =>
  kind && UPWARD_FORMS.includes(kind) && (v === 'issued' || v === 'closed')
    ? t(`sv.formStatus.upward.${v}`)
    : enumLabel(t, 'formStatus', v);
/** An action's label; `accept` on a unit's upward form (预报单, 报告单) reads 签收 rather than 办结. */
export const formActionLabel = (t: TFunction, v: FormAction, kind?: FormKind) =>
  v === 'accept' && kind && UPWARD_FORMS.includes(kind)
    ? t('sv.formAction.acceptUpward')
    : enumLabel(t, 'formAction', v);
export const lookbackStageLabel = (t: TFunction, v: LookbackStage) => enumLabel(t, 'lookbackStage', v);
export const inspectionKindLabel = (t: TFunction, v: InspectionKind) => enumLabel(t, 'inspectionKind', v);
export const inspectionStatusLabel = (t: TFunction, v: InspectionStatus) => enumLabel(t, 'inspectionStatus', v);

/** Select options for one of the module's enumerations, e.g. svOptions(t, 'formKind'). */
export function svOptions(t: TFunction, name: SvEnum, only?: readonly string[]) {
  return enumOptions(t, name, only ?? SV_ENUMS[name]);
}

/** antd Tag colours per status. */
export const MATERIAL_STATUS_COLORS: Record<MaterialStatus, string> = {
  draft: 'default',
  in_review: 'processing',
  returned: 'error',
  passed: 'success',
};
export const FORM_STATUS_COLORS: Record<FormStatus, string> = {
  draft: 'default',
  proposed: 'warning',
  issued: 'processing',
  answered: 'purple',
  closed: 'success',
  rejected: 'error',
  dismissed: 'default',
};
export const INSPECTION_STATUS_COLORS: Record<InspectionStatus, string> = { draft: 'default', circulated: 'success' };
export const REVIEWER_KIND_COLORS: Record<ReviewerKind, string> = { leader: 'gold', team: 'red' };

/** A checklist's name in the UI language (an office's own checklist may have no English name). */
export function checklistName(locale: Locale, c: Pick<ChecklistView, 'name' | 'nameEn'>): string {
  return locale === 'en' && c.nameEn ? c.nameEn : c.name;
}

/** A checklist item's text (and look-back detail) in the UI language, falling back to Chinese. */
export function itemText(locale: Locale, i: Pick<ChecklistItem, 'zh' | 'en'>): string {
  return locale === 'en' && i.en ? i.en : i.zh;
}
export function itemDetail(locale: Locale, i: Pick<ChecklistItem, 'detailZh' | 'detailEn'>): string {
  return (locale === 'en' && i.detailEn ? i.detailEn : i.detailZh) ?? '';
}
