/**
 * /orgs/:id — breadcrumbs, name and tags, statistics, the children and members tabs, and the
 * actions the caller's abilities allow.
 */
import { useState } from 'react';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Col,
  Dropdown,
  Result,
  Row,
  Skeleton,
  Space,
  Statistic,
  Switch,
  Table,
  Tabs,
  Tag,
  Typography,
} from 'antd';
import {
  AuditOutlined,
  DeleteOutlined,
  DownloadOutlined,
  DragOutlined,
  EditOutlined,
  MoreOutlined,
  PlusOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import type { OrgDetailView, OrgView } from '../../../shared/api.ts';
import { MEMBER_CATEGORIES, SPECIAL_TYPES } from '../../../shared/enums.ts';
import { orgsApi } from './api.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useShell, useShellOrg } from '../../app/shell.tsx';
import { useApiData, useDownloader, useIsMobile } from '../../components/hooks.ts';
import { fmtDateTime } from '../../components/format.ts';
import { AuditDrawer } from '../../components/AuditDrawer.tsx';
import { OrgDissolveModal, OrgFormModal, OrgImportModal, OrgMoveModal } from './OrgModals.tsx';
import { MembersTab } from '../members/MembersTab.tsx';
import { LeadingBody } from '../posts/LeadingBody.tsx';

type Dialog = null | 'create' | 'edit' | 'move' | 'dissolve' | 'import' | 'audit';

export function OrgPage({ id }: { id: number }) {
  const { t } = useI18n();
  const { navigate, query } = useRouter();
  const { refreshTree } = useShell();
  const mobile = useIsMobile();
  const downloader = useDownloader();
  const detail = useApiData(() => orgsApi.get(id), [id]);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [childVersion, setChildVersion] = useState(0);
  const org = detail.data;

  useShellOrg(org);

  if (detail.error) {
    return (
      <Result
        status={detail.error.status === 404 ? '404' : 'error'}
        title={detail.error.status === 404 ? t('org.notFound') : t('common.loadFailed')}
        subTitle={detail.error.message}
        extra={<Button onClick={() => navigate('/')}>{t('common.backHome')}</Button>}
      />
    );
  }
  if (!org) return <Skeleton active paragraph={{ rows: 8 }} />;

  const ab = org.abilities;
  const tab = query.get('tab') ?? (org.childCount === 0 ? 'members' : 'children');
  const setTab = (k: string) => navigate(`/orgs/${id}?tab=${k}`, { replace: true });
  const afterChange = (o?: OrgDetailView, keepDialog = false) => {
    if (!keepDialog) setDialog(null);
    if (o && o.id === org.id) detail.setData(o);
    else detail.reload();
    setChildVersion((v) => v + 1);
    refreshTree();
  };

  const crumbs = org.breadcrumbs.filter((b) => b.id !== org.id);

  // Less frequent actions go into "More" on phones.
  const secondary = [
    ab.update && {
      key: 'edit',
      icon: <EditOutlined />,
      label: t('common.edit'),
      testid: 'org-edit',
      ability: 'update',
    },
    ab.move && { key: 'move', icon: <DragOutlined />, label: t('org.move'), testid: 'org-move', ability: 'move' },
    ab.dissolve && {
      key: 'dissolve',
      icon: <DeleteOutlined />,
      label: t('org.dissolve'),
      danger: true,
      testid: 'org-dissolve',
      ability: 'dissolve',
    },
    ab.createChild && {
      key: 'import',
      icon: <UploadOutlined />,
      label: t('org.import'),
      testid: 'org-import',
      ability: 'createChild',
    },
  ].filter(Boolean) as Array<{
    key: Dialog & string;
    icon: React.ReactNode;
    label: string;
    danger?: boolean;
    testid: string;
    ability: keyof OrgDetailView['abilities'];
  }>;

  return (
    <div className="page org-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          ...crumbs.map((b) => ({ key: b.id, title: <Link to={`/orgs/${b.id}`}>{b.name}</Link> })),
          { key: org.id, title: org.name },
        ]}
      />
      <Card className="page-head" variant="borderless">
        <div className="page-head-row">
          <div className="page-head-title">
            <Typography.Title level={3} className="org-title" data-testid="org-title">
              {org.name}
            </Typography.Title>
            <Space size={[4, 4]} wrap>
              <Tag color="red" variant="outlined">
                {enumLabel(t, 'orgLevel', org.level)}
              </Tag>
              <Tag>{enumLabel(t, 'orgKind', org.kind)}</Tag>
              <Tag color={org.status === 'active' ? 'green' : 'default'}>{enumLabel(t, 'orgStatus', org.status)}</Tag>
              {org.code && (
                <Typography.Text type="secondary" className="org-code">
                  {t('field.code')}: {org.code}
                </Typography.Text>
              )}
              {org.shortName && org.shortName !== org.name && (
                <Typography.Text type="secondary">
                  {t('field.shortName')}: {org.shortName}
                </Typography.Text>
              )}
            </Space>
          </div>
          <Space wrap className="page-actions">
            {ab.createChild && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setDialog('create')}
                data-testid="org-create-child"
                data-ability="createChild"
              >
                {t('org.createChild')}
              </Button>
            )}
            {!mobile &&
              secondary.map((a) => (
                <Button
                  key={a.key}
                  icon={a.icon}
                  danger={a.danger}
                  onClick={() => setDialog(a.key)}
                  data-testid={a.testid}
                  data-ability={a.ability}
                >
                  {a.label}
                </Button>
              ))}
            {ab.readAudit && (
              <Button
                icon={<AuditOutlined />}
                onClick={() => setDialog('audit')}
                data-testid="audit-open"
                data-ability="readAudit"
              >
                {t('audit.open')}
              </Button>
            )}
            <Button
              icon={<DownloadOutlined />}
              loading={downloader.busy === 'org-export'}
              onClick={() => void downloader.download('org-export', () => orgsApi.export(org.id))}
              data-testid="org-export"
            >
              {t('org.export')}
            </Button>
            {mobile && secondary.length > 0 && (
              <Dropdown
                trigger={['click']}
                menu={{
                  items: secondary.map((a) => ({
                    key: a.key,
                    icon: a.icon,
                    label: a.label,
                    danger: a.danger,
                    'data-ability': a.ability,
                  })),
                  onClick: ({ key }) => setDialog(key as Dialog),
                }}
              >
                <Button icon={<MoreOutlined />} data-more-actions="">
                  {t('common.more')}
                </Button>
              </Dropdown>
            )}
          </Space>
        </div>
        {org.status === 'dissolved' && (
          <Alert
            style={{ marginTop: 12 }}
            type="warning"
            showIcon
            title={t('org.dissolvedAt', { at: fmtDateTime(org.dissolvedAt) })}
            description={org.dissolveReason ?? undefined}
          />
        )}
      </Card>

      <OrgStats org={org} />

      <Card className="page-tabs" variant="borderless">
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'children',
              label: (
                <span data-testid="tab-children">
                  {t('org.tabChildren')} ({org.childCount})
                </span>
              ),
              children: <ChildrenTable parent={org} version={childVersion} />,
            },
            {
              key: 'members',
              label: (
                <span data-testid="tab-members">
                  {t('org.tabMembers')} ({org.stats.members})
                </span>
              ),
              children: <MembersTab org={org} onChanged={() => afterChange()} />,
            },
            {
              key: 'body',
              label: <span data-testid="tab-body">{t('org.tabBody')}</span>,
              children: <LeadingBody orgId={org.id} />,
            },
          ]}
        />
      </Card>

      <OrgFormModal
        mode="create"
        org={org}
        open={dialog === 'create'}
        onClose={() => setDialog(null)}
        onSaved={() => afterChange()}
      />
      <OrgFormModal
        mode="edit"
        org={org}
        open={dialog === 'edit'}
        onClose={() => setDialog(null)}
        onSaved={(o) => afterChange(o)}
      />
      <OrgMoveModal
        org={org}
        open={dialog === 'move'}
        onClose={() => setDialog(null)}
        onSaved={(o) => afterChange(o)}
      />
      <OrgDissolveModal
        org={org}
        open={dialog === 'dissolve'}
        onClose={() => setDialog(null)}
        onSaved={(o) => afterChange(o)}
      />
      <OrgImportModal
        org={org}
        open={dialog === 'import'}
        onClose={() => setDialog(null)}
        onImported={() => afterChange(undefined, true)}
      />
      <AuditDrawer
        open={dialog === 'audit'}
        onClose={() => setDialog(null)}
        entityType="org"
        entityId={org.id}
        title={t('audit.titleOf', { name: org.name })}
      />
    </div>
  );
}

