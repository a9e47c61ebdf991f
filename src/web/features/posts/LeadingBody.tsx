import { Alert, Empty, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import type { OrgPostView } from '../../../shared/api.ts';
import { useApiData } from '../../components/hooks.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { postsApi } from './api.ts';

/** The leading body (领导班子) of an org: today's holders, or every post ever held. */
export function LeadingBody({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const [history, setHistory] = useState(false);
  const body = useApiData(() => postsApi.body({ org: orgId, history }), [orgId, history]);
  const post = (p: OrgPostView) => p.title || enumLabel(t, 'orgPost', p.post);
  return (
    <div data-testid="leading-body">
      <div style={{ marginBottom: 12 }}>
        <Switch size="small" checked={history} onChange={setHistory} data-testid="body-history" /> {t('posts.history')}
      </div>
      {body.error && <Alert type="error" showIcon message={body.error.message} />}
      <Table<OrgPostView>
        rowKey="id"
        size="small"
        loading={body.loading}
        pagination={false}
        scroll={{ x: true }}
        dataSource={body.data?.items ?? []}
        locale={{ emptyText: <Empty description={t('posts.empty')} /> }}
        columns={[
          { title: t('posts.post'), key: 'post', render: (_: unknown, p) => post(p) },
          {
            title: t('posts.holder'),
            key: 'holder',
            render: (_: unknown, p) => (
              <span>
                {p.holder.name}
                {p.holder.outside && (
                  <Tag style={{ marginInlineStart: 6 }}>
                    {t('posts.outside')}
                    {p.holder.unit ? ` · ${p.holder.unit}` : ''}
                  </Tag>
                )}
              </span>
            ),
          },
          { title: t('posts.term'), dataIndex: 'term', key: 'term' },
          {
            title: t('posts.period'),
            key: 'period',
            render: (_: unknown, p) => `${p.startDate} — ${p.endDate ?? t('posts.now')}`,
          },
        ]}
      />
    </div>
  );
}
