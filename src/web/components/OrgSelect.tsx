/**
 * A select that searches organizations in the caller's scope (GET /api/orgs/search?q=). Used for
 * the tree's search box, "move to", "transfer to" and grant pickers.
 */
import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select, Spin } from 'antd';
import type { OrgView } from '../../shared/api.ts';
import type { OrgLevel } from '../../shared/enums.ts';
import { orgsApi } from '../features/orgs/api.ts';
import { enumLabel, useI18n } from '../i18n/index.tsx';

export interface OrgSelectProps {
  value?: number | null;
  onChange?: (id: number | null, org: OrgView | null) => void;
  /** Only offer organizations that pass (e.g. branches only, not the org itself). */
  filter?: (org: OrgView) => boolean;
  /** Search only this level (server-side), e.g. 'branch'. */
  level?: OrgLevel;
  /** Shown for the current value before any search (e.g. the current org). */
  initial?: Pick<OrgView, 'id' | 'name'> | null;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  disabled?: boolean;
  size?: 'small' | 'middle' | 'large';
  id?: string;
  'data-testid'?: string;
}

export function OrgSelect({
  value,
  onChange,
  filter,
  level,
  initial,
  placeholder,
  style,
  allowClear,
  disabled,
  size,
  id,
  ...rest
}: OrgSelectProps) {
  const { t } = useI18n();
  const [results, setResults] = useState<OrgView[]>([]);
  const [loading, setLoading] = useState(false);
  const [searched, setSearched] = useState(false);
  const [known, setKnown] = useState<Map<number, OrgView | Pick<OrgView, 'id' | 'name'>>>(new Map());
  const seq = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  useEffect(() => {
    if (initial) setKnown((m) => new Map(m).set(initial.id, initial));
  }, [initial]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (q: string) => {
    clearTimeout(timer.current);
    const text = q.trim();
    setSearched(!!text);
    if (!text) {
      setResults([]);
      setLoading(false);
      return;
    }
    setLoading(true);
    timer.current = setTimeout(async () => {
      const mine = ++seq.current;
      try {
        const orgs = await orgsApi.search(text, level);
        if (mine !== seq.current) return;
        const shown = filter ? orgs.filter(filter) : orgs;
        setResults(shown);
        setKnown((m) => {
          const next = new Map(m);
          shown.forEach((o) => next.set(o.id, o));
          return next;
        });
      } catch {
        if (mine === seq.current) setResults([]);
      } finally {
        if (mine === seq.current) setLoading(false);
      }
    }, 250);
  };

  const options = results.map((o) => ({
    value: o.id,
    label: o.name,
    title: o.name,
    org: o,
  }));
  if (value != null && !results.some((o) => o.id === value)) {
    const k = known.get(value);
    options.unshift({ value, label: k?.name ?? `#${value}`, title: k?.name ?? '', org: k as OrgView });
  }

  return (
    <Select<number>
      id={id}
      data-testid={rest['data-testid']}
      value={value ?? undefined}
      placeholder={placeholder ?? t('org.searchPlaceholder')}
      style={style}
      size={size}
      disabled={disabled}
      allowClear={allowClear}
      showSearch={{ filterOption: false, onSearch: search }}
      notFoundContent={loading ? <Spin size="small" /> : searched ? t('org.searchNoMatch') : t('org.searchEmpty')}
      options={options}
      optionRender={(opt) => {
        const org = (opt.data as { org?: OrgView }).org;
        return (
          <div className="org-option">
            <span className="org-option-name">{org?.name ?? opt.label}</span>
            {org?.level && <span className="org-option-meta">{enumLabel(t, 'orgLevel', org.level)}</span>}
          </div>
        );
      }}
      onChange={(v) => {
        const org =
          v == null ? null : ((known.get(v) as OrgView | undefined) ?? results.find((o) => o.id === v) ?? null);
        onChange?.(v ?? null, org);
      }}
    />
  );
}