function OrgStats({ org }: { org: OrgDetailView }) {
  const { t } = useI18n();
  const s = org.stats;
  const total = Math.max(1, s.members);
  // On phones: three across, then two, then the special types across the whole width.
  const cards: Array<{ key: string; title: string; value: number; suffix?: string; xs: number }> = [
    { key: 'members', title: t('stats.members'), value: s.members, suffix: t('unit.person'), xs: 8 },
    { key: 'orgs', title: t('stats.orgs'), value: s.orgs, suffix: t('unit.org'), xs: 8 },
    { key: 'branches', title: t('stats.branches'), value: s.branches, suffix: t('unit.org'), xs: 8 },
    { key: 'membersOwn', title: t('stats.membersOwn'), value: s.membersOwn, suffix: t('unit.person'), xs: 12 },
    {
      key: 'probationary',
      title: t('stats.probationary'),
      value: s.byCategory?.probationary ?? 0,
      suffix: t('unit.person'),
      xs: 12,
    },
  ];
  return (
    <Row gutter={[12, 12]} className="stats-row" data-testid="org-stats">
      {cards.map((c) => (
        <Col key={c.key} xs={c.xs} sm={8} xl={4}>
          <Card size="small" variant="borderless" className="stat-card">
            <Statistic title={c.title} value={c.value} suffix={c.suffix} />
          </Card>
        </Col>
      ))}
      <Col xs={24} sm={8} xl={4} className="stat-split-col">
        <Card size="small" variant="borderless" className="stat-card">
          <div className="stat-list-title">{t('stats.bySpecialType')}</div>
          <div className="stat-lines">
            {SPECIAL_TYPES.map((k) => (
              <div className="stat-line" key={k}>
                <span>{enumLabel(t, 'specialType', k)}</span>
                <b>{s.bySpecialType?.[k] ?? 0}</b>
              </div>
            ))}
          </div>
        </Card>
      </Col>
      <Col xs={24}>
        <Card size="small" variant="borderless" className="stat-card">
          <div className="stat-list-title">{t('stats.byCategory')}</div>
          <div className="category-bars">
            {MEMBER_CATEGORIES.map((k) => {
              const n = s.byCategory?.[k] ?? 0;
              return (
                <div className="category-bar" key={k}>
                  <span className="category-bar-label">{enumLabel(t, 'memberCategory', k)}</span>
                  <span className="category-bar-track">
                    <span className="category-bar-fill" style={{ width: `${(n / total) * 100}%` }} />
                  </span>
                  <b className="category-bar-value">{n}</b>
                </div>
              );
            })}
          </div>
        </Card>
      </Col>
    </Row>
  );
}

