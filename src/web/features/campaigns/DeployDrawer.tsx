/**
 * Deploy a campaign: a template, the office's org whose subtree takes part, the notice's 文号 and
 * text, the escalation period, and one or more batches (第一批、第二批) each choosing participants
 * by level (and optionally kind) with its own start date; phase dates follow the template.
 */
import { useState } from 'react';
import { App, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import type { OrgRef, TemplateView } from '../../../shared/campaigns.ts';
import { ORG_KINDS, ORG_LEVELS, type OrgKind, type OrgLevel } from '../../../shared/enums.ts';
import { ApiError } from '../../api/client.ts';
import { enumLabel, useI18n } from '../../i18n/index.tsx';
import { useIsMobile } from '../../components/hooks.ts';
import { OrgSelect } from '../../components/OrgSelect.tsx';
import { applyFieldErrors, todayDayjs } from '../../components/format.ts';
import { campaignsApi } from './api.ts';
import { txt } from './text.ts';

interface BatchForm {
  name: string;
  levels: OrgLevel[];
  kinds?: OrgKind[];
  startDate: Dayjs;
}
interface DeployForm {
  templateId: number;
  orgId: number;
  docNumber?: string;
  escalationDays: number;
  noticeBody?: string;
  batches: BatchForm[];
}

export function DeployDrawer({
  templates,
  templateId,
  deployOrgs,
  onClose,
  onDeployed,
}: {
  templates: TemplateView[];
  templateId: number | null;
  /** The orgs the server says the actor may deploy from (GET /api/campaigns `deployOrgs`); the first is proposed. */
  deployOrgs: OrgRef[];
  onClose: () => void;
  onDeployed: (id: number) => void;
}) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<DeployForm>();
  const [busy, setBusy] = useState(false);
  const office = deployOrgs[0] ?? null;
  const batchNames = [
    t('campaign.batch1'),
    t('campaign.batch2'),
    t('campaign.batch3'),
    t('campaign.batch4'),
    t('campaign.batch5'),
  ];

  const submit = async (v: DeployForm) => {
    setBusy(true);
    try {
      const res = await campaignsApi.deploy({
        templateId: v.templateId,
        orgId: v.orgId,
        docNumber: v.docNumber || undefined,
        escalationDays: v.escalationDays,
        noticeBody: v.noticeBody || undefined,
        batches: v.batches.map((b) => ({
          name: b.name,
          levels: b.levels,
          kinds: b.kinds ?? [],
          startDate: b.startDate.format('YYYY-MM-DD'),
        })),
      });
      message.success(t('campaign.deployed'));
      onDeployed(res.id);
    } catch (e) {
      if (!applyFieldErrors(form, e, ['templateId', 'orgId', 'docNumber', 'escalationDays', 'noticeBody', 'batches'])) {
        message.error(e instanceof ApiError ? e.message : String(e));
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      onClose={onClose}
      size={mobile ? '100%' : 640}
      title={t('campaign.deploy')}
      extra={
        <Space>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="deploy-submit">
            {t('campaign.deploySubmit')}
          </Button>
        </Space>
      }
    >
      <Form<DeployForm>
        form={form}
        layout="vertical"
        onFinish={(v) => void submit(v)}
        initialValues={{
          // The template the user chose (its row's 部署活动); from the page header, none — deploying
          // writes tasks for a whole subtree, so the user picks — unless only one can be deployed.
          templateId: templateId ?? (templates.length === 1 ? templates[0].id : undefined),
          orgId: office?.id,
          escalationDays: 3,
          batches: [
            {
              name: batchNames[0],
              levels: ['county', 'township', 'general_branch', 'branch'],
              startDate: todayDayjs(),
            },
          ],
        }}
      >
        <Form.Item
          name="templateId"
          label={t('campaign.template')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <Select
            data-testid="deploy-template"
            placeholder={t('campaign.templatePlaceholder')}
            options={templates.map((x) => ({ value: x.id, label: txt(x.name, locale) }))}
          />
        </Form.Item>
        <Form.Item
          name="orgId"
          label={t('campaign.scopeOrg')}
          extra={t('campaign.scopeOrgHelp')}
          rules={[{ required: true, message: t('validation.required') }]}
        >
          <OrgSelect initial={office} data-testid="deploy-org" />
        </Form.Item>
        <Space.Compact block>
          <Form.Item name="docNumber" label={t('campaign.docNumber')} style={{ flex: 2 }}>
            <Input placeholder={t('campaign.docNumberPlaceholder')} maxLength={60} data-testid="deploy-doc" />
          </Form.Item>
          <Form.Item
            name="escalationDays"
            label={t('campaign.escalationDays')}
            style={{ flex: 1 }}
            tooltip={t('campaign.escalationHelp')}
          >
            <InputNumber min={0} max={365} style={{ width: '100%' }} />
          </Form.Item>
        </Space.Compact>
        <Form.Item name="noticeBody" label={t('campaign.noticeBody')} extra={t('campaign.noticeBodyHelp')}>
          <Input.TextArea rows={5} maxLength={20000} />
        </Form.Item>
        <Typography.Title level={5}>{t('campaign.batches')}</Typography.Title>
        <Form.List name="batches">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f, i) => (
                <div key={f.key} className="batch-box" data-testid={`batch-${i}`}>
                  <Space align="start" wrap style={{ width: '100%' }}>
                    <Form.Item
                      name={[f.name, 'name']}
                      label={t('campaign.batchName')}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <Input style={{ width: 120 }} />
                    </Form.Item>
                    <Form.Item
                      name={[f.name, 'startDate']}
                      label={t('campaign.startDate')}
                      rules={[{ required: true, message: t('validation.required') }]}
                    >
                      <DatePicker allowClear={false} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button
                        type="text"
                        icon={<MinusCircleOutlined />}
                        onClick={() => remove(f.name)}
                        aria-label={t('common.remove')}
                        style={{ marginTop: 30 }}
                      />
                    )}
                  </Space>
                  <Form.Item
                    name={[f.name, 'levels']}
                    label={t('campaign.levels')}
                    rules={[{ required: true, message: t('validation.required') }]}
                  >
                    <Select
                      mode="multiple"
                      options={ORG_LEVELS.map((l) => ({ value: l, label: enumLabel(t, 'orgLevel', l) }))}
                    />
                  </Form.Item>
                  <Form.Item name={[f.name, 'kinds']} label={t('campaign.kinds')} extra={t('campaign.kindsHelp')}>
                    <Select
                      mode="multiple"
                      allowClear
                      options={ORG_KINDS.map((k) => ({ value: k, label: enumLabel(t, 'orgKind', k) }))}
                    />
                  </Form.Item>
                </div>
              ))}
              {fields.length < 5 && (
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({
                      name: batchNames[fields.length],
                      levels: ['branch'],
                      startDate: todayDayjs().add(1, 'month'),
                    })
                  }
                >
                  {t('campaign.addBatch')}
                </Button>
              )}
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}
