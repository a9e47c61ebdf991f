/**
 * The bell in the header: in-app notifications addressed to the user — their own (their problem's
 * deadline, their material's review; marked 个人) and those of the units they act for (a unit's
 * reminders before and after deadlines, decisions on its tasks; an office's submissions to review
 * and escalations) — checked every minute, listed in a drawer, each leading to its problem, task
 * or campaign.
 */
import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Drawer, Empty, List, Space, Tag, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import type {
  DueSoonParams,
  EscalationParams,
  NotificationPage,
  NotificationView,
  MeasureDueSoonParams,
  MilestoneDueSoonParams,
  OverdueParams,
  ProblemDueSoonParams,
  ProblemEscalationParams,
  ProblemOverdueParams,
  TaskTransitionParams,
} from '../../../shared/notices.ts';
import { noticesApi } from './api.ts';
import { enumLabel, useI18n, type TFunction } from '../../i18n/index.tsx';
import { useRouter } from '../../app/router.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { fmtDateTime } from '../../components/format.ts';
import { txt } from '../campaigns/text.ts';
import type { Locale } from '../../../shared/enums.ts';

const POLL_MS = 60_000;

/** One notification as a sentence in the UI language. */
export function describeNotification(n: NotificationView, t: TFunction, locale: Locale): string {
  const campaign = txt(n.campaignName, locale);
  switch (n.kind) {
    case 'task_submit':
    case 'task_approve':
    case 'task_return':
    case 'task_reopen': {
      const p = n.params as TaskTransitionParams;
      return t(`notify.${n.kind}`, { unit: p.unit, campaign, comment: p.comment ?? '' });
    }
    case 'task_due_soon': {
      const p = n.params as DueSoonParams;
      return t('notify.task_due_soon', { unit: p.unit, campaign, count: p.count, days: p.days, date: p.dueDate });
    }
    case 'task_overdue': {
      const p = n.params as OverdueParams;
      return t('notify.task_overdue', { unit: p.unit, campaign, count: p.count, days: p.daysOverdue, date: p.dueDate });
    }
    case 'escalation': {
      const p = n.params as EscalationParams;
      return t('notify.escalation', { unit: p.unit, campaign, count: p.overdue, days: p.daysOverdue });
    }
    case 'problem_due_soon': {
      const p = n.params as ProblemDueSoonParams;
      return t('notify.problem_due_soon', { seq: p.seq, description: p.description, days: p.days, date: p.dueDate });
    }
    case 'measure_due_soon': {
      const p = n.params as MeasureDueSoonParams;
      return t('notify.measure_due_soon', { seq: p.seq, measure: p.measure, days: p.days, date: p.dueDate });
    }
    case 'milestone_due_soon': {
      const p = n.params as MilestoneDueSoonParams;
      return t('notify.milestone_due_soon', { seq: p.seq, milestone: p.milestone, days: p.days, date: p.dueDate });
    }
    case 'problem_overdue': {
      const p = n.params as ProblemOverdueParams;
      return t('notify.problem_overdue', {
        seq: p.seq,
        description: p.description,
        days: p.daysOverdue,
        date: p.dueDate,
      });
    }
    case 'problem_escalation': {
      const p = n.params as ProblemEscalationParams;
      return t('notify.problem_escalation', {
        unit: p.unit,
        seq: p.seq,
        description: p.description,
        days: p.daysOverdue,
        date: p.dueDate,
      });
    }
    case 'problem_finish':
    case 'problem_verify':
    case 'problem_return':
    case 'problem_reopen': {
      const p = n.params as { unit: string; seq: number; comment: string | null };
      return t(`notify.${n.kind}`, { unit: p.unit, seq: p.seq, comment: p.comment ?? '' });
    }
    case 'material_returned':
    case 'material_passed': {
      const p = n.params as { title: string; version: number; reviewer: string; failed?: string[] };
      return t(`notify.${n.kind}`, {
        title: p.title,
        version: p.version,
        reviewer: p.reviewer,
        failed: (p.failed ?? []).join(t('notify.sep')),
      });
    }
    case 'form_issue':
    case 'form_reply':
    case 'form_accept':
    case 'form_reject':
    case 'form_proposed': {
      const p = n.params as { kind: string; title?: string; number: string | null; unit: string };
      return t(`notify.${n.kind}`, {
        form: enumLabel(t, 'formKind', p.kind),
        number: p.number ?? '',
        title: p.title ?? '',
        unit: p.unit,
      });
    }
    case 'inspection_named': {
      const p = n.params as { title: string };
      return t('notify.inspection_named', { title: p.title });
    }
    default:
      return n.kind;
  }
}

