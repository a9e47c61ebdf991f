/**
 * 我的工作台: everyone's landing page. What waits for the user, section by section as the server
 * gathers them (GET /api/workbench): tasks to fill or review, problems and measures they are
 * responsible for with their deadlines, materials to write or review, forms to answer, unread
 * messages; an office's desk adds the overdue units below. Each row opens its item; nothing here
 * is an action of its own, so a phone on a weak signal loads one small answer.
 */
import { Alert, Badge, Card, Empty, Skeleton, Tag, Typography } from 'antd';
import type { WorkItemView, WorkSectionView } from '../../../shared/api.ts';
import type { WorkSection } from '../../../shared/workbench.ts';
import { useAuth } from '../../app/auth.tsx';
import { Link } from '../../app/router.tsx';
import { apiErrorText, useApiData, useIsMobile } from '../../components/hooks.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { describeNotification, notificationHref } from '../notices/NotificationBell.tsx';
import { noticesApi } from '../notices/api.ts';
import { workbenchApi } from './api.ts';
import './workbench.css';

/** Where a section's whole list lives (the workbench shows its first items). */
function moreHref(section: WorkSection, homes: { ledger: number | null; supervision: number | null }): string | null {
  switch (section) {
    case 'tasks_to_fill':
    case 'tasks_to_review':
    case 'overdue_below':
      return '/campaigns';
    case 'problems_mine':
    case 'measures_mine':
    case 'problems_to_verify':
      return homes.ledger !== null ? `/ledger/${homes.ledger}` : null;
    case 'materials_to_write':
    case 'materials_to_review':
      return homes.supervision !== null ? `/supervision/${homes.supervision}` : null;
    case 'forms_to_answer':
      return homes.supervision !== null ? `/supervision/${homes.supervision}?tab=forms` : null;
    case 'notifications_unread':
      return '/notices';
  }
}

function ItemRow({ item }: { item: WorkItemView }) {
  const { t, locale } = useI18n();
  const title = item.notification ? describeNotification(item.notification, t, locale) : item.title;
  const n = item.notification;
  const href = n ? (notificationHref(n) ?? '/notices') : item.href;
  // Opening a message from the workbench reads it, as opening it from the bell does.
  const onClick = n ? () => void noticesApi.notificationRead(n.id).catch(() => undefined) : undefined;
  return (
    <li className="wb-item" data-testid={`wb-item-${item.key}`}>
      <Link to={href} className="wb-item-title" onClick={onClick}>
        {title}
      </Link>
      <div className="wb-item-meta">
        <span className="wb-item-org">{item.orgName}</span>
        {item.status && <Tag>{enumLabel(t, item.status.kind, item.status.value)}</Tag>}
        {item.mine && item.section !== 'notifications_unread' && <Tag color="blue">{t('wb.mine')}</Tag>}
        {item.due && (
          <Tag color={item.overdue ? 'red' : undefined} data-testid="wb-due">
            {item.overdue ? `${t('wb.overdue')} · ${item.due}` : t('wb.due', { date: item.due })}
          </Tag>
        )}
      </div>
    </li>
  );
}

function SectionCard({ s }: { s: WorkSectionView }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const more = moreHref(s.section, { ledger: me?.homes.ledger ?? null, supervision: me?.homes.supervision ?? null });
  return (
    <Card
      size="small"
      className={`wb-section${s.count === 0 ? ' wb-section-empty' : ''}`}
      data-testid={`wb-section-${s.section}`}
      title={
        <span>
          {enumLabel(t, 'workSection', s.section)}{' '}
          <Badge count={s.count} showZero={false} overflowCount={999} color={s.count ? '#c0392b' : undefined} />
        </span>
      }
      extra={more && s.count > 0 ? <Link to={more}>{t('wb.more')}</Link> : undefined}
    >
      {s.count === 0 ? (
        <Typography.Text type="secondary">{t('wb.none')}</Typography.Text>
      ) : (
        <>
          <ul className="wb-items">
            {s.items.map((it) => (
              <ItemRow key={it.key} item={it} />
            ))}
          </ul>
          {s.count > s.items.length && (
            <Typography.Text type="secondary" className="wb-shown">
              {t('wb.shown', { shown: s.items.length, count: s.count })}
            </Typography.Text>
          )}
        </>
      )}
    </Card>
  );
}

export function WorkbenchPage() {
  const { t } = useI18n();
  const { me } = useAuth();
  const mobile = useIsMobile();
  // The server words the items in the account's language: ask again once it has been saved.
  const wb = useApiData(() => workbenchApi.view(), [me?.user.locale]);
  const view = wb.data;
  // Sections with items first (in the server's order), the empty ones after them.
  const sections = view ? [...view.sections.filter((s) => s.count > 0), ...view.sections.filter((s) => !s.count)] : [];
  return (
    <div className={`page workbench-page${mobile ? ' is-mobile' : ''}`} data-testid="workbench">
      <div className="page-title-row">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('wb.title')}
        </Typography.Title>
        {view && (
          <Tag color={view.total ? 'red' : 'green'} data-testid="wb-total">
            {t('wb.total', { count: view.total })}
          </Tag>
        )}
      </div>
      {view && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 4 }}>
          {t('wb.greeting', { name: me?.user.displayName ?? '', date: view.today })}
        </Typography.Paragraph>
      )}
      {wb.error && <Alert type="error" showIcon message={t('wb.loadFailed', { error: apiErrorText(wb.error) })} />}
      {wb.loading && !view && <Skeleton active />}
      {view && view.total === 0 && <Empty description={t('wb.allDone')} style={{ margin: '16px 0' }} />}
      {view && (
        <div className="wb-grid">
          {sections.map((s) => (
            <SectionCard key={s.section} s={s} />
          ))}
        </div>
      )}
    </div>
  );
}
