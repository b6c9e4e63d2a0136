import { useTranslation } from 'react-i18next';
import { NavLink } from 'react-router';
import { useAuth } from '../auth/auth';

/**
 * The administration pages' own tabs (用户管理 · 单位管理 · API令牌 · 工作日历), behind one 管理
 * entry in the header so the main navigation stays on one line.
 */
export function AdminNav() {
  const { t } = useTranslation();
  const { me } = useAuth();
  return (
    <nav aria-label={t('nav.adminSections')} className="subnav">
      <NavLink to="/admin/users">{t('nav.users')}</NavLink>
      <NavLink to="/admin/bureaus">{t('nav.bureaus')}</NavLink>
      <NavLink to="/admin/tokens">{t('nav.tokens')}</NavLink>
      {me?.role === 'admin' && <NavLink to="/admin/calendar">{t('nav.workCalendar')}</NavLink>}
    </nav>
  );
}
