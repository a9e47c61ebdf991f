/**
 * Pieces shared by the five forms (三制五单), look back (回头看) and inspection reports (督查通报):
 * status tags, the org a tab is about with the roles the user holds over it, the trail back to the
 * supervision hub, a picker of ledger problems to link, and links to linked problems.
 */
import { useEffect, useState } from 'react';
import { Breadcrumb, Input, Modal, Select, Tag } from 'antd';
import { ClockCircleOutlined } from '@ant-design/icons';
import type { ProblemStatus, ProblemView } from '../../../../shared/ledger.ts';
import { PROBLEM_STATUSES } from '../../../../shared/ledger.ts';
import { useAuth } from '../../../app/auth.tsx';
import { Link, matchPath, useRouter } from '../../../app/router.tsx';
import { enumLabel, useI18n } from '../../../i18n/index.tsx';
import { apiErrorText, useApiData, useIsMobile } from '../../../components/hooks.ts';
import { deadlineLabel } from '../../ledger/format.ts';
import { ProblemPickList } from '../../ledger/ProblemPickList.tsx';
import { ProblemStatusTag } from '../../ledger/ProblemStatusTag.tsx';
import { usePagedList } from '../../../api/paging.ts';
import { loadProblems } from '../../ledger/api.ts';
import { supervisionHref } from '../links.ts';
import '../supervision.css';
import { partsApi } from './api.ts';

export const errText = apiErrorText;

export type HubTab = 'forms' | 'lookbacks' | 'inspections';

export { FormStatusTag, InspectionStatusTag } from './StatusTags.tsx';

/** "逾期" in red (a form's deadline passed and it is not closed). */
export function FormOverdueTag() {
  const { t } = useI18n();
  return (
    <Tag color="red" icon={<ClockCircleOutlined />} data-testid="form-overdue">
      {t('sv.overdue')}
    </Tag>
  );
}

/**
 * 督导 › 五单 (or 回头看, 督查通报) › this item: back to the hub of the org the item belongs to when
 * the user is granted there; otherwise (a unit ordered or named, an office further up) to the hub of
 * the user's own org, which lists the item too.
 */
export function SvCrumbs({ orgId, orgName, tab, last }: { orgId: number; orgName: string; tab: HubTab; last: string }) {
  const { t } = useI18n();
  const { me } = useAuth();
  const own = !!me && (me.user.isAdmin || me.grants.some((g) => g.orgId === orgId));
  const hub = (x?: HubTab) => (own ? supervisionHref(orgId, x) : `/supervision${x ? `?tab=${x}` : ''}`);
  return (
    <Breadcrumb
      className="page-breadcrumb"
      items={[
        {
          key: 'hub',
          title: <Link to={hub()}>{own ? t('sv.crumbHub', { org: orgName }) : t('sv.crumbHubMine')}</Link>,
        },
        { key: 'tab', title: <Link to={hub(tab)}>{t(`sv.tab.${tab}`)}</Link> },
        { key: 'last', title: last },
      ]}
    />
  );
}

/** Linked problems by id, as links to /problems/:id with their number and text (loaded one by one, few per page). */
export function ProblemRefs({ ids, testId, empty }: { ids: number[]; testId?: string; empty?: string }) {
  const { t } = useI18n();
  const key = ids.join(',');
  const briefs = useApiData(() => Promise.all(ids.map((id) => partsApi.problem(id).catch(() => null))), [key]);
  if (ids.length === 0) return <span className="muted">{empty ?? t('sv.noProblems')}</span>;
  return (
    <ul className="sv-problem-refs" data-testid={testId}>
      {ids.map((id, i) => {
        const p = briefs.data?.[i];
        return (
          <li key={id}>
            <Link to={`/problems/${id}`} data-testid={`problem-link-${id}`}>
              {p ? t('sv.problemRef', { org: p.orgName, seq: p.seq }) : t('sv.problemId', { id })}
            </Link>
            {p && (
              <>
                {' '}
                <ProblemStatusTag status={p.status} />
                <span className="sv-problem-ref-desc">{p.description}</span>
              </>
            )}
          </li>
        );
      })}
    </ul>
  );
}

export interface PickedProblem {
  id: number;
  seq: number;
  orgName: string;
  description: string;
  status: ProblemStatus;
}

/** The linked problems as a small list with their status (for forms that already carry them). */
export function ProblemList({ rows, testId }: { rows: PickedProblem[]; testId?: string }) {
  const { t } = useI18n();
  if (rows.length === 0)
    return (
      <div className="muted" data-testid={testId}>
        {t('sv.noProblems')}
      </div>
    );
  return (
    <ul className="sv-problem-refs" data-testid={testId}>
      {rows.map((p) => (
        <li key={p.id}>
          <Link to={`/problems/${p.id}`} data-testid={`problem-link-${p.id}`}>
            {t('sv.problemRef', { org: p.orgName, seq: p.seq })}
          </Link>{' '}
          <ProblemStatusTag status={p.status} />
          <span className="sv-problem-ref-desc">{p.description}</span>
        </li>
      ))}
    </ul>
  );
}

const PAGE = 50;

/**
 * Picks problems of a unit's ledger (its subtree) to link: a table with checkboxes on a desk,
 * tappable cards on a phone; filter by status and by words in the description (of what is loaded).
 */
