/**
 * /campaigns — the campaigns that concern the user (deployed above them, to them, or by them),
 * the templates they may deploy or adapt, and the deploy drawer for offices.
 */
import { useState } from 'react';
import { App, Button, Card, Descriptions, Drawer, Empty, List, Space, Tabs, Tag, Timeline, Typography } from 'antd';
import { CopyOutlined, RocketOutlined } from '@ant-design/icons';
import type { CampaignListAbilities, CampaignView, OrgRef } from '../../../shared/campaigns.ts';
import { usePagedList } from '../../api/paging.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { Link, useRouter } from '../../app/router.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { PagedList } from '../../components/PagedList.tsx';
import { fmtDate } from '../../components/format.ts';
import { campaignsApi } from './api.ts';
import { DeployDrawer } from './DeployDrawer.tsx';
import { txt } from './text.ts';

/** What the first page of GET /api/campaigns says the actor may do at list level. */
interface ListInfo {
  abilities: CampaignListAbilities;
  deployOrgs: OrgRef[];
}

export function CampaignsPage() {
  const { t, locale } = useI18n();
  const { query, navigate } = useRouter();
  const [info, setInfo] = useState<ListInfo>({ abilities: { deploy: false }, deployOrgs: [] });
  const campaigns = usePagedList<CampaignView>(
    (after) =>
      campaignsApi.list(after).then((p) => {
        if (after === null) setInfo({ abilities: p.abilities, deployOrgs: p.deployOrgs });
        return p;
      }),
    [],
  );
  const templates = useApiData(() => campaignsApi.templates(), []);
  const [deployFrom, setDeployFrom] = useState<number | null | undefined>(undefined);
  const [viewTemplate, setViewTemplate] = useState<number | null>(null);
  const tab = query.get('tab') ?? 'campaigns';
  const statusTag = (s: string) => (
    <Tag color={s === 'active' ? 'red' : 'default'}>{enumLabel(t, 'campaignStatus', s)}</Tag>
  );

  const campaignList = (
    <Card variant="borderless">
      <PagedList<CampaignView>
        list={campaigns}
        rowKey="id"
        testId="campaigns-list"
        empty={<Empty description={t('campaign.none')} />}
        renderCard={(c) => (
          <div className="clickable" onClick={() => navigate(`/campaigns/${c.id}`)} data-testid={`campaign-${c.id}`}>
            <Space style={{ width: '100%', justifyContent: 'space-between' }} align="start">
              <Link to={`/campaigns/${c.id}`}>{txt(c.name, locale)}</Link>
              {statusTag(c.status)}
            </Space>
            <Space direction="vertical" size={0} className="muted">
              <span>{c.orgName}</span>
              {c.docNumber && <span>{c.docNumber}</span>}
              <span>
                {fmtDate(c.startDate)} — {fmtDate(c.endDate)}
              </span>
            </Space>
          </div>
        )}
        columns={[
          {
            title: t('campaign.name'),
            key: 'name',
            render: (_, c) => (
              <Link to={`/campaigns/${c.id}`} data-testid={`campaign-${c.id}`}>
                {txt(c.name, locale)}
              </Link>
            ),
          },
          { title: t('campaign.docNumber'), dataIndex: 'docNumber', render: (v: string | null) => v ?? '—' },
          { title: t('campaign.org'), dataIndex: 'orgName' },
          {
            title: t('campaign.dates'),
            key: 'dates',
            render: (_, c) => `${fmtDate(c.startDate)} — ${fmtDate(c.endDate)}`,
          },
          { title: t('campaign.status'), dataIndex: 'status', render: (s: string) => statusTag(s) },
        ]}
      />
    </Card>
  );

  const templateList = (
    <Card variant="borderless">
      <List
        loading={templates.loading}
        dataSource={(templates.data ?? []).filter((x) => x.status === 'active')}
        renderItem={(tpl) => (
          <List.Item
            data-testid={`template-${tpl.code ?? tpl.id}`}
            actions={[
              <Button key="view" type="link" onClick={() => setViewTemplate(tpl.id)}>
                {t('template.view')}
              </Button>,
              tpl.abilities.deploy && (
                <Button
                  key="deploy"
                  type="link"
                  icon={<RocketOutlined />}
                  onClick={() => setDeployFrom(tpl.id)}
                  data-testid={`deploy-${tpl.code ?? tpl.id}`}
                  data-ability="deploy"
                >
                  {t('campaign.deploy')}
                </Button>
              ),
            ].filter(Boolean)}
          >
            <List.Item.Meta
              title={
                <Space wrap>
                  <span>{txt(tpl.name, locale)}</span>
                  {tpl.builtin && <Tag color="gold">{t('template.builtin')}</Tag>}
                </Space>
              }
              description={
                <>
                  <Typography.Paragraph ellipsis={{ rows: 2 }} type="secondary" style={{ marginBottom: 4 }}>
                    {txt(tpl.description, locale)}
                  </Typography.Paragraph>
                  <span className="muted">
                    {t('template.counts', { phases: tpl.phases, prescribed: tpl.prescribed, optional: tpl.optional })}
                  </span>
                </>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );

  return (
    <div className="page campaigns-page">
      <div className="page-title-row">
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('nav.campaigns')}
        </Typography.Title>
        {info.abilities.deploy && (
          <Button
            type="primary"
            icon={<RocketOutlined />}
            onClick={() => setDeployFrom(null)}
            data-testid="campaign-deploy-open"
            data-ability="deploy"
          >
            {t('campaign.deploy')}
          </Button>
        )}
      </div>
      <Tabs
        activeKey={tab}
        onChange={(k) => navigate(`/campaigns?tab=${k}`, { replace: true })}
        items={[
          { key: 'campaigns', label: t('campaign.tabCampaigns'), children: campaignList },
          { key: 'templates', label: t('campaign.tabTemplates'), children: templateList },
        ]}
      />
      {deployFrom !== undefined && (
        <DeployDrawer
          templates={(templates.data ?? []).filter((x) => x.abilities.deploy && x.status === 'active')}
          templateId={deployFrom}
          deployOrgs={info.deployOrgs}
          onClose={() => setDeployFrom(undefined)}
          onDeployed={(id) => {
            setDeployFrom(undefined);
            navigate(`/campaigns/${id}`);
          }}
        />
      )}
      {viewTemplate !== null && (
        <TemplateDrawer
          id={viewTemplate}
          onClose={() => setViewTemplate(null)}
          onCloned={() => {
            setViewTemplate(null);
            templates.reload();
          }}
        />
      )}
    </div>
  );
}

/** A template's phases with their prescribed and optional actions and its requirements; clone it. */
function TemplateDrawer({ id, onClose, onCloned }: { id: number; onClose: () => void; onCloned: () => void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const tpl = useApiData(() => campaignsApi.template(id), [id]);
  const target = tpl.data?.cloneOrg ?? null;
  const clone = async () => {
    if (!target) return;
    try {
      await campaignsApi.cloneTemplate(id, target.id);
      message.success(t('template.cloned', { org: target.name }));
      onCloned();
    } catch (e) {
      message.error((e as Error).message);
    }
  };
  const d = tpl.data;
  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 720}
      title={d ? txt(d.name, locale) : t('template.view')}
      extra={
        d?.abilities.clone && target ? (
          <Button icon={<CopyOutlined />} onClick={() => void clone()} data-ability="clone">
            {t('template.clone')}
          </Button>
        ) : null
      }
    >
      {d && (
        <>
          <Typography.Paragraph>{txt(d.description, locale)}</Typography.Paragraph>
          <Timeline
            items={d.body.phases.map((p) => ({
              key: p.key,
              color: 'red',
              children: (
                <div>
                  <Typography.Text strong>{txt(p.name, locale)}</Typography.Text>
                  <span className="muted">
                    {' '}
                    · {t('template.phaseDays', { from: p.startOffsetDays + 1, days: p.durationDays })}
                  </span>
                  <ul className="action-list">
                    {d.body.actions
                      .filter((a) => a.phaseKey === p.key)
                      .map((a) => (
                        <li key={a.key}>
                          <Tag color={a.kind === 'prescribed' ? 'red' : 'blue'}>
                            {enumLabel(t, 'actionKind', a.kind)}
                          </Tag>
                          {txt(a.name, locale)}
                          <span className="muted">
                            {' '}
                            · {enumLabel(t, 'deliverable', a.deliverable)} · {enumLabel(t, 'assignee', a.assignee)}
                            {a.recurrence ? ` · ${enumLabel(t, 'recurrence', a.recurrence)}` : ''}
                          </span>
                        </li>
                      ))}
                  </ul>
                </div>
              ),
            }))}
          />
          {d.body.requirements.length > 0 && (
            <Descriptions column={1} size="small" bordered title={t('template.requirements')}>
              {d.body.requirements.map((r) => (
                <Descriptions.Item
                  key={r.key}
                  label={
                    r.category
                      ? enumLabel(t, 'memberCategory', r.category) || r.category
                      : enumLabel(t, 'requirementKind', r.kind)
                  }
                >
                  {r.value} {txt(r.unit, locale)}
                  {r.note ? ` — ${txt(r.note, locale)}` : ''}
                </Descriptions.Item>
              ))}
            </Descriptions>
          )}
        </>
      )}
    </Drawer>
  );
}
