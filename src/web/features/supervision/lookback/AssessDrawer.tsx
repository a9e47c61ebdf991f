/**
 * Scoring one unit at one stage of a look back (自查 / 抽查 / 评估): a score per checklist item (0 to
 * the item's highest score) with a note, a summary, and the findings, each recorded in the unit's
 * ledger as a problem (or re-opening one of its closed problems). After saving, the problems the
 * findings became are shown as links.
 */
import { useState } from 'react';
import { Alert, App, Button, Drawer, Empty, Input, InputNumber, Result, Select, Space, Typography } from 'antd';
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  PROBLEM_CATEGORIES,
  PROBLEM_KINDS,
  type ProblemCategory,
  type ProblemKind,
} from '../../../../shared/ledger.ts';
import type { LookbackDetailView, LookbackStage } from '../../../../shared/supervision.ts';
import { lookbacksApi } from './api.ts';
import { enumOptions, useI18n } from '../../../i18n/index.tsx';
import { useIsMobile } from '../../../components/hooks.ts';
import { itemDetail, itemText, lookbackStageLabel } from '../labels.ts';
import { errText, ProblemRefs, useClosedProblems } from '../parts/problems.tsx';

type Participant = LookbackDetailView['participants'][number];

interface Finding {
  description: string;
  category: ProblemCategory;
  kind: ProblemKind;
  reopenProblemId?: number;
}

export const maxOf = (i: { maxScore?: number }) => i.maxScore ?? 10;

