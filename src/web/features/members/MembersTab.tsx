/**
 * The members of an organization (and its subtree): filters, column sorting, keyset paging with
 * "load more" (PagedList: a table on desk, cards on the phone), add / import / export.
 */
import { useMemo, useState } from 'react';
import { Button, Input, Select, Space, Switch, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import type { MemberView, OrgDetailView } from '../../../shared/api.ts';
import { MEMBER_CATEGORIES, MEMBER_STATUSES, SPECIAL_TYPES } from '../../../shared/enums.ts';
import type { MemberCategory, MemberStatus, SpecialType } from '../../../shared/enums.ts';
import { usePagedList } from '../../api/paging.ts';
import { PagedList } from '../../components/PagedList.tsx';
import { membersApi, type MemberQuery } from './api.ts';
import { enumLabel, enumOptions, useI18n } from '../../i18n/index.tsx';
import { Link } from '../../app/router.tsx';
import { useApiData, useDownloader, useIsMobile } from '../../components/hooks.ts';
import { dash, fmtDate } from '../../components/format.ts';
import { MemberFormDrawer } from './MemberFormDrawer.tsx';
import { MemberImportModal } from './MemberImportModal.tsx';

type SortField = 'name' | 'joinDate' | 'birthDate';
interface Filters {
  q: string;
  category?: MemberCategory;
  specialType?: SpecialType;
  status: MemberStatus | 'all';
  subtree: boolean;
}

export const STATUS_COLORS: Record<string, string> = { active: 'green', transferred_out: 'blue', deceased: 'default' };

export function MembersTab({ org, onChanged }: { org: OrgDetailView; onChanged: () => void }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [filters, setFilters] = useState<Filters>({ q: '', status: 'active', subtree: true });
  const [qInput, setQInput] = useState('');
  const [sort, setSort] = useState<{ field: SortField; dir: 'asc' | 'desc' } | null>(null);
  const downloader = useDownloader();
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const params = useMemo<MemberQuery>(
    () => ({
      org: org.id,
      subtree: filters.subtree ? 'true' : 'false',
      q: filters.q || undefined,
      category: filters.category,
      specialType: filters.specialType,
      status: filters.status,
      sort: sort?.field,
      dir: sort?.dir,
    }),
    [org.id, filters, sort],
  );
  const list = usePagedList<MemberView>((after) => membersApi.list(params, after), [params]);
  // The roster export is offered only where the server says so (not to a plain member).
  const listAbilities = useApiData(() => membersApi.abilities(org.id), [org.id]);

  const update = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
  };

  const onTableChange: TableProps<MemberView>['onChange'] = (_p, _f, sorter) => {
    const s = Array.isArray(sorter) ? sorter[0] : sorter;
    if (!s || !s.order) setSort(null);
    else {
      const asc = s.order === 'ascend';
      // Age sorts by birth date, the other way round.
      if (s.columnKey === 'age') setSort({ field: 'birthDate', dir: asc ? 'desc' : 'asc' });
      else setSort({ field: s.columnKey as SortField, dir: asc ? 'asc' : 'desc' });
    }
  };

  const orderOf = (key: string): 'ascend' | 'descend' | null => {
    if (!sort) return null;
    if (key === 'age' && sort.field === 'birthDate') return sort.dir === 'asc' ? 'descend' : 'ascend';
    if (key === sort.field) return sort.dir === 'asc' ? 'ascend' : 'descend';
    return null;
  };

  const totalText = (shown: number, total: number | undefined, capped: boolean) =>
    `${t('list.shown', { shown: shown.toLocaleString() })} · ${t('members.total', {
      n: (total ?? shown).toLocaleString(),
      plus: capped ? '+' : '',
    })}`;

  return (
    <div className="members-tab">
      <div className="table-toolbar members-filters">
        <Input.Search
          allowClear
          value={qInput}
          onChange={(e) => {
            setQInput(e.target.value);
            if (!e.target.value) update({ q: '' });
          }}
          onSearch={(v) => update({ q: v.trim() })}
          placeholder={t('members.searchPlaceholder')}
          className="filter-q"
          data-testid="members-q"
        />
        <Select
          allowClear
          className="filter-select"
          placeholder={t('field.category')}
          value={filters.category}
          onChange={(v) => update({ category: v })}
          options={enumOptions(t, 'memberCategory', MEMBER_CATEGORIES)}
          data-testid="members-category"
        />
        <Select
          allowClear
          className="filter-select"
          placeholder={t('field.specialTypes')}
          value={filters.specialType}
          onChange={(v) => update({ specialType: v })}
          options={enumOptions(t, 'specialType', SPECIAL_TYPES)}
          data-testid="members-special"
        />
        <Select
          className="filter-select"
          value={filters.status}
          onChange={(v) => update({ status: v })}
          options={[
            ...enumOptions(t, 'memberStatus', MEMBER_STATUSES),
            { value: 'all', label: t('members.statusAll') },
          ]}
          data-testid="members-status"
        />
        <Space size={6} className="filter-switch">
          <Switch
            size="small"
            checked={filters.subtree}
            onChange={(v) => update({ subtree: v })}
            data-testid="members-subtree"
          />
          <span>{t('members.includeSubordinates')}</span>
        </Space>
        <div className="toolbar-spacer" />
        <Space wrap>
          {org.abilities.createMember && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => setAdding(true)}
              data-testid="member-add"
              data-ability="createMember"
            >
              {t('members.add')}
            </Button>
          )}
          {org.abilities.importMembers && (
            <Button
              icon={<UploadOutlined />}
              onClick={() => setImporting(true)}
              data-testid="member-import"
              data-ability="importMembers"
            >
              {t('members.import')}
            </Button>
          )}
          {listAbilities.data?.export && (
            <Button
              icon={<DownloadOutlined />}
              loading={downloader.busy === 'export'}
              onClick={() => void downloader.download('export', () => membersApi.export(params))}
              data-testid="member-export"
              data-ability="export"
            >
              {t('members.export')}
            </Button>
          )}
        </Space>
      </div>

      <div data-testid="members-table">
        <PagedList<MemberView>
          list={list}
          rowKey="id"
          testId="members-list"
          countText={totalText}
          tableProps={{
            size: 'small',
            scroll: { x: 'max-content' },
            onChange: onTableChange,
            sortDirections: ['ascend', 'descend'],
          }}
          renderCard={(m) => (
            <div className="member-card" data-testid="member-card">
              <Space wrap size={6}>
                <Link to={`/members/${m.id}`} data-testid="member-link">
                  <Typography.Text strong>{m.name}</Typography.Text>
                </Link>
                <span>{enumLabel(t, 'gender', m.gender)}</span>
                {m.age !== null && <span>{m.age}</span>}
                <Tag color={STATUS_COLORS[m.status]}>{enumLabel(t, 'memberStatus', m.status)}</Tag>
              </Space>
              <div>
                <Typography.Text type="secondary">
                  {enumLabel(t, 'memberCategory', m.category)} · {m.orgName}
                  {m.position ? ` · ${m.position}` : ''}
                </Typography.Text>
              </div>
              {m.specialTypes.length > 0 && (
                <div>
                  {m.specialTypes.map((sp) => (
                    <Tag key={sp} color="orange" variant="outlined">
                      {enumLabel(t, 'specialType', sp)}
                    </Tag>
                  ))}
                </div>
              )}
            </div>
          )}
          columns={[
            {
              title: t('field.memberName'),
              key: 'name',
              dataIndex: 'name',
              fixed: mobile ? undefined : 'left',
              sorter: true,
              sortOrder: orderOf('name'),
              render: (v: string, m) => (
                <Link to={`/members/${m.id}`} data-testid="member-link">
                  {v}
                </Link>
              ),
            },
            { title: t('field.gender'), dataIndex: 'gender', render: (v: string) => enumLabel(t, 'gender', v) },
            {
              title: t('field.age'),
              key: 'age',
              dataIndex: 'age',
              align: 'right',
              sorter: true,
              sortOrder: orderOf('age'),
              render: (v: number | null) => dash(v),
            },
            {
              title: t('field.category'),
              dataIndex: 'category',
              render: (v: string) => enumLabel(t, 'memberCategory', v),
            },
            {
              title: t('field.specialTypes'),
              dataIndex: 'specialTypes',
              render: (v: string[]) =>
                v.length
                  ? v.map((s) => (
                      <Tag key={s} color="orange" variant="outlined">
                        {enumLabel(t, 'specialType', s)}
                      </Tag>
                    ))
                  : '—',
            },
            {
              title: t('field.org'),
              dataIndex: 'orgName',
              render: (v: string, m) => (
                <span className="cell-ellipsis" title={v}>
                  {m.orgId === org.id ? v : <Link to={`/orgs/${m.orgId}`}>{v}</Link>}
                </span>
              ),
            },
            {
              title: t('field.joinDate'),
              key: 'joinDate',
              dataIndex: 'joinDate',
              sorter: true,
              sortOrder: orderOf('joinDate'),
              render: (v: string | null) => fmtDate(v),
            },
            { title: t('field.position'), dataIndex: 'position', render: (v: string | null) => dash(v) },
            {
              title: t('field.phone'),
              dataIndex: 'phone',
              render: (v: string | null) => <span className="mono">{dash(v)}</span>,
            },
            {
              title: t('field.status'),
              dataIndex: 'status',
              render: (v: string) => <Tag color={STATUS_COLORS[v]}>{enumLabel(t, 'memberStatus', v)}</Tag>,
            },
          ]}
        />
      </div>

      <MemberFormDrawer
        mode="create"
        open={adding}
        org={org}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          list.reload();
          onChanged();
        }}
      />
      <MemberImportModal
        open={importing}
        org={org}
        onClose={() => setImporting(false)}
        onImported={() => {
          list.reload();
          onChanged();
        }}
      />
    </div>
  );
}
