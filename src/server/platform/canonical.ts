/**
 * Canonical JSON: keys sorted at every level, no whitespace. The audit hash is computed over it,
 * so the same event always hashes the same, whether it comes from memory or back from jsonb.
 * It serializes exactly what it is given (every own key, "__proto__" included); making a value
 * storable is `storableJson`'s job, done before hashing and storing.
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

function sortKeys(value: unknown): unknown {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Date) return value.toISOString();
  if (Array.isArray(value)) return value.map(sortKeys);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value as object).sort()) {
    const v = (value as Record<string, unknown>)[key];
    if (v !== undefined) setOwn(out, key, sortKeys(v));
  }
  return out;
}

/** `o[key] = v`, except that "__proto__" becomes an own key (as JSON.parse makes it) instead of the prototype. */
function setOwn(o: Record<string, unknown>, key: string, v: unknown): void {
  if (key === '__proto__')
    Object.defineProperty(o, key, { value: v, enumerable: true, writable: true, configurable: true });
  else o[key] = v;
}

// A high surrogate not followed by a low one, or a low one not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const LONE_SURROGATE_TEST = new RegExp(LONE_SURROGATE.source);

/**
 * True when PostgreSQL cannot store the text as given: a NUL character (text and jsonb refuse it)
 * or a lone surrogate (not Unicode; the driver would silently store U+FFFD, jsonb refuses its escape).
 */
export function isUnstorableText(s: string): boolean {
  return s.includes('\u0000') || LONE_SURROGATE_TEST.test(s);
}

/**
 * Text PostgreSQL can store, otherwise unchanged: NUL and lone surrogates become U+FFFD
 * (String.prototype.toWellFormed's rule, which is also what the driver's UTF-8 encoding does to a
 * lone surrogate). For text read from files, where nothing can be refused field by field.
 */
export function wellFormedText(s: string): string {
  let out = s;
  if (out.includes('\u0000')) out = out.replace(/\u0000/g, '\uFFFD');
  if (LONE_SURROGATE_TEST.test(out)) out = out.replace(LONE_SURROGATE, '\uFFFD');
  return out;
}

/**
 * Text as PostgreSQL stores it, and one spelling of it: `wellFormedText`, then Unicode NFC.
 * Idempotent, and the identity on well-formed NFC text without NUL, so existing records keep
 * their hashes.
 */
export function storableText(s: string): string {
  return wellFormedText(s).normalize('NFC');
}

/**
 * A value as jsonb will hand it back: what JSON.stringify keeps (undefined dropped, dates as ISO
 * strings, toJSON applied, non-finite numbers as null), with every string and every key made
 * `storableText`. null for undefined or null.
 */
export function storableJson(value: unknown): unknown {
  if (value === undefined || value === null) return null;
  const text = JSON.stringify(value);
  return text === undefined ? null : storableDeep(JSON.parse(text));
}

function storableDeep(v: unknown): unknown {
  if (typeof v === 'string') return storableText(v);
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(storableDeep);
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(v as object))
    setOwn(out, storableText(key), storableDeep((v as Record<string, unknown>)[key]));
  return out;
}
