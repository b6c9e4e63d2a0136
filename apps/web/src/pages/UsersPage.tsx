import { useMutation, useQuery } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiAll } from '../api/client';
import type { PasswordResetResult, Role, User } from '../api/types';
import { useAuth } from '../auth/auth';
import { ErrorBox, Loading } from '../components/ui';
import { AdminNav } from '../components/AdminNav';

const ROLES: Role[] = ['staff', 'supervisor', 'admin'];

/**
 * 用户管理 (admins; supervisors for the staff of their bureaus): who has an account, their role
 * and bureau; disable (every token of the account stops at once) or enable, change a role
 * (admins), reset a password (a one-time password shown once; the user must change it), and add an account.
 */
export function UsersPage() {
  const { t } = useTranslation();
  const { me, bureauName } = useAuth();
  const query = useQuery({ queryKey: ['users'], queryFn: () => apiAll<User>('/api/users', {}, 1000) });
  const change = useMutation({
    mutationFn: ({ id, ...json }: { id: number; role?: Role; disabled?: boolean }) =>
      api<User>(`/api/users/${id}`, { method: 'PATCH', json }),
    onSuccess: () => query.refetch(),
  });
  const reset = useMutation({
    mutationFn: (user: User) =>
      api<PasswordResetResult>(`/api/users/${user.id}/password-reset`, { method: 'POST', json: {} }).then((result) => ({
        ...result,
        name: user.displayName,
      })),
    onSuccess: () => query.refetch(),
  });
  const isAdmin = me?.role === 'admin';
  return (
    <section aria-labelledby="users-title">
      <AdminNav />
      <h1 id="users-title">{t('users.title')}</h1>
      <p className="muted">{t(isAdmin ? 'users.helpAdmin' : 'users.helpSupervisor')}</p>
      {query.isLoading && <Loading />}
      <ErrorBox error={query.error} onRetry={() => query.refetch()} />
      <table>
        <thead>
          <tr>
            <th scope="col">{t('users.name')}</th>
            <th scope="col">{t('users.email')}</th>
            <th scope="col">{t('users.bureau')}</th>
            <th scope="col">{t('users.role')}</th>
            <th scope="col">{t('users.state')}</th>
            <th scope="col">{t('settings.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {(query.data ?? []).map((u) => {
            const self = u.id === me?.userId;
            const manageable = !self && (isAdmin || u.role === 'staff');
            return (
              <tr key={u.id} className={u.disabled ? 'muted' : undefined}>
                <td>{u.displayName}</td>
                <td>{u.email}</td>
                <td>{u.bureauId ? bureauName(u.bureauId) : '—'}</td>
                <td>
                  {isAdmin && !self ? (
                    <select
                      aria-label={t('users.roleOf', { name: u.displayName })}
                      value={u.role}
                      onChange={(e) => change.mutate({ id: u.id, role: e.target.value as Role })}
                    >
                      {ROLES.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                  ) : (
                    t(`role.${u.role}`)
                  )}
                </td>
                <td>
                  {u.disabled ? t('users.disabled') : t('users.active')}
                  {u.mustChangePassword && <span className="muted"> · {t('users.mustChangePassword')}</span>}
                </td>
                <td>
                  {manageable && (
                    <button
                      type="button"
                      className="ghost"
                      disabled={reset.isPending}
                      onClick={() => {
                        if (window.confirm(t('admin.confirmReset', { name: u.displayName }))) reset.mutate(u);
                      }}
                    >
                      {t('admin.resetPassword')}
                      <span className="sr-only"> {u.displayName}</span>
                    </button>
                  )}{' '}
                  {manageable && (
                    <button
                      type="button"
                      className={u.disabled ? undefined : 'ghost'}
                      onClick={() => {
                        if (u.disabled || window.confirm(t('users.confirmDisable', { name: u.displayName })))
                          change.mutate({ id: u.id, disabled: !u.disabled });
                      }}
                    >
                      {t(u.disabled ? 'users.enable' : 'users.disable')}
                      <span className="sr-only"> {u.displayName}</span>
                    </button>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ErrorBox error={change.error} />
      <ErrorBox error={reset.error} />
      {reset.data?.temporaryPassword && (
        <p role="status" className="card">
          {t('admin.temporaryPassword', { name: reset.data.name })}{' '}
          <code data-testid="temporary-password">{reset.data.temporaryPassword}</code>
        </p>
      )}
      <AddUser isAdmin={isAdmin} onAdded={() => query.refetch()} />
    </section>
  );
}

function AddUser({ isAdmin, onAdded }: { isAdmin: boolean; onAdded: () => void }) {
  const { t } = useTranslation();
  const { bureaus } = useAuth();
  const [role, setRole] = useState<Role>('staff');
  const add = useMutation({
    mutationFn: (form: FormData) => {
      const bureauId = String(form.get('bureauId') ?? '');
      return api<User>('/api/users', {
        method: 'POST',
        json: {
          email: String(form.get('email') ?? '').trim(),
          displayName: String(form.get('displayName') ?? '').trim(),
          role,
          password: String(form.get('password') ?? ''),
          ...(role !== 'admin' && bureauId ? { bureauId: Number(bureauId) } : {}),
        },
      });
    },
    onSuccess: onAdded,
  });
  return (
    <form
      className="card stack"
      aria-labelledby="add-user"
      onSubmit={(event: FormEvent<HTMLFormElement>) => {
        event.preventDefault();
        const form = event.currentTarget;
        add.mutate(new FormData(form), { onSuccess: () => form.reset() });
      }}
    >
      <h2 id="add-user">{t('users.add')}</h2>
      <label htmlFor="u-name">{t('users.name')}</label>
      <input id="u-name" name="displayName" required maxLength={100} />
      <label htmlFor="u-email">{t('users.email')}</label>
      <input id="u-email" name="email" type="email" required maxLength={254} />
      <label htmlFor="u-role">{t('users.role')}</label>
      <select id="u-role" value={role} onChange={(e) => setRole(e.target.value as Role)} disabled={!isAdmin}>
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {t(`role.${r}`)}
          </option>
        ))}
      </select>
      {role !== 'admin' && (
        <>
          <label htmlFor="u-bureau">{t('users.bureau')}</label>
          <select id="u-bureau" name="bureauId" required>
            <option value="">—</option>
            {bureaus.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </>
      )}
      <label htmlFor="u-password">{t('users.password')}</label>
      <input id="u-password" name="password" type="password" required minLength={10} autoComplete="new-password" />
      <div>
        <button type="submit" className="primary" disabled={add.isPending}>
          {t('settings.addButton')}
        </button>
        {add.isSuccess && <span role="status"> {t('settings.added')}</span>}
      </div>
      <ErrorBox error={add.error} />
    </form>
  );
}
