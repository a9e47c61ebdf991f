/**
 * /notices — the inbox of notices (通知、工作提示、通报) sent to the user's organizations, the
 * sent box of an office, and the compose drawer; /notices/:id — one notice, marked read on
 * opening, with its attachments and, for the sender, the read receipts rolled up by child unit.
 */
import { useEffect, useRef, useState } from 'react';
import {
  App,
  Badge,
  Breadcrumb,
  Button,
  Card,
  Col,
  Descriptions,
  Drawer,
  Empty,
  Form,
  Input,
  List,
  Progress,
  Radio,
  Result,
  Row,
  Select,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tabs,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { MailOutlined, PaperClipOutlined, SendOutlined, UploadOutlined } from '@ant-design/icons';
import type { NoticeDetailView, NoticeListAbilities, NoticeView } from '../../../shared/notices.ts';
import { NOTICE_KINDS, type NoticeKind } from '../../../shared/notices.ts';
import { ApiError } from '../../api/client.ts';
import { usePagedList } from '../../api/paging.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { PagedList } from '../../components/PagedList.tsx';
import { fmtDateTime } from '../../components/format.ts';
import { OrgSelect } from '../../components/OrgSelect.tsx';
import { RichText } from '../../components/RichText.tsx';
import { txt } from '../campaigns/text.ts';
import { campaignsApi } from '../campaigns/api.ts';
import { noticesApi, type NoticeInput } from './api.ts';

const KIND_COLORS: Record<string, string> = { notice: 'red', tip: 'blue', bulletin: 'orange' };

/** What the first page of GET /api/notices says the actor may do at list level. */
interface ListInfo {
  abilities: NoticeListAbilities;
  sendOrgs: Array<{ id: number; name: string }>;
}

export function NoticesPage() {
  const { t } = useI18n();
  const { query, navigate } = useRouter();
  const [info, setInfo] = useState<ListInfo>({ abilities: { send: false, sentBox: false }, sendOrgs: [] });
  const box = query.get('box') === 'sent' && info.abilities.sentBox ? 'sent' : 'inbox';
  const [composing, setComposing] = useState(false);
  const [version, setVersion] = useState(0);
  return (
    <div className="page notices-page">
      <div className="page-title-row">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.notices')}
        </Typography.Title>
        {info.abilities.send && (
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={() => setComposing(true)}
            data-testid="notice-compose"
            data-ability="send"
          >
            {t('notice.compose')}
          </Button>
        )}
      </div>
      <Tabs
        activeKey={box}
        onChange={(k) => navigate(`/notices?box=${k}`, { replace: true })}
        items={[
          {
            key: 'inbox',
            label: t('notice.inbox'),
            children: <NoticeList key={`in-${version}`} box="inbox" onInfo={setInfo} />,
          },
          ...(info.abilities.sentBox
            ? [
                {
                  key: 'sent',
                  label: <span data-ability="sentBox">{t('notice.sent')}</span>,
                  children: <NoticeList key={`out-${version}`} box="sent" onInfo={setInfo} />,
                },
              ]
            : []),
        ]}
      />
      {composing && (
        <ComposeDrawer
          sendOrgs={info.sendOrgs}
          onClose={() => setComposing(false)}
          onSent={(id) => {
            setComposing(false);
            setVersion((v) => v + 1);
            navigate(`/notices/${id}`);
          }}
        />
      )}
    </div>
  );
}

function NoticeList({ box, onInfo }: { box: 'inbox' | 'sent'; onInfo: (info: ListInfo) => void }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const list = usePagedList<NoticeView>(
    (after) =>
      noticesApi.list(box, after).then((p) => {
        if (after === null) onInfo({ abilities: p.abilities, sendOrgs: p.sendOrgs });
        return p;
      }),
    [box],
  );
  const kindTag = (n: NoticeView) => <Tag color={KIND_COLORS[n.kind]}>{enumLabel(t, 'noticeKind', n.kind)}</Tag>;
  const title = (n: NoticeView) => (
    <Space wrap size={4}>
      {box === 'inbox' && (
        <Badge dot={n.unread}>
          <MailOutlined style={{ fontSize: 16, color: n.unread ? '#c8102e' : '#bfbfbf' }} />
        </Badge>
      )}
      {kindTag(n)}
      <span style={{ fontWeight: n.unread ? 600 : 400 }}>{n.title}</span>
      {n.status === 'draft' && <Tag>{t('notice.draft')}</Tag>}
    </Space>
  );
  const readOf = (n: NoticeView) =>
    box === 'sent' && n.status === 'sent' ? t('notice.readOf', { read: n.readCount, total: n.recipientCount }) : '';
  return (
    <Card variant="borderless">
      <PagedList<NoticeView>
        list={list}
        rowKey="id"
        testId={`notices-${box}`}
        empty={<Empty description={box === 'inbox' ? t('notice.inboxEmpty') : t('notice.sentEmpty')} />}
        tableProps={{
          onRow: (n) => ({ onClick: () => navigate(`/notices/${n.id}`), className: 'clickable' }),
          rowClassName: (n) => (n.unread ? 'notice-unread' : ''),
        }}
        renderCard={(n) => (
          <div className="clickable" onClick={() => navigate(`/notices/${n.id}`)} data-testid={`notice-${n.id}`}>
            {title(n)}
            <div className="muted">
              <Space wrap size={[12, 0]}>
                <span>{n.orgName}</span>
                {n.docNumber && <span>{n.docNumber}</span>}
                <span>{fmtDateTime(n.sentAt ?? n.createdAt)}</span>
                {n.attachmentCount > 0 && (
                  <span>
                    <PaperClipOutlined /> {n.attachmentCount}
                  </span>
                )}
                {readOf(n) && <span>{readOf(n)}</span>}
              </Space>
            </div>
          </div>
        )}
        columns={[
          {
            title: t('notice.title'),
            key: 'title',
            render: (_, n) => (
              <div data-testid={`notice-${n.id}`}>
                {title(n)}
                <div className="muted">{fmtDateTime(n.sentAt ?? n.createdAt)}</div>
              </div>
            ),
          },
          { title: t('notice.from'), dataIndex: 'orgName', width: 200 },
          {
            title: t('campaign.docNumber'),
            dataIndex: 'docNumber',
            width: 180,
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('tasks.attachments'),
            dataIndex: 'attachmentCount',
            width: 80,
            render: (v: number) =>
              v > 0 ? (
                <span>
                  <PaperClipOutlined /> {v}
                </span>
              ) : (
                ''
              ),
          },
          ...(box === 'sent'
            ? [
                {
                  title: t('notice.receipts'),
                  key: 'read',
                  width: 130,
                  render: (_: unknown, n: NoticeView) => readOf(n),
                },
              ]
            : []),
        ]}
      />
    </Card>
  );
}

interface ComposeForm {
  orgId: number;
  kind: NoticeKind;
  title: string;
  docNumber?: string;
  campaignId?: number;
  audience: 'subtree' | 'selection';
}

/** Write a notice; attachments are added to a saved draft, then it is sent. */
function ComposeDrawer({
  sendOrgs,
  onClose,
  onSent,
}: {
  /** The orgs the server says the actor may send from (GET /api/notices `sendOrgs`). */
  sendOrgs: Array<{ id: number; name: string }>;
  onClose: () => void;
  onSent: (id: number) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<ComposeForm>();
  const [body, setBody] = useState('');
  const [selected, setSelected] = useState<Array<{ id: number; name: string }>>([]);
  const [draft, setDraft] = useState<NoticeDetailView | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const campaigns = useApiData(() => campaignsApi.choices(), []);
  const audience = Form.useWatch('audience', form);

  const payload = (v: ComposeForm): NoticeInput => ({
    kind: v.kind,
    title: v.title,
    docNumber: v.docNumber || undefined,
    body,
    campaignId: v.campaignId,
    audience: v.audience,
    orgIds: v.audience === 'selection' ? selected.map((o) => o.id) : [],
  });

  const saveDraft = async (): Promise<NoticeDetailView | null> => {
    const v = await form.validateFields();
    setBusy('draft');
    try {
      const n = draft
        ? await noticesApi.update(draft.id, {
            ...payload(v),
            docNumber: v.docNumber || null,
            campaignId: v.campaignId ?? null,
          })
        : await noticesApi.create({ orgId: v.orgId, ...payload(v), draft: true });
      setDraft(n);
      return n;
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
      return null;
    } finally {
      setBusy(null);
    }
  };

  const send = async () => {
    const v = await form.validateFields();
    setBusy('send');
    try {
      let id: number;
      if (draft) {
        await noticesApi.update(draft.id, {
          ...payload(v),
          docNumber: v.docNumber || null,
          campaignId: v.campaignId ?? null,
        });
        id = (await noticesApi.send(draft.id)).id;
      } else {
        id = (await noticesApi.create({ orgId: v.orgId, ...payload(v) })).id;
      }
      message.success(t('notice.sentOk'));
      onSent(id);
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const upload = async (file: File) => {
    const d = draft ?? (await saveDraft());
    if (!d) return;
    setBusy('upload');
    try {
      setDraft(await noticesApi.uploadAttachment(d.id, file));
    } catch (e) {
      message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 720}
      title={t('notice.compose')}
      extra={
        <Space>
          <Button onClick={() => void saveDraft()} loading={busy === 'draft'}>
            {t('notice.saveDraft')}
          </Button>
          <Button
            type="primary"
            icon={<SendOutlined />}
            onClick={() => void send()}
            loading={busy === 'send'}
            data-testid="notice-send"
          >
            {t('notice.send')}
          </Button>
        </Space>
      }
    >
      <Form<ComposeForm>
        form={form}
        layout="vertical"
        initialValues={{ orgId: sendOrgs[0]?.id, kind: 'notice', audience: 'subtree' }}
      >
        <Row gutter={12}>
          <Col xs={24} sm={14}>
            <Form.Item
              name="orgId"
              label={t('notice.from')}
              rules={[{ required: true, message: t('validation.required') }]}
            >
              <Select disabled={!!draft} options={sendOrgs.map((o) => ({ value: o.id, label: o.name }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="kind" label={t('notice.kind')}>
              <Radio.Group
                optionType="button"
                options={NOTICE_KINDS.map((k) => ({ value: k, label: enumLabel(t, 'noticeKind', k) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          name="title"
          label={t('notice.title')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Input maxLength={200} data-testid="notice-title" />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={10}>
            <Form.Item name="docNumber" label={t('campaign.docNumber')}>
              <Input maxLength={60} placeholder={t('campaign.docNumberPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={14}>
            <Form.Item name="campaignId" label={t('notice.campaign')}>
              <Select
                allowClear
                options={(campaigns.data ?? []).map((c) => ({ value: c.id, label: txt(c.name, locale) }))}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item label={t('notice.body')}>
          <RichText value={body} onChange={setBody} testId="notice-body" />
        </Form.Item>
        <Form.Item name="audience" label={t('notice.audience')}>
          <Radio.Group
            options={[
              { value: 'subtree', label: t('notice.audienceSubtree') },
              { value: 'selection', label: t('notice.audienceSelection') },
            ]}
          />
        </Form.Item>
        {audience === 'selection' && (
          <Form.Item label={t('notice.recipients')}>
            <OrgSelect
              placeholder={t('notice.addRecipient')}
              style={{ width: '100%' }}
              value={null}
              onChange={(id, org) =>
                id && org && !selected.some((o) => o.id === id) && setSelected([...selected, { id, name: org.name }])
              }
            />
            <div style={{ marginTop: 8 }}>
              {selected.map((o) => (
                <Tag key={o.id} closable onClose={() => setSelected(selected.filter((x) => x.id !== o.id))}>
                  {o.name}
                </Tag>
              ))}
            </div>
          </Form.Item>
        )}
        <Form.Item label={t('tasks.attachments')} extra={t('notice.attachHelp')}>
          <List
            size="small"
            dataSource={draft?.attachmentList ?? []}
            renderItem={(f) => (
              <List.Item>
                <PaperClipOutlined /> {f.filename}
              </List.Item>
            )}
            locale={{ emptyText: t('tasks.noAttachments') }}
          />
          <Upload
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
            showUploadList={false}
          >
            <Button icon={<UploadOutlined />} loading={busy === 'upload'}>
              {t('tasks.upload')}
            </Button>
          </Upload>
        </Form.Item>
      </Form>
    </Drawer>
  );
}

export function NoticePage({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const { navigate } = useRouter();
  const notice = useApiData(() => noticesApi.get(id), [id]);
  const marked = useRef(false);
  const n = notice.data;

  // Opening a notice is reading it: the receipt goes back to the sender.
  useEffect(() => {
    if (!n || marked.current || !n.abilities.markRead || !n.unread) return;
    marked.current = true;
    void noticesApi
      .markRead(id)
      .then((d) => notice.setData(d))
      .catch(() => undefined);
  }, [n, id, notice]);

  if (notice.error) {
    return (
      <Result
        status={notice.error.status === 404 ? '404' : 'error'}
        title={t('notice.notFound')}
        subTitle={notice.error.message}
        extra={<Button onClick={() => navigate('/notices')}>{t('notice.back')}</Button>}
      />
    );
  }
  if (!n) return <Skeleton active paragraph={{ rows: 8 }} />;
  return (
    <div className="page notice-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          { key: 'l', title: <Link to="/notices">{t('nav.notices')}</Link> },
          { key: 'n', title: n.title },
        ]}
      />
      <Card variant="borderless" className="notice-paper">
        <div className="notice-issuer">{n.orgName}</div>
        {n.docNumber && <div className="notice-docno">{n.docNumber}</div>}
        <div className="notice-rule" />
        <Typography.Title level={3} className="notice-title" data-testid="notice-title-view">
          {n.title}
        </Typography.Title>
        <Space wrap style={{ marginBottom: 12 }}>
          <Tag color={KIND_COLORS[n.kind]}>{enumLabel(t, 'noticeKind', n.kind)}</Tag>
          {n.status === 'draft' && <Tag>{t('notice.draft')}</Tag>}
          {n.campaignName && <Link to={`/campaigns/${n.campaignId}`}>{txt(n.campaignName, locale)}</Link>}
          <span className="muted">{fmtDateTime(n.sentAt ?? n.createdAt)}</span>
        </Space>
        <RichText value={n.body} readOnly />
        {n.attachmentList.length > 0 && (
          <List
            size="small"
            header={t('tasks.attachments')}
            dataSource={n.attachmentList}
            renderItem={(f) => (
              <List.Item>
                <a href={noticesApi.attachmentHref(f.id)}>
                  <PaperClipOutlined /> {f.filename}
                </a>
              </List.Item>
            )}
          />
        )}
        {n.recipients.length > 0 && (
          <Descriptions size="small" column={1} style={{ marginTop: 12 }}>
            {n.recipients.map((r) => (
              <Descriptions.Item key={r.orgId} label={r.orgName}>
                {r.readAt
                  ? t('notice.readBy', { name: r.readByName ?? '', at: fmtDateTime(r.readAt) })
                  : t('notice.unread')}
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
      </Card>
      {n.abilities.receipts && <Receipts id={id} />}
    </div>
  );
}

function Receipts({ id }: { id: number }) {
  const { t } = useI18n();
  const [child, setChild] = useState<number | undefined>(undefined);
  const r = useApiData(() => noticesApi.receipts(id, child), [id, child]);
  const d = r.data;
  if (!d) return <Skeleton active />;
  return (
    <Card variant="borderless" title={t('notice.receipts')} className="task-card" data-testid="notice-receipts">
      <Row gutter={[12, 12]}>
        <Col xs={8}>
          <Statistic title={t('notice.recipientsTotal')} value={d.total} />
        </Col>
        <Col xs={8}>
          <Statistic title={t('notice.readCount')} value={d.read} valueStyle={{ color: '#389e0d' }} />
        </Col>
        <Col xs={8}>
          <Statistic title={t('notice.unreadCount')} value={d.unread} valueStyle={{ color: '#cf1322' }} />
        </Col>
      </Row>
      <Progress
        percent={d.total ? Math.round((d.read / d.total) * 1000) / 10 : 0}
        strokeColor="#c8102e"
        style={{ margin: '12px 0' }}
      />
      {d.children.length > 0 && (
        <Table
          size="small"
          rowKey="orgId"
          dataSource={d.children}
          pagination={false}
          onRow={(x) => ({ onClick: () => setChild(child === x.orgId ? undefined : x.orgId), className: 'clickable' })}
          rowClassName={(x) => (x.orgId === child ? 'ant-table-row-selected' : '')}
          columns={[
            { title: t('progress.unit'), dataIndex: 'name' },
            { title: t('notice.recipientsTotal'), dataIndex: 'total', width: 90 },
            { title: t('notice.readCount'), dataIndex: 'read', width: 90 },
            {
              title: t('notice.unreadCount'),
              dataIndex: 'unread',
              width: 90,
              render: (v: number) => (v > 0 ? <Typography.Text type="danger">{v}</Typography.Text> : v),
            },
          ]}
        />
      )}
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        {t('notice.unreadOrgs', { count: d.unreadTotal })}
      </Typography.Title>
      <div data-testid="notice-unread-orgs">
        {d.unreadOrgs.map((o) => (
          <Tag key={o.orgId} style={{ marginBottom: 4 }}>
            {o.name}
          </Tag>
        ))}
      </div>
    </Card>
  );
}
