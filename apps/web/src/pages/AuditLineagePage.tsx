import { useQuery } from '@tanstack/react-query';
import { type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api/client';
import type { Lineage } from '../api/types';
import { useAuth } from '../auth/auth';
import { AuditNav } from '../components/AuditNav';
import { ErrorBox, Loading, StatusBadge } from '../components/ui';
import { BureauFilterField } from '../components/AuditFilterFields';

/**
 * 年年提: promises a bureau's plans restate year after year. The API chooses the bureau (and its
 * sub-bureaus); how many years a chain spans and whether it is still open are read here.
 */
export function AuditLineagePage() {
  const { t } = useTranslation();
  const { isSupervisor } = useAuth();
  const [params, setParams] = useSearchParams();
  const bureauId = params.get('bureauId') ?? '';
  const minYears = Math.max(2, Number(params.get('minYears')) || 2);
  const openOnly = params.get('open') === '1';
  const lineage = useQuery({
    queryKey: ['lineage', bureauId],
    queryFn: () => api<Lineage>('/api/audit/lineage', { query: { bureauId } }),
    enabled: isSupervisor,
  });

  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next = new URLSearchParams();
    if (data.get('bureauId')) next.set('bureauId', String(data.get('bureauId')));
    if (Number(data.get('minYears')) > 2) next.set('minYears', String(data.get('minYears')));
    if (data.get('open')) next.set('open', '1');
    setParams(next);
  };

  if (!isSupervisor)
    return (
      <p className="error" role="alert">
        {t('error.forbidden')}
      </p>
    );
  const all = lineage.data?.chains ?? [];
  const chains = all.filter((c) => c.years >= minYears && (!openOnly || c.open));
  const openCount = chains.filter((c) => c.open).length;

  return (
    <section aria-labelledby="lineage-title">
      <div className="page-head">
        <h1 id="lineage-title">{t('audit.title')}</h1>
      </div>
      <AuditNav />
      <p className="muted">{t('lineage.help')}</p>
      <form className="filters card" onSubmit={onFilter} key={params.toString()}>
        <BureauFilterField id="l-bureau" defaultValue={bureauId} />
        <div className="field narrow">
          <label htmlFor="l-years">{t('lineage.minYears')}</label>
          <input id="l-years" name="minYears" type="number" min={2} max={50} defaultValue={minYears} />
        </div>
        <div className="field check">
          <input id="l-open" name="open" type="checkbox" value="1" defaultChecked={openOnly} />
          <label htmlFor="l-open">{t('lineage.openOnly')}</label>
        </div>
        <div className="field actions">
          <button type="submit" className="primary">
            {t('tasks.apply')}
          </button>
        </div>
      </form>
      <ErrorBox error={lineage.error} onRetry={() => void lineage.refetch()} />
      {lineage.isPending ? (
        <Loading />
      ) : (
        <>
          {lineage.data && lineage.data.oldestOpen.length > 0 && (
            <section className="card" aria-labelledby="lineage-oldest">
              <h2 id="lineage-oldest">{t('lineage.oldestOpen')}</h2>
              <ul>
                {lineage.data.oldestOpen.map((o) => (
                  <li key={o.bureauId}>
                    {t('lineage.oldestLine', { bureau: o.bureauName, years: o.years, title: o.title })}
                  </li>
                ))}
              </ul>
            </section>
          )}
          <p role="status" data-testid="lineage-count">
            {t('lineage.count', { count: chains.length, open: openCount })}
          </p>
          {chains.length === 0 ? (
            <p className="muted">{all.length === 0 ? t('lineage.empty') : t('lineage.emptyFiltered')}</p>
          ) : (
            <div className="table-wrap card">
              <table className="lineage">
                <caption className="sr-only">{t('lineage.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('tasks.bureau')}</th>
                    <th scope="col">{t('lineage.promise')}</th>
                    <th scope="col">{t('lineage.years')}</th>
                    <th scope="col">{t('lineage.state')}</th>
                    <th scope="col">{t('lineage.byYear')}</th>
                  </tr>
                </thead>
                <tbody>
                  {chains.map((chain) => {
                    const first = chain.links[0];
                    return (
                      <tr key={`${chain.bureauId}-${first.taskId}`}>
                        <td>{chain.bureauName}</td>
                        <th scope="row">{first.title}</th>
                        <td>{t('lineage.yearsValue', { count: chain.years })}</td>
                        <td>
                          <span className={`badge ${chain.open ? 'warn' : 'covered'}`}>
                            {chain.open ? t('lineage.open') : t('lineage.done')}
                          </span>
                        </td>
                        <td>
                          <ol className="chain-links">
                            {chain.links.map((link) => (
                              <li key={link.taskId}>
                                <Link
                                  to={`/tasks/${link.taskId}`}
                                  aria-label={t('lineage.taskLink', { year: link.planYear, title: link.title })}
                                >
                                  {link.planYear}
                                </Link>{' '}
                                <StatusBadge status={link.status} />
                                <Link
                                  to={`/reports/${link.reportId}`}
                                  className="small"
                                  aria-label={t('lineage.reportLink', { year: link.planYear })}
                                >
                                  {t('lineage.report')}
                                </Link>
                              </li>
                            ))}
                          </ol>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </>
      )}
    </section>
  );
}
