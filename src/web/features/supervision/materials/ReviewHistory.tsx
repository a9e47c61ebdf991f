import { Card, Tag, Timeline, Typography } from 'antd';
import { CheckCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import type { MaterialDetailView } from '../../../../shared/supervision.ts';
import { useI18n, type TFunction } from '../../../i18n/index.tsx';
import { fmtDateTime } from '../../../components/format.ts';
import { itemText } from '../labels.ts';
import { ReviewerKindTag } from '../parts/StatusTags.tsx';

function verdictOf(t: TFunction, pass: boolean) {
  return pass ? (
    <Tag color="success" icon={<CheckCircleFilled />}>
      {t('sv.review.passed')}
    </Tag>
  ) : (
    <Tag color="error" icon={<CloseCircleFilled />}>
      {t('sv.review.failed')}
    </Tag>
  );
}

/** Every review, newest first: who, which version, the verdict, each failed criterion with its reason. */
export function ReviewHistory({ m }: { m: MaterialDetailView }) {
  const { t, locale } = useI18n();
  const items = new Map(m.checklist.items.map((i) => [i.key, i]));
  const label = (key: string) => (items.get(key) ? itemText(locale, items.get(key)!) : key);
  return (
    <Card size="small" variant="borderless" className="problem-card" title={t('sv.review.history')}>
      {m.reviews.length === 0 ? (
        <div className="muted">{t('sv.review.none')}</div>
      ) : (
        <Timeline
          data-testid="material-reviews"
          items={[...m.reviews]
            .sort((a, b) => b.id - a.id)
            .map((r) => ({
              key: r.id,
              color: r.pass ? 'green' : 'red',
              children: (
                <div className="history-item" data-testid={`material-review-${r.id}`} data-pass={r.pass ? '1' : '0'}>
                  <div className="sv-review-line">
                    <ReviewerKindTag kind={r.reviewer} />
                    <Typography.Text strong>{r.reviewerName}</Typography.Text>
                    <span className="muted">{t('sv.material.versionN', { n: r.version })}</span>
                    {verdictOf(t, r.pass)}
                  </div>
                  <div className="muted history-meta">{fmtDateTime(r.createdAt)}</div>
                  {r.results.some((x) => !x.pass || x.comment) && (
                    <ul className="sv-review-results">
                      {r.results
                        .filter((x) => !x.pass || x.comment)
                        .map((x) => (
                          <li key={x.key} className={x.pass ? 'sv-result-pass' : 'sv-result-fail'}>
                            {x.pass ? <CheckCircleFilled /> : <CloseCircleFilled />} <b>{label(x.key)}</b>
                            {x.comment && (
                              <span className="pre-wrap">
                                {t('sv.colon')}
                                {x.comment}
                              </span>
                            )}
                          </li>
                        ))}
                    </ul>
                  )}
                  {r.comment && <div className="history-comment pre-wrap">{r.comment}</div>}
                </div>
              ),
            }))}
        />
      )}
    </Card>
  );
}
