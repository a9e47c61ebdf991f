/**
 * Writing an inspection report (督查报告), or editing a draft one: kind (日常 / 跟踪 / 联合督导), title,
 * the day of the inspection, the supervision team (optional), the body, and the units it names,
 * each with its finding and, optionally, the ledger problems the finding concerns.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, DatePicker, Empty, Form, Input, Modal, Select, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined, SelectOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import type { OrgDetailView, OrgView } from '../../../../shared/api.ts';
import type { InspectionDetailView, InspectionKind, TeamView } from '../../../../shared/supervision.ts';
import { teamsApi } from '../teams/api.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { OrgSelect } from '../../../components/OrgSelect.tsx';
import { applyFieldErrors, todayDayjs } from '../../../components/format.ts';
import { useApiData, useIsMobile } from '../../../components/hooks.ts';
import { svOptions } from '../labels.ts';
import { errText, ProblemPickerModal, ProblemRefs } from '../parts/problems.tsx';
import { inspectionsApi } from './api.ts';

interface Values {
  kind: InspectionKind;
  title: string;
  inspectedOn: Dayjs;
  teamId?: number | null;
  body: string;
}

interface Named {
  /** Local key of the row. */
  key: number;
  orgId: number | null;
  orgName: string;
  finding: string;
  problemIds: number[];
}

type Props =
  | { mode: 'create'; org: OrgDetailView; onClose: () => void; onSaved: (d: InspectionDetailView) => void }
  | {
      mode: 'edit';
      report: InspectionDetailView;
      orgPath?: string;
      onClose: () => void;
      onSaved: (d: InspectionDetailView) => void;
    };

let nextKey = 1;

