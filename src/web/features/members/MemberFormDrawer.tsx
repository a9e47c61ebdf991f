/**
 * Add a member (POST /api/members) or edit one (PATCH /api/members/:id, only the changed fields).
 * Required fields are checked here; the server's field errors land on their fields.
 */
import { useEffect, useState } from 'react';
import { Alert, App, AutoComplete, Button, DatePicker, Drawer, Form, Input, Radio, Select, Space } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import type { MemberView, OrgDetailView } from '../../../shared/api.ts';
import { MEMBER_CATEGORIES, SPECIAL_TYPES, type MemberCategory, type SpecialType } from '../../../shared/enums.ts';
import { ApiError } from '../../api/client.ts';
import { membersApi, type CreateMemberBody, type UpdateMemberBody } from './api.ts';
import { enumLabel, enumOptions, useI18n } from '../../i18n/index.tsx';
import { applyFieldErrors, todayDayjs } from '../../components/format.ts';
import { useIsMobile } from '../../components/hooks.ts';
import { OrgSelect } from '../../components/OrgSelect.tsx';

interface Values {
  orgId?: number | null;
  name: string;
  gender?: 'male' | 'female';
  birthDate?: Dayjs | null;
  ethnicity?: string;
  education?: string;
  idNumber?: string;
  phone?: string;
  category?: MemberCategory;
  specialTypes?: SpecialType[];
  joinDate?: Dayjs | null;
  position?: string;
}

const FIELDS = [
  'orgId',
  'name',
  'gender',
  'birthDate',
  'ethnicity',
  'education',
  'idNumber',
  'phone',
  'category',
  'specialTypes',
  'joinDate',
  'position',
];
const EDUCATION_KEYS = ['postgraduate', 'bachelor', 'college', 'secondary', 'high', 'junior', 'primary'] as const;
const ETHNICITY_KEYS = [
  'han',
  'zhuang',
  'hui',
  'manchu',
  'uyghur',
  'miao',
  'yi',
  'tujia',
  'tibetan',
  'mongol',
] as const;

type Props =
  | {
      mode: 'create';
      org: OrgDetailView;
      member?: undefined;
      open: boolean;
      onClose: () => void;
      onSaved: (m: MemberView) => void;
    }
  | {
      mode: 'edit';
      member: MemberView;
      org?: undefined;
      open: boolean;
      onClose: () => void;
      onSaved: (m: MemberView) => void;
    };