function ChildrenTable({ parent, version }: { parent: OrgDetailView; version: number }) {
  const { t } = useI18n();
  const { navigate } = useRouter();
  const [includeDissolved, setIncludeDissolved] = useState(false);
  const list = useApiData(
    () => orgsApi.list({ parent: parent.id, includeDissolved }),
    [parent.id, includeDissolved, version],
  );
  return (
    <div>
      <div className="table-toolbar">
        <Space>
          <Switch size="small" checked={includeDissolved} onChange={setIncludeDissolved} />
          <span>{t('org.showDissolved')}</span>
        </Space>
      </div>
      {list.error && <Alert type="error" showIcon title={list.error.message} />}
      <Table<OrgView>
        data-testid="children-table"
        size="small"
        rowKey="id"
        loading={list.loading}
        dataSource={list.data ?? []}
        scroll={{ x: 'max-content' }}
        pagination={(list.data?.length ?? 0) > 50 ? { pageSize: 50, showSizeChanger: false, size: 'small' } : false}
        onRow={(o) => ({ onClick: () => navigate(`/orgs/${o.id}`), className: 'clickable-row' })}
        columns={[
          {
            title: t('field.name'),
            dataIndex: 'name',
            render: (_: unknown, o) => (
              <span className="cell-ellipsis cell-ellipsis-wide" title={o.name}>
                <Link to={`/orgs/${o.id}`} onClick={(e) => e.stopPropagation()}>
                  {o.name}
                </Link>
              </span>
            ),
          },
          { title: t('field.level'), dataIndex: 'level', render: (v: string) => enumLabel(t, 'orgLevel', v) },
          { title: t('field.kind'), dataIndex: 'kind', render: (v: string) => enumLabel(t, 'orgKind', v) },
          { title: t('stats.members'), key: 'members', align: 'right', render: (_: unknown, o) => o.stats.members },
          {
            title: t('stats.probationary'),
            key: 'prob',
            align: 'right',
            render: (_: unknown, o) => o.stats.byCategory?.probationary ?? 0,
          },
          { title: t('stats.branches'), key: 'branches', align: 'right', render: (_: unknown, o) => o.stats.branches },
          { title: t('stats.childOrgs'), dataIndex: 'childCount', align: 'right' },
          {
            title: t('field.status'),
            dataIndex: 'status',
            render: (v: string) => (
              <Tag color={v === 'active' ? 'green' : 'default'}>{enumLabel(t, 'orgStatus', v)}</Tag>
            ),
          },
        ]}
      />
    </div>
  );
}
