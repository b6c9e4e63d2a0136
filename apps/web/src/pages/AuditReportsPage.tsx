import { useQuery } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client';
import type { ReportPage } from '../api/types';
import { useAuth } from '../auth/auth';
import { AuditNav } from '../components/AuditNav';
import { ErrorBox, Loading } from '../components/ui';
import { BureauFilterField, PlanYearFilterField, filtersFrom } from '../components/AuditFilterFields';

const PAGE_SIZE = 50;

/** The reports in scope, each opening its page with problems → plan (问题与安排). */
export function AuditReportsPage() {
  const { t } = useTranslation();
  const { isSupervisor } = useAuth();
  const [params, setParams] = useSearchParams();
  const bureauId = params.get('bureauId') ?? '';
  const planYear = params.get('planYear') ?? '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const query = { bureauId, planYear, page, pageSize: PAGE_SIZE };
  const reports = useQuery({
    queryKey: ['reports', query],
    queryFn: () => api<ReportPage>('/api/reports', { query }),
    enabled: isSupervisor,
  });

  const onFilter = (event: FormEvent<HTMLFormElement>) => setParams(filtersFrom(event, ['bureauId', 'planYear']));
  const goTo = (n: number) => {
    const next = new URLSearchParams(params);
    next.set('page', String(n));
    setParams(next);
  };

  if (!isSupervisor)
    return (
      <p className="error" role="alert">
        {t('error.forbidden')}
      </p>
    );
  const pages = Math.max(1, Math.ceil((reports.data?.total ?? 0) / PAGE_SIZE));

  return (
    <section aria-labelledby="reports-title">
      <div className="page-head">
        <h1 id="reports-title">{t('audit.title')}</h1>
      </div>
      <AuditNav />
      <p className="muted">{t('auditReports.help')}</p>
      <form className="filters card" onSubmit={onFilter} key={params.toString()}>
        <PlanYearFilterField id="r-year" defaultValue={planYear} />
        <BureauFilterField id="r-bureau" defaultValue={bureauId} />
        <div className="field actions">
          <button type="submit" className="primary">
            {t('tasks.apply')}
          </button>
        </div>
      </form>
      <ErrorBox error={reports.error} onRetry={() => void reports.refetch()} />
      {reports.isPending ? (
        <Loading />
      ) : (reports.data?.items.length ?? 0) === 0 ? (
        <p className="muted">{t('auditReports.empty')}</p>
      ) : (
        <div className="table-wrap card">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('auditReports.report')}</th>
                <th scope="col">{t('tasks.bureau')}</th>
                <th scope="col">{t('upload.reportYear')}</th>
                <th scope="col">{t('upload.planYear')}</th>
                <th scope="col">{t('reportDetail.revision')}</th>
              </tr>
            </thead>
            <tbody>
              {reports.data!.items.map((r) => (
                <tr key={r.id}>
                  <th scope="row">
                    <Link to={`/reports/${r.id}`}>{r.title ?? t('reportDetail.untitled', { id: r.id })}</Link>
                  </th>
                  <td>{r.bureauName ?? '—'}</td>
                  <td>{r.reportYear ?? '—'}</td>
                  <td>{r.planYear ?? '—'}</td>
                  <td>{r.revision}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <div className="toolbar">
            <span className="muted small">{t('common.total', { count: reports.data!.total })}</span>
            {pages > 1 && (
              <>
                <button type="button" disabled={page <= 1} onClick={() => goTo(page - 1)}>
                  {t('common.prev')}
                </button>
                <span>{t('common.page', { page, pages })}</span>
                <button type="button" disabled={page >= pages} onClick={() => goTo(page + 1)}>
                  {t('common.next')}
                </button>
              </>
            )}
          </div>
        </div>
      )}
    </section>
  );
}
