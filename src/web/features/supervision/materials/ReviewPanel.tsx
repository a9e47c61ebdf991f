/**
 * The reviewer's panel of a material: a side-by-side diff against the version they last reviewed
 * (or the text), the checklist (每一条 通过 / 不通过, a reason required for a fail, as the transition
 * table says) and the overall comment. The choices stay in this browser until sent.
 */
import { useMemo, useState } from 'react';
import { Alert, App, Button, Card, Input, Radio, Skeleton, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, SendOutlined } from '@ant-design/icons';
import type { ChecklistItem, MaterialDetailView, ReviewerKind } from '../../../../shared/supervision.ts';
import { reviewOutcome } from '../../../../shared/supervision.ts';
import { ApiError } from '../../../api/client.ts';
import { useLocalDraft } from '../../../components/useLocalDraft.ts';
import { failNeedsComment, REVIEW_ABILITY, reviewerKinds } from './abilities.ts';
import { materialsApi } from './api.ts';
import { enumLabel, useI18n } from '../../../i18n/index.tsx';
import { useApiData } from '../../../components/hooks.ts';
import { checklistName, itemText } from '../labels.ts';
import { DiffView } from './DiffView.tsx';

const reviewKey = (id: number, version: number, as: ReviewerKind) => `massline.material.${id}.review.${version}.${as}`;
const errText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

const EMPTY: ReviewDraft = { results: {}, comment: '' };

interface CriterionState {
  pass?: boolean;
  comment: string;
}
interface ReviewDraft {
  results: Record<string, CriterionState>;
  comment: string;
}

