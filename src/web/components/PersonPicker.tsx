/**
 * Picks a person for an item (责任领导, 责任人, a measure's owner, a form's addressee): an active member
 * of the org or below, searched on the server by name (GET /api/members/search), each option with its
 * branch. With `allowOutside`, a typed name nobody matches can be kept as an outside person
 * (`{ memberId: null, name }`). Full width, so it fits a phone.
 */
import { useEffect, useRef, useState } from 'react';
import { Select, Spin } from 'antd';
import type { MemberSearchItem } from '../../shared/api.ts';
import { api } from '../api/client.ts';
import { useI18n } from '../i18n/index.tsx';

export interface PersonValue {
  memberId: number | null;
  name: string;
}

export interface PersonPickerProps {
  orgId: number;
  value?: PersonValue | null;
  onChange?: (v: PersonValue | null) => void;
  allowOutside?: boolean;
  placeholder?: string;
  disabled?: boolean;
  'data-testid'?: string;
}

/** The request of the picker (members feature's search endpoint), typed. */
export const searchPersons = (orgId: number, q: string, limit = 20) =>
  api.get<{ items: MemberSearchItem[] }>('/members/search', { org: orgId, q, limit });

const OUTSIDE = 'o:';
const MEMBER = 'm:';
const keyOf = (v: PersonValue) => (v.memberId != null ? `${MEMBER}${v.memberId}` : `${OUTSIDE}${v.name}`);

interface Option {
  value: string;
  label: string;
  person: PersonValue;
  orgName?: string;
  outside?: boolean;
}

export function PersonPicker({
  orgId,
  value,
  onChange,
  allowOutside,
  placeholder,
  disabled,
  ...rest
}: PersonPickerProps) {
  const { t } = useI18n();
  const [results, setResults] = useState<MemberSearchItem[]>([]);
  const [text, setText] = useState('');
  const [loading, setLoading] = useState(false);
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const known = useRef(new Map<number, MemberSearchItem>());

  useEffect(() => () => clearTimeout(timer.current), []);

  const run = (q: string, delay: number) => {
    clearTimeout(timer.current);
    setLoading(true);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      try {
        const { items } = await searchPersons(orgId, q);
        if (mine !== seq.current) return;
        items.forEach((m) => known.current.set(m.memberId, m));
        setResults(items);
      } catch {
        if (mine === seq.current) setResults([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, delay);
  };

  const search = (q: string) => {
    setText(q);
    run(q.trim(), 250);
  };

  const options: Option[] = results.map((m) => ({
    value: `${MEMBER}${m.memberId}`,
    label: m.name,
    person: { memberId: m.memberId, name: m.name },
    orgName: m.orgName,
  }));
  const typed = text.trim().slice(0, 100);
  if (allowOutside && typed && !results.some((m) => m.name === typed))
    options.push({
      value: `${OUTSIDE}${typed}`,
      label: t('person.outsideOption', { name: typed }),
      person: { memberId: null, name: typed },
      outside: true,
    });
  if (value && value.name && !options.some((o) => o.value === keyOf(value))) {
    const k = value.memberId != null ? known.current.get(value.memberId) : undefined;
    options.unshift({
      value: keyOf(value),
      label: value.memberId == null ? `${value.name}${t('person.outsideMark')}` : value.name,
      person: value,
      orgName: k?.orgName,
      outside: value.memberId == null,
    });
  }

  return (
    <Select<string, Option>
      data-testid={rest['data-testid']}
      value={value && value.name ? keyOf(value) : undefined}
      placeholder={placeholder ?? t('person.searchPlaceholder')}
      style={{ width: '100%' }}
      disabled={disabled}
      allowClear
      showSearch={{ filterOption: false, onSearch: search }}
      onOpenChange={(open) => {
        if (open && !text) run('', 0);
      }}
      notFoundContent={loading ? <Spin size="small" /> : text.trim() ? t('person.noMatch') : t('person.searchEmpty')}
      options={options}
      optionRender={(opt) => {
        const o = opt.data as Option;
        return (
          <div className="org-option" data-testid={o.outside ? 'person-outside-option' : 'person-option'}>
            <span className="org-option-name">{o.label}</span>
            {o.orgName && <span className="org-option-meta">{o.orgName}</span>}
          </div>
        );
      }}
      onChange={(v, opt) => {
        if (v == null) {
          onChange?.(null);
          return;
        }
        const o = (Array.isArray(opt) ? opt[0] : opt) as Option | undefined;
        const person = o?.person ?? options.find((x) => x.value === v)?.person ?? null;
        setText('');
        onChange?.(person);
      }}
    />
  );
}