export function InspectionModal(props: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const report = props.mode === 'edit' ? props.report : null;
  const org = props.mode === 'create' ? props.org : null;
  const orgId = org?.id ?? report!.orgId;
  const orgPath = org?.path ?? (props.mode === 'edit' ? props.orgPath : undefined);
  const [named, setNamed] = useState<Named[]>(() =>
    report
      ? report.named.map((n) => ({
          key: nextKey++,
          orgId: n.orgId,
          orgName: n.orgName,
          finding: n.finding,
          problemIds: n.problemIds,
        }))
      : [],
  );
  const [picking, setPicking] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [tried, setTried] = useState(false);
  const teams = useApiData(
    () => (org ? teamsApi.list({ org: org.id, limit: 200 }).then((p) => p.items) : Promise.resolve([] as TeamView[])),
    [org?.id],
  );
  const activeTeams = (teams.data ?? []).filter((x) => x.status === 'active');
  const below = useMemo(
    () => (orgPath ? (o: OrgView) => o.path.startsWith(`${orgPath}.`) : (o: OrgView) => o.id !== orgId),
    [orgPath, orgId],
  );

  const initial: Partial<Values> = report
    ? { kind: report.kind, title: report.title, inspectedOn: dayjs(report.inspectedOn), body: report.body }
    : { kind: 'daily', title: '', inspectedOn: todayDayjs(), body: '', teamId: null };

  const setRow = (key: number, patch: Partial<Named>) =>
    setNamed((rows) => rows.map((r) => (r.key === key ? { ...r, ...patch } : r)));
  const invalid = named.filter((n) => !n.orgId || !n.finding.trim());
  const dup = new Set(named.map((n) => n.orgId).filter((id, i, all) => id && all.indexOf(id) !== i));

  const save = async () => {
    setTried(true);
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    if (invalid.length > 0 || dup.size > 0) {
      setError(dup.size > 0 ? t('sv.insp.namedDuplicate') : t('sv.insp.namedIncomplete'));
      return;
    }
    setBusy(true);
    setError(null);
    const payload = {
      kind: v.kind,
      title: v.title.trim(),
      inspectedOn: v.inspectedOn.format('YYYY-MM-DD'),
      body: v.body ?? '',
      named: named.map((n) => ({ orgId: n.orgId!, finding: n.finding.trim(), problemIds: n.problemIds })),
    };
    try {
      const d = report
        ? await inspectionsApi.update(report.id, payload)
        : await inspectionsApi.create({
            ...payload,
            orgId,
            teamId: v.teamId ?? null,
          });
      message.success(report ? t('common.saved') : t('sv.insp.created'));
      props.onSaved(d);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['kind', 'title', 'inspectedOn', 'body', 'teamId'])) setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  const pickingRow = named.find((n) => n.key === picking);
  return (
    <Modal
      open
      width={mobile ? '100%' : 820}
      className="sv-picker-modal"
      title={report ? t('sv.insp.editTitle') : t('sv.insp.new')}
      onCancel={props.onClose}
      onOk={() => void save()}
      okText={report ? t('common.save') : t('sv.insp.create')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'inspection-save' } as never}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Form<Values> form={form} layout="vertical" className="dense-form" initialValues={initial}>
        <div className="form-row">
          <Form.Item name="kind" label={t('sv.insp.kind')} rules={[{ required: true }]}>
            <Select options={svOptions(t, 'inspectionKind')} data-testid="inspection-form-kind" />
          </Form.Item>
          <Form.Item
            name="inspectedOn"
            label={t('sv.insp.date')}
            rules={[{ required: true, message: t('sv.insp.dateRequired') }]}
          >
            <DatePicker
              style={{ width: '100%' }}
              disabledDate={(d) => d.isAfter(todayDayjs(), 'day')}
              data-testid="inspection-form-date"
            />
          </Form.Item>
        </div>
        <Form.Item
          name="title"
          label={t('sv.insp.titleCol')}
          rules={[{ required: true, whitespace: true, message: t('sv.insp.titleRequired') }]}
        >
          <Input maxLength={200} placeholder={t('sv.insp.titlePlaceholder')} data-testid="inspection-form-title" />
        </Form.Item>
        {org && activeTeams.length > 0 && (
          <Form.Item name="teamId" label={t('sv.form.team')}>
            <Select
              allowClear
              placeholder={t('sv.form.teamNone')}
              options={activeTeams.map((x) => ({ value: x.id, label: x.name }))}
              data-testid="inspection-form-team"
            />
          </Form.Item>
        )}
        <Form.Item name="body" label={t('sv.insp.body')}>
          <Input.TextArea
            autoSize={{ minRows: 6, maxRows: 18 }}
            maxLength={50000}
            placeholder={t('sv.insp.bodyPlaceholder')}
            data-testid="inspection-form-body"
          />
        </Form.Item>
      </Form>
      <div className="sv-section-label">{t('sv.insp.named')}</div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginBottom: 8 }}>
        {t('sv.insp.namedHint')}
      </Typography.Paragraph>
      <div className="dyn-list">
        {named.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.insp.noNamed')} style={{ margin: 0 }} />
        )}
        {named.map((n, i) => (
          <div key={n.key} className="dyn-item" data-testid={`inspection-named-row-${i}`}>
            <span className="dyn-seq">{i + 1}</span>
            <div className="dyn-fields sv-named-edit">
              <OrgSelect
                value={n.orgId}
                initial={n.orgId ? { id: n.orgId, name: n.orgName } : null}
                filter={below}
                onChange={(id, o) => setRow(n.key, { orgId: id, orgName: o?.name ?? '', problemIds: [] })}
                placeholder={t('sv.insp.namedUnit')}
                style={{ width: '100%' }}
                data-testid={`inspection-named-org-${i}`}
              />
              {tried && (!n.orgId || dup.has(n.orgId)) && (
                <Typography.Text type="danger" style={{ fontSize: 13 }}>
                  {!n.orgId ? t('sv.insp.namedUnitRequired') : t('sv.insp.namedDuplicate')}
                </Typography.Text>
              )}
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 8 }}
                maxLength={4000}
                value={n.finding}
                onChange={(e) => setRow(n.key, { finding: e.target.value })}
                placeholder={t('sv.insp.findingPlaceholder')}
                status={tried && !n.finding.trim() ? 'error' : undefined}
                data-testid={`inspection-named-finding-${i}`}
              />
              {n.problemIds.length > 0 && <ProblemRefs ids={n.problemIds} />}
              <div>
                <Button
                  size="small"
                  icon={<SelectOutlined />}
                  disabled={!n.orgId}
                  onClick={() => setPicking(n.key)}
                  data-testid={`inspection-named-problems-${i}`}
                >
                  {t('sv.insp.pickProblems', { n: n.problemIds.length })}
                </Button>
              </div>
            </div>
            <Button
              type="text"
              icon={<DeleteOutlined />}
              aria-label={t('common.remove')}
              onClick={() => setNamed((rows) => rows.filter((r) => r.key !== n.key))}
              data-testid={`inspection-named-remove-${i}`}
            />
          </div>
        ))}
        <Button
          type="dashed"
          block
          icon={<PlusOutlined />}
          onClick={() =>
            setNamed((rows) => [...rows, { key: nextKey++, orgId: null, orgName: '', finding: '', problemIds: [] }])
          }
          data-testid="inspection-named-add"
        >
          {t('sv.insp.addNamed')}
        </Button>
      </div>
      {pickingRow && pickingRow.orgId && (
        <ProblemPickerModal
          orgId={pickingRow.orgId}
          orgName={pickingRow.orgName}
          selected={pickingRow.problemIds.map((id) => ({
            id,
            seq: 0,
            orgName: '',
            description: '',
            status: 'pending',
          }))}
          onCancel={() => setPicking(null)}
          onOk={(rows) => {
            setRow(pickingRow.key, { problemIds: rows.map((r) => r.id) });
            setPicking(null);
          }}
        />
      )}
    </Modal>
  );
}
