/**
 * /materials/:id — one material under review (审核把关): its particulars and status, the text
 * (an editor for the author: every save is a new numbered version, guarded against a version
 * saved elsewhere; what is typed stays in this browser until the server has it), submitting for
 * review, and for a reviewer the review panel: a side-by-side diff against the version they last
 * reviewed, the checklist (每一条 通过 / 不通过, a reason required for a fail) and the overall
 * comment. Below, every version (readable in a drawer) and every review with its failed criteria.
 * A material asking for the leader review says who gives it: the 书记 post holder the server names.
 */
import { useState } from 'react';
import { Alert, Breadcrumb, Card, List, Skeleton, Space, Tag, Typography } from 'antd';
import { FileTextOutlined } from '@ant-design/icons';
import { enumLabel, useI18n } from '../../../i18n/index.tsx';
import { Link } from '../../../app/router.tsx';
import { useApiData, useIsMobile } from '../../../components/hooks.ts';
import { fmtDateTime } from '../../../components/format.ts';
import { checklistName } from '../labels.ts';
import { MaterialStatusTag } from '../parts/StatusTags.tsx';
import { LoadFailed } from '../parts/LoadFailed.tsx';
import { supervisionHref } from '../links.ts';
import { NearCopies, ReturnedAlert, ReviewProgress } from './MaterialNotes.tsx';
import { MaterialEditor } from './MaterialEditor.tsx';
import { ReviewPanel } from './ReviewPanel.tsx';
import { ReviewHistory } from './ReviewHistory.tsx';
import { VersionDrawer } from './VersionDrawer.tsx';
import { reviewerKinds } from './abilities.ts';
import { materialsApi } from './api.ts';
import '../supervision.css';

