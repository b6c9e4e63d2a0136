import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, apiAll, setUnauthorizedHandler, tokenStore } from '../api/client';
import type { Bureau, Me } from '../api/types';

interface AuthState {
  me: Me | null;
  bureaus: Bureau[];
  bureauName: (id: number | null | undefined) => string;
  isSupervisor: boolean;
  loading: boolean;
  login: (email: string, password: string) => Promise<void>;
  /** Carries on with a new login token (after changing the password, which ends every other session). */
  setSession: (accessToken: string) => void;
  logout: () => void;
}

const AuthContext = createContext<AuthState | null>(null);

export function AuthProvider({ children }: { children: ReactNode }) {
  const queryClient = useQueryClient();
  const [token, setToken] = useState<string | null>(() => tokenStore.get());

  const logout = useCallback(() => {
    tokenStore.clear();
    setToken(null);
    queryClient.clear();
  }, [queryClient]);
  useEffect(() => setUnauthorizedHandler(logout), [logout]);

  const meQuery = useQuery({
    queryKey: ['me', token],
    queryFn: () => api<Me>('/api/auth/me'),
    enabled: token !== null,
  });
  const bureausQuery = useQuery({
    queryKey: ['bureaus', token],
    queryFn: () => apiAll<Bureau>('/api/bureaus', {}, 1000),
    enabled: token !== null,
  });

  const login = useCallback(async (email: string, password: string) => {
    const result = await api<{ accessToken: string }>('/api/auth/login', { method: 'POST', json: { email, password } });
    tokenStore.set(result.accessToken);
    setToken(result.accessToken);
  }, []);

  const setSession = useCallback((accessToken: string) => {
    tokenStore.set(accessToken);
    setToken(accessToken);
  }, []);

  const value = useMemo<AuthState>(() => {
    const bureaus = bureausQuery.data ?? [];
    const names = new Map(bureaus.map((b) => [b.id, b.name]));
    const me = token ? (meQuery.data ?? null) : null;
    return {
      me,
      bureaus,
      bureauName: (id) => (id == null ? '' : (names.get(id) ?? `#${id}`)),
      isSupervisor: me?.role === 'supervisor' || me?.role === 'admin',
      loading: token !== null && (meQuery.isPending || bureausQuery.isPending),
      login,
      setSession,
      logout,
    };
  }, [token, meQuery.data, meQuery.isPending, bureausQuery.data, bureausQuery.isPending, login, setSession, logout]);

  return <AuthContext.Provider value={value}>{children}</AuthContext.Provider>;
}

export function useAuth(): AuthState {
  const state = useContext(AuthContext);
  if (!state) throw new Error('useAuth outside AuthProvider');
  return state;
}
