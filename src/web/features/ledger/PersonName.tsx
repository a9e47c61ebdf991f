/**
 * A person on an item as the pages show it: a linked member as a link to their page, a person from
 * outside the tree marked "（外部）", nobody as the fallback.
 */
import type { ReactNode } from 'react';
import type { PersonRef } from '../../../shared/api.ts';
import { Link } from '../../app/router.tsx';
import { useI18n } from '../../i18n/index.tsx';

export function PersonName({ person, empty = null }: { person: PersonRef | null | undefined; empty?: ReactNode }) {
  const { t } = useI18n();
  if (!person || !person.name) return <>{empty}</>;
  if (person.memberId != null)
    return (
      <Link to={`/members/${person.memberId}`} data-testid="person-link">
        {person.name}
      </Link>
    );
  return (
    <span data-testid="person-outside">
      {person.name}
      <span className="muted">{t('person.outsideMark')}</span>
    </span>
  );
}