export function MaterialPage({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const material = useApiData(() => materialsApi.get(id), [id]);
  const [viewing, setViewing] = useState<number | null>(null);
  const m = material.data;

  if (material.error) return <LoadFailed error={material.error} notFound={t('sv.material.notFound')} />;
  if (!m) return <Skeleton active paragraph={{ rows: 12 }} />;

  const reviewing = reviewerKinds(m).length > 0 && m.submittedVersion !== null;
  const lastRound = m.submittedVersion !== null ? m.reviews.filter((r) => r.version === m.submittedVersion) : [];
  const failedReviews = lastRound.filter((r) => !r.pass);
  const post = enumLabel(t, 'orgPost', 'secretary');
  const reviewer = m.leaderReviewer;
  const reviewerName = reviewer ? `${reviewer.name}${reviewer.outside ? t('person.outsideMark') : ''}` : '';
  const leaderLine = !m.needsLeader
    ? null
    : !reviewer
      ? t('sv.material.leaderVacant')
      : m.leaderReviewerOrg && m.leaderReviewerOrg.id !== m.orgId
        ? t('sv.material.leaderReviewerAbove', { org: m.leaderReviewerOrg.name, post, name: reviewerName })
        : t('sv.material.leaderReviewerIs', { post, name: reviewerName });

  const head = (
    <Card className="page-head" variant="borderless">
      <Typography.Text type="secondary" className="sv-head-line">
        {m.orgName} · {enumLabel(t, 'materialKind', m.kind)}
        {m.subjectName && ` · ${t('sv.material.subjectIs', { name: m.subjectName })}`}
      </Typography.Text>
      <Typography.Title level={4} className="problem-title" data-testid="material-title">
        {m.title}
      </Typography.Title>
      <Space size={[6, 6]} wrap>
        <MaterialStatusTag status={m.status} testId="material-status" />
        <Tag data-testid="material-version">{t('sv.material.versionN', { n: m.version })}</Tag>
        {m.round > 0 && <Tag data-testid="material-round">{t('sv.material.roundN', { n: m.round })}</Tag>}
        {m.needsLeader && <Tag color="gold">{t('sv.material.byLeader')}</Tag>}
        {leaderLine && (
          <Typography.Text type={reviewer ? undefined : 'warning'} data-testid="material-leader-reviewer">
            {leaderLine}
          </Typography.Text>
        )}
        {m.needsTeam && (
          <Tag color="red" variant="outlined">
            {t('sv.material.byTeam')}
          </Tag>
        )}
        <Typography.Text type="secondary">
          {t('sv.material.checklistIs', { name: checklistName(locale, m.checklist) })} ·{' '}
          {t('sv.material.authorIs', { name: m.authorName })} ·{' '}
          {t('sv.material.updatedIs', { at: fmtDateTime(m.updatedAt).slice(0, 16) })}
        </Typography.Text>
      </Space>
      {m.status === 'returned' && failedReviews.length > 0 && <ReturnedAlert m={m} reviews={failedReviews} />}
      {m.status === 'in_review' && <ReviewProgress m={m} />}
      {m.status === 'passed' && (
        <Alert
          type="success"
          showIcon
          className="problem-decision"
          title={t('sv.material.passedNote', { n: m.submittedVersion ?? m.version })}
          data-testid="material-passed"
        />
      )}
    </Card>
  );

  const bodyCard = (
    <Card size="small" variant="borderless" className="problem-card" title={t('sv.material.bodyOf', { n: m.version })}>
      <div className="sv-paper pre-wrap" data-testid="material-body">
        {m.body || <span className="muted">{t('sv.material.emptyBody')}</span>}
      </div>
    </Card>
  );

  const side = (
    <>
      <Card size="small" variant="borderless" className="problem-card" title={t('sv.material.versions')}>
        <List
          size="small"
          data-testid="material-versions"
          dataSource={[...m.versions].sort((a, b) => b.version - a.version)}
          locale={{ emptyText: t('sv.material.noVersions') }}
          renderItem={(v) => (
            <List.Item
              className="sv-version-item"
              onClick={() => setViewing(v.version)}
              data-testid={`material-version-${v.version}`}
            >
              <div className="sv-version-main">
                <span className="sv-version-n">
                  <FileTextOutlined /> {t('sv.material.versionN', { n: v.version })}
                </span>
                {v.version === m.submittedVersion && m.status === 'in_review' ? (
                  <Tag color="red" variant="outlined">
                    {t('sv.material.underReviewTag')}
                  </Tag>
                ) : (
                  v.submitted && <Tag color="processing">{t('sv.material.submittedTag')}</Tag>
                )}
              </div>
              <div className="muted sv-version-meta">
                {v.authorName} · {fmtDateTime(v.createdAt).slice(0, 16)}
              </div>
            </List.Item>
          )}
        />
      </Card>
      <ReviewHistory m={m} />
    </>
  );

  return (
    <div className="page problem-page sv-material-page">
      <Breadcrumb
        className="page-breadcrumb"
        items={[
          { key: 's', title: <Link to={supervisionHref(m.orgId)}>{t('sv.crumb', { org: m.orgName })}</Link> },
          { key: 'm', title: <span className="sv-crumb-title">{m.title}</span> },
        ]}
      />
      {head}
      <NearCopies m={m} />
      {reviewing && (
        <ReviewPanel
          key={`${m.id}:${m.submittedVersion}`}
          m={m}
          mobile={mobile}
          onDone={material.setData}
          reload={material.reload}
        />
      )}
      {/* A reviewer's panel takes the whole width (the diff needs it); drafts and reviews follow side by side. */}
      {reviewing ? (
        <div className="sv-below-review">{side}</div>
      ) : (
        <div className="problem-grid">
          <div className="problem-main">
            {m.abilities.edit ? (
              <MaterialEditor key={m.id} m={m} mobile={mobile} onSaved={material.setData} reload={material.reload} />
            ) : (
              bodyCard
            )}
          </div>
          <div className="problem-side">{side}</div>
        </div>
      )}
      {viewing !== null && (
        <VersionDrawer materialId={m.id} version={viewing} mobile={mobile} onClose={() => setViewing(null)} />
      )}
    </div>
  );
}
