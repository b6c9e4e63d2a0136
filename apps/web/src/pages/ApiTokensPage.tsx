import { useMutation, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiAll } from '../api/client';
import type { AdminApiToken } from '../api/types';
import { useAuth } from '../auth/auth';
import { ErrorBox, Loading } from '../components/ui';
import { AdminNav } from '../components/AdminNav';

const WHEN = new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });
const when = (iso: string | null): string | null => (iso ? WHEN.format(new Date(iso)) : null);

/**
 * API令牌 (admins; supervisors for the users of their bureaus): everyone's personal API tokens —
 * owner, purpose, created, last used, expiry and state, never the secret — and revoking one at once.
 */
export function ApiTokensPage() {
  const { t } = useTranslation();
  const { bureauName } = useAuth();
  const query = useQuery({ queryKey: ['api-tokens'], queryFn: () => apiAll<AdminApiToken>('/api/api-tokens') });
  const revoke = useMutation({
    mutationFn: (id: number) => api<void>(`/api/api-tokens/${id}`, { method: 'DELETE' }),
    onSuccess: () => query.refetch(),
  });
  const state = (token: AdminApiToken) =>
    token.revokedAt ? t('admin.tokens.revoked') : token.active ? t('admin.tokens.active') : t('admin.tokens.expired');
  return (
    <section aria-labelledby="tokens-title">
      <AdminNav />
      <h1 id="tokens-title">{t('admin.tokens.title')}</h1>
      <p className="muted">{t('admin.tokens.help')}</p>
      {query.isLoading && <Loading />}
      <ErrorBox error={query.error} onRetry={() => query.refetch()} />
      {query.data?.length === 0 && <p>{t('admin.tokens.none')}</p>}
      {(query.data?.length ?? 0) > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('admin.tokens.owner')}</th>
                <th scope="col">{t('admin.tokens.name')}</th>
                <th scope="col">{t('admin.tokens.created')}</th>
                <th scope="col">{t('admin.tokens.lastUsed')}</th>
                <th scope="col">{t('admin.tokens.expires')}</th>
                <th scope="col">{t('admin.tokens.state')}</th>
                <th scope="col">{t('admin.bureaus.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {query.data!.map((token) => (
                <tr key={token.id} className={token.active ? undefined : 'muted'}>
                  <td>
                    {token.ownerName}
                    <br />
                    <span className="muted">
                      {token.ownerEmail}
                      {token.ownerBureauId ? ` · ${bureauName(token.ownerBureauId)}` : ''}
                    </span>
                  </td>
                  <th scope="row">{token.name}</th>
                  <td>{when(token.createdAt)}</td>
                  <td>{when(token.lastUsedAt) ?? t('admin.tokens.never')}</td>
                  <td>{when(token.expiresAt) ?? t('admin.tokens.noExpiry')}</td>
                  <td>{state(token)}</td>
                  <td>
                    {token.active && (
                      <button
                        type="button"
                        className="ghost"
                        disabled={revoke.isPending}
                        onClick={() => {
                          if (
                            window.confirm(
                              t('admin.tokens.confirmRevoke', { name: token.name, owner: token.ownerName }),
                            )
                          )
                            revoke.mutate(token.id);
                        }}
                      >
                        {t('admin.tokens.revoke')}
                        <span className="sr-only">
                          {' '}
                          {token.name}（{token.ownerName}）
                        </span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <ErrorBox error={revoke.error} />
    </section>
  );
}