export function AssessDrawer({
  lookback,
  participant,
  stage,
  onClose,
  onSaved,
}: {
  lookback: LookbackDetailView;
  participant: Participant;
  stage: LookbackStage;
  onClose: () => void;
  onSaved: (d: LookbackDetailView) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const items = lookback.checklist.items;
  const [scores, setScores] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(items.map((i) => [i.key, null])),
  );
  const [notes, setNotes] = useState<Record<string, string>>(() => Object.fromEntries(items.map((i) => [i.key, ''])));
  const [summary, setSummary] = useState('');
  const [findings, setFindings] = useState<Finding[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<number[] | null>(null);
  const closed = useClosedProblems(participant.orgId);

  const missing = items.filter((i) => scores[i.key] === null || scores[i.key] === undefined);
  const total = items.reduce((s, i) => s + (scores[i.key] ?? 0), 0);
  const max = items.reduce((s, i) => s + maxOf(i), 0);
  const badFinding = findings.findIndex((f) => !f.description.trim());

  const setFinding = (n: number, patch: Partial<Finding>) =>
    setFindings((fs) => fs.map((f, i) => (i === n ? { ...f, ...patch } : f)));

  const save = async () => {
    if (missing.length > 0) {
      setError(t('sv.assess.missing', { items: missing.map((i) => itemText(locale, i)).join(t('common.listSep')) }));
      return;
    }
    if (badFinding >= 0) {
      setError(t('sv.assess.findingEmpty', { n: badFinding + 1 }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const d = await lookbacksApi.assess(lookback.id, {
        orgId: participant.orgId,
        stage,
        scores: items.map((i) => ({ key: i.key, score: scores[i.key] ?? 0, note: (notes[i.key] ?? '').trim() })),
        summary: summary.trim(),
        findings: findings.map((f) => ({
          description: f.description.trim(),
          category: f.category,
          kind: f.kind,
          ...(f.reopenProblemId ? { reopenProblemId: f.reopenProblemId } : {}),
        })),
      });
      onSaved(d);
      const mine = d.participants
        .find((p) => p.orgId === participant.orgId)
        ?.assessments.filter((a) => a.stage === stage)
        .sort((a, b) => b.id - a.id)[0];
      message.success(t('sv.assess.saved'));
      if (mine && mine.problemIds.length > 0) setCreated(mine.problemIds);
      else onClose();
    } catch (e) {
      setError(errText(e));
    } finally {
      setBusy(false);
    }
  };

  const title = t('sv.assess.title', { org: participant.name, stage: lookbackStageLabel(t, stage) });
  if (created) {
    return (
      <Drawer open onClose={onClose} size={mobile ? '100%' : 640} title={title}>
        <Result
          status="success"
          title={t('sv.assess.savedTitle')}
          subTitle={t('sv.assess.createdProblems', { n: created.length })}
        />
        <div className="sv-assess-block" data-testid="assess-created">
          <ProblemRefs ids={created} />
        </div>
        <div style={{ textAlign: 'center', marginTop: 16 }}>
          <Button type="primary" size={mobile ? 'large' : 'middle'} onClick={onClose} data-testid="assess-done">
            {t('sv.assess.done')}
          </Button>
        </div>
      </Drawer>
    );
  }

  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 680}
      title={title}
      extra={
        !mobile && (
          <Space>
            <Button onClick={onClose}>{t('common.cancel')}</Button>
            <Button type="primary" loading={busy} onClick={() => void save()} data-testid="assess-submit">
              {t('sv.assess.submit')}
            </Button>
          </Space>
        )
      }
      footer={
        mobile && (
          <Button
            type="primary"
            block
            size="large"
            loading={busy}
            onClick={() => void save()}
            data-testid="assess-submit"
          >
            {t('sv.assess.submit')}
          </Button>
        )
      }
    >
      <div className="sv-section-label" style={{ marginTop: 0 }}>
        {t('sv.assess.scores')}
      </div>
      {items.map((i, n) => (
        <div key={i.key} className="sv-score-item">
          <div className="sv-score-item-head">
            <div className="sv-score-item-text">
              <div>
                <b>{n + 1}.</b> {itemText(locale, i)}
              </div>
              {itemDetail(locale, i) && <div className="muted">{itemDetail(locale, i)}</div>}
            </div>
            <span className="sv-score-input">
              <InputNumber
                min={0}
                max={maxOf(i)}
                value={scores[i.key]}
                onChange={(v) => setScores((s) => ({ ...s, [i.key]: v === null ? null : Number(v) }))}
                style={{ width: 86 }}
                size={mobile ? 'large' : 'middle'}
                status={error && scores[i.key] === null ? 'error' : undefined}
                inputMode="decimal"
                data-testid={`assess-score-${i.key}`}
              />
              <span className="muted">/ {maxOf(i)}</span>
            </span>
          </div>
          <Input
            value={notes[i.key]}
            maxLength={2000}
            onChange={(e) => setNotes((s) => ({ ...s, [i.key]: e.target.value }))}
            placeholder={t('sv.assess.notePlaceholder')}
            data-testid={`assess-note-${i.key}`}
          />
        </div>
      ))}
      <div className="sv-score-total">
        <span className="muted">{t('sv.assess.total')}</span>
        <Typography.Text strong style={{ fontSize: 20 }} data-testid="assess-total">
          {Math.round(total * 10) / 10}
        </Typography.Text>
        <span className="muted">/ {max}</span>
      </div>
      <div className="sv-section-label">{t('sv.assess.summary')}</div>
      <Input.TextArea
        autoSize={{ minRows: 3, maxRows: 10 }}
        maxLength={8000}
        value={summary}
        onChange={(e) => setSummary(e.target.value)}
        placeholder={t('sv.assess.summaryPlaceholder')}
        data-testid="assess-summary"
      />
      <div className="sv-section-label">{t('sv.assess.findings')}</div>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
        {t('sv.assess.findingsHint', { org: participant.name })}
      </Typography.Paragraph>
      <div className="dyn-list">
        {findings.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('sv.assess.noFindings')} style={{ margin: 0 }} />
        )}
        {findings.map((f, n) => (
          <div key={n} className="dyn-item" data-testid={`assess-finding-${n}`}>
            <span className="dyn-seq">{n + 1}</span>
            <div className="dyn-fields sv-named-edit">
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 8 }}
                maxLength={4000}
                value={f.description}
                onChange={(e) => setFinding(n, { description: e.target.value })}
                placeholder={t('sv.assess.findingPlaceholder')}
                status={error && !f.description.trim() ? 'error' : undefined}
                data-testid={`assess-finding-desc-${n}`}
              />
              <div className="dyn-fields-row">
                <Select<ProblemCategory>
                  value={f.category}
                  onChange={(v) => setFinding(n, { category: v })}
                  options={enumOptions(t, 'problemCategory', PROBLEM_CATEGORIES)}
                  style={{ width: mobile ? 'calc(50% - 4px)' : 130 }}
                  popupMatchSelectWidth={false}
                  data-testid={`assess-finding-category-${n}`}
                />
                <Select<ProblemKind>
                  value={f.kind}
                  onChange={(v) => setFinding(n, { kind: v })}
                  options={enumOptions(t, 'problemKind', PROBLEM_KINDS)}
                  style={{ width: mobile ? 'calc(50% - 4px)' : 130 }}
                  popupMatchSelectWidth={false}
                  data-testid={`assess-finding-kind-${n}`}
                />
                <Select<number>
                  allowClear
                  value={f.reopenProblemId}
                  onChange={(v) => {
                    const p = closed.find((x) => x.id === v);
                    setFinding(n, {
                      reopenProblemId: v ?? undefined,
                      ...(p && !f.description.trim()
                        ? { description: p.description, category: p.category, kind: p.kind }
                        : {}),
                    });
                  }}
                  placeholder={closed.length ? t('sv.assess.reopen') : t('sv.assess.reopenNone')}
                  disabled={closed.length === 0}
                  options={closed.map((p) => ({
                    value: p.id,
                    label: `${t('problem.seqN', { seq: p.seq })} ${p.description}`,
                  }))}
                  style={{ flex: '1 1 200px', minWidth: 0 }}
                  popupMatchSelectWidth={mobile ? true : 420}
                  data-testid={`assess-finding-reopen-${n}`}
                />
              </div>
              {f.reopenProblemId && (
                <Typography.Text type="warning" style={{ fontSize: 13 }}>
                  {t('sv.assess.reopenHint')}
                </Typography.Text>
              )}
            </div>
            <Button
              type="text"
              icon={<DeleteOutlined />}
              aria-label={t('common.remove')}
              onClick={() => setFindings((fs) => fs.filter((_, i) => i !== n))}
              data-testid={`assess-finding-remove-${n}`}
            />
          </div>
        ))}
        <Button
          icon={<PlusOutlined />}
          type="dashed"
          block
          onClick={() => setFindings((fs) => [...fs, { description: '', category: 'other', kind: 'phased' }])}
          data-testid="assess-finding-add"
        >
          {t('sv.assess.addFinding')}
        </Button>
      </div>
      {error && <Alert type="error" showIcon title={error} data-testid="assess-error" />}
      {!mobile && (
        <div style={{ display: 'flex', justifyContent: 'flex-end', gap: 8, marginTop: 12 }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('sv.assess.submit')}
          </Button>
        </div>
      )}
    </Drawer>
  );
}