export function ProblemPickerModal({
  orgId,
  orgName,
  selected,
  onCancel,
  onOk,
}: {
  orgId: number;
  orgName: string;
  selected: PickedProblem[];
  onCancel: () => void;
  onOk: (rows: PickedProblem[]) => void;
}) {
  const { t } = useI18n();
  const mobile = useIsMobile();
  const [status, setStatus] = useState<ProblemStatus | undefined>(undefined);
  const [picked, setPicked] = useState<Map<number, PickedProblem>>(() => new Map(selected.map((p) => [p.id, p])));
  return (
    <Modal
      open
      width={mobile ? '100%' : 960}
      className="sv-picker-modal"
      title={t('sv.pick.title', { org: orgName })}
      onCancel={onCancel}
      okText={t('sv.pick.ok', { n: picked.size })}
      cancelText={t('common.cancel')}
      onOk={() => onOk([...picked.values()])}
      okButtonProps={{ 'data-testid': 'problem-pick-ok' } as never}
    >
      <PickerBody
        key={`${orgId}|${status ?? ''}`}
        orgId={orgId}
        status={status}
        setStatus={setStatus}
        picked={picked}
        setPicked={setPicked}
        mobile={mobile}
      />
    </Modal>
  );
}

function PickerBody({
  orgId,
  status,
  setStatus,
  picked,
  setPicked,
  mobile,
}: {
  orgId: number;
  status?: ProblemStatus;
  setStatus: (s?: ProblemStatus) => void;
  picked: Map<number, PickedProblem>;
  setPicked: React.Dispatch<React.SetStateAction<Map<number, PickedProblem>>>;
  mobile: boolean;
}) {
  const { t } = useI18n();
  const [q, setQ] = useState('');
  const pages = usePagedList<ProblemView>(
    (after) => loadProblems({ org: orgId, subtree: true, status, sort: 'seq', limit: PAGE }, after),
    [orgId, status],
  );
  const { items } = pages;
  const total = pages.total ?? 0;
  const words = q.trim().toLowerCase();
  const shown = words
    ? items.filter((p) => p.description.toLowerCase().includes(words) || p.orgName.toLowerCase().includes(words))
    : items;
  const toggle = (rows: ProblemView[], on: boolean) =>
    setPicked((m) => {
      const next = new Map(m);
      for (const p of rows) {
        if (on)
          next.set(p.id, { id: p.id, seq: p.seq, orgName: p.orgName, description: p.description, status: p.status });
        else next.delete(p.id);
      }
      return next;
    });
  const toolbar = (
    <div className="table-toolbar sv-pick-toolbar">
      <Select
        allowClear
        className="filter-select"
        placeholder={t('sv.pick.allStatuses')}
        value={status}
        onChange={(v?: ProblemStatus) => setStatus(v)}
        options={PROBLEM_STATUSES.map((s) => ({ value: s, label: enumLabel(t, 'problemStatus', s) }))}
        popupMatchSelectWidth={false}
        data-testid="problem-pick-status"
      />
      <Input.Search
        allowClear
        className="filter-q"
        placeholder={t('sv.pick.search')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="problem-pick-q"
      />
    </div>
  );
  return (
    <>
      {toolbar}
      <ProblemPickList
        list={pages}
        shown={shown}
        pickedIds={[...picked.keys()]}
        onToggle={toggle}
        mobile={mobile}
        testIds={{ list: 'problem-pick-list', row: (id) => `problem-pick-${id}`, more: 'problem-pick-more' }}
        empty={t('sv.pick.none')}
        cardRef={(p) => t('sv.problemRef', { org: p.orgName, seq: p.seq })}
        cardMeta={(p) => <span className="muted">{deadlineLabel(t, p.deadline, p.kind)}</span>}
        scrollY="calc(100vh - 400px)"
        rowClick
        columns={[
          {
            title: t('sv.unit'),
            dataIndex: 'orgName',
            width: 180,
            render: (v: string, p) => (
              <span className="cell-clamp" title={v}>
                {t('sv.problemRef', { org: v, seq: p.seq })}
              </span>
            ),
          },
          {
            title: t('problem.description'),
            dataIndex: 'description',
            render: (v: string) => (
              <span className="cell-clamp" title={v}>
                {v}
              </span>
            ),
          },
          {
            title: t('problem.deadline'),
            key: 'deadline',
            width: 120,
            render: (_: unknown, p: ProblemView) => deadlineLabel(t, p.deadline, p.kind),
          },
          {
            title: t('problem.status'),
            dataIndex: 'status',
            width: 110,
            render: (v: ProblemStatus) => <ProblemStatusTag status={v} />,
          },
        ]}
        count={t('sv.pick.count', { shown: items.length, total, selected: picked.size })}
      />
    </>
  );
}

/** The closed problems of one unit's own ledger (a look-back finding may re-open one of them). */
export function useClosedProblems(orgId: number | null) {
  const [rows, setRows] = useState<ProblemView[]>([]);
  useEffect(() => {
    if (!orgId) return;
    let live = true;
    partsApi
      .closedProblems(orgId)
      .then((p) => live && setRows(p.items))
      .catch(() => live && setRows([]));
    return () => {
      live = false;
    };
  }, [orgId]);
  return rows;
}

/** The id of a page addressed as `pattern` (e.g. /forms/:id), or the one given; NaN when it is not a number. */
export function useRouteId(pattern: string, given?: number): number {
  const { location } = useRouter();
  if (given !== undefined) return given;
  const p = matchPath(pattern, location.pathname);
  return p && /^\d+$/.test(p.id) ? Number(p.id) : NaN;
}

/** A checklist item of a look back as 查… / 看… (Check… / Look…): the word in bold, whether or not the item's text already begins with it. */
export function checkLine(word: string, text: string): { word: string; rest: string } {
  const w = word.trim();
  const rest = text.trim();
  if (w && rest.toLowerCase().startsWith(w.toLowerCase()))
    return { word: rest.slice(0, w.length), rest: rest.slice(w.length) };
  return { word: w, rest: /[\u3400-\u9fff]/.test(w) ? rest : ` ${rest}` };
}
