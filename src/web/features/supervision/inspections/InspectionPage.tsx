/**
 * /inspections/:id — one inspection report (督查报告): kind, the day, who inspected, the body, and
 * the units it names with their findings, linked problems and answers. A draft is edited and then
 * circulated (通报) to the subtree after a confirmation; a named unit the user belongs to answers
 * (整改回复) in a text box under its finding. On a phone everything stacks.
 */
import { useState } from 'react';
import { App, Button, Card, Empty, Input, Skeleton, Space, Tag, Typography } from 'antd';
import { CheckCircleOutlined, EditOutlined, NotificationOutlined, SendOutlined } from '@ant-design/icons';
import type { InspectionDetailView } from '../../../../shared/supervision.ts';
import { useAuth } from '../../../app/auth.tsx';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtDate, fmtDateTime } from '../../../components/format.ts';
import { useApiData, useIsMobile, useRunner } from '../../../components/hooks.ts';
import { inspectionKindLabel } from '../labels.ts';
import { InspectionStatusTag, ProblemRefs, SvCrumbs, useRouteId } from '../parts/problems.tsx';
import { InspectionModal } from './InspectionModal.tsx';
import { LoadFailed } from '../parts/LoadFailed.tsx';
import { inspectionsApi } from './api.ts';
import { partsApi } from '../parts/api.ts';

type Named = InspectionDetailView['named'][number];

export function InspectionPage({ id: given }: { id?: number } = {}) {
  const { t } = useI18n();
  const { modal } = App.useApp();
  const mobile = useIsMobile();
  const id = useRouteId('/inspections/:id', given);
  const data = useApiData(
    () => (Number.isFinite(id) ? inspectionsApi.get(id) : Promise.reject(new Error('404'))),
    [id],
  );
  const [editing, setEditing] = useState(false);
  const { busy, run } = useRunner<InspectionDetailView>({ onDone: data.setData });
  const r = data.data;
  const org = useApiData(
    () => (r && editing ? partsApi.org(r.orgId) : Promise.resolve(undefined)),
    [r?.orgId, editing],
  );

  if (data.error || !Number.isFinite(id))
    return <LoadFailed error={data.error} missing={!Number.isFinite(id)} notFound={t('sv.insp.notFound')} />;
  if (!r) return <Skeleton active paragraph={{ rows: 12 }} />;

  const size = mobile ? 'large' : 'middle';
  const circulate = () =>
    modal.confirm({
      title: t('sv.insp.circulateConfirmTitle'),
      content: t('sv.insp.circulateConfirm', { org: r.orgName, n: r.named.length }),
      okText: t('sv.insp.circulate'),
      cancelText: t('common.cancel'),
      okButtonProps: { 'data-testid': 'inspection-circulate-ok' } as never,
      onOk: () => run('circulate', () => inspectionsApi.circulate(r.id), t('sv.insp.circulated')),
    });

  const answer = (n: Named, text: string) =>
    run(`answer-${n.orgId}`, () => inspectionsApi.answer(r.id, n.orgId, text), t('sv.insp.answered'));

  const answeredCount = r.named.filter((n) => n.answer).length;
  const head = (
    <Card className="page-head" variant="borderless">
      <div className="problem-head-line">
        <Typography.Text type="secondary">
          {t('sv.tab.inspections')} · {r.teamName ? `${r.orgName} · ${r.teamName}` : r.orgName}
        </Typography.Text>
      </div>
      <Typography.Title level={4} className="problem-title" data-testid="inspection-title">
        {r.title}
      </Typography.Title>
      <Space size={[12, 6]} wrap>
        <InspectionStatusTag status={r.status} testId="inspection-status" />
        <Tag color="red" variant="outlined">
          {inspectionKindLabel(t, r.kind)}
        </Tag>
        <Typography.Text type="secondary">{t('sv.insp.inspectedOn', { date: fmtDate(r.inspectedOn) })}</Typography.Text>
        {r.circulatedAt && (
          <Typography.Text type="secondary">
            {t('sv.insp.circulatedOn', { date: fmtDate(r.circulatedAt) })}
          </Typography.Text>
        )}
        {r.named.length > 0 && (
          <Typography.Text
            type={r.status === 'circulated' && answeredCount < r.named.length ? 'danger' : 'secondary'}
            data-testid="inspection-answered"
          >
            {t('sv.insp.answeredOf', { a: answeredCount, n: r.named.length })}
          </Typography.Text>
        )}
      </Space>
      {(r.abilities.edit || r.abilities.circulate) && (
        <div className="problem-actions">
          {r.abilities.edit && (
            <Button
              icon={<EditOutlined />}
              size={size}
              onClick={() => setEditing(true)}
              data-testid="inspection-edit"
              data-ability="edit"
            >
              {t('sv.insp.edit')}
            </Button>
          )}
          {r.abilities.circulate && (
            <Button
              type="primary"
              icon={<NotificationOutlined />}
              size={size}
              loading={busy === 'circulate'}
              onClick={circulate}
              data-testid="inspection-circulate"
              data-ability="circulate"
            >
              {t('sv.insp.circulate')}
            </Button>
          )}
        </div>
      )}
    </Card>
  );

  const bodyCard = (
    <Card size="small" variant="borderless" className="problem-card" title={t('sv.insp.body')}>
      {r.body ? (
        <div className="sv-body" data-testid="inspection-body">
          {r.body}
        </div>
      ) : (
        <span className="muted">{t('sv.insp.noBody')}</span>
      )}
    </Card>
  );

  const namedCard = (
    <Card
      size="small"
      variant="borderless"
      className="problem-card"
      title={t('sv.insp.namedTitle', { n: r.named.length })}
    >
      {r.named.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.insp.noNamed')} />
      ) : (
        <div className="sv-named" data-testid="inspection-named">
          {r.named.map((n) => (
            <NamedItem
              key={n.orgId}
              n={n}
              circulated={r.status === 'circulated'}
              busy={busy === `answer-${n.orgId}`}
              onAnswer={(text) => answer(n, text)}
            />
          ))}
        </div>
      )}
    </Card>
  );

  return (
    <div className="page problem-page sv-inspection-page">
      <SvCrumbs orgId={r.orgId} orgName={r.orgName} tab="inspections" last={r.title} />
      {head}
      <div className="problem-grid">
        <div className="problem-main">
          {bodyCard}
          {mobile && namedCard}
        </div>
        {!mobile && <div className="problem-side">{namedCard}</div>}
      </div>
      {editing && org.data && (
        <InspectionModal
          mode="edit"
          report={r}
          orgPath={org.data.path}
          onClose={() => setEditing(false)}
          onSaved={(d) => {
            setEditing(false);
            data.setData(d);
          }}
        />
      )}
    </div>
  );
}

