import { Alert, App, Button, DatePicker, Empty, Form, Input, Modal, Spin, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { useState } from 'react';
import type { Dayjs } from 'dayjs';
import type { OrgPostView } from '../../../shared/api.ts';
import { ApiError } from '../../api/client.ts';
import { todayDayjs } from '../../components/format.ts';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import '../../components/PagedList.css';
import { postsApi } from './api.ts';
import { PostDrawer } from './PostDrawer.tsx';

/**
 * The leading body (领导班子) of an org: today's holders, or every post ever held. Those who keep
 * the body add a post (abilities.create) and end a current one (each row's abilities.end). On a
 * phone the body is a list of cards (post, holder, since, term).
 */
export function LeadingBody({ orgId }: { orgId: number }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [history, setHistory] = useState(false);
  const [adding, setAdding] = useState(false);
  const [ending, setEnding] = useState<OrgPostView | null>(null);
  const body = useApiData(() => postsApi.body({ org: orgId, history }), [orgId, history]);
  const post = (p: OrgPostView) => p.title || enumLabel(t, 'orgPost', p.post);
  const items = body.data?.items ?? [];

  const holder = (p: OrgPostView) => (
    <span>
      {p.holder.name}
      {p.holder.outside && (
        <Tag style={{ marginInlineStart: 6 }}>
          {t('posts.outside')}
          {p.holder.unit ? ` · ${p.holder.unit}` : ''}
        </Tag>
      )}
    </span>
  );
  const period = (p: OrgPostView) => `${p.startDate} — ${p.endDate ?? t('posts.now')}`;
  const endButton = (p: OrgPostView) =>
    p.abilities.end && (
      <Button size="small" danger onClick={() => setEnding(p)} data-ability="end" data-testid={`post-end-${p.id}`}>
        {t('posts.end')}
      </Button>
    );

  return (
    <div data-testid="leading-body">
      <div className="table-toolbar" style={{ display: 'flex', flexWrap: 'wrap', gap: 12, marginBottom: 12 }}>
        <span>
          <Switch size="small" checked={history} onChange={setHistory} data-testid="body-history" />{' '}
          {t('posts.history')}
        </span>
        <div style={{ flex: 1 }} />
        {body.data?.abilities.create && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setAdding(true)}
            data-ability="create"
            data-testid="post-add"
          >
            {t('posts.add')}
          </Button>
        )}
      </div>
      {body.error && <Alert type="error" showIcon message={body.error.message} />}
      {mobile ? (
        <div className="paged-cards" data-testid="leading-body-cards">
          {body.loading && (
            <div className="paged-cards-loading">
              <Spin />
            </div>
          )}
          {!body.loading && items.length === 0 && <Empty description={t('posts.empty')} />}
          {items.map((p) => (
            <div className="paged-card" key={p.id} data-testid="post-card">
              <div style={{ display: 'flex', justifyContent: 'space-between', gap: 8 }}>
                <Typography.Text strong>{post(p)}</Typography.Text>
                {endButton(p)}
              </div>
              <div>{holder(p)}</div>
              <Typography.Text type="secondary">
                {t('posts.since')} {p.startDate}
                {p.endDate ? ` — ${p.endDate}` : ''}
                {p.term ? ` · ${p.term}` : ''}
              </Typography.Text>
            </div>
          ))}
        </div>
      ) : (
        <Table<OrgPostView>
          rowKey="id"
          size="small"
          loading={body.loading}
          pagination={false}
          scroll={{ x: true }}
          dataSource={items}
          locale={{ emptyText: <Empty description={t('posts.empty')} /> }}
          columns={[
            { title: t('posts.post'), key: 'post', render: (_: unknown, p) => post(p) },
            { title: t('posts.holder'), key: 'holder', render: (_: unknown, p) => holder(p) },
            { title: t('posts.term'), dataIndex: 'term', key: 'term' },
            { title: t('posts.period'), key: 'period', render: (_: unknown, p) => period(p) },
            { title: '', key: 'actions', render: (_: unknown, p) => endButton(p) },
          ]}
        />
      )}
      <PostDrawer
        orgId={orgId}
        open={adding}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          body.reload();
        }}
      />
      {ending && (
        <EndPostModal
          post={ending}
          label={post(ending)}
          onCancel={() => setEnding(null)}
          onEnded={() => {
            setEnding(null);
            body.reload();
          }}
        />
      )}
    </div>
  );
}

/** 免职: the end date (today by default) and the reason (POST /api/posts/:id/end). */
function EndPostModal({
  post,
  label,
  onCancel,
  onEnded,
}: {
  post: OrgPostView;
  label: string;
  onCancel: () => void;
  onEnded: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ endDate: Dayjs | null; reason?: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async (v: { endDate: Dayjs | null; reason?: string }) => {
    setBusy(true);
    setError(null);
    try {
      await postsApi.end(post.id, { endDate: v.endDate!.format('YYYY-MM-DD'), reason: v.reason?.trim() ?? '' });
      message.success(t('common.saved'));
      onEnded();
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={t('posts.endTitle', { name: post.holder.name, post: label })}
      onCancel={onCancel}
      okText={t('posts.end')}
      okButtonProps={{ danger: true, 'data-testid': 'post-end-ok' } as never}
      confirmLoading={busy}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} />}
      <Form form={form} layout="vertical" initialValues={{ endDate: todayDayjs() }} onFinish={(v) => void submit(v)}>
        <Form.Item
          name="endDate"
          label={t('posts.endDate')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <DatePicker style={{ width: '100%' }} data-testid="post-end-date" />
        </Form.Item>
        <Form.Item name="reason" label={t('posts.endReason')}>
          <Input maxLength={200} data-testid="post-end-reason" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
