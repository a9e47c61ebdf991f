/** Small pieces of the opinion pages: status tag, labels, the submitter and the public form link. */
import { Tag, Typography } from 'antd';
import { LinkOutlined } from '@ant-design/icons';
import type { OpinionStatus, OpinionView } from '../../../shared/opinions.ts';
import { formatReceiptCode } from '../../../shared/opinions.ts';
import type { TFunction } from '../../i18n/index.tsx';
import { enumLabel, enumOptions, useI18n } from '../../i18n/index.tsx';
import './opinions.css';

const COLORS: Record<OpinionStatus, string> = {
  new: 'volcano',
  merged: 'default',
  converted: 'blue',
  answered: 'green',
  declined: 'gold',
};

/** 待处理 orange-red, 已合并 grey, 已转为问题 blue, 已答复 green, 不予采纳 gold. */
export function OpinionStatusTag({ status }: { status: OpinionStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-status={status} className="op-status">
      {enumLabel(t, 'opinionStatus', status)}
    </Tag>
  );
}

export function ReceiptCode({ code }: { code: string }) {
  return <span className="mono op-code">{formatReceiptCode(code)}</span>;
}

const OP_KINDS = { status: 'opinionStatus', channel: 'opinionChannel', group: 'opinionGroup' } as const;

/** Options of a Select from an opinion enum (status, channel or group), with the shared labels. */
export function opOptions(t: TFunction, name: keyof typeof OP_KINDS, values: readonly string[]) {
  return enumOptions(t, OP_KINDS[name], values);
}

/** Who gave it: 匿名, the name (and contact), or — when it is hidden from the reader. */
export function Submitter({
  o,
  hidden,
}: {
  o: Pick<OpinionView, 'anonymous' | 'submitterName' | 'submitterContact'>;
  hidden?: boolean;
}) {
  const { t } = useI18n();
  if (o.anonymous) return <Tag className="op-anon">{t('op.anonymous')}</Tag>;
  // Supervision teams read opinions without who gave them.
  if (hidden)
    return (
      <span className="muted" title={t('op.submitterHidden')}>
        {t('op.submitterHiddenShort')}
      </span>
    );
  if (!o.submitterName && !o.submitterContact) return <span className="muted">{t('op.notGiven')}</span>;
  return (
    <span className="op-submitter">
      {o.submitterName && <span>{o.submitterName}</span>}
      {o.submitterContact && <span className="muted">{o.submitterContact}</span>}
    </span>
  );
}

/** An excerpt for a label: the first `n` characters on one line. */
export function excerpt(s: string, n = 40): string {
  const one = s.replace(/\s+/g, ' ').trim();
  const cs = [...one];
  return cs.length <= n ? one : `${cs.slice(0, n).join('')}…`;
}

/** The address of the public opinion form of an org, for posters and WeChat groups. */
export function publicFormUrl(orgId: number): string {
  return `${window.location.origin}/p/opinions/new?org=${orgId}`;
}

/** The copyable public form link box (offices print it on posters). */
export function PublicFormLink({ orgId, orgName }: { orgId: number; orgName: string }) {
  const { t } = useI18n();
  const url = publicFormUrl(orgId);
  return (
    <div className="op-public-link" data-testid="public-form-link">
      <div className="op-public-link-title">
        <LinkOutlined /> {t('op.publicLink.title')}
      </div>
      <Typography.Paragraph
        className="op-public-link-url"
        copyable={{ text: url, tooltips: [t('op.publicLink.copy'), t('op.publicLink.copied')] }}
      >
        <a href={url} target="_blank" rel="noreferrer" data-testid="public-form-url">
          {url}
        </a>
      </Typography.Paragraph>
      <Typography.Text type="secondary" className="op-public-link-hint">
        {t('op.publicLink.hint', { org: orgName })}
      </Typography.Text>
    </div>
  );
}
