import { useTranslation } from 'react-i18next';
import { NavLink, useSearchParams } from 'react-router';

/**
 * The audit pages' own tabs (落实情况 · 年年提 · 问题与安排): ordinary links, so the keyboard and the
 * browser's history work as everywhere else; the bureau filter travels from one tab to the next.
 */
export function AuditNav() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const bureauId = params.get('bureauId');
  const keep = bureauId ? `?bureauId=${encodeURIComponent(bureauId)}` : '';
  return (
    <nav aria-label={t('auditNav.label')} className="subnav">
      <NavLink to={`/audit${keep}`} end>
        {t('auditNav.followThrough')}
      </NavLink>
      <NavLink to={`/audit/lineage${keep}`}>{t('auditNav.lineage')}</NavLink>
      <NavLink to={`/audit/reports${keep}`}>{t('auditNav.reports')}</NavLink>
    </nav>
  );
}
