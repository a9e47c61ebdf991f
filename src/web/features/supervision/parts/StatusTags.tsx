/** The supervision module's statuses as coloured tags (materials, forms, inspections, teams). */
import { Tag } from 'antd';
import type {
  FormKind,
  FormStatus,
  InspectionStatus,
  MaterialStatus,
  ReviewerKind,
} from '../../../../shared/supervision.ts';
import { enumLabel, useI18n } from '../../../i18n/index.tsx';
import {
  FORM_STATUS_COLORS,
  formStatusLabel,
  INSPECTION_STATUS_COLORS,
  MATERIAL_STATUS_COLORS,
  REVIEWER_KIND_COLORS,
} from '../labels.ts';

/** 草稿 grey, 待审核 blue, 退回修改 red, 审核通过 green. */
export function MaterialStatusTag({ status, testId }: { status: MaterialStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={MATERIAL_STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {enumLabel(t, 'materialStatus', status)}
    </Tag>
  );
}

export function FormStatusTag({ status, kind, testId }: { status: FormStatus; kind?: FormKind; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={FORM_STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {formStatusLabel(t, status, kind)}
    </Tag>
  );
}

export function InspectionStatusTag({ status, testId }: { status: InspectionStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={INSPECTION_STATUS_COLORS[status]} data-testid={testId} data-status={status}>
      {enumLabel(t, 'inspectionStatus', status)}
    </Tag>
  );
}

export function ReviewerKindTag({ kind }: { kind: ReviewerKind }) {
  const { t } = useI18n();
  return <Tag color={REVIEWER_KIND_COLORS[kind]}>{enumLabel(t, 'reviewerKind', kind)}</Tag>;
}

/** 在任 / 已撤销 for a supervision team. */
export function TeamStatusTag({ status, testId }: { status: 'active' | 'disbanded'; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={status === 'active' ? 'red' : 'default'} data-testid={testId} data-status={status}>
      {t(`sv.team.status.${status}`)}
    </Tag>
  );
}