/** The reviewer's panel: the diff (or the text), the checklist, the overall comment. */
export function ReviewPanel({
  m,
  mobile,
  onDone,
  reload,
}: {
  m: MaterialDetailView;
  mobile: boolean;
  onDone: (m: MaterialDetailView) => void;
  reload: () => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const version = m.submittedVersion!;
  const kinds = reviewerKinds(m);
  const [as, setAs] = useState<ReviewerKind>(kinds[0]);
  const key = reviewKey(m.id, version, as);
  const kept = useLocalDraft<ReviewDraft>(key);
  const [draft, setDraft] = useState<ReviewDraft>(() => kept.stored ?? EMPTY);
  // Reviewing as the other reviewer: that reviewer's choices, as this browser kept them.
  const [draftOf, setDraftOf] = useState(key);
  if (draftOf !== key) {
    setDraftOf(key);
    setDraft(kept.stored ?? EMPTY);
  }
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  // The body under review: the latest version's unless the author has saved past it.
  const reviewed = useApiData<{ version: number; body: string }>(
    () => (m.version === version ? Promise.resolve({ version, body: m.body }) : materialsApi.version(m.id, version)),
    [m.id, version],
  );

  const switchAs = (k: ReviewerKind) => {
    setAs(k);
    setTried(false);
  };
  const update = (next: ReviewDraft) => {
    setDraft(next);
    kept.save(next);
  };
  const setCriterion = (key: string, patch: Partial<CriterionState>) =>
    update({
      ...draft,
      results: { ...draft.results, [key]: { ...(draft.results[key] ?? { comment: '' }), ...patch } },
    });

  const items = m.checklist.items;
  const results = items
    .filter((i) => draft.results[i.key]?.pass !== undefined)
    .map((i) => ({ key: i.key, pass: draft.results[i.key].pass!, comment: draft.results[i.key].comment.trim() }));
  const outcome = reviewOutcome(items, results);
  const failNoComment = failNeedsComment ? results.filter((r) => !r.pass && !r.comment).map((r) => r.key) : [];
  // My last review of an earlier version: its verdict per criterion, beside this round's choice.
  const previous = useMemo(
    () =>
      m.baseline
        ? [...m.reviews].sort((a, b) => b.id - a.id).find((r) => r.reviewer === as && r.version === m.baseline!.version)
        : undefined,
    [m.reviews, m.baseline, as],
  );

  const submit = async () => {
    setTried(true);
    if (outcome.missing.length > 0 || failNoComment.length > 0) {
      message.error(
        outcome.missing.length > 0
          ? t('sv.review.missing', { count: outcome.missing.length })
          : t('sv.review.failNeedsComment'),
      );
      const first = outcome.missing[0] ?? failNoComment[0];
      document.querySelector(`[data-criterion="${first}"]`)?.scrollIntoView({ behavior: 'smooth', block: 'center' });
      return;
    }
    setBusy(true);
    try {
      const next = await materialsApi.review(m.id, {
        as,
        version,
        results,
        comment: draft.comment.trim(),
      });
      kept.clear();
      message.success(t(outcome.pass ? 'sv.review.sentPass' : 'sv.review.sentFail'));
      onDone(next);
    } catch (e) {
      message.error(errText(e));
      // Reviewed meanwhile by someone else, or no longer under review: show the material as it is now.
      if (e instanceof ApiError && e.status === 409) reload();
    } finally {
      setBusy(false);
    }
  };

  const criterion = (item: ChecklistItem, i: number) => {
    const st = draft.results[item.key];
    const missing = tried && st?.pass === undefined;
    const needComment = failNeedsComment && st?.pass === false && !st.comment.trim();
    const prev = previous?.results.find((r) => r.key === item.key);
    return (
      <div
        key={item.key}
        className={`sv-criterion${st?.pass === false ? ' sv-criterion-fail' : st?.pass ? ' sv-criterion-pass' : ''}${missing ? ' sv-criterion-missing' : ''}`}
        data-criterion={item.key}
        data-testid={`review-criterion-${item.key}`}
      >
        <div className="sv-criterion-head">
          <div className="sv-criterion-text">
            <span className="sv-criterion-seq">{i + 1}.</span> {itemText(locale, item)}
          </div>
          <Radio.Group
            value={st?.pass === undefined ? undefined : st.pass ? 'pass' : 'fail'}
            onChange={(e) => setCriterion(item.key, { pass: e.target.value === 'pass' })}
            buttonStyle="solid"
            size={mobile ? 'large' : 'middle'}
            className="sv-criterion-radio"
          >
            {/* The test ids sit on the visible label text (antd hides the radio input itself). */}
            <Radio.Button value="pass">
              <span data-testid={`review-criterion-${item.key}-pass`} data-checked={st?.pass === true ? '1' : '0'}>
                <CheckCircleFilled /> {t('sv.review.pass')}
              </span>
            </Radio.Button>
            <Radio.Button value="fail" className="sv-fail-btn">
              <span data-testid={`review-criterion-${item.key}-fail`} data-checked={st?.pass === false ? '1' : '0'}>
                <CloseCircleFilled /> {t('sv.review.fail')}
              </span>
            </Radio.Button>
          </Radio.Group>
        </div>
        {prev && (
          <div className={`sv-criterion-prev ${prev.pass ? 'text-success' : 'text-danger'}`}>
            {t('sv.review.previous', {
              n: previous!.version,
              verdict: prev.pass ? t('sv.review.passed') : t('sv.review.failed'),
            })}
            {prev.comment && `${t('sv.colon')}${prev.comment}`}
          </div>
        )}
        <Input
          value={st?.comment ?? ''}
          onChange={(e) => setCriterion(item.key, { comment: e.target.value })}
          maxLength={2000}
          status={tried && needComment ? 'error' : undefined}
          placeholder={
            failNeedsComment && st?.pass === false ? t('sv.review.commentRequired') : t('sv.review.commentOptional')
          }
          data-testid={`review-comment-${item.key}`}
        />
        {tried && needComment && <div className="sv-criterion-error">{t('sv.review.failNeedsComment')}</div>}
        {missing && <div className="sv-criterion-error">{t('sv.review.chooseOne')}</div>}
      </div>
    );
  };

  return (
    <Card
      variant="borderless"
      className="problem-card sv-review-card"
      title={t('sv.review.title', { n: version })}
      data-testid="review-panel"
      extra={
        kinds.length > 1 ? (
          <Radio.Group
            value={as}
            onChange={(e) => switchAs(e.target.value as ReviewerKind)}
            optionType="button"
            size="small"
            data-testid="review-as"
          >
            {kinds.map((k) => (
              <Radio.Button key={k} value={k}>
                <span data-testid={`review-as-${k}`}>
                  {t('sv.review.asKind', { kind: enumLabel(t, 'reviewerKind', k) })}
                </span>
              </Radio.Button>
            ))}
          </Radio.Group>
        ) : (
          <span className="muted">{t('sv.review.asKind', { kind: enumLabel(t, 'reviewerKind', as) })}</span>
        )
      }
    >
      {reviewed.error ? (
        <Alert type="error" title={t('common.loadFailed')} description={reviewed.error.message} />
      ) : !reviewed.data ? (
        <Skeleton active />
      ) : m.baseline && m.baseline.version !== version ? (
        <DiffView left={m.baseline} right={reviewed.data} />
      ) : (
        <>
          {m.baseline && (
            <Typography.Paragraph type="secondary">
              {t('sv.review.sameAsBaseline', { n: m.baseline.version })}
            </Typography.Paragraph>
          )}
          <div className="sv-paper sv-paper-review pre-wrap" data-testid="material-body">
            {reviewed.data.body || <span className="muted">{t('sv.material.emptyBody')}</span>}
          </div>
        </>
      )}

      <div className="sv-checklist" data-testid="review-checklist">
        <div className="plan-section-label">
          {t('sv.review.checklist', { name: checklistName(locale, m.checklist) })}
        </div>
        <Typography.Paragraph type="secondary" className="sv-checklist-help">
          {t('sv.review.help')}
        </Typography.Paragraph>
        {items.map(criterion)}
      </div>
      <div className="progress-field sv-overall">
        <Typography.Text strong>{t('sv.review.overall')}</Typography.Text>
        <Input.TextArea
          autoSize={{ minRows: 2, maxRows: 8 }}
          maxLength={4000}
          value={draft.comment}
          onChange={(e) => update({ ...draft, comment: e.target.value })}
          placeholder={t('sv.review.overallPlaceholder')}
          data-testid="review-comment"
        />
      </div>
      <div className="progress-save">
        <Button
          type="primary"
          size={mobile ? 'large' : 'middle'}
          icon={<SendOutlined />}
          loading={busy}
          onClick={() => void submit()}
          data-testid="review-submit"
          data-ability={REVIEW_ABILITY[as]}
        >
          {t('sv.review.submit')}
        </Button>
        <span
          data-testid="review-outcome"
          className={outcome.missing.length > 0 ? 'muted' : outcome.pass ? 'text-success' : 'text-danger'}
        >
          {outcome.missing.length > 0
            ? t('sv.review.outcomeMissing', { count: outcome.missing.length })
            : outcome.pass
              ? t('sv.review.outcomePass')
              : t('sv.review.outcomeFail', { count: outcome.failed.length })}
        </span>
      </div>
    </Card>
  );
}
