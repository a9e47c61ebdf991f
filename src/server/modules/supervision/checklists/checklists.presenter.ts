import type { Locale } from '../../../../shared/enums.ts';
import type { ChecklistItem, ChecklistKind, ChecklistView } from '../../../../shared/supervision.ts';
import { fromJson } from '../supervision.presenter.ts';
import type { ChecklistRow } from './checklists.repository.ts';

export function presentChecklist(r: ChecklistRow, abilities: ChecklistView['abilities']): ChecklistView {
  return {
    id: r.id,
    kind: r.kind as ChecklistKind,
    orgId: r.org_id,
    orgName: r.org_name,
    name: r.name,
    nameEn: r.name_en,
    builtin: r.builtin,
    items: fromJson<ChecklistItem[]>(r.items),
    canEdit: abilities.edit,
    abilities,
  };
}

/** Which of an item's texts a locale reads (an English text may be missing: then the Chinese one). */
const ITEM_TEXT: Record<Locale, 'zh' | 'en'> = { 'zh-CN': 'zh', en: 'en' };

/** An item's name in the actor's language, by key (the key itself when the checklist has no such item). */
export function itemLabel(locale: Locale, items: readonly ChecklistItem[], key: string): string {
  const item = items.find((i) => i.key === key);
  return item ? item[ITEM_TEXT[locale]] || item.zh : key;
}
