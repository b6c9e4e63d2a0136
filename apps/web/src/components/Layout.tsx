import { useTranslation } from 'react-i18next';
import { NavLink, Outlet, useLocation } from 'react-router';
import { useAuth } from '../auth/auth';
import { toggleLanguage } from '../i18n';
import { NotificationBell } from './NotificationBell';
import { Brand } from './ui';

export function Layout() {
  const { t } = useTranslation();
  const { me, bureauName, isSupervisor, logout } = useAuth();
  const onAdmin = useLocation().pathname.startsWith('/admin/');
  return (
    <>
      <a className="skip" href="#main">
        {t('app.skip')}
      </a>
      <header className="header">
        <Brand />
        <nav aria-label={t('nav.main')} className="nav">
          <NavLink to="/tasks">{t('nav.tasks')}</NavLink>
          <NavLink to="/upload">{t('nav.upload')}</NavLink>
          {isSupervisor && <NavLink to="/audit">{t('nav.audit')}</NavLink>}
          {isSupervisor && <NavLink to="/approvals">{t('nav.approvals')}</NavLink>}
          <NavLink to="/calendar">{t('nav.calendar')}</NavLink>
          <NavLink to="/settings">{t('nav.settings')}</NavLink>
          {me && me.role !== 'staff' && (
            <NavLink to="/admin/users" className={({ isActive }) => (isActive || onAdmin ? 'active' : '')}>
              {t('nav.admin')}
            </NavLink>
          )}
        </nav>
        <NotificationBell />
        <div className="who" data-testid="who">
          <span className="who-name">{me?.displayName}</span>
          <span className="who-meta">
            {me?.bureauId ? bureauName(me.bureauId) : ''} · {me ? t(`role.${me.role}`) : ''} ·{' '}
            <NavLink to="/password">{t('nav.password')}</NavLink>
          </span>
        </div>
        <button
          type="button"
          className="ghost"
          onClick={toggleLanguage}
          lang={t('app.language') === 'English' ? 'en' : 'zh-CN'}
        >
          {t('app.language')}
        </button>
        <button type="button" className="ghost" onClick={logout}>
          {t('app.logout')}
        </button>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}
