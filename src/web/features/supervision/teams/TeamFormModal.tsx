/**
 * 组建督导组 / 调整督导组: the team's name, its leader and members (people granted in the forming
 * office's subtree, searched through /supervision/candidates) and the units it is assigned to
 * (organizations strictly below the office). What is typed for a new team stays in this browser.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import { App, Empty, Form, Input, Modal, Select, Spin, Tag } from 'antd';
import { CloseOutlined } from '@ant-design/icons';
import type { OrgView } from '../../../../shared/api.ts';
import type { TeamCandidateView, TeamDetailView } from '../../../../shared/supervision.ts';
import { ApiError } from '../../../api/client.ts';
import { useLocalDraft } from '../../../components/useLocalDraft.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { useIsMobile } from '../../../components/hooks.ts';
import { applyFieldErrors } from '../../../components/format.ts';
import { OrgSelect } from '../../../components/OrgSelect.tsx';
import { teamsApi } from './api.ts';

interface Person {
  userId: number;
  displayName: string;
  username?: string;
}

/** Searches the people who may join a team formed by `orgId`. */
export function CandidateSelect({
  orgId,
  value,
  onChange,
  multiple,
  initial,
  placeholder,
  testId,
}: {
  orgId: number;
  value?: number | number[] | null;
  onChange?: (v: number | number[] | null) => void;
  multiple?: boolean;
  initial?: Person[];
  placeholder?: string;
  testId?: string;
}) {
  const { t } = useI18n();
  const [results, setResults] = useState<TeamCandidateView[]>([]);
  const [loading, setLoading] = useState(false);
  const [known, setKnown] = useState<Map<number, Person>>(() => new Map((initial ?? []).map((p) => [p.userId, p])));
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const search = (q: string) => {
    clearTimeout(timer.current);
    setLoading(true);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      try {
        const rows = await teamsApi.candidates(orgId, q.trim());
        if (mine !== seq.current) return;
        setResults(rows);
        setKnown((m) => {
          const next = new Map(m);
          rows.forEach((r) => next.set(r.userId, r));
          return next;
        });
      } catch {
        if (mine === seq.current) setResults([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
  };
  useEffect(() => {
    search('');
    return () => clearTimeout(timer.current);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orgId]);

  const selected = value == null ? [] : Array.isArray(value) ? value : [value];
  const options = results.map((r) => ({ value: r.userId, label: r.displayName, person: r as Person }));
  for (const id of selected) {
    if (!results.some((r) => r.userId === id)) {
      const p = known.get(id);
      options.unshift({
        value: id,
        label: p?.displayName ?? `#${id}`,
        person: p ?? { userId: id, displayName: `#${id}` },
      });
    }
  }

  return (
    <Select<number | number[]>
      mode={multiple ? 'multiple' : undefined}
      value={multiple ? selected : (selected[0] ?? undefined)}
      onChange={(v) => onChange?.(v ?? null)}
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder={placeholder ?? t('sv.team.searchPeople')}
      notFoundContent={
        loading ? (
          <Spin size="small" />
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.team.noPeople')} />
        )
      }
      options={options}
      optionRender={(opt) => {
        const p = (opt.data as { person?: Person }).person;
        return (
          <div className="org-option">
            <span className="org-option-name">{p?.displayName ?? opt.label}</span>
            {p?.username && <span className="org-option-meta">{p.username}</span>}
          </div>
        );
      }}
      allowClear
      data-testid={testId}
    />
  );
}

type Unit = { orgId: number; name: string };

/** A list of organizations picked one at a time (units assigned to a team), kept with their names. */
function UnitsPicker({
  value,
  onChange,
  parentPath,
}: {
  value?: Unit[];
  onChange?: (v: Unit[]) => void;
  parentPath: string;
}) {
  const { t } = useI18n();
  const [pickKey, setPickKey] = useState(0);
  const units = value ?? [];
  const add = (id: number | null, org: OrgView | null) => {
    if (id == null) return;
    if (!units.some((u) => u.orgId === id)) onChange?.([...units, { orgId: id, name: org?.name ?? `#${id}` }]);
    setPickKey((k) => k + 1);
  };
  return (
    <div className="sv-units-picker">
      <OrgSelect
        key={pickKey}
        style={{ width: '100%' }}
        placeholder={t('sv.team.addUnit')}
        filter={(o) => o.path.startsWith(`${parentPath}.`) && o.status === 'active'}
        onChange={add}
        data-testid="team-form-unit-search"
      />
      <div className="sv-unit-tags" data-testid="team-form-units">
        {units.length === 0 && <span className="muted">{t('sv.team.noUnitsYet')}</span>}
        {units.map((u) => (
          <Tag
            key={u.orgId}
            closable
            closeIcon={<CloseOutlined />}
            onClose={() => onChange?.(units.filter((x) => x.orgId !== u.orgId))}
            className="sv-unit-tag"
          >
            {u.name}
          </Tag>
        ))}
      </div>
    </div>
  );
}

interface TeamValues {
  name: string;
  leaderId?: number | null;
  memberIds?: number[];
  unitIds?: Unit[];
}

const FIELDS = ['name', 'leaderId', 'memberIds', 'unitIds'];

export function TeamFormModal({
  org,
  team,
  onClose,
  onSaved,
}: {
  org: { id: number; name: string; path: string };
  team?: TeamDetailView;
  onClose: () => void;
  onSaved: (t: TeamDetailView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<TeamValues>();
  const [busy, setBusy] = useState(false);
  const draft = useLocalDraft<TeamValues>(team ? null : `massline.team.new.${org.id}`);
  const leaderId = Form.useWatch('leaderId', form);
  const memberIds = Form.useWatch('memberIds', form);
  const people: Person[] = useMemo(
    () => team?.members.map((x) => ({ userId: x.userId, displayName: x.displayName, username: x.username })) ?? [],
    [team],
  );
  const initial = useMemo<TeamValues>(() => {
    if (team) {
      return {
        name: team.name,
        leaderId: team.members.find((x) => x.role === 'leader')?.userId ?? null,
        memberIds: team.members.filter((x) => x.role !== 'leader').map((x) => x.userId),
        unitIds: team.units.map((u) => ({ orgId: u.orgId, name: u.name })),
      };
    }
    return draft.stored ?? { name: '', leaderId: null, memberIds: [], unitIds: [] };
  }, [team, draft.stored]);

  const keep = () => {
    if (team) return;
    draft.save(form.getFieldsValue(true) as TeamValues);
  };

  const submit = async (v: TeamValues) => {
    setBusy(true);
    const body = {
      name: v.name.trim(),
      leaderId: v.leaderId!,
      memberIds: (v.memberIds ?? []).filter((id) => id !== v.leaderId),
      unitIds: (v.unitIds ?? []).map((u) => u.orgId),
    };
    try {
      const saved = team ? await teamsApi.update(team.id, body) : await teamsApi.create(org.id, body);
      if (!team) draft.clear();
      message.success(team ? t('common.saved') : t('sv.team.created'));
      onSaved(saved);
    } catch (e) {
      if (!applyFieldErrors(form, e, FIELDS)) message.error(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const requiredRule = { required: true, message: t('validation.required') };
  return (
    <Modal
      open
      width={mobile ? '100%' : 680}
      style={mobile ? { top: 8, maxWidth: '100vw', paddingBottom: 0 } : undefined}
      title={team ? t('sv.team.editTitle', { name: team.name }) : t('sv.team.newTitle', { org: org.name })}
      okText={team ? t('common.save') : t('sv.team.create')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'team-form-ok' } as never}
      destroyOnHidden
    >
      <Form<TeamValues>
        form={form}
        layout="vertical"
        className="dense-form"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        onValuesChange={keep}
        data-testid="team-form"
      >
        <Form.Item
          name="name"
          label={t('sv.team.name')}
          rules={[requiredRule, { whitespace: true, message: t('validation.required') }]}
        >
          <Input maxLength={100} placeholder={t('sv.team.namePlaceholder')} data-testid="team-form-name" />
        </Form.Item>
        <Form.Item name="leaderId" label={t('sv.team.leader')} rules={[requiredRule]}>
          <CandidateSelect orgId={org.id} initial={people} testId="team-form-leader" />
        </Form.Item>
        <Form.Item name="memberIds" label={t('sv.team.members')} extra={t('sv.team.membersHelp')}>
          <CandidateSelect orgId={org.id} multiple initial={people} testId="team-form-members" />
        </Form.Item>
        {leaderId != null && memberIds?.includes(leaderId) && (
          <div className="muted" style={{ marginTop: -12, marginBottom: 12 }}>
            {t('sv.team.leaderInMembers')}
          </div>
        )}
        <Form.Item
          name="unitIds"
          label={t('sv.team.units')}
          rules={[{ required: true, type: 'array', min: 1, message: t('sv.team.unitsRequired') }]}
          extra={t('sv.team.unitsHelp', { org: org.name })}
        >
          <UnitsPicker parentPath={org.path} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
