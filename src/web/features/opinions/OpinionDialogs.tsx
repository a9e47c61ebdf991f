/**
 * The opinion dialogs: entering an opinion received through a channel (drawer), and the triage
 * steps — answer, decline (reason required), merge duplicates into one, convert into ONE draft
 * problem of the ledger.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import {
  Alert,
  App,
  Button,
  Col,
  Drawer,
  Form,
  Input,
  Modal,
  Radio,
  Row,
  Select,
  Space,
  Switch,
  Typography,
} from 'antd';
import type { ProblemCategory, ProblemKind } from '../../../shared/ledger.ts';
import { PROBLEM_CATEGORIES, PROBLEM_KINDS } from '../../../shared/ledger.ts';
import type {
  ConvertResult,
  OpinionChannel,
  OpinionDetailView,
  OpinionGroup,
  OpinionView,
} from '../../../shared/opinions.ts';
import { formatReceiptCode, OPINION_CHANNELS, OPINION_GROUPS, STAFF_CONTENT_MAX } from '../../../shared/opinions.ts';
import { ApiError } from '../../api/client.ts';
import { opinionsApi } from './api.ts';
import { enumLabel, enumOptions, useI18n } from '../../i18n/index.tsx';
import { useApiData, useIsMobile } from '../../components/hooks.ts';
import { applyFieldErrors } from '../../components/format.ts';
import { OrgSelect } from '../../components/OrgSelect.tsx';
import { txt } from '../campaigns/text.ts';
import { excerpt, opOptions } from './parts.tsx';

const errText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

// ---------- entering an opinion ----------

interface EntryForm {
  orgId: number;
  channel: OpinionChannel;
  group: OpinionGroup;
  anonymous: boolean;
  name?: string;
  contact?: string;
  content: string;
  campaignId?: number;
}

/**
 * Records an opinion received by letter, at a symposium, in a talk, on a card, in the box, on a
 * visit, online or by phone. "Save and enter the next" keeps channel and group for a pile of cards.
 */
