/**
 * /supervision/teams/:id — one supervision team (督导组): leader and members, the units it is
 * assigned to, and its visit log (督导记录: the day, the unit, what was seen, the meetings attended),
 * newest first; members record a visit, the forming office changes or disbands the team.
 */
import { useMemo, useState } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  DatePicker,
  Empty,
  Form,
  Input,
  List,
  Modal,
  Select,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { EditOutlined, EnvironmentOutlined, FormOutlined, StopOutlined, UserOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { TeamDetailView } from '../../../../shared/supervision.ts';
import { ApiError } from '../../../api/client.ts';
import { useLocalDraft } from '../../../components/useLocalDraft.ts';
import { enumLabel, useI18n } from '../../../i18n/index.tsx';
import { Link } from '../../../app/router.tsx';
import { useShellOrg } from '../../../app/shell.tsx';
import { useApiData, useIsMobile } from '../../../components/hooks.ts';
import { applyFieldErrors, fmtDateTime, todayDayjs } from '../../../components/format.ts';
import { TeamStatusTag } from '../parts/StatusTags.tsx';
import { TeamFormModal } from './TeamFormModal.tsx';
import { LoadFailed } from '../parts/LoadFailed.tsx';
import { supervisionHref } from '../links.ts';
import '../supervision.css';
import { teamsApi } from './api.ts';
import { partsApi } from '../parts/api.ts';

const errText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

export function TeamPage({ id }: { id: number }) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const mobile = useIsMobile();
  const team = useApiData(() => teamsApi.get(id), [id]);
  const x = team.data;
  const orgData = useApiData(() => (x ? partsApi.org(x.orgId) : Promise.resolve(undefined)), [x?.orgId]);
  const org = orgData.data;
  const [editing, setEditing] = useState(false);
  const [logging, setLogging] = useState(false);

  useShellOrg(org);

  if (team.error)
    return <LoadFailed error={team.error} notFound={t('sv.team.notFound')} back="/supervision?tab=teams" />;
  if (!x) return <Skeleton active paragraph={{ rows: 10 }} />;

  const leader = x.members.find((m) => m.role === 'leader');
  const buttonSize = mobile ? 'large' : 'middle';
  const active = x.status === 'active';

  const disband = () =>
    modal.confirm({
      title: t('sv.team.disbandConfirm', { name: x.name }),
      content: t('sv.team.disbandText'),
      okText: t('sv.team.disband'),
      okButtonProps: { danger: true },
      cancelText: t('common.cancel'),
      onOk: async () => {
        try {
          team.setData(await teamsApi.update(x.id, { status: 'disbanded' }));
          message.success(t('sv.team.disbanded'));
        } catch (e) {
          message.error(errText(e));
        }
      },
    });

  const visits = [...x.visits].sort((a, b) =>
    a.visitDate === b.visitDate ? b.id - a.id : a.visitDate < b.visitDate ? 1 : -1,
  );

  return (
    <div className="page problem-page sv-team-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          { key: 's', title: <Link to={supervisionHref(x.orgId, 'teams')}>{t('sv.crumb', { org: x.orgName })}</Link> },
          { key: 'tab', title: <Link to={supervisionHref(x.orgId, 'teams')}>{t('sv.tab.teams')}</Link> },
          { key: 't', title: x.name },
        ]}
      />
      <Card className="page-head" variant="borderless">
        <Typography.Text type="secondary" className="sv-head-line">
          {t('sv.team.formedByIs', { org: x.orgName })}
        </Typography.Text>
        <Typography.Title level={4} className="problem-title" data-testid="team-title">
          {x.name}
        </Typography.Title>
        <Space size={[6, 6]} wrap>
          <TeamStatusTag status={x.status} testId="team-status" />
          <Typography.Text type="secondary">
            {t('sv.team.leaderIs', { name: leader?.displayName ?? x.leaderName ?? '—' })} ·{' '}
            {t('sv.team.counts', { members: x.members.length, units: x.units.length })} ·{' '}
            {t('sv.team.visitCount', { count: x.visits.length })}
          </Typography.Text>
        </Space>
        {!active && <Alert type="info" showIcon className="problem-decision" title={t('sv.team.disbandedNote')} />}
        {(x.abilities.logVisit || x.abilities.manage) && (
          <div className="problem-actions">
            {x.abilities.logVisit && active && (
              <Button
                type="primary"
                icon={<FormOutlined />}
                size={buttonSize}
                onClick={() => setLogging(true)}
                data-testid="visit-new"
                data-ability="logVisit"
              >
                {t('sv.visit.new')}
              </Button>
            )}
            {x.abilities.manage && active && (
              <Button
                icon={<EditOutlined />}
                size={buttonSize}
                onClick={() => setEditing(true)}
                disabled={!org}
                data-testid="team-edit"
                data-ability="manage"
              >
                {t('sv.team.edit')}
              </Button>
            )}
            {x.abilities.manage && active && (
              <Button
                danger
                icon={<StopOutlined />}
                size={buttonSize}
                onClick={disband}
                data-testid="team-disband"
                data-ability="manage"
              >
                {t('sv.team.disband')}
              </Button>
            )}
            {x.abilities.manage && !active && (
              <Button
                size={buttonSize}
                onClick={() =>
                  void teamsApi
                    .update(x.id, { status: 'active' })
                    .then(team.setData, (e: unknown) => message.error(errText(e)))
                }
                data-testid="team-reactivate"
                data-ability="manage"
              >
                {t('sv.team.reactivate')}
              </Button>
            )}
          </div>
        )}
      </Card>

      <div className="problem-grid">
        <div className="problem-main">
          <Card
            size="small"
            variant="borderless"
            className="problem-card"
            title={t('sv.visit.log')}
            data-testid="team-visits"
          >
            {visits.length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.visit.none')} />
            ) : (
              <Timeline
                items={visits.map((v) => ({
                  key: v.id,
                  color: 'red',
                  children: (
                    <div className="sv-visit" data-testid={`visit-${v.id}`}>
                      <div className="sv-visit-head">
                        <b>{v.visitDate}</b>
                        <Link to={supervisionHref(v.orgId)} className="sv-visit-unit">
                          <EnvironmentOutlined /> {v.orgName}
                        </Link>
                      </div>
                      <div className="sv-visit-label">{t('sv.visit.seen')}</div>
                      <div className="pre-wrap">{v.seen}</div>
                      {v.meetings && (
                        <>
                          <div className="sv-visit-label">{t('sv.visit.meetings')}</div>
                          <div className="pre-wrap">{v.meetings}</div>
                        </>
                      )}
                      <div className="muted history-meta">
                        {v.authorName} · {fmtDateTime(v.createdAt).slice(0, 16)}
                      </div>
                    </div>
                  ),
                }))}
              />
            )}
          </Card>
        </div>
        <div className="problem-side">
          <Card
            size="small"
            variant="borderless"
            className="problem-card"
            title={t('sv.team.membersTitle', { count: x.members.length })}
          >
            <List
              size="small"
              data-testid="team-members"
              dataSource={[...x.members].sort((a, b) => (a.role === b.role ? 0 : a.role === 'leader' ? -1 : 1))}
              locale={{ emptyText: t('sv.team.noMembers') }}
              renderItem={(mb) => (
                <List.Item className="sv-member">
                  <span>
                    <UserOutlined /> {mb.displayName} <span className="muted">{mb.username}</span>
                  </span>
                  <Tag color={mb.role === 'leader' ? 'red' : 'default'}>{enumLabel(t, 'teamRole', mb.role)}</Tag>
                </List.Item>
              )}
            />
          </Card>
          <Card
            size="small"
            variant="borderless"
            className="problem-card"
            title={t('sv.team.unitsTitle', { count: x.units.length })}
          >
            <div className="sv-unit-tags" data-testid="team-units">
              {x.units.length === 0 && <span className="muted">{t('sv.team.noUnitsYet')}</span>}
              {x.units.map((u) => (
                <Link key={u.orgId} to={supervisionHref(u.orgId)} className="sv-unit-link">
                  <Tag className="sv-unit-tag">{u.name}</Tag>
                </Link>
              ))}
            </div>
          </Card>
        </div>
      </div>

      {editing && org && (
        <TeamFormModal
          org={org}
          team={x}
          onClose={() => setEditing(false)}
          onSaved={(next) => {
            setEditing(false);
            team.setData(next);
          }}
        />
      )}
      {logging && (
        <VisitModal
          team={x}
          onClose={() => setLogging(false)}
          onSaved={(next) => {
            setLogging(false);
            team.setData(next);
          }}
        />
      )}
    </div>
  );
}

