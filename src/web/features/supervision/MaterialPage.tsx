/**
 * /materials/:id — one material under review (审核把关): its particulars and status, the text
 * (an editor for the author: every save is a new numbered version, guarded against a version
 * saved elsewhere; what is typed stays in this browser until the server has it), submitting for
 * review, and for a reviewer the review panel: a side-by-side diff against the version they last
 * reviewed, the checklist (每一条 通过 / 不通过, a reason required for a fail) and the overall
 * comment. Below, every version (readable in a drawer) and every review with its failed criteria.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Breadcrumb,
  Button,
  Card,
  Drawer,
  Empty,
  Input,
  List,
  Radio,
  Skeleton,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import {
  CheckCircleFilled,
  CloseCircleFilled,
  ClockCircleOutlined,
  FileTextOutlined,
  SaveOutlined,
  SendOutlined,
} from '@ant-design/icons';
import type { ChecklistItem, MaterialDetailView, ReviewerKind, ReviewView } from '../../../shared/supervision.ts';
import { reviewOutcome } from '../../../shared/supervision.ts';
import { ApiError, api } from '../../api/client.ts';
import { enumLabel, useI18n, type TFunction } from '../../i18n/index.tsx';
import { Link } from '../../app/router.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { fmtDateTime } from '../../components/format.ts';
import { checklistName, itemText } from './labels.ts';
import { MaterialStatusTag, ReviewerKindTag } from './StatusTags.tsx';
import { DiffView } from './DiffView.tsx';
import { LoadFailed } from './LoadFailed.tsx';
import { supervisionHref } from './links.ts';
import './supervision.css';

interface VersionBody {
  version: number;
  body: string;
  authorName: string;
  createdAt: string;
  submitted: boolean;
}

/** What this browser keeps of the editor until the server has it. */
interface LocalDraft {
  baseVersion: number;
  title: string;
  body: string;
}

const draftKey = (id: number) => `massline.material.${id}.draft`;
const reviewKey = (id: number, version: number, as: ReviewerKind) => `massline.material.${id}.review.${version}.${as}`;
const errText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));
const isConflict = (e: unknown) =>
  e instanceof ApiError && (e.status === 409 || e.code === 'CONFLICT' || e.code === 'VERSION_CONFLICT');

function readLocal<T>(key: string): T | null {
  try {
    const raw = localStorage.getItem(key);
    return raw ? (JSON.parse(raw) as T) : null;
  } catch {
    return null;
  }
}
function writeLocal(key: string, value: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(value));
  } catch {
    /* storage full or disabled: the server save still works */
  }
}

