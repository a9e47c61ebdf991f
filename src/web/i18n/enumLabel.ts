/**
 * Enum labels on screen: read from the one catalogue in src/shared/labels.ts, the same function
 * the server's exports, documents and messages call. Free of browser-only imports, so Node tests
 * can import it (src/shared/labels.test.ts compares it with the server's labels).
 */
import { labelOf } from '../../shared/labels.ts';
import type { TFunction } from './index.tsx';

/** Label of an enum value in t's language, e.g. enumLabel(t, 'orgLevel', 'branch'); the value itself when unknown. */
export function enumLabel(t: Pick<TFunction, 'locale'>, name: string, value: string | null | undefined): string {
  return labelOf(t.locale, name, value);
}

/** Options for an antd Select from an enum array. */
export function enumOptions(t: Pick<TFunction, 'locale'>, name: string, values: readonly string[]) {
  return values.map((v) => ({ value: v, label: enumLabel(t, name, v) }));
}
