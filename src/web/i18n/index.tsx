/**
 * UI language: zh-CN first, en second. Every string the UI shows comes from zh-CN.json / en.json
 * (flat keys, the same in both). Enum labels are not in them: enumLabel reads src/shared/labels.ts,
 * the catalogue the server uses too.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import 'dayjs/locale/en';
import type { Locale } from '../../shared/enums.ts';
import { setApiLanguage } from '../api/client.ts';
import zhCN from './zh-CN.json';
import en from './en.json';

export type Messages = Record<string, string>;
/** Every key of the catalogue (the zh-CN file is the reference; en.json has the same keys). */
export type MessageKey = keyof typeof zhCN;
export type TParams = Record<string, string | number>;
/**
 * Translates a catalogue key in the UI language; `locale` is that language (enumLabel reads it).
 * The key is typed: a key missing from zh-CN.json is a compile error. `t.dyn(key)` is the escape
 * hatch for a key computed from data the UI does not know in advance (e.g. an audit action
 * name); it answers the key itself when the catalogue lacks it. Use it only there.
 */
export type TFunction = ((key: MessageKey, params?: TParams) => string) & {
  readonly locale: Locale;
  readonly dyn: (key: string, params?: TParams) => string;
};

const catalogs: Record<Locale, Messages> = { 'zh-CN': zhCN as Messages, en: en as Messages };
const STORAGE_KEY = 'massline.locale';

function initialLocale(): Locale {
  try {
    const saved = localStorage.getItem(STORAGE_KEY);
    if (saved === 'en' || saved === 'zh-CN') return saved;
  } catch {
    /* storage may be unavailable */
  }
  return 'zh-CN';
}

export function translate(locale: Locale, key: MessageKey | (string & {}), params?: TParams): string {
  const text = catalogs[locale][key] ?? catalogs['zh-CN'][key];
  if (text === undefined) return key;
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (params[name] !== undefined ? String(params[name]) : m));
}

/** True when the catalogue has the key (used for optional labels such as audit actions). */
export function hasKey(key: string): key is MessageKey {
  return key in catalogs['zh-CN'];
}

interface I18nValue {
  locale: Locale;
  /** Switches the language in this browser (remembered in localStorage). */
  setLocale: (locale: Locale) => void;
  t: TFunction;
  /** t.dyn() with a fallback when the computed key is missing. */
  tOr: (key: string, fallback: string, params?: TParams) => string;
}

const I18nContext = createContext<I18nValue | null>(null);

function applyLocale(locale: Locale) {
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  document.documentElement.lang = locale;
  document.title = translate(locale, 'app.documentTitle');
  setApiLanguage(locale, translate(locale, 'error.NETWORK'));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [locale, setLocaleState] = useState<Locale>(() => {
    const l = initialLocale();
    applyLocale(l);
    return l;
  });

  useEffect(() => applyLocale(locale), [locale]);

  const setLocale = useCallback((l: Locale) => {
    try {
      localStorage.setItem(STORAGE_KEY, l);
    } catch {
      /* ignore */
    }
    applyLocale(l);
    setLocaleState(l);
  }, []);

  const value = useMemo<I18nValue>(() => {
    const t: TFunction = Object.assign((key: MessageKey, params?: TParams) => translate(locale, key, params), {
      locale,
      dyn: (key: string, params?: TParams) => translate(locale, key, params),
    });
    const tOr = (key: string, fallback: string, params?: TParams) =>
      hasKey(key) ? translate(locale, key, params) : fallback;
    return { locale, setLocale, t, tOr };
  }, [locale, setLocale]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  const v = useContext(I18nContext);
  if (!v) throw new Error('useI18n outside I18nProvider');
  return v;
}

export { enumLabel, enumOptions } from './enumLabel.ts';
