import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api } from '../api/client';
import type { ProblemCoverage, ReportDetail, TaskPage, TaskSummary } from '../api/types';
import { ErrorBox, Loading } from '../components/ui';

/**
 * One report: what it is, its sections, how many plan items it holds, and problems → plan — each
 * problem its 存在的问题 names beside the plan items that answer it, or none.
 */
export function ReportDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const reportId = Number(id);
  const valid = Number.isInteger(reportId) && reportId > 0;
  const report = useQuery({
    queryKey: ['report', reportId],
    queryFn: () => api<ReportDetail>(`/api/reports/${reportId}`),
    enabled: valid,
  });
  const coverage = useQuery({
    queryKey: ['problems-coverage', reportId],
    queryFn: () => api<ProblemCoverage[]>(`/api/reports/${reportId}/problems-coverage`),
    enabled: valid && report.isSuccess,
  });
  // The top-level items, to name and link the paths the coverage gives.
  const roots = useQuery({
    queryKey: ['report-roots', reportId],
    queryFn: () => api<TaskPage>('/api/tasks', { query: { reportId, rootsOnly: true, pageSize: 200 } }),
    enabled: valid && report.isSuccess,
  });

  if (!valid) return <h1>{t('error.notFound')}</h1>;
  if (report.isPending) return <Loading />;
  if (report.error) return <ErrorBox error={report.error} onRetry={() => void report.refetch()} />;
  const r = report.data;
  const byPath = new Map<string, TaskSummary>((roots.data?.items ?? []).map((task) => [task.path, task]));
  const problems = coverage.data ?? [];
  const covered = problems.filter((p) => p.answeredBy.length > 0).length;

  return (
    <section aria-labelledby="report-title">
      <div className="page-head">
        <h1 id="report-title">{r.title ?? t('reportDetail.untitled', { id: r.id })}</h1>
        <Link to={`/tasks?reportId=${r.id}`}>{t('upload.viewTasks')}</Link>
      </div>
      <section className="card" aria-labelledby="report-meta">
        <h2 id="report-meta">{t('reportDetail.meta')}</h2>
        <dl className="facts">
          <dt>{t('tasks.bureau')}</dt>
          <dd>{r.bureauName ?? '—'}</dd>
          <dt>{t('upload.reportYear')}</dt>
          <dd>{r.reportYear ?? '—'}</dd>
          <dt>{t('upload.planYear')}</dt>
          <dd>{r.planYear ?? '—'}</dd>
          <dt>{t('reportDetail.publishDate')}</dt>
          <dd>{r.publishDate ?? '—'}</dd>
          <dt>{t('reportDetail.revision')}</dt>
          <dd>{r.revision}</dd>
          <dt>{t('reportDetail.itemCount')}</dt>
          <dd data-testid="report-item-count">{r.itemCount}</dd>
          {r.sourceUrl && (
            <>
              <dt>{t('reportDetail.source')}</dt>
              <dd>
                <a href={r.sourceUrl} rel="noopener noreferrer" target="_blank">
                  {r.sourceUrl}
                </a>
              </dd>
            </>
          )}
        </dl>
        {r.warnings.length > 0 && (
          <p className="small">
            {t('reportDetail.warnings')}：
            {r.warnings.map((w) => (
              <span key={w} className="badge warn">
                {w}
              </span>
            ))}
          </p>
        )}
      </section>
      <section className="card" aria-labelledby="report-sections">
        <h2 id="report-sections">{t('reportDetail.sections')}</h2>
        {r.sections.length === 0 ? (
          <p className="muted">{t('common.none')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col">{t('reportDetail.heading')}</th>
                <th scope="col">{t('reportDetail.kind')}</th>
                <th scope="col">{t('reportDetail.length')}</th>
              </tr>
            </thead>
            <tbody>
              {r.sections.map((s) => (
                <tr key={s.start}>
                  <th scope="row">{s.heading}</th>
                  <td>{t(`reportDetail.kinds.${s.kind}`)}</td>
                  <td>{t('reportDetail.chars', { count: s.end - s.start })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section className="card" aria-labelledby="report-coverage">
        <h2 id="report-coverage">{t('reportDetail.coverage')}</h2>
        <p className="muted small">{t('reportDetail.coverageHelp')}</p>
        <ErrorBox error={coverage.error ?? roots.error} />
        {coverage.isPending ? (
          <Loading />
        ) : problems.length === 0 ? (
          <p className="muted">{t('reportDetail.noProblems')}</p>
        ) : (
          <>
            <p role="status" data-testid="coverage-count">
              {t('reportDetail.coverageCount', {
                total: problems.length,
                covered,
                uncovered: problems.length - covered,
              })}
            </p>
            <table className="coverage">
              <thead>
                <tr>
                  <th scope="col">{t('reportDetail.problem')}</th>
                  <th scope="col">{t('reportDetail.covered')}</th>
                  <th scope="col">{t('reportDetail.answeredBy')}</th>
                </tr>
              </thead>
              <tbody>
                {problems.map((p) => (
                  <tr key={p.start}>
                    <th scope="row">{p.problem}</th>
                    <td>
                      <span className={`badge ${p.answeredBy.length > 0 ? 'covered' : 'uncovered'}`}>
                        {p.answeredBy.length > 0 ? t('reportDetail.yes') : t('reportDetail.no')}
                      </span>
                    </td>
                    <td>
                      {p.answeredBy.length === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        <ul className="chain-links">
                          {p.answeredBy.map((path) => {
                            const task = byPath.get(path);
                            return (
                              <li key={path}>
                                {task ? (
                                  <Link to={`/tasks/${task.id}`}>
                                    {path} {task.title}
                                  </Link>
                                ) : (
                                  path
                                )}
                              </li>
                            );
                          })}
                        </ul>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </>
        )}
      </section>
    </section>
  );
}