function NamedItem({
  n,
  circulated,
  busy,
  onAnswer,
}: {
  n: Named;
  circulated: boolean;
  busy: boolean;
  onAnswer: (text: string) => Promise<boolean>;
}) {
  const { t } = useI18n();
  const { me } = useAuth();
  const mobile = useIsMobile();
  const [text, setText] = useState(n.answer);
  // The unit's own people see the answer box at once; an office over it answers on its behalf only when it chooses to.
  const own = !!me?.grants.some((g) => g.orgId === n.orgId);
  const [open, setOpen] = useState(!n.answer && own);
  return (
    <div className="sv-named-item" data-testid={`inspection-named-${n.orgId}`}>
      <div className="sv-named-head">
        <span className="sv-named-org">{n.orgName}</span>
        {n.answer ? (
          <Tag color="success" icon={<CheckCircleOutlined />}>
            {t('sv.insp.answeredTag')}
          </Tag>
        ) : circulated ? (
          <Tag color="orange">{t('sv.insp.awaitingAnswer')}</Tag>
        ) : null}
      </div>
      <div className="sv-named-finding">{n.finding}</div>
      {n.problemIds.length > 0 && <ProblemRefs ids={n.problemIds} />}
      {n.answer && (
        <div className="sv-named-answer" data-testid={`inspection-answer-text-${n.orgId}`}>
          <div className="muted" style={{ fontSize: 13 }}>
            {t('sv.insp.answerBy', { name: n.answeredBy ?? '—', at: fmtDateTime(n.answeredAt) })}
          </div>
          <div className="pre-wrap">{n.answer}</div>
          {n.abilities.answer && own && !open && (
            <Button
              type="link"
              size="small"
              style={{ padding: 0 }}
              onClick={() => setOpen(true)}
              data-testid={`inspection-answer-edit-${n.orgId}`}
              data-ability="answer"
            >
              {t('sv.insp.answerAgain')}
            </Button>
          )}
        </div>
      )}
      {n.abilities.answer && !n.answer && !open && (
        <Button
          size="small"
          icon={<SendOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => setOpen(true)}
          data-testid={`inspection-answer-open-${n.orgId}`}
          data-ability="answer"
        >
          {t('sv.insp.answerOnBehalf')}
        </Button>
      )}
      {n.abilities.answer && open && (
        <div className="sv-named-answer-form">
          <Input.TextArea
            autoSize={{ minRows: 4, maxRows: 14 }}
            maxLength={8000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            placeholder={t('sv.insp.answerPlaceholder')}
            data-testid={`inspection-answer-${n.orgId}`}
          />
          <Button
            type="primary"
            icon={<SendOutlined />}
            size={mobile ? 'large' : 'middle'}
            disabled={!text.trim()}
            loading={busy}
            onClick={async () => {
              if (await onAnswer(text.trim())) setOpen(false);
            }}
            data-testid={`inspection-answer-submit-${n.orgId}`}
          >
            {t('sv.insp.answerSubmit')}
          </Button>
        </div>
      )}
    </div>
  );
}