/** The page a notification opens (its problem, material, form, report, task or campaign), or null. */
export function notificationHref(n: NotificationView): string | null {
  const problemId = (n.params as { problemId?: number } | null)?.problemId;
  const params = (n.params ?? {}) as { materialId?: number; formId?: number; reportId?: number };
  if (/^(problem|measure|milestone)_/.test(n.kind) && problemId) return `/problems/${problemId}`;
  if (n.kind.startsWith('material_') && params.materialId) return `/materials/${params.materialId}`;
  if (n.kind.startsWith('form_') && params.formId) return `/forms/${params.formId}`;
  if (n.kind === 'inspection_named' && params.reportId) return `/inspections/${params.reportId}`;
  if (n.taskId) return `/tasks/${n.taskId}`;
  if (n.kind === 'escalation' && n.campaignId) return `/campaigns/${n.campaignId}?tab=red`;
  if (n.campaignId) return `/campaigns/${n.campaignId}`;
  return null;
}

export function NotificationBell() {
  const { t, locale } = useI18n();
  const { navigate } = useRouter();
  const mobile = useIsMobile();
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState<NotificationPage | null>(null);

  const load = useCallback(() => {
    noticesApi
      .notifications(30)
      .then(setPage)
      .catch(() => undefined);
  }, []);

  useEffect(() => {
    load();
    const h = setInterval(() => {
      if (document.visibilityState === 'visible') load();
    }, POLL_MS);
    return () => clearInterval(h);
  }, [load]);

  const go = async (n: NotificationView) => {
    if (!n.readAt) await noticesApi.notificationRead(n.id).catch(() => undefined);
    setOpen(false);
    load();
    const href = notificationHref(n);
    if (href) navigate(href);
  };

  const readAll = async () => {
    await noticesApi.notificationsReadAll(page?.items[0]?.id).catch(() => undefined);
    load();
  };

  return (
    <>
      <Badge count={page?.unread ?? 0} size="small" offset={[-6, 6]}>
        <Button
          type="text"
          className="header-icon-btn"
          icon={<BellOutlined />}
          aria-label={t('notify.title')}
          onClick={() => {
            setOpen(true);
            load();
          }}
          data-testid="notifications-open"
        />
      </Badge>
      <Drawer
        open={open}
        onClose={() => setOpen(false)}
        title={t('notify.title')}
        size={mobile ? '100%' : 440}
        extra={
          (page?.unread ?? 0) > 0 && (
            <Button size="small" onClick={() => void readAll()}>
              {t('notify.readAll')}
            </Button>
          )
        }
      >
        <List
          dataSource={page?.items ?? []}
          data-testid="notifications"
          locale={{ emptyText: <Empty description={t('notify.none')} /> }}
          renderItem={(n) => (
            <List.Item
              className={`clickable notification${n.readAt ? '' : ' notification-unread'}`}
              onClick={() => void go(n)}
            >
              <Space direction="vertical" size={0}>
                <Typography.Text strong={!n.readAt}>
                  {n.personal && (
                    <Tag color="blue" data-testid="notification-personal">
                      {t('notify.personal')}
                    </Tag>
                  )}
                  {describeNotification(n, t, locale)}
                </Typography.Text>
                <span className="muted">
                  {n.orgName} · {fmtDateTime(n.createdAt)}
                </span>
              </Space>
            </List.Item>
          )}
        />
      </Drawer>
    </>
  );
}
