import type { Locale } from '../../../shared/enums.ts';
import type { TText } from '../../../shared/campaigns.ts';

/** A template or campaign text in the UI language. */
export function txt(text: TText | undefined | null, locale: Locale): string {
  if (!text) return '';
  return locale === 'en' ? text.en : text.zh;
}
