/**
 * The bell in the header: unread in-app notifications of the user's organizations (a unit's
 * reminders before and after deadlines, decisions on its tasks; an office's submissions to review
 * and escalations), checked every minute, listed in a drawer, each leading to its task or campaign.
 */
import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Drawer, Empty, List, Space, Typography } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import type {
  DueSoonParams,
  EscalationParams,
  NotificationPage,
  NotificationView,
  OverdueParams,
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
    const problemId = (n.params as { problemId?: number } | null)?.problemId;
    const params = (n.params ?? {}) as { materialId?: number; formId?: number; reportId?: number };
    if (n.kind.startsWith('problem_') && problemId) navigate(`/problems/${problemId}`);
    else if (n.kind.startsWith('material_') && params.materialId) navigate(`/materials/${params.materialId}`);
    else if (n.kind.startsWith('form_') && params.formId) navigate(`/forms/${params.formId}`);
    else if (n.kind === 'inspection_named' && params.reportId) navigate(`/inspections/${params.reportId}`);
    else if (n.taskId) navigate(`/tasks/${n.taskId}`);
    else if (n.kind === 'escalation' && n.campaignId) navigate(`/campaigns/${n.campaignId}?tab=red`);
    else if (n.campaignId) navigate(`/campaigns/${n.campaignId}`);
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
                <Typography.Text strong={!n.readAt}>{describeNotification(n, t, locale)}</Typography.Text>
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
