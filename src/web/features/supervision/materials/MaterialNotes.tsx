/** The notes above a material: near-copies of its text, why it was returned, who still has to review it. */
import { Alert, Tag } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ClockCircleOutlined } from '@ant-design/icons';
import type { MaterialDetailView, ReviewerKind, ReviewView } from '../../../../shared/supervision.ts';
import { enumLabel, useI18n } from '../../../i18n/index.tsx';
import { Link } from '../../../app/router.tsx';
import { itemText } from '../labels.ts';

/** 形式主义 check: neighbouring units' materials whose wording is a near-copy of this one. */
export function NearCopies({ m }: { m: MaterialDetailView }) {
  const { t } = useI18n();
  if (m.similar.length === 0) return null;
  return (
    <Alert
      type="warning"
      showIcon
      className="sv-near-copies"
      data-testid="material-near-copies"
      title={t('sv.nearCopy.title', { count: m.similar.length })}
      description={
        <ul className="sv-near-copy-list">
          {m.similar.map((x) => (
            <li key={x.id} data-testid={`near-copy-${x.id}`}>
              <Link to={`/materials/${x.id}`}>{x.title}</Link>
              <span className="muted">
                {' '}
                {t('sv.nearCopy.item', { org: x.orgName, author: x.authorName, pct: Math.round(x.similarity * 100) })}
              </span>
            </li>
          ))}
        </ul>
      }
    />
  );
}

/** Returned: the failed criteria of the last round, so the author knows what to change. */
export function ReturnedAlert({ m, reviews }: { m: MaterialDetailView; reviews: ReviewView[] }) {
  const { t, locale } = useI18n();
  const items = new Map(m.checklist.items.map((i) => [i.key, i]));
  return (
    <Alert
      type="warning"
      showIcon
      className="problem-decision"
      data-testid="material-returned"
      title={t('sv.material.returnedNote', { n: m.submittedVersion ?? 0 })}
      description={
        <div className="sv-returned">
          {reviews.map((r) => (
            <div key={r.id}>
              <div className="sv-returned-by">
                {enumLabel(t, 'reviewerKind', r.reviewer)} · {r.reviewerName}
              </div>
              <ul>
                {r.results
                  .filter((x) => !x.pass)
                  .map((x) => (
                    <li key={x.key}>
                      <b>{items.get(x.key) ? itemText(locale, items.get(x.key)!) : x.key}</b>
                      {x.comment && `${t('sv.colon')}${x.comment}`}
                    </li>
                  ))}
              </ul>
              {r.comment && <div className="pre-wrap">{r.comment}</div>}
            </div>
          ))}
        </div>
      }
    />
  );
}

/** In review: who still has to review the version under review. */
export function ReviewProgress({ m }: { m: MaterialDetailView }) {
  const { t } = useI18n();
  const kinds: ReviewerKind[] = [
    ...(m.needsLeader ? (['leader'] as const) : []),
    ...(m.needsTeam ? (['team'] as const) : []),
  ];
  const done = (k: ReviewerKind) => m.reviews.find((r) => r.version === m.submittedVersion && r.reviewer === k);
  return (
    <div className="sv-progress" data-testid="material-progress">
      <span className="muted">{t('sv.material.progressOf', { n: m.submittedVersion ?? 0 })}</span>
      {kinds.map((k) => {
        const r = done(k);
        return (
          <Tag
            key={k}
            color={r ? (r.pass ? 'success' : 'error') : 'default'}
            icon={r ? r.pass ? <CheckCircleFilled /> : <CloseCircleFilled /> : <ClockCircleOutlined />}
          >
            {enumLabel(t, 'reviewerKind', k)} ·{' '}
            {r ? (r.pass ? t('sv.review.passed') : t('sv.review.failed')) : t('sv.review.pending')}
          </Tag>
        );
      })}
    </div>
  );
}
