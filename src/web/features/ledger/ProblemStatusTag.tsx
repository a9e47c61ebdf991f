import { Tag } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import type { ProblemStatus } from '../../../shared/ledger.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';

const COLORS: Record<ProblemStatus, string> = {
  draft: 'default',
  pending: 'orange',
  in_progress: 'processing',
  awaiting: 'purple',
  closed: 'success',
};

/** A problem's status as a coloured tag (草稿 grey, 待整改 orange, 整改中 blue, 待验收 purple, 已销号 green). */
export function ProblemStatusTag({ status, testId }: { status: ProblemStatus; testId?: string }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid={testId} data-status={status}>
      {enumLabel(t, 'problemStatus', status)}
    </Tag>
  );
}

/** "逾期 N 天" in red. */
export function OverdueTag({ days }: { days: number }) {
  const { t } = useI18n();
  return (
    <Tag color="red" icon={<ClockCircleOutlined />} data-testid="problem-overdue">
      {t('problem.overdueDays', { days })}
    </Tag>
  );
}
