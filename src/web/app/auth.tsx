/**
 * Who is signed in. Holds the MeView, keeps the CSRF token in the API client, follows the user's
 * remembered language, and drops back to the login page when the session ends.
 */
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { MeView } from '../../shared/api.ts';
import type { Locale } from '../../shared/enums.ts';
import { onUnauthenticated, setCsrfToken } from '../api/client.ts';
import { accountApi } from '../features/account/api.ts';
import { useI18n } from '../i18n/index.tsx';
import { setOfficeTimeZone } from '../components/format.ts';

type AuthState = { status: 'loading' } | { status: 'anonymous' } | { status: 'signedIn'; me: MeView };

interface AuthValue {
  state: AuthState;
  me: MeView | null;
  login: (username: string, password: string) => Promise<MeView>;
  logout: () => Promise<void>;
  refresh: () => Promise<void>;
  /** Switches the UI language and, when signed in, remembers it for the user. */
  changeLocale: (locale: Locale) => Promise<void>;
}

const AuthContext = createContext<AuthValue | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const { setLocale } = useI18n();
  const [state, setState] = useState<AuthState>({ status: 'loading' });

  const signedIn = useCallback(
    (me: MeView) => {
      setCsrfToken(me.csrfToken);
      setOfficeTimeZone(me.timeZone);
      if (me.user.locale === 'en' || me.user.locale === 'zh-CN') setLocale(me.user.locale);
      setState({ status: 'signedIn', me });
    },
    [setLocale],
  );

  const refresh = useCallback(async () => {
    try {
      const me = await accountApi.me();
      signedIn(me);
    } catch {
      setCsrfToken(null);
      setState({ status: 'anonymous' });
    }
  }, [signedIn]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        setCsrfToken(null);
        setState({ status: 'anonymous' });
      }),
    [],
  );

  const login = useCallback(
    async (username: string, password: string) => {
      const me = await accountApi.signIn({ username, password });
      signedIn(me);
      return me;
    },
    [signedIn],
  );

  const logout = useCallback(async () => {
    try {
      await accountApi.signOut();
    } catch {
      /* the session may already be gone */
    }
    setCsrfToken(null);
    setState({ status: 'anonymous' });
  }, []);

  const me = state.status === 'signedIn' ? state.me : null;

  const changeLocale = useCallback(
    async (locale: Locale) => {
      setLocale(locale);
      if (!me) return;
      try {
        await accountApi.setLanguage({ locale });
        setState({ status: 'signedIn', me: { ...me, user: { ...me.user, locale } } });
      } catch {
        /* the language still switches in this browser */
      }
    },
    [me, setLocale],
  );

  const value = useMemo<AuthValue>(
    () => ({
      state,
      me,
      login,
      logout,
      refresh,
      changeLocale,
    }),
    [state, me, login, logout, refresh, changeLocale],
  );
  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthValue {
  const v = useContext(AuthContext);
  if (!v) throw new Error('useAuth outside AuthProvider');
  return v;
}
