/**
 * The 审核标准 tab: the checklists materials are reviewed against (审核标准, e.g. the five "not
 * passed" criteria 五个不过关) and looked back with (回头看, e.g. the six checks and six looks
 * 六查六看). Built-ins are read-only; an office copies one as its own standard ("复制为本单位标准")
 * and edits the copy: its name and items (Chinese and English text; for look back also what is
 * looked at and the highest score).
 */
import { useState } from 'react';
import {
  App,
  Button,
  Card,
  Drawer,
  Empty,
  Form,
  Input,
  InputNumber,
  Segmented,
  Skeleton,
  Space,
  Tag,
  Typography,
} from 'antd';
import {
  ArrowDownOutlined,
  ArrowUpOutlined,
  CopyOutlined,
  EditOutlined,
  MinusCircleOutlined,
  PlusOutlined,
} from '@ant-design/icons';
import type { OrgDetailView } from '../../../../shared/api.ts';
import type { ChecklistItem, ChecklistKind, ChecklistView } from '../../../../shared/supervision.ts';
import { CHECKLIST_KINDS } from '../../../../shared/supervision.ts';
import { ApiError } from '../../../api/client.ts';
import { enumLabel, useI18n } from '../../../i18n/index.tsx';
import { useRouter } from '../../../app/router.tsx';
import { useApiData, useIsMobile } from '../../../components/hooks.ts';
import { applyFieldErrors } from '../../../components/format.ts';
import { checklistName, itemDetail, itemText } from '../labels.ts';
import { useTabOrg } from '../parts/useTabOrg.ts';
import { checklistsApi } from './api.ts';

const errText = (e: unknown) => (e instanceof ApiError ? e.message : String(e));

export function ChecklistsTab({ orgId, org: given }: { orgId: number; org?: OrgDetailView }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { query, navigate, location } = useRouter();
  const { org, can } = useTabOrg(orgId, given);
  const rawKind = query.get('kind');
  const kind: ChecklistKind = (CHECKLIST_KINDS as readonly string[]).includes(rawKind ?? '')
    ? (rawKind as ChecklistKind)
    : 'review';
  const lists = useApiData(() => checklistsApi.list(orgId, kind), [orgId, kind]);
  const [editing, setEditing] = useState<ChecklistView | null>(null);
  const [copying, setCopying] = useState<number | null>(null);
  const canCopy = !!org && can('editChecklist');

  const setKind = (k: ChecklistKind) => {
    const q = new URLSearchParams(query);
    q.set('kind', k);
    navigate(`${location.pathname}?${q.toString()}`, { replace: true });
  };

  const copy = async (c: ChecklistView) => {
    if (!org) return;
    setCopying(c.id);
    try {
      const created = await checklistsApi.create(org.id, c.kind, {
        name: t('sv.checklist.copyName', { name: c.name, org: org.shortName || org.name }),
        nameEn: c.nameEn ? `${c.nameEn} (${org.shortName || org.name})` : '',
        items: c.items,
      });
      message.success(t('sv.checklist.copied'));
      lists.reload();
      setEditing(created);
    } catch (e) {
      message.error(errText(e));
    } finally {
      setCopying(null);
    }
  };

  const rows = lists.data ?? [];
  return (
    <div className="sv-tab" data-testid="sv-checklists">
      <div className="table-toolbar">
        <Segmented<ChecklistKind>
          value={kind}
          onChange={setKind}
          options={CHECKLIST_KINDS.map((k) => ({
            value: k,
            label: <span data-testid={`checklist-kind-${k}`}>{enumLabel(t, 'checklistKind', k)}</span>,
          }))}
        />
        <Typography.Text type="secondary" className="sv-checklist-intro">
          {t(kind === 'review' ? 'sv.checklist.introReview' : 'sv.checklist.introLookback')}
        </Typography.Text>
      </div>
      {lists.error && <Empty description={`${t('common.loadFailed')}: ${lists.error.message}`} />}
      {lists.loading && rows.length === 0 && <Skeleton active />}
      {!lists.loading && !lists.error && rows.length === 0 && <Empty description={t('sv.checklist.none')} />}
      <div className="sv-checklists" data-testid="checklist-list">
        {rows.map((c) => (
          <Card
            key={c.id}
            size="small"
            className="sv-checklist-card"
            data-testid={`checklist-${c.id}`}
            title={
              <div className="sv-checklist-title">
                <span className="sv-checklist-name">{checklistName(locale, c)}</span>
                {c.builtin ? <Tag color="red">{t('sv.checklist.builtin')}</Tag> : <Tag>{c.orgName}</Tag>}
                <span className="muted sv-checklist-count">
                  {t('sv.checklist.itemCount', { count: c.items.length })}
                </span>
              </div>
            }
            extra={
              <Space size={4} wrap>
                {c.abilities.edit && (
                  <Button
                    size="small"
                    icon={<EditOutlined />}
                    onClick={() => setEditing(c)}
                    data-testid={`checklist-edit-${c.id}`}
                    data-ability="edit"
                  >
                    {t('common.edit')}
                  </Button>
                )}
                {!c.abilities.edit && canCopy && c.orgId !== orgId && (
                  <Button
                    size="small"
                    icon={<CopyOutlined />}
                    loading={copying === c.id}
                    onClick={() => void copy(c)}
                    data-testid={`checklist-copy-${c.id}`}
                    data-ability="editChecklist"
                  >
                    {t('sv.checklist.copy')}
                  </Button>
                )}
              </Space>
            }
          >
            <ol className="sv-checklist-items">
              {c.items.map((i) => (
                <li key={i.key}>
                  <span className="sv-item-text">{itemText(locale, i)}</span>
                  {c.kind === 'lookback' && (
                    <>
                      {itemDetail(locale, i) && <div className="muted sv-item-detail">{itemDetail(locale, i)}</div>}
                      <div className="muted sv-item-detail">
                        {t('sv.checklist.maxScoreIs', { n: i.maxScore ?? 10 })}
                      </div>
                    </>
                  )}
                </li>
              ))}
            </ol>
          </Card>
        ))}
      </div>
      {editing && (
        <ChecklistDrawer
          checklist={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            lists.reload();
          }}
        />
      )}
    </div>
  );
}

