/**
 * The 督导组 tab: the supervision teams formed by the org's subtree (or only those the user belongs
 * to), with leader, members and units; an office forms a new team here.
 */
import { useState } from 'react';
import { Button, Empty, Switch } from 'antd';
import { PlusOutlined, TeamOutlined } from '@ant-design/icons';
import type { OrgDetailView } from '../../../../shared/api.ts';
import type { TeamView } from '../../../../shared/supervision.ts';
import { usePagedList } from '../../../api/paging.ts';
import { PagedList } from '../../../components/PagedList.tsx';
import { teamsApi } from './api.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { Link, useRouter } from '../../../app/router.tsx';
import { useIsMobile } from '../../../components/hooks.ts';
import { fmtDate } from '../../../components/format.ts';
import { TeamStatusTag } from '../parts/StatusTags.tsx';
import { TeamFormModal } from './TeamFormModal.tsx';
import { useTabOrg } from '../parts/useTabOrg.ts';

const PAGE = 50;

export function TeamsTab({ orgId, org: given }: { orgId: number; org?: OrgDetailView }) {
  const { t } = useI18n();
  const { query, navigate, location } = useRouter();
  const mobile = useIsMobile();
  const { org, can } = useTabOrg(orgId, given);
  const mine = query.get('mine') === '1';
  const [creating, setCreating] = useState(false);
  const teams = usePagedList<TeamView>(
    (after) => teamsApi.list({ org: orgId, mine, limit: PAGE }, after),
    [orgId, mine],
  );
  const canForm = !!org && can('manageTeam');

  const setMine = (v: boolean) => {
    const q = new URLSearchParams(query);
    if (v) q.set('mine', '1');
    else q.delete('mine');
    navigate(`${location.pathname}?${q.toString()}`, { replace: true });
  };

  const empty = (
    <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={mine ? t('sv.team.noneMine') : t('sv.team.none')} />
  );

  return (
    <div className="sv-tab" data-testid="sv-teams">
      <div className="table-toolbar">
        <label className="filter-switch">
          <Switch size="small" checked={mine} onChange={setMine} data-testid="team-filter-mine" /> {t('sv.team.mine')}
        </label>
        <span className="toolbar-spacer" />
        {canForm && (
          <Button
            type="primary"
            icon={<PlusOutlined />}
            onClick={() => setCreating(true)}
            data-testid="team-new"
            data-ability="manageTeam"
            block={mobile}
            size={mobile ? 'large' : 'middle'}
          >
            {t('sv.team.new')}
          </Button>
        )}
      </div>
      <PagedList<TeamView>
        list={teams}
        rowKey="id"
        testId="team-table"
        layout={mobile ? 'cards' : 'table'}
        empty={empty}
        countText={(shown) => t('sv.team.count', { count: shown })}
        renderCard={(x) => (
          <Link key={x.id} to={`/supervision/teams/${x.id}`} className="problem-tile" data-testid={`team-row-${x.id}`}>
            <div className="problem-tile-head">
              <span className="muted">{x.orgName}</span>
              <TeamStatusTag status={x.status} />
            </div>
            <div className="problem-tile-desc">
              <TeamOutlined /> {x.name}
            </div>
            <div className="problem-tile-meta muted">
              <span>{t('sv.team.leaderIs', { name: x.leaderName ?? '—' })}</span>
              <span>{t('sv.team.counts', { members: x.memberCount, units: x.unitCount })}</span>
            </div>
          </Link>
        )}
        tableProps={{
          scroll: { x: 820 },
          onRow: (x) => ({ 'data-testid': `team-row-${x.id}` }) as React.HTMLAttributes<HTMLElement>,
        }}
        columns={[
          {
            title: t('sv.team.name'),
            dataIndex: 'name',
            render: (v: string, x: TeamView) => (
              <Link to={`/supervision/teams/${x.id}`} className="cell-clamp" title={v}>
                {v}
              </Link>
            ),
          },
          {
            title: t('sv.team.formedBy'),
            dataIndex: 'orgName',
            width: 200,
            render: (v: string) => (
              <span className="cell-clamp" title={v}>
                {v}
              </span>
            ),
          },
          {
            title: t('sv.team.leader'),
            dataIndex: 'leaderName',
            width: 110,
            render: (v: string | null) => v ?? <span className="muted">—</span>,
          },
          { title: t('sv.team.memberCount'), dataIndex: 'memberCount', width: 84, align: 'center' as const },
          { title: t('sv.team.unitCount'), dataIndex: 'unitCount', width: 84, align: 'center' as const },
          {
            title: t('sv.team.status'),
            dataIndex: 'status',
            width: 92,
            render: (v: TeamView['status']) => <TeamStatusTag status={v} />,
          },
          { title: t('sv.team.createdAt'), dataIndex: 'createdAt', width: 110, render: (v: string) => fmtDate(v) },
        ]}
      />
      {creating && org && (
        <TeamFormModal
          org={org}
          onClose={() => setCreating(false)}
          onSaved={(team) => {
            setCreating(false);
            navigate(`/supervision/teams/${team.id}`);
          }}
        />
      )}
    </div>
  );
}