export function MaterialPage({ id }: { id: number }) {
  const { t, locale } = useI18n();
  const mobile = useIsMobile();
  const material = useApiData(() => api.get<MaterialDetailView>(`/supervision/materials/${id}`), [id]);
  const [viewing, setViewing] = useState<number | null>(null);
  const m = material.data;

  if (material.error) return <LoadFailed error={material.error} notFound={t('sv.material.notFound')} />;
  if (!m) return <Skeleton active paragraph={{ rows: 12 }} />;

  const reviewing = m.can.review.length > 0 && m.submittedVersion !== null;
  const lastRound = m.submittedVersion !== null ? m.reviews.filter((r) => r.version === m.submittedVersion) : [];
  const failedReviews = lastRound.filter((r) => !r.pass);

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
            {m.can.edit ? (
              <Editor key={m.id} m={m} mobile={mobile} onSaved={material.setData} reload={material.reload} />
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

/** 形式主义 check: neighbouring units' materials whose wording is a near-copy of this one. */
function NearCopies({ m }: { m: MaterialDetailView }) {
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
function ReturnedAlert({ m, reviews }: { m: MaterialDetailView; reviews: ReviewView[] }) {
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
function ReviewProgress({ m }: { m: MaterialDetailView }) {
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

/** The author's editor: title and text, "保存草稿" (a new version), "提交审核". */
function Editor({
  m,
  mobile,
  onSaved,
  reload,
}: {
  m: MaterialDetailView;
  mobile: boolean;
  onSaved: (m: MaterialDetailView) => void;
  reload: () => void;
}) {
  const { t } = useI18n();
  const { message, modal } = App.useApp();
  const [body, setBody] = useState(m.body);
  const [title, setTitle] = useState(m.title);
  const [dirty, setDirty] = useState(false);
  const [stored, setStored] = useState<LocalDraft | null>(null);
  const [conflict, setConflict] = useState<MaterialDetailView | null>(null);
  const [busy, setBusy] = useState<'save' | 'submit' | null>(null);
  const [savedAs, setSavedAs] = useState<number | null>(null);
  const dirtyRef = useRef(false);
  dirtyRef.current = dirty;
  const loaded = useRef<string | null>(null);

  // On (re)load: take the server's text unless the user is typing, and offer what this browser kept.
  useEffect(() => {
    const stamp = `${m.id}:${m.version}:${m.status}`;
    if (loaded.current === stamp) return;
    const firstLoad = loaded.current === null;
    loaded.current = stamp;
    if (!dirtyRef.current) {
      setBody(m.body);
      setTitle(m.title);
    }
    if (firstLoad) {
      const local = readLocal<LocalDraft>(draftKey(m.id));
      setStored(local && (local.body !== m.body || local.title !== m.title) ? local : null);
      if (local && local.body === m.body && local.title === m.title) localStorage.removeItem(draftKey(m.id));
    }
  }, [m]);

  // Leaving the page (closing, reloading) with text the server does not have yet: ask first.
  useEffect(() => {
    if (!dirty) return;
    const warn = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const change = (next: { body?: string; title?: string }) => {
    const b = next.body ?? body;
    const ti = next.title ?? title;
    if (next.body !== undefined) setBody(b);
    if (next.title !== undefined) setTitle(ti);
    writeLocal(draftKey(m.id), { baseVersion: m.version, title: ti, body: b } satisfies LocalDraft);
    setDirty(true);
    setSavedAs(null);
  };

  /** Saves the text as a new version on top of `base`; answers the new detail, or null on failure. */
  const save = async (base: MaterialDetailView): Promise<MaterialDetailView | null> => {
    const t2 = title.trim();
    try {
      const next = await api.post<MaterialDetailView>(`/supervision/materials/${m.id}/draft`, {
        baseVersion: base.version,
        body,
        ...(t2 && t2 !== base.title ? { title: t2 } : {}),
      });
      localStorage.removeItem(draftKey(m.id));
      setDirty(false);
      dirtyRef.current = false;
      setStored(null);
      setConflict(null);
      setSavedAs(next.version);
      onSaved(next);
      return next;
    } catch (e) {
      if (isConflict(e)) {
        // Saved elsewhere meanwhile: keep what was typed, show what the server has now.
        try {
          const latest = await api.get<MaterialDetailView>(`/supervision/materials/${m.id}`);
          setConflict(latest);
          // The page shows the newer draft (header, drafts list); the editor keeps what was typed.
          onSaved(latest);
        } catch {
          reload();
        }
        message.warning(t('sv.material.conflict'));
      } else {
        message.error(errText(e));
      }
      return null;
    }
  };

  const doSave = async () => {
    setBusy('save');
    const next = await save(conflict ?? m);
    setBusy(null);
    if (next) message.success(t('sv.material.savedAs', { n: next.version }));
  };

  const doSubmit = () => {
    modal.confirm({
      title: t('sv.material.submitConfirm'),
      content: t('sv.material.submitConfirmText'),
      okText: t('sv.material.submit'),
      cancelText: t('common.cancel'),
      onOk: async () => {
        setBusy('submit');
        try {
          let base = m;
          if (dirty || conflict) {
            const saved = await save(conflict ?? m);
            if (!saved) return;
            base = saved;
          }
          const next = await api.post<MaterialDetailView>(`/supervision/materials/${base.id}/submit`);
          onSaved(next);
          message.success(t('sv.material.submitted', { n: next.submittedVersion ?? next.version }));
        } catch (e) {
          message.error(errText(e));
        } finally {
          setBusy(null);
        }
      },
    });
  };

  const buttonSize = mobile ? 'large' : 'middle';
  const tooShort = body.trim().length === 0;
  // A returned version goes back only once changed: the reviewers have given their verdict on it.
  const unchanged = m.status === 'returned' && m.version === m.submittedVersion && !dirty && !conflict;

  return (
    <Card
      size="small"
      variant="borderless"
      className="problem-card"
      title={t('sv.material.editorTitle', { n: m.version })}
    >
      {stored && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            stored.baseVersion === m.version
              ? t('sv.material.localDraft')
              : t('sv.material.localDraftOld', { n: stored.baseVersion, current: m.version })
          }
          data-testid="material-local-draft"
          action={
            <Space direction={mobile ? 'vertical' : 'horizontal'}>
              <Button
                size="small"
                type="primary"
                onClick={() => {
                  setBody(stored.body);
                  setTitle(stored.title || m.title);
                  setDirty(true);
                  setStored(null);
                }}
                data-testid="material-restore"
              >
                {t('problem.restore')}
              </Button>
              <Button
                size="small"
                onClick={() => {
                  localStorage.removeItem(draftKey(m.id));
                  setStored(null);
                }}
              >
                {t('problem.discard')}
              </Button>
            </Space>
          }
        />
      )}
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="material-conflict"
          title={t('sv.material.conflictTitle', { n: conflict.version })}
          description={t('sv.material.conflictText')}
          action={
            <Space direction="vertical">
              <Button
                size="small"
                type="primary"
                loading={busy === 'save'}
                onClick={() => void doSave()}
                data-testid="material-conflict-keep"
              >
                {t('sv.material.conflictKeep', { n: conflict.version + 1 })}
              </Button>
              <Button
                size="small"
                onClick={() => {
                  setBody(conflict.body);
                  setTitle(conflict.title);
                  setDirty(false);
                  localStorage.removeItem(draftKey(m.id));
                  onSaved(conflict);
                  setConflict(null);
                }}
                data-testid="material-conflict-theirs"
              >
                {t('sv.material.conflictTheirs', { n: conflict.version })}
              </Button>
            </Space>
          }
        />
      )}
      <div className="progress-field">
        <Typography.Text strong>{t('sv.material.title')}</Typography.Text>
        <Input
          value={title}
          maxLength={200}
          onChange={(e) => change({ title: e.target.value })}
          data-testid="material-title-input"
        />
      </div>
      <div className="progress-field">
        <Typography.Text strong>{t('sv.material.body')}</Typography.Text>
        <Input.TextArea
          className="sv-editor"
          autoSize={{ minRows: mobile ? 12 : 18, maxRows: mobile ? 30 : 40 }}
          maxLength={200000}
          value={body}
          onChange={(e) => change({ body: e.target.value })}
          placeholder={t('sv.material.bodyPlaceholder')}
          data-testid="material-body-editor"
        />
      </div>
      <div className="progress-save sv-editor-actions">
        <Button
          icon={<SaveOutlined />}
          size={buttonSize}
          type={dirty ? 'primary' : 'default'}
          loading={busy === 'save'}
          onClick={() => void doSave()}
          disabled={!dirty && !conflict}
          data-testid="material-save"
        >
          {t('sv.material.save')}
        </Button>
        {m.can.submit && (
          <Button
            icon={<SendOutlined />}
            size={buttonSize}
            type={dirty ? 'default' : 'primary'}
            loading={busy === 'submit'}
            disabled={tooShort || unchanged}
            onClick={doSubmit}
            data-testid="material-submit"
          >
            {t('sv.material.submit')}
          </Button>
        )}
        {dirty && (
          <span className="muted" data-testid="material-unsaved">
            {t('sv.material.unsaved')}
          </span>
        )}
        {!dirty && savedAs !== null && (
          <span className="text-success" data-testid="material-saved-as">
            <CheckCircleFilled /> {t('sv.material.savedAs', { n: savedAs })}
          </span>
        )}
        {unchanged && (
          <span className="muted" data-testid="material-unchanged">
            {t('sv.material.reviseFirst')}
          </span>
        )}
        {!dirty && savedAs === null && !unchanged && (
          <span className="muted">
            {t('sv.material.savedVersionIs', { n: m.version, at: fmtDateTime(m.updatedAt).slice(0, 16) })}
          </span>
        )}
      </div>
    </Card>
  );
}

interface CriterionState {
  pass?: boolean;
  comment: string;
}
interface ReviewDraft {
  results: Record<string, CriterionState>;
  comment: string;
}

/** The reviewer's panel: the diff (or the text), the checklist, the overall comment. */
function ReviewPanel({
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
  const [as, setAs] = useState<ReviewerKind>(m.can.review[0]);
  const [draft, setDraft] = useState<ReviewDraft>(
    () => readLocal<ReviewDraft>(reviewKey(m.id, version, m.can.review[0])) ?? { results: {}, comment: '' },
  );
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  // The body under review: the latest version's unless the author has saved past it.
  const reviewed = useApiData<{ version: number; body: string }>(
    () =>
      m.version === version
        ? Promise.resolve({ version, body: m.body })
        : api.get<VersionBody>(`/supervision/materials/${m.id}/versions/${version}`),
    [m.id, version],
  );

  const switchAs = (k: ReviewerKind) => {
    setAs(k);
    setDraft(readLocal<ReviewDraft>(reviewKey(m.id, version, k)) ?? { results: {}, comment: '' });
    setTried(false);
  };
  const update = (next: ReviewDraft) => {
    setDraft(next);
    writeLocal(reviewKey(m.id, version, as), next);
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
  const failNoComment = results.filter((r) => !r.pass && !r.comment).map((r) => r.key);
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
      const next = await api.post<MaterialDetailView>(`/supervision/materials/${m.id}/reviews`, {
        as,
        version,
        results,
        comment: draft.comment.trim(),
      });
      localStorage.removeItem(reviewKey(m.id, version, as));
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
    const needComment = st?.pass === false && !st.comment.trim();
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
          placeholder={st?.pass === false ? t('sv.review.commentRequired') : t('sv.review.commentOptional')}
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
        m.can.review.length > 1 ? (
          <Radio.Group
            value={as}
            onChange={(e) => switchAs(e.target.value as ReviewerKind)}
            optionType="button"
            size="small"
            data-testid="review-as"
          >
            {m.can.review.map((k) => (
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
function ReviewHistory({ m }: { m: MaterialDetailView }) {
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

function VersionDrawer({
  materialId,
  version,
  mobile,
  onClose,
}: {
  materialId: number;
  version: number;
  mobile: boolean;
  onClose: () => void;
}) {
  const { t } = useI18n();
  const v = useApiData(
    () => api.get<VersionBody>(`/supervision/materials/${materialId}/versions/${version}`),
    [materialId, version],
  );
  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 720}
      title={t('sv.material.versionN', { n: version })}
      data-testid="version-drawer"
    >
      {v.error ? (
        <Empty description={v.error.message} />
      ) : !v.data ? (
        <Skeleton active paragraph={{ rows: 10 }} />
      ) : (
        <>
          <Space size={[8, 4]} wrap style={{ marginBottom: 12 }}>
            {v.data.submitted && <Tag color="processing">{t('sv.material.submittedTag')}</Tag>}
            <Typography.Text type="secondary">
              {v.data.authorName} · {fmtDateTime(v.data.createdAt)}
            </Typography.Text>
          </Space>
          <div className="sv-paper pre-wrap" data-testid="version-body">
            {v.data.body || <span className="muted">{t('sv.material.emptyBody')}</span>}
          </div>
        </>
      )}
    </Drawer>
  );
}