export function MemberFormDrawer(props: Props) {
  const { mode, open, onClose, onSaved } = props;
  const { t } = useI18n();
  const { message } = App.useApp();
  const mobile = useIsMobile();
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const org = props.org;
  const member = props.member;
  const fixedBranch = mode === 'create' && org?.level === 'branch' ? org : null;

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    if (mode === 'edit' && member) {
      form.setFieldsValue({
        name: member.name,
        gender: member.gender,
        birthDate: member.birthDate ? dayjs(member.birthDate) : null,
        ethnicity: member.ethnicity ?? undefined,
        education: member.education ?? undefined,
        // Masked values are not editable text: leave empty, "unchanged" unless typed.
        idNumber: member.masked ? undefined : (member.idNumber ?? undefined),
        phone: member.masked ? undefined : (member.phone ?? undefined),
        category: member.category,
        specialTypes: member.specialTypes,
        joinDate: member.joinDate ? dayjs(member.joinDate) : null,
        position: member.position ?? undefined,
      });
    } else {
      form.setFieldsValue({ orgId: fixedBranch?.id, specialTypes: [] });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    const text = (s?: string) => (s && s.trim() ? s.trim() : null);
    const date = (d?: Dayjs | null) => (d ? d.format('YYYY-MM-DD') : null);
    const body = {
      name: v.name.trim(),
      gender: v.gender,
      birthDate: date(v.birthDate),
      ethnicity: text(v.ethnicity),
      education: text(v.education),
      idNumber: text(v.idNumber),
      phone: text(v.phone),
      category: v.category,
      specialTypes: v.specialTypes ?? [],
      joinDate: date(v.joinDate),
      position: text(v.position),
    } satisfies UpdateMemberBody;
    try {
      let saved: MemberView;
      if (mode === 'create') {
        // Leave empty optional fields out altogether.
        const payload: Record<string, unknown> = { orgId: v.orgId };
        for (const [k, val] of Object.entries(body)) if (val !== null) payload[k] = val;
        saved = await membersApi.create(payload as CreateMemberBody); // the form requires the rest
        message.success(t('members.created', { name: saved.name }));
      } else {
        const m = member!;
        const before: Record<string, unknown> = {
          name: m.name,
          gender: m.gender,
          birthDate: m.birthDate,
          ethnicity: m.ethnicity,
          education: m.education,
          idNumber: m.masked ? null : m.idNumber,
          phone: m.masked ? null : m.phone,
          category: m.category,
          specialTypes: m.specialTypes,
          joinDate: m.joinDate,
          position: m.position,
        };
        const patch: Record<string, unknown> = {};
        for (const [k, val] of Object.entries(body)) {
          if (m.masked && (k === 'idNumber' || k === 'phone') && val === null) continue;
          if (JSON.stringify(val) !== JSON.stringify(before[k])) patch[k] = val;
        }
        if (Object.keys(patch).length === 0) {
          onClose();
          return;
        }
        saved = await membersApi.update(m.id, patch as UpdateMemberBody);
        message.success(t('common.saved'));
      }
      onSaved(saved);
    } catch (e) {
      applyFieldErrors(form, e, FIELDS);
      setError(e instanceof ApiError ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const required = { required: true, message: t('validation.required') };
  const maskedHint = mode === 'edit' && member?.masked ? t('members.maskedKeep') : undefined;

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={
        mode === 'create'
          ? t('members.addTitle', { org: org?.name ?? '' })
          : t('members.editTitle', { name: member?.name ?? '' })
      }
      size={mobile ? '100%' : 560}
      destroyOnHidden
      footer={
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="member-form-submit">
            {t('common.save')}
          </Button>
        </Space>
      }
    >
      {error && (
        <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="member-form-error" />
      )}
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        className="dense-form"
        data-testid="member-form"
        scrollToFirstError
      >
        {mode === 'create' &&
          (fixedBranch ? (
            <Form.Item label={t('field.org')} name="orgId" rules={[required]}>
              <Select
                disabled
                options={[{ value: fixedBranch.id, label: fixedBranch.name }]}
                data-testid="member-form-org"
              />
            </Form.Item>
          ) : (
            <Form.Item label={t('field.branch')} name="orgId" rules={[required]} extra={t('members.branchOnly')}>
              <OrgSelect
                data-testid="member-form-org"
                level="branch"
                filter={(o) => o.level === 'branch' && o.status === 'active'}
                placeholder={t('members.chooseBranch')}
              />
            </Form.Item>
          ))}
        <div className="form-row">
          <Form.Item
            label={t('field.memberName')}
            name="name"
            rules={[{ ...required, whitespace: true }, { max: 100 }]}
          >
            <Input data-testid="member-form-name" maxLength={100} />
          </Form.Item>
          <Form.Item label={t('field.gender')} name="gender" rules={[required]}>
            <Radio.Group data-testid="member-form-gender">
              <Radio value="male" data-testid="member-form-gender-male">
                {enumLabel(t, 'gender', 'male')}
              </Radio>
              <Radio value="female" data-testid="member-form-gender-female">
                {enumLabel(t, 'gender', 'female')}
              </Radio>
            </Radio.Group>
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item label={t('field.birthDate')} name="birthDate">
            <DatePicker
              style={{ width: '100%' }}
              data-testid="member-form-birthDate"
              disabledDate={(d) => d.isAfter(todayDayjs(), 'day')}
            />
          </Form.Item>
          <Form.Item label={t('field.ethnicity')} name="ethnicity">
            <AutoComplete
              allowClear
              data-testid="member-form-ethnicity"
              maxLength={20}
              options={ETHNICITY_KEYS.map((k) => ({ value: t(`ethnicity.${k}`) }))}
              showSearch={{ filterOption: (input, opt) => String(opt?.value ?? '').includes(input.trim()) }}
            />
          </Form.Item>
        </div>
        <div className="form-row">
          <Form.Item label={t('field.education')} name="education">
            <AutoComplete
              allowClear
              data-testid="member-form-education"
              maxLength={30}
              options={EDUCATION_KEYS.map((k) => ({ value: t(`education.${k}`) }))}
            />
          </Form.Item>
          <Form.Item label={t('field.position')} name="position">
            <Input data-testid="member-form-position" maxLength={100} />
          </Form.Item>
        </div>
        <Form.Item
          label={t('field.idNumber')}
          name="idNumber"
          extra={maskedHint}
          rules={[{ pattern: /^\d{17}[\dXx]$/, message: t('validation.idNumber') }]}
        >
          <Input
            data-testid="member-form-idNumber"
            maxLength={18}
            className="mono"
            placeholder={maskedHint ? (member?.idNumber ?? '') : undefined}
          />
        </Form.Item>
        <Form.Item label={t('field.phone')} name="phone" extra={maskedHint}>
          <Input
            data-testid="member-form-phone"
            maxLength={20}
            className="mono"
            placeholder={maskedHint ? (member?.phone ?? '') : undefined}
          />
        </Form.Item>
        <div className="form-row">
          <Form.Item label={t('field.category')} name="category" rules={[required]}>
            <Select data-testid="member-form-category" options={enumOptions(t, 'memberCategory', MEMBER_CATEGORIES)} />
          </Form.Item>
          <Form.Item label={t('field.joinDate')} name="joinDate">
            <DatePicker
              style={{ width: '100%' }}
              data-testid="member-form-joinDate"
              disabledDate={(d) => d.isAfter(todayDayjs(), 'day')}
            />
          </Form.Item>
        </div>
        <Form.Item label={t('field.specialTypes')} name="specialTypes">
          <Select
            mode="multiple"
            allowClear
            data-testid="member-form-specialTypes"
            options={enumOptions(t, 'specialType', SPECIAL_TYPES)}
          />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
