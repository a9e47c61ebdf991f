import { Tag } from 'antd';
import type { TaskStatus } from '../../../shared/campaigns.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';

const COLORS: Record<TaskStatus, string> = {
  draft: 'default',
  submitted: 'processing',
  returned: 'warning',
  approved: 'success',
};

/** A task's status as a coloured tag (待办 grey, 待审核 blue, 已退回 orange, 已通过 green). */
export function TaskStatusTag({ status }: { status: TaskStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="task-status">
      {enumLabel(t, 'taskStatus', status)}
    </Tag>
  );
}