interface ItemValues {
  key?: string;
  zh: string;
  en?: string;
  detailZh?: string;
  detailEn?: string;
  maxScore?: number | null;
}
interface ChecklistValues {
  name: string;
  nameEn?: string;
  items: ItemValues[];
}

/** A fresh key for a new item: item_1, item_2 … not yet used. */
function freshKey(used: Set<string>): string {
  for (let n = 1; ; n++) {
    const k = `item_${n}`;
    if (!used.has(k)) return k;
  }
}

function ChecklistDrawer({
  checklist,
  onClose,
  onSaved,
}: {
  checklist: ChecklistView;
  onClose: () => void;
  onSaved: (c: ChecklistView) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<ChecklistValues>();
  const [busy, setBusy] = useState(false);
  const lookback = checklist.kind === 'lookback';

  const submit = async (v: ChecklistValues) => {
    const used = new Set(v.items.map((i) => i.key).filter((k): k is string => !!k));
    const items: ChecklistItem[] = v.items.map((i) => {
      const key = i.key || freshKey(used);
      used.add(key);
      return {
        key,
        zh: i.zh.trim(),
        en: (i.en ?? '').trim(),
        ...(lookback
          ? { detailZh: (i.detailZh ?? '').trim(), detailEn: (i.detailEn ?? '').trim(), maxScore: i.maxScore ?? 10 }
          : {}),
      };
    });
    setBusy(true);
    try {
      const saved = await checklistsApi.update(checklist.id, {
        name: v.name.trim(),
        nameEn: (v.nameEn ?? '').trim(),
        items,
      });
      message.success(t('common.saved'));
      onSaved(saved);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['name', 'nameEn', 'items'])) message.error(errText(e));
    } finally {
      setBusy(false);
    }
  };

  const requiredRule = { required: true, whitespace: true, message: t('validation.required') };
  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 760}
      title={t('sv.checklist.editTitle', { kind: enumLabel(t, 'checklistKind', checklist.kind) })}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="checklist-save">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      <Form<ChecklistValues>
        form={form}
        layout="vertical"
        className="dense-form"
        initialValues={{
          name: checklist.name,
          nameEn: checklist.nameEn,
          items: checklist.items.map((i) => ({ ...i, maxScore: i.maxScore ?? (lookback ? 10 : undefined) })),
        }}
        onFinish={(v) => void submit(v)}
        data-testid="checklist-form"
      >
        <div className="form-row">
          <Form.Item name="name" label={t('sv.checklist.name')} rules={[requiredRule]}>
            <Input maxLength={100} data-testid="checklist-name" />
          </Form.Item>
          <Form.Item name="nameEn" label={t('sv.checklist.nameEn')}>
            <Input maxLength={100} />
          </Form.Item>
        </div>
        <Typography.Text strong>{t('sv.checklist.items')}</Typography.Text>
        <Typography.Paragraph type="secondary" style={{ margin: '2px 0 6px', fontSize: 13 }}>
          {t(lookback ? 'sv.checklist.itemsHelpLookback' : 'sv.checklist.itemsHelpReview')}
        </Typography.Paragraph>
        <Form.List
          name="items"
          rules={[
            {
              validator: async (_, v: unknown[]) =>
                v && v.length > 0 ? undefined : Promise.reject(new Error(t('sv.checklist.needOne'))),
            },
          ]}
        >
          {(fields, { add, remove, move }, { errors }) => (
            <div className="dyn-list" data-testid="checklist-items">
              {fields.map((f, i) => (
                <div key={f.key} className="dyn-item">
                  <span className="dyn-seq">{i + 1}.</span>
                  <div className="dyn-fields">
                    <Form.Item name={[f.name, 'key']} hidden>
                      <Input />
                    </Form.Item>
                    <Form.Item name={[f.name, 'zh']} rules={[requiredRule]} style={{ marginBottom: 8 }}>
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 3 }}
                        maxLength={200}
                        placeholder={t('sv.checklist.itemZh')}
                        data-testid={`checklist-item-zh-${i}`}
                      />
                    </Form.Item>
                    <Form.Item name={[f.name, 'en']} style={{ marginBottom: lookback ? 8 : 0 }}>
                      <Input.TextArea
                        autoSize={{ minRows: 1, maxRows: 3 }}
                        maxLength={200}
                        placeholder={t('sv.checklist.itemEn')}
                      />
                    </Form.Item>
                    {lookback && (
                      <>
                        <Form.Item name={[f.name, 'detailZh']} style={{ marginBottom: 8 }}>
                          <Input.TextArea
                            autoSize={{ minRows: 1, maxRows: 4 }}
                            maxLength={1000}
                            placeholder={t('sv.checklist.detailZh')}
                          />
                        </Form.Item>
                        <Form.Item name={[f.name, 'detailEn']} style={{ marginBottom: 8 }}>
                          <Input.TextArea
                            autoSize={{ minRows: 1, maxRows: 4 }}
                            maxLength={1000}
                            placeholder={t('sv.checklist.detailEn')}
                          />
                        </Form.Item>
                        <Form.Item
                          name={[f.name, 'maxScore']}
                          label={t('sv.checklist.maxScore')}
                          layout="horizontal"
                          style={{ marginBottom: 0 }}
                        >
                          <InputNumber min={1} max={100} precision={0} style={{ width: 100 }} />
                        </Form.Item>
                      </>
                    )}
                  </div>
                  <div className="sv-item-tools">
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowUpOutlined />}
                      disabled={i === 0}
                      onClick={() => move(i, i - 1)}
                      aria-label={t('sv.checklist.up')}
                    />
                    <Button
                      type="text"
                      size="small"
                      icon={<ArrowDownOutlined />}
                      disabled={i === fields.length - 1}
                      onClick={() => move(i, i + 1)}
                      aria-label={t('sv.checklist.down')}
                    />
                    <Button
                      type="text"
                      size="small"
                      icon={<MinusCircleOutlined />}
                      disabled={fields.length <= 1}
                      onClick={() => remove(f.name)}
                      aria-label={t('common.remove')}
                    />
                  </div>
                </div>
              ))}
              <Form.ErrorList errors={errors} />
              {fields.length < 30 && (
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() => add({ zh: '', en: '', ...(lookback ? { maxScore: 10 } : {}) })}
                  data-testid="checklist-item-add"
                >
                  {t('sv.checklist.addItem')}
                </Button>
              )}
            </div>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