export function EnterOpinionDrawer({
  org,
  onClose,
  onSaved,
}: {
  org: { id: number; name: string; path: string };
  onClose: () => void;
  onSaved: (o: OpinionDetailView) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<EntryForm>();
  const [busy, setBusy] = useState<'save' | 'next' | null>(null);
  const [last, setLast] = useState<OpinionDetailView | null>(null);
  const campaigns = useApiData(() => opinionsApi.campaigns(), []);
  const group = Form.useWatch('group', form);
  const anonymous = Form.useWatch('anonymous', form);
  const forcedAnonymous = group === 'anonymous';
  const hideSubmitter = forcedAnonymous || !!anonymous;
  const initial = useMemo(() => ({ id: org.id, name: org.name }), [org.id, org.name]);

  const save = async (next: boolean) => {
    const v = await form.validateFields();
    setBusy(next ? 'next' : 'save');
    try {
      const anon = v.group === 'anonymous' || !!v.anonymous;
      const o = await opinionsApi.create({
        orgId: v.orgId,
        channel: v.channel,
        group: v.group,
        anonymous: anon,
        name: anon ? undefined : v.name?.trim() || undefined,
        contact: anon ? undefined : v.contact?.trim() || undefined,
        content: v.content,
        campaignId: v.campaignId,
      });
      message.success(t('op.entered', { code: formatReceiptCode(o.receiptCode) }));
      onSaved(o);
      if (next) {
        setLast(o);
        form.setFieldsValue({ name: undefined, contact: undefined, content: '' });
        form.setFields([{ name: 'content', errors: [] }]);
      } else {
        onClose();
      }
    } catch (e) {
      if (!applyFieldErrors(form, e, ['orgId', 'channel', 'group', 'name', 'contact', 'content', 'campaignId']))
        message.error(errText(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 640}
      title={t('op.enter.title')}
      footer={
        <div className="op-drawer-footer">
          <Button onClick={onClose} size={mobile ? 'large' : 'middle'}>
            {t('op.cancel')}
          </Button>
          <Button
            onClick={() => void save(true)}
            loading={busy === 'next'}
            size={mobile ? 'large' : 'middle'}
            data-testid="opinion-form-next"
          >
            {t('op.enter.saveNext')}
          </Button>
          <Button
            type="primary"
            onClick={() => void save(false)}
            loading={busy === 'save'}
            size={mobile ? 'large' : 'middle'}
            data-testid="opinion-form-submit"
          >
            {t('op.enter.save')}
          </Button>
        </div>
      }
    >
      {last && (
        <Alert
          type="success"
          showIcon
          className="op-last-entered"
          title={t('op.enter.lastSaved', { code: formatReceiptCode(last.receiptCode) })}
          description={t('op.enter.lastSavedHint')}
        />
      )}
      <Form<EntryForm>
        form={form}
        layout="vertical"
        initialValues={{ orgId: org.id, channel: 'card', group: 'masses', anonymous: false }}
        data-testid="opinion-form"
      >
        <Form.Item
          name="orgId"
          label={t('op.enter.org')}
          extra={t('op.enter.orgHint')}
          rules={[{ required: true, message: t('op.required') }]}
        >
          <OrgSelect
            initial={initial}
            style={{ width: '100%' }}
            filter={(o) => o.path === org.path || o.path.startsWith(`${org.path}.`)}
          />
        </Form.Item>
        <Row gutter={12}>
          <Col xs={24} sm={12}>
            <Form.Item name="channel" label={t('op.channel')} rules={[{ required: true, message: t('op.required') }]}>
              <Select options={opOptions(t, 'channel', OPINION_CHANNELS)} data-testid="opinion-form-channel" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="group" label={t('op.group')} rules={[{ required: true, message: t('op.required') }]}>
              <Select options={opOptions(t, 'group', OPINION_GROUPS)} data-testid="opinion-form-group" />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label={t('op.anonymous')}
          extra={forcedAnonymous ? t('op.enter.anonymousForced') : t('op.enter.anonymousHint')}
        >
          <Space>
            <Form.Item name="anonymous" valuePropName="checked" noStyle>
              <Switch
                disabled={forcedAnonymous}
                checked={forcedAnonymous || !!anonymous}
                data-testid="opinion-form-anonymous"
              />
            </Form.Item>
          </Space>
        </Form.Item>
        {!hideSubmitter && (
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <Form.Item name="name" label={t('op.enter.name')}>
                <Input maxLength={50} autoComplete="off" data-testid="opinion-form-name" />
              </Form.Item>
            </Col>
            <Col xs={24} sm={14}>
              <Form.Item name="contact" label={t('op.enter.contact')}>
                <Input maxLength={100} autoComplete="off" data-testid="opinion-form-contact" />
              </Form.Item>
            </Col>
          </Row>
        )}
        <Form.Item
          name="content"
          label={t('op.content')}
          rules={[{ required: true, whitespace: true, message: t('op.enter.contentRequired') }]}
        >
          <Input.TextArea
            rows={mobile ? 6 : 8}
            maxLength={STAFF_CONTENT_MAX}
            showCount
            placeholder={t('op.enter.contentPlaceholder')}
            data-testid="opinion-form-content"
          />
        </Form.Item>
        <Form.Item name="campaignId" label={t('op.campaign')} extra={t('op.enter.campaignHint')}>
          <Select
            allowClear
            loading={campaigns.loading}
            options={(campaigns.data ?? [])
              .filter((c) => c.status === 'active')
              .map((c) => ({ value: c.id, label: txt(c.name, locale) }))}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

// ---------- answer / decline ----------

/** Answer (答复) or decline (不予采纳, reason required): the submitter reads it with the receipt code. */
export function CloseOpinionModal({
  opinion,
  mode,
  onClose,
  onDone,
}: {
  opinion: OpinionView;
  mode: 'answer' | 'decline';
  onClose: () => void;
  onDone: (o: OpinionDetailView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!text.trim()) {
      setError(mode === 'answer' ? t('op.answer.required') : t('op.decline.required'));
      return;
    }
    setBusy(true);
    try {
      const o = await (mode === 'answer'
        ? opinionsApi.answer(opinion.id, text)
        : opinionsApi.decline(opinion.id, text));
      message.success(mode === 'answer' ? t('op.answer.done') : t('op.decline.done'));
      onDone(o);
    } catch (e) {
      setError(e instanceof ApiError && e.fieldIssues.length ? e.fieldIssues[0].message : errText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={mode === 'answer' ? t('op.answer.title') : t('op.decline.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={mode === 'answer' ? t('op.answer.ok') : t('op.decline.ok')}
      cancelText={t('op.cancel')}
      okButtonProps={{ danger: mode === 'decline', 'data-testid': `opinion-${mode}-submit` } as never}
      confirmLoading={busy}
    >
      <div className="op-quote">
        <div className="muted">
          {formatReceiptCode(opinion.receiptCode)} · {opinion.orgName}
        </div>
        <Typography.Paragraph
          ellipsis={{ rows: 4, expandable: true, symbol: t('op.expand') }}
          className="pre-wrap"
          style={{ marginBottom: 0 }}
        >
          {opinion.content}
        </Typography.Paragraph>
      </div>
      <Typography.Text type="secondary">
        {mode === 'answer' ? t('op.answer.hint') : t('op.decline.hint')}
      </Typography.Text>
      <Input.TextArea
        rows={5}
        maxLength={2000}
        showCount
        value={text}
        status={error ? 'error' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          setError(null);
        }}
        placeholder={mode === 'answer' ? t('op.answer.placeholder') : t('op.decline.placeholder')}
        style={{ marginTop: 8 }}
        data-testid={`opinion-${mode}-text`}
        autoFocus
      />
      {error && (
        <div className="op-error text-danger" role="alert">
          {error}
        </div>
      )}
    </Modal>
  );
}

// ---------- convert into a problem ----------

/** The texts of several opinions as the draft problem's description: one as is, several numbered. */
export function joinContents(contents: string[]): string {
  const text = contents.length === 1 ? contents[0] : contents.map((c, i) => `${i + 1}. ${c.trim()}`).join('\n');
  const cs = [...text];
  return cs.length <= 4000 ? text : `${cs.slice(0, 3999).join('')}…`;
}

interface ConvertForm {
  category: ProblemCategory;
  kind: ProblemKind;
  description: string;
}

/** Turns new opinions of one org into ONE draft problem of that org's ledger. */
export function ConvertModal({
  opinions,
  onClose,
  onDone,
}: {
  opinions: OpinionView[];
  onClose: () => void;
  onDone: (r: ConvertResult) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<ConvertForm>();
  const [busy, setBusy] = useState(false);
  const submit = async () => {
    const v = await form.validateFields();
    setBusy(true);
    try {
      const r = await opinionsApi.convert({
        ids: opinions.map((o) => o.id),
        category: v.category,
        kind: v.kind,
        description: v.description,
      });
      message.success(t('op.convert.done', { seq: r.seq }));
      onDone(r);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['category', 'kind', 'description'])) message.error(errText(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={mobile ? '100%' : 680}
      title={t('op.convert.title', { count: opinions.length })}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('op.convert.ok')}
      cancelText={t('op.cancel')}
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'opinion-convert-submit' } as never}
    >
      <Typography.Paragraph type="secondary">
        {t('op.convert.hint', { org: opinions[0]?.orgName ?? '' })}
      </Typography.Paragraph>
      <Form<ConvertForm>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'immediate', description: joinContents(opinions.map((o) => o.content)) }}
      >
        <Form.Item
          name="category"
          label={t('op.convert.category')}
          rules={[{ required: true, message: t('op.required') }]}
        >
          <Select
            options={enumOptions(t, 'problemCategory', PROBLEM_CATEGORIES)}
            data-testid="opinion-convert-category"
          />
        </Form.Item>
        <Form.Item name="kind" label={t('op.convert.kind')} rules={[{ required: true, message: t('op.required') }]}>
          <Radio.Group
            optionType="button"
            options={PROBLEM_KINDS.map((k) => ({ value: k, label: enumLabel(t, 'problemKind', k) }))}
            data-testid="opinion-convert-kind"
          />
        </Form.Item>
        <Form.Item
          name="description"
          label={t('op.convert.description')}
          extra={t('op.convert.descriptionHint')}
          className="op-count-extra"
          rules={[{ required: true, whitespace: true, message: t('op.required') }]}
        >
          <Input.TextArea rows={mobile ? 6 : 8} maxLength={4000} showCount data-testid="opinion-convert-description" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

// ---------- merge ----------

/** Opinions a duplicate may be merged into: new, converted or answered ones (the server's rule). */
const TARGET_STATUSES = new Set(['new', 'converted', 'answered']);

/**
 * Merges duplicates into one opinion of the same org. The target is one of the selected opinions
 * (the others are merged into it) or, searched by words or receipt code, another opinion of the
 * org — an earlier one that was already converted or answered, say.
 */
export function MergeModal({
  opinions,
  onClose,
  onDone,
}: {
  opinions: OpinionView[];
  onClose: () => void;
  onDone: (o: OpinionDetailView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const orgId = opinions[0]?.orgId;
  const selectedIds = new Set(opinions.map((o) => o.id));
  const oldest = opinions.length > 1 ? opinions.reduce((a, b) => (b.id < a.id ? b : a)) : undefined;
  const [target, setTarget] = useState<number | undefined>(oldest?.id);
  const [found, setFound] = useState<OpinionView[]>([]);
  const [recent, setRecent] = useState<OpinionView[]>([]);
  const [typed, setTyped] = useState(false);
  const [searching, setSearching] = useState(false);
  const [busy, setBusy] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const candidates = (items: OpinionView[]) =>
    items.filter((o) => o.orgId === orgId && !selectedIds.has(o.id) && TARGET_STATUSES.has(o.status));
  // Before any search: the org's latest opinions, so the usual case needs no typing.
  useEffect(() => {
    if (!orgId) return;
    opinionsApi
      .list({ org: orgId }, null, 30)
      .then((page) => setRecent(candidates(page.items)))
      .catch(() => undefined);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [orgId]);

  const search = (q: string) => {
    clearTimeout(timer.current);
    const text = q.trim();
    setTyped(!!text);
    if (!text) {
      setFound([]);
      setSearching(false);
      return;
    }
    setSearching(true);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      try {
        const page = await opinionsApi.list({ org: orgId, q: text }, null, 20);
        if (mine !== seq.current) return;
        setFound(candidates(page.items));
      } catch {
        if (mine === seq.current) setFound([]);
      } finally {
        if (mine === seq.current) setSearching(false);
      }
    }, 300);
  };

  const label = (o: OpinionView) =>
    `${formatReceiptCode(o.receiptCode)} · ${enumLabel(t, 'opinionStatus', o.status)} · ${excerpt(o.content, 36)}`;
  const [picked, setPicked] = useState<OpinionView | undefined>(oldest);
  const others = typed ? found : recent;
  const chosen = picked && picked.id === target ? picked : undefined;
  const sources = opinions.filter((o) => o.id !== target).map((o) => o.id);
  const otherOptions = others.map((o) => ({ value: o.id, label: label(o) }));
  // The chosen target stays listed after a new search.
  if (chosen && !selectedIds.has(chosen.id) && !others.some((o) => o.id === chosen.id))
    otherOptions.unshift({ value: chosen.id, label: label(chosen) });
  const options = [
    ...(opinions.length > 1
      ? [{ label: t('op.merge.selected'), options: opinions.map((o) => ({ value: o.id, label: label(o) })) }]
      : []),
    ...(otherOptions.length ? [{ label: t('op.merge.others'), options: otherOptions }] : []),
  ];

  const submit = async () => {
    if (!target || sources.length === 0) return;
    setBusy(true);
    try {
      const o = await opinionsApi.merge(target, sources);
      message.success(t('op.merge.done', { count: sources.length, code: formatReceiptCode(o.receiptCode) }));
      onDone(o);
    } catch (e) {
      message.error(errText(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={mobile ? '100%' : 640}
      title={t('op.merge.title')}
      onCancel={onClose}
      onOk={() => void submit()}
      okText={t('op.merge.ok')}
      cancelText={t('op.cancel')}
      confirmLoading={busy}
      okButtonProps={{ disabled: !target || sources.length === 0, 'data-testid': 'opinion-merge-submit' } as never}
    >
      <Typography.Paragraph type="secondary">{t('op.merge.hint')}</Typography.Paragraph>
      <Select
        showSearch={{ filterOption: false, onSearch: search }}
        value={target}
        onChange={(v: number) => {
          setTarget(v);
          setPicked([...opinions, ...others, ...(chosen ? [chosen] : [])].find((o) => o.id === v));
        }}
        options={options}
        loading={searching}
        placeholder={t('op.merge.placeholder')}
        notFoundContent={searching ? null : t('op.merge.searchHint')}
        style={{ width: '100%' }}
        popupMatchSelectWidth
        data-testid="opinion-merge-target"
      />
      {chosen && (
        <Alert
          className="op-merge-summary"
          type="info"
          showIcon
          title={t('op.merge.summary', { count: sources.length, code: formatReceiptCode(chosen.receiptCode) })}
          description={<span className="pre-wrap">{excerpt(chosen.content, 200)}</span>}
        />
      )}
    </Modal>
  );
}
