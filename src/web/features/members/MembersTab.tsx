/**
 * The members of an organization (and its subtree): filters, column sorting, keyset paging with a
 * stack of cursors, add / import / export.
 */
import { useMemo, useState } from 'react';
import { Alert, Button, Input, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import type { TableProps } from 'antd';
import { DownloadOutlined, LeftOutlined, PlusOutlined, RightOutlined, UploadOutlined } from '@ant-design/icons';
import type { MemberView, OrgDetailView, Page } from '../../../shared/api.ts';
import { MEMBER_CATEGORIES, MEMBER_STATUSES, SPECIAL_TYPES } from '../../../shared/enums.ts';
import { api, apiUrl } from '../../api/client.ts';
import { enumLabel, enumOptions, useI18n } from '../../i18n/index.tsx';
import { Link } from '../../app/router.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { dash, fmtDate } from '../../components/format.ts';
import { MemberFormDrawer } from './MemberFormDrawer.tsx';
import { MemberImportModal } from './MemberImportModal.tsx';

type SortField = 'name' | 'joinDate' | 'birthDate';
interface Filters {
  q: string;
  category?: string;
  specialType?: string;
  status: string;
  subtree: boolean;
}

export const STATUS_COLORS: Record<string, string> = { active: 'green', transferred_out: 'blue', deceased: 'default' };

export function MembersTab({ org, onChanged }: { org: OrgDetailView; onChanged: () => void }) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [filters, setFilters] = useState<Filters>({ q: '', status: 'active', subtree: true });
  const [qInput, setQInput] = useState('');
  const [sort, setSort] = useState<{ field: SortField; dir: 'asc' | 'desc' } | null>(null);
  // cursors[i] is the after= of page i; the first page has none.
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [version, setVersion] = useState(0);
  const [adding, setAdding] = useState(false);
  const [importing, setImporting] = useState(false);

  const pageIndex = cursors.length - 1;
  const params = useMemo(
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
  const page = useApiData(
    () => api.get<Page<MemberView>>('/members', { ...params, after: cursors[pageIndex], limit: 50 }),
    [params, cursors, version],
  );

  const update = (patch: Partial<Filters>) => {
    setFilters((f) => ({ ...f, ...patch }));
    setCursors([null]);
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
    setCursors([null]);
  };

  const orderOf = (key: string): 'ascend' | 'descend' | null => {
    if (!sort) return null;
    if (key === 'age' && sort.field === 'birthDate') return sort.dir === 'asc' ? 'descend' : 'ascend';
    if (key === sort.field) return sort.dir === 'asc' ? 'ascend' : 'descend';
    return null;
  };

  const data = page.data;
  const totalText = data ? t('members.total', { n: data.total.toLocaleString(), plus: data.capped ? '+' : '' }) : '';

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
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)} data-testid="member-add">
              {t('members.add')}
            </Button>
          )}
          {org.abilities.importMembers && (
            <Button icon={<UploadOutlined />} onClick={() => setImporting(true)} data-testid="member-import">
              {t('members.import')}
            </Button>
          )}
          <Button icon={<DownloadOutlined />} href={apiUrl('/members/export', params)} data-testid="member-export">
            {t('members.export')}
          </Button>
        </Space>
      </div>

      {page.error && <Alert type="error" showIcon title={page.error.message} style={{ marginBottom: 12 }} />}

      <div data-testid="members-table">
        <Table<MemberView>
          size="small"
          rowKey="id"
          loading={page.loading}
          dataSource={data?.items ?? []}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onChange={onTableChange}
          sortDirections={['ascend', 'descend']}
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

      <div className="pager">
        <Typography.Text type="secondary" data-testid="members-total">
          {totalText}
          {data && data.total > 0 && ` · ${t('members.pageN', { n: pageIndex + 1 })}`}
        </Typography.Text>
        <Space>
          <Button
            icon={<LeftOutlined />}
            disabled={pageIndex === 0 || page.loading}
            onClick={() => setCursors((c) => c.slice(0, -1))}
            data-testid="members-prev"
          >
            {t('common.prevPage')}
          </Button>
          <Button
            disabled={!data?.nextCursor || page.loading}
            onClick={() => data?.nextCursor && setCursors((c) => [...c, data.nextCursor])}
            data-testid="members-next"
          >
            {t('common.nextPage')} <RightOutlined />
          </Button>
        </Space>
      </div>

      <MemberFormDrawer
        mode="create"
        open={adding}
        org={org}
        onClose={() => setAdding(false)}
        onSaved={() => {
          setAdding(false);
          setVersion((v) => v + 1);
          onChanged();
        }}
      />
      <MemberImportModal
        open={importing}
        org={org}
        onClose={() => setImporting(false)}
        onImported={() => {
          setCursors([null]);
          setVersion((v) => v + 1);
          onChanged();
        }}
      />
    </div>
  );
}
