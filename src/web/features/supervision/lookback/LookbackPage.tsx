/**
 * /lookbacks/:id — one look-back round (回头看): the checklist as 查… / 看… with each item's
 * highest score; the recorded seed and the spot-check sample, with "抽样可复现 ✓" when drawing it
 * again from the seed gives the same units; the participating units with their scores at each
 * stage (自查 by the unit, 抽查 by the supervision team on sampled units, 评估 by the office) or
 * "未评", and a "评分" button where the user may still score (`can.assess`; once per unit and stage). Expanding a unit shows its
 * assessments: item scores, notes, summary and the ledger problems its findings became.
 */
import { useState } from 'react';
import { Button, Card, Empty, Input, Skeleton, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import { CheckCircleFilled, EditOutlined, ExclamationCircleFilled } from '@ant-design/icons';
import {
  LOOKBACK_STAGES,
  type AssessmentView,
  type LookbackDetailView,
  type LookbackStage,
} from '../../../../shared/supervision.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtDate, fmtDateTime } from '../../../components/format.ts';
import { useApiData, useIsMobile } from '../../../components/hooks.ts';
import { checklistName, itemDetail, itemText, lookbackStageLabel } from '../labels.ts';
import { checkLine, ProblemRefs, SvCrumbs, useRouteId } from '../parts/problems.tsx';
import { AssessDrawer, maxOf } from './AssessDrawer.tsx';
import { LoadFailed } from '../parts/LoadFailed.tsx';
import { lookbacksApi } from './api.ts';

type Participant = LookbackDetailView['participants'][number];

const latestOf = (p: Participant, stage: LookbackStage): AssessmentView | undefined =>
  p.assessments.filter((a) => a.stage === stage).sort((a, b) => b.id - a.id)[0];

export function LookbackPage({ id: given }: { id?: number } = {}) {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const id = useRouteId('/lookbacks/:id', given);
  const data = useApiData(() => (Number.isFinite(id) ? lookbacksApi.get(id) : Promise.reject(new Error('404'))), [id]);
  const [assessing, setAssessing] = useState<{ orgId: number; stage: LookbackStage } | null>(null);
  const [sampledOnly, setSampledOnly] = useState(false);
  const [q, setQ] = useState('');
  const l = data.data;

  if (data.error || !Number.isFinite(id))
    return <LoadFailed error={data.error} missing={!Number.isFinite(id)} notFound={t('sv.lb.notFound')} />;
  if (!l) return <Skeleton active paragraph={{ rows: 12 }} />;

  const items = l.checklist.items;
  const max = items.reduce((s, i) => s + maxOf(i), 0);
  // The server says per unit which stages the user may still score (once per unit and stage).
  const canAssess = (p: Participant, stage: LookbackStage) => p.abilities[`assess_${stage}`];
  const done = (stage: LookbackStage) => l.participants.filter((p) => latestOf(p, stage)).length;
  const words = q.trim().toLowerCase();
  const shown = l.participants.filter(
    (p) => (!sampledOnly || p.sampled) && (!words || p.name.toLowerCase().includes(words)),
  );
  const target = assessing ? l.participants.find((p) => p.orgId === assessing.orgId) : undefined;

  const stageCell = (p: Participant, stage: LookbackStage) => {
    const a = latestOf(p, stage);
    const button = canAssess(p, stage) && (
      <Button
        size={mobile ? 'middle' : 'small'}
        type="primary"
        ghost
        icon={<EditOutlined />}
        onClick={(e) => {
          e.stopPropagation();
          setAssessing({ orgId: p.orgId, stage });
        }}
        data-testid={`lookback-assess-${p.orgId}-${stage}`}
        data-ability={`assess_${stage}`}
      >
        {t('sv.lb.score')}
      </Button>
    );
    if (stage === 'spot' && !p.sampled) return <span className="muted">{t('sv.lb.notSampled')}</span>;
    return (
      <span className="sv-stage-cell" data-testid={`lookback-score-${p.orgId}-${stage}`}>
        {a ? (
          <Tooltip title={t('sv.lb.scoredBy', { author: a.authorName, at: fmtDateTime(a.createdAt) })}>
            <span>
              <span className="sv-score">{a.total}</span>
              <span className="muted"> / {max}</span>
            </span>
          </Tooltip>
        ) : (
          <Tag>{t('sv.lb.unscored')}</Tag>
        )}
        {a && a.problemIds.length > 0 && <Tag color="red">{t('sv.lb.findingsN', { n: a.problemIds.length })}</Tag>}
        {button}
      </span>
    );
  };

  const details = (p: Participant) => {
    const list = LOOKBACK_STAGES.map((s) => ({ s, a: latestOf(p, s) })).filter((x) => x.a);
    if (list.length === 0) return <span className="muted">{t('sv.lb.noAssessments')}</span>;
    return (
      <div className="sv-assess-detail" data-testid={`lookback-detail-${p.orgId}`}>
        {list.map(({ s, a }) => (
          <div key={s} className="sv-assess-block">
            <Space size={[8, 4]} wrap>
              <Typography.Text strong>{lookbackStageLabel(t, s)}</Typography.Text>
              <span>
                <span className="sv-score">{a!.total}</span> / {max}
              </span>
              <span className="muted">
                {a!.authorName} · {fmtDateTime(a!.createdAt)}
              </span>
            </Space>
            <ol className="sv-assess-scores">
              {items.map((i) => {
                const sc = a!.scores.find((x) => x.key === i.key);
                return (
                  <li key={i.key}>
                    {itemText(locale, i)}
                    {t('sv.colon')}
                    <b>{sc ? sc.score : '—'}</b>
                    <span className="muted"> / {maxOf(i)}</span>
                    {sc?.note && <span className="muted"> · {sc.note}</span>}
                  </li>
                );
              })}
            </ol>
            {a!.summary && (
              <div className="pre-wrap" style={{ marginTop: 6 }}>
                {a!.summary}
              </div>
            )}
            {a!.problemIds.length > 0 && (
              <div style={{ marginTop: 6 }}>
                <div className="muted">{t('sv.lb.findingsBecame')}</div>
                <ProblemRefs ids={a!.problemIds} />
              </div>
            )}
          </div>
        ))}
      </div>
    );
  };

  const head = (
    <Card className="page-head" variant="borderless">
      <div className="problem-head-line">
        <Typography.Text type="secondary">
          {t('sv.tab.lookbacks')} · {l.orgName}
        </Typography.Text>
      </div>
      <Typography.Title level={4} className="problem-title" data-testid="lookback-title">
        {l.title}
      </Typography.Title>
      <div className="sv-sample-line" data-testid="lookback-sample">
        <Tag color="red" variant="outlined">
          {checklistName(locale, l.checklist)}
        </Tag>
        <span>{t('sv.lb.sampleLine', { k: l.sample.length, n: l.participantCount })}</span>
        <span>
          {t('sv.lb.seed')}{' '}
          <Typography.Text code copyable={{ text: l.seed }} data-testid="lookback-seed">
            {l.seed}
          </Typography.Text>
        </span>
        {l.sampleReproduces ? (
          <Tooltip title={t('sv.lb.reproducesHint')}>
            <Tag color="success" icon={<CheckCircleFilled />} data-testid="lookback-reproduces" data-ok="1">
              {t('sv.lb.reproduces')}
            </Tag>
          </Tooltip>
        ) : (
          <Tag color="error" icon={<ExclamationCircleFilled />} data-testid="lookback-reproduces" data-ok="0">
            {t('sv.lb.notReproduces')}
          </Tag>
        )}
        <span className="muted">{t('sv.lb.startedOn', { date: fmtDate(l.createdAt) })}</span>
      </div>
      <div className="sv-head-meta muted" data-testid="lookback-progress">
        <span>{t('sv.lb.progress.self', { done: done('self'), n: l.participants.length })}</span>
        <span>
          {t('sv.lb.progress.spot', {
            done: l.participants.filter((p) => p.sampled && latestOf(p, 'spot')).length,
            n: l.participants.filter((p) => p.sampled).length,
          })}
        </span>
        <span>{t('sv.lb.progress.office', { done: done('office'), n: l.participants.length })}</span>
      </div>
    </Card>
  );

  const checklist = (
    <Card
      size="small"
      variant="borderless"
      className="problem-card"
      title={t('sv.lb.checklistTitle', { name: checklistName(locale, l.checklist) })}
    >
      <ol className="sv-lb-checklist" data-testid="lookback-checklist">
        {items.map((i, n) => {
          const c = checkLine(t('sv.lb.check'), itemText(locale, i));
          const d = itemDetail(locale, i);
          const lk = d ? checkLine(t('sv.lb.look'), d) : null;
          return (
            <li key={i.key} className="sv-check">
              <span className="sv-check-no">{n + 1}</span>
              <span className="sv-check-line">
                <b>{c.word}</b>
                {c.rest}
              </span>
              <span className="sv-check-max muted">{t('sv.lb.maxScore', { n: maxOf(i) })}</span>
              {lk && (
                <span className="sv-check-line">
                  <b>{lk.word}</b>
                  {lk.rest}
                </span>
              )}
            </li>
          );
        })}
      </ol>
    </Card>
  );

  const toolbar = (
    <div className="table-toolbar sv-hub-filters">
      <Input.Search
        allowClear
        className="filter-q"
        placeholder={t('sv.lb.searchUnit')}
        value={q}
        onChange={(e) => setQ(e.target.value)}
        data-testid="lookback-q"
      />
      <label className="filter-switch">
        <Switch size="small" checked={sampledOnly} onChange={setSampledOnly} data-testid="lookback-sampled-only" />{' '}
        {t('sv.lb.sampledOnly')}
      </label>
    </div>
  );

  const participants = (
    <Card
      size="small"
      variant="borderless"
      className="problem-card"
      title={t('sv.lb.participantsTitle', { n: l.participants.length })}
    >
      {toolbar}
      {mobile ? (
        <div className="sv-tiles" data-testid="lookback-participants">
          {shown.map((p) => (
            <ParticipantCard key={p.orgId} p={p} stageCell={stageCell} details={details} />
          ))}
          {shown.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.lb.noParticipants')} />}
        </div>
      ) : (
        <Table<Participant>
          rowKey="orgId"
          size="middle"
          dataSource={shown}
          data-testid="lookback-participants"
          pagination={shown.length > 20 ? { pageSize: 20, showSizeChanger: false, size: 'small' } : false}
          locale={{
            emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.lb.noParticipants')} />,
          }}
          scroll={{ x: 940 }}
          expandable={{
            expandedRowRender: details,
            rowExpandable: (p) => p.assessments.length > 0,
            expandRowByClick: true,
          }}
          onRow={(p) => ({ 'data-testid': `lookback-unit-${p.orgId}` }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            {
              title: t('sv.unit'),
              dataIndex: 'name',
              width: 240,
              render: (v: string, p) => (
                <span>
                  {v}{' '}
                  {p.sampled && (
                    <Tag color="volcano" data-testid={`lookback-sampled-${p.orgId}`}>
                      {t('sv.lb.sampled')}
                    </Tag>
                  )}
                </span>
              ),
            },
            ...LOOKBACK_STAGES.map((s) => ({
              title: lookbackStageLabel(t, s),
              key: s,
              width: 200,
              render: (_: unknown, p: Participant) => stageCell(p, s),
            })),
          ]}
        />
      )}
    </Card>
  );

  return (
    <div className="page problem-page sv-lookback-page">
      <SvCrumbs orgId={l.orgId} orgName={l.orgName} tab="lookbacks" last={l.title} />
      {head}
      <div className="problem-main">
        {participants}
        {checklist}
      </div>
      {assessing && target && (
        <AssessDrawer
          key={`${assessing.orgId}|${assessing.stage}`}
          lookback={l}
          participant={target}
          stage={assessing.stage}
          onClose={() => setAssessing(null)}
          onSaved={(d) => data.setData(d)}
        />
      )}
    </div>
  );
}

function ParticipantCard({
  p,
  stageCell,
  details,
}: {
  p: Participant;
  stageCell: (p: Participant, s: LookbackStage) => React.ReactNode;
  details: (p: Participant) => React.ReactNode;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <div className="sv-unit-card" data-testid={`lookback-unit-${p.orgId}`}>
      <div className="sv-unit-card-head">
        <Typography.Text strong>{p.name}</Typography.Text>
        {p.sampled && (
          <Tag color="volcano" data-testid={`lookback-sampled-${p.orgId}`}>
            {t('sv.lb.sampled')}
          </Tag>
        )}
      </div>
      <div className="sv-unit-stages">
        {LOOKBACK_STAGES.map((s) => (
          <FragmentRow key={s} label={lookbackStageLabel(t, s)} cell={stageCell(p, s)} />
        ))}
      </div>
      {p.assessments.length > 0 && (
        <>
          <Button type="link" size="small" style={{ padding: 0, marginTop: 4 }} onClick={() => setOpen((v) => !v)}>
            {open ? t('sv.lb.hideDetail') : t('sv.lb.showDetail')}
          </Button>
          {open && details(p)}
        </>
      )}
    </div>
  );
}

function FragmentRow({ label, cell }: { label: string; cell: React.ReactNode }) {
  return (
    <>
      <span className="muted">{label}</span>
      <span style={{ gridColumn: 'span 2' }}>{cell}</span>
    </>
  );
}