interface VisitValues {
  visitDate: Dayjs | null;
  orgId?: number;
  seen: string;
  meetings?: string;
}
type StoredVisit = Omit<VisitValues, 'visitDate'> & { visitDate: string | null };

/** 记录督导: the day, the unit (one of the team's), what was seen, the meetings attended. */
function VisitModal({
  team,
  onClose,
  onSaved,
}: {
  team: TeamDetailView;
  onClose: () => void;
  onSaved: (t: TeamDetailView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<VisitValues>();
  const [busy, setBusy] = useState(false);
  const draft = useLocalDraft<StoredVisit>(`massline.team.${team.id}.visit`);
  const stored = draft.stored;
  const initial = useMemo<VisitValues>(() => {
    if (stored) return { ...stored, visitDate: stored.visitDate ? dayjs(stored.visitDate) : todayDayjs() };
    return {
      visitDate: todayDayjs(),
      orgId: team.units.length === 1 ? team.units[0].orgId : undefined,
      seen: '',
      meetings: '',
    };
  }, [stored, team.units]);

  const keep = () => {
    const v = form.getFieldsValue(true) as VisitValues;
    draft.save({ ...v, visitDate: v.visitDate ? v.visitDate.format('YYYY-MM-DD') : null });
  };

  const submit = async (v: VisitValues) => {
    setBusy(true);
    try {
      const next = await teamsApi.logVisit(team.id, {
        orgId: v.orgId!,
        visitDate: v.visitDate!.format('YYYY-MM-DD'),
        seen: v.seen.trim(),
        meetings: (v.meetings ?? '').trim(),
      });
      draft.clear();
      message.success(t('sv.visit.saved'));
      onSaved(next);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['orgId', 'visitDate', 'seen', 'meetings'])) message.error(errText(e));
    } finally {
      setBusy(false);
    }
  };

  const requiredRule = { required: true, message: t('validation.required') };
  return (
    <Modal
      open
      width={mobile ? '100%' : 640}
      style={mobile ? { top: 8, maxWidth: '100vw', paddingBottom: 0 } : undefined}
      title={t('sv.visit.newTitle', { team: team.name })}
      okText={t('sv.visit.save')}
      cancelText={t('common.cancel')}
      onCancel={onClose}
      onOk={() => form.submit()}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'visit-ok' } as never}
      destroyOnHidden
    >
      <Form<VisitValues>
        form={form}
        layout="vertical"
        className="dense-form"
        initialValues={initial}
        onFinish={(v) => void submit(v)}
        onValuesChange={keep}
        data-testid="visit-form"
      >
        <div className="form-row">
          <Form.Item name="visitDate" label={t('sv.visit.date')} rules={[requiredRule]}>
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(todayDayjs(), 'day')}
              data-testid="visit-date"
            />
          </Form.Item>
          <Form.Item name="orgId" label={t('sv.visit.unit')} rules={[requiredRule]}>
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={team.units.map((u) => ({ value: u.orgId, label: u.name }))}
              placeholder={t('sv.visit.unitPlaceholder')}
              data-testid="visit-unit"
            />
          </Form.Item>
        </div>
        <Form.Item
          name="seen"
          label={t('sv.visit.seen')}
          rules={[requiredRule, { whitespace: true, message: t('validation.required') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 4, maxRows: 12 }}
            maxLength={8000}
            showCount
            placeholder={t('sv.visit.seenPlaceholder')}
            data-testid="visit-seen"
          />
        </Form.Item>
        <Form.Item name="meetings" label={t('sv.visit.meetings')}>
          <Input.TextArea
            autoSize={{ minRows: 2, maxRows: 8 }}
            maxLength={4000}
            placeholder={t('sv.visit.meetingsPlaceholder')}
            data-testid="visit-meetings"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
