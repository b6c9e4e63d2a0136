import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api/client';
import type { LoginResponse } from '../api/types';
import { useAuth } from '../auth/auth';
import { Brand, ErrorBox } from '../components/ui';

/**
 * 修改密码: the signed-in person changes their own password. After an administrator's reset the
 * dashboard sends them here and nowhere else until they do (the API refuses every other route).
 * Changing it ends every other session; this one carries on with the new token, on the task list.
 */
export function PasswordPage() {
  const { t } = useTranslation();
  const { me, setSession, logout } = useAuth();
  const navigate = useNavigate();
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation({
    mutationFn: (json: { currentPassword: string; newPassword: string }) =>
      api<LoginResponse>('/api/auth/password', { method: 'POST', json }),
    onSuccess: (result) => {
      setSession(result.accessToken);
      void navigate('/tasks', { replace: true, state: { passwordChanged: true } });
    },
  });
  const forced = me?.mustChangePassword === true;

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const newPassword = String(form.get('newPassword') ?? '');
    setMismatch(newPassword !== String(form.get('confirmPassword') ?? ''));
    if (newPassword !== String(form.get('confirmPassword') ?? '')) return;
    change.mutate({ currentPassword: String(form.get('currentPassword') ?? ''), newPassword });
  };

  return (
    <main id="main" className="login">
      <form className="card login-card" onSubmit={submit} aria-labelledby="password-title">
        <Brand />
        <h1 id="password-title">{t('admin.password.title')}</h1>
        {forced && <p role="alert">{t('admin.password.forced')}</p>}
        <label htmlFor="current-password">{t('admin.password.current')}</label>
        <input
          id="current-password"
          name="currentPassword"
          type="password"
          autoComplete="current-password"
          required
          maxLength={200}
        />
        <label htmlFor="new-password">{t('admin.password.new')}</label>
        <input
          id="new-password"
          name="newPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={200}
        />
        <label htmlFor="confirm-password">{t('admin.password.confirm')}</label>
        <input
          id="confirm-password"
          name="confirmPassword"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          maxLength={200}
          aria-invalid={mismatch || undefined}
          aria-describedby={mismatch ? 'password-mismatch' : undefined}
        />
        {mismatch && (
          <p id="password-mismatch" className="error" role="alert">
            {t('admin.password.mismatch')}
          </p>
        )}
        <ErrorBox error={change.error} />
        <button type="submit" className="primary" disabled={change.isPending}>
          {t('admin.password.submit')}
        </button>
        {forced ? (
          <button type="button" className="ghost" onClick={logout}>
            {t('app.logout')}
          </button>
        ) : (
          <Link to="/tasks">{t('admin.password.back')}</Link>
        )}
      </form>
    </main>
  );
}
