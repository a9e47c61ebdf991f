/**
 * The audit trail of one entity (GET /api/audit?entityType&entityId), newest first: time, actor,
 * action, the fields that changed (before → after) and the event's short hash.
 */
import { Alert, Button, Drawer, Empty, Spin, Tag, Timeline, Tooltip, Typography } from 'antd';
import type { AuditEventView, Page } from '../../shared/api.ts';
import { auditApi } from '../api/audit.ts';
import { usePagedList } from '../api/paging.ts';
import { enumLabel, hasKey, useI18n, type TFunction } from '../i18n/index.tsx';
import { fmtDateTime } from './format.ts';
import { useIsMobile } from './hooks.ts';

interface AuditDrawerProps {
  open: boolean;
  onClose: () => void;
  entityType: 'org' | 'member' | 'user';
  entityId: number;
  title?: string;
}

export function AuditDrawer({ open, onClose, entityType, entityId, title }: AuditDrawerProps) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const list = usePagedList<AuditEventView>(
    (after) =>
      open
        ? auditApi.list(entityType, entityId, after)
        : Promise.resolve<Page<AuditEventView>>({ items: [], next: null }),
    [open, entityType, entityId],
  );
  const { items, loading, loadingMore, error } = list;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={title ?? t('audit.title')}
      size={mobile ? '100%' : 640}
      destroyOnHidden
    >
      <div data-testid="audit-drawer" className="audit-drawer">
        {error && <Alert type="error" showIcon title={error.message} style={{ marginBottom: 12 }} />}
        {!loading && !error && items.length === 0 && <Empty description={t('audit.empty')} />}
        {items.length > 0 && (
          <Timeline
            items={items.map((ev) => ({
              key: ev.id,
              color: actionColor(ev.action),
              content: <AuditEntry ev={ev} t={t} />,
            }))}
          />
        )}
        {(loading || loadingMore) && <Spin style={{ display: 'block', margin: '16px auto' }} />}
        {!loading && !loadingMore && list.hasMore && (
          <Button block onClick={() => void list.loadMore()} data-testid="audit-more">
            {t('common.loadMore')}
          </Button>
        )}
      </div>
    </Drawer>
  );
}

function actionColor(action: string): string {
  if (/dissolve|delete|remove|disable|deceased|lock/i.test(action)) return 'red';
  if (/create|import|add/i.test(action)) return 'green';
  if (/denied|forbidden|fail/i.test(action)) return 'gray';
  return 'blue';
}

/** "member.update" → the translated label, else the raw action. */
export function actionLabel(t: TFunction, action: string): string {
  const key = `audit.action.${action}`;
  return hasKey(key) ? t(key) : action;
}

function fieldLabel(t: TFunction, field: string, entityType?: string): string {
  const key = field === 'name' && entityType === 'member' ? 'field.memberName' : `field.${field}`;
  return hasKey(key) ? t(key) : field;
}

/** Which enum a field's values belong to, so that they are shown translated. */
function enumOf(field: string, entityType: string): string | null {
  switch (field) {
    case 'gender':
      return 'gender';
    case 'category':
      return 'memberCategory';
    case 'specialTypes':
    case 'specialType':
      return 'specialType';
    case 'level':
      return 'orgLevel';
    case 'kind':
      return 'orgKind';
    case 'role':
      return 'role';
    case 'locale':
      return 'locale';
    case 'fromStatus':
    case 'toStatus':
      return 'memberStatus';
    case 'status':
      return entityType === 'org' ? 'orgStatus' : entityType === 'user' ? 'userStatus' : 'memberStatus';
    default:
      return null;
  }
}

function show(t: TFunction, v: unknown, field = '', entityType = ''): string {
  if (v === undefined) return '';
  if (v === null || v === '') return '—';
  const en = enumOf(field, entityType);
  if (Array.isArray(v)) return v.length === 0 ? '—' : v.map((x) => show(t, x, field, entityType)).join('、');
  if (typeof v === 'boolean') return t(v ? 'common.yes' : 'common.no');
  if (typeof v === 'string') return en ? enumLabel(t, en, v) : v;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

function asRecord(v: unknown): Record<string, unknown> | null {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
}

/** Keys whose value differs between before and after (all keys when one side is missing). */
export function changedFields(
  before: unknown,
  after: unknown,
): Array<{ key: string; before: unknown; after: unknown }> {
  const b = asRecord(before);
  const a = asRecord(after);
  if (!b && !a) return [];
  const keys = Array.from(new Set([...Object.keys(b ?? {}), ...Object.keys(a ?? {})]));
  return keys
    .filter((k) => JSON.stringify(b?.[k]) !== JSON.stringify(a?.[k]))
    .map((k) => ({ key: k, before: b?.[k], after: a?.[k] }));
}

function AuditEntry({ ev, t }: { ev: AuditEventView; t: TFunction }) {
  const diff = changedFields(ev.before, ev.after);
  const created = !asRecord(ev.before) && !!asRecord(ev.after);
  const et = ev.entityType;
  const plainBefore = ev.before !== null && ev.before !== undefined && !asRecord(ev.before);
  const plainAfter = ev.after !== null && ev.after !== undefined && !asRecord(ev.after);
  const meta = asRecord(ev.meta);
  return (
    <div className="audit-entry" data-testid="audit-entry">
      <div className="audit-entry-head">
        <Tag className="audit-action">{actionLabel(t, ev.action)}</Tag>
        <span className="audit-actor">{ev.actorName ?? t('audit.system')}</span>
        <span className="audit-time">{fmtDateTime(ev.at)}</span>
      </div>
      {diff.length > 0 && (
        <table className="audit-diff">
          <tbody>
            {diff.map((d) =>
              created ? (
                <tr key={d.key}>
                  <th>{fieldLabel(t, d.key, et)}</th>
                  <td className="audit-after">{show(t, d.after, d.key, et)}</td>
                </tr>
              ) : (
                <tr key={d.key}>
                  <th>{fieldLabel(t, d.key, et)}</th>
                  <td className="audit-before">{show(t, d.before, d.key, et)}</td>
                  <td className="audit-arrow">→</td>
                  <td className="audit-after">{show(t, d.after, d.key, et)}</td>
                </tr>
              ),
            )}
          </tbody>
        </table>
      )}
      {(plainBefore || plainAfter) && (
        <div className="audit-plain">
          {show(t, ev.before)} → {show(t, ev.after)}
        </div>
      )}
      {meta && Object.keys(meta).length > 0 && (
        <div className="audit-meta">
          {Object.entries(meta).map(([k, v]) => (
            <span key={k}>
              {fieldLabel(t, k, et)}: {show(t, v, k, et)}
            </span>
          ))}
        </div>
      )}
      <Tooltip title={ev.hash}>
        <Typography.Text type="secondary" className="audit-hash" copyable={{ text: ev.hash }}>
          {t('audit.hash')} {ev.hash.slice(0, 12)}
        </Typography.Text>
      </Tooltip>
    </div>
  );
}
