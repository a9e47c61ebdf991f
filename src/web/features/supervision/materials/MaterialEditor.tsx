/**
 * The author's editor of a material: title and text, "保存草稿" (every save is a new numbered
 * version, guarded against a version saved elsewhere) and "提交审核". What is typed stays in this
 * browser (useLocalDraft) until the server has it.
 */
import { useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Input, Space, Typography } from 'antd';
import { CheckCircleFilled, SaveOutlined, SendOutlined } from '@ant-design/icons';
import type { MaterialDetailView } from '../../../../shared/supervision.ts';
import { ApiError } from '../../../api/client.ts';
import { useLocalDraft } from '../../../components/useLocalDraft.ts';
import { materialsApi } from './api.ts';
import { useI18n } from '../../../i18n/index.tsx';
import { fmtDateTime } from '../../../components/format.ts';

/** What this browser keeps of the editor until the server has it. */
interface LocalDraft {
  baseVersion: number;
  title: string;
  body: string;
}

const draftKey = (id: number) => `massline.material.${id}.draft`;
const errText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));
const isConflict = (e: unknown) =>
  e instanceof ApiError && (e.status === 409 || e.code === 'CONFLICT' || e.code === 'VERSION_CONFLICT');

/** The author's editor: title and text, "保存草稿" (a new version), "提交审核". */
export function MaterialEditor({
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
  const { read: readDraft, save: keepDraft, clear: clearDraft } = useLocalDraft<LocalDraft>(draftKey(m.id));

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
      const kept = readDraft();
      setStored(kept && (kept.body !== m.body || kept.title !== m.title) ? kept : null);
      if (kept && kept.body === m.body && kept.title === m.title) clearDraft();
    }
  }, [m, readDraft, clearDraft]);

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
    keepDraft({ baseVersion: m.version, title: ti, body: b });
    setDirty(true);
    setSavedAs(null);
  };

  /** Saves the text as a new version on top of `base`; answers the new detail, or null on failure. */
  const save = async (base: MaterialDetailView): Promise<MaterialDetailView | null> => {
    const t2 = title.trim();
    try {
      const next = await materialsApi.saveDraft(m.id, {
        baseVersion: base.version,
        body,
        ...(t2 && t2 !== base.title ? { title: t2 } : {}),
      });
      clearDraft();
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
          const latest = await materialsApi.get(m.id);
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
          const next = await materialsApi.submit(base.id);
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
                  clearDraft();
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
                  clearDraft();
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
          data-ability="edit"
        >
          {t('sv.material.save')}
        </Button>
        {m.abilities.submit && (
          <Button
            icon={<SendOutlined />}
            size={buttonSize}
            type={dirty ? 'default' : 'primary'}
            loading={busy === 'submit'}
            disabled={tooShort || unchanged}
            onClick={doSubmit}
            data-testid="material-submit"
            data-ability="submit"
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
