import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useMemo, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, apiAll, download, openPage } from '../api/client';
import type { CommitmentAudit, FollowThrough, FollowThroughRow } from '../api/types';
import { useAuth } from '../auth/auth';
import { AuditNav } from '../components/AuditNav';
import { Chart } from '../components/Chart';
import { ErrorBox, Highlight, Loading, StatusBadge } from '../components/ui';
import { BureauFilterField, PlanYearFilterField, filtersFrom } from '../components/AuditFilterFields';

const percent = (rate: number) => `${Math.round(rate * 1000) / 10}%`;

export function AuditPage() {
  const { t } = useTranslation();
  const { isSupervisor } = useAuth();
  const [params, setParams] = useSearchParams();
  const planYear = params.get('planYear') ?? '';
  const bureauId = params.get('bureauId') ?? '';
  const drill = params.get('drill');
  const query = { planYear, bureauId };
  const audit = useQuery({
    queryKey: ['follow-through', query],
    queryFn: () => api<FollowThrough>('/api/audit/follow-through', { query }),
    enabled: isSupervisor,
  });

  const onFilter = (event: FormEvent<HTMLFormElement>) => setParams(filtersFrom(event, ['planYear', 'bureauId']));
  const setDrill = (id: number | null) => {
    const next = new URLSearchParams(params);
    if (id === null) next.delete('drill');
    else next.set('drill', String(id));
    setParams(next);
  };

  if (!isSupervisor)
    return (
      <p className="error" role="alert">
        {t('error.forbidden')}
      </p>
    );
  const rows = audit.data?.bureaus.filter((row) => row.commitments > 0) ?? [];
  const drilled = rows.find((row) => String(row.bureauId) === drill);

  return (
    <section aria-labelledby="audit-title">
      <div className="page-head">
        <h1 id="audit-title">{t('audit.title')}</h1>
      </div>
      <AuditNav />
      <form className="filters card" onSubmit={onFilter} key={params.toString()}>
        <PlanYearFilterField id="a-year" defaultValue={planYear} />
        <BureauFilterField id="a-bureau" defaultValue={bureauId} />
        <div className="field actions">
          <button type="submit" className="primary">
            {t('tasks.apply')}
          </button>
        </div>
      </form>
      <Downloads query={query} />
      <ErrorBox error={audit.error} onRetry={() => void audit.refetch()} />
      {audit.isPending ? (
        <Loading />
      ) : rows.length === 0 ? (
        <p className="muted">{t('audit.empty')}</p>
      ) : (
        audit.data && (
          <>
            <Charts rows={rows} total={audit.data.total} />
            <div className="table-wrap card">
              <table className="audit">
                <thead>
                  <tr>
                    <th scope="col">{t('tasks.bureau')}</th>
                    <th scope="col">{t('audit.commitments')}</th>
                    <th scope="col">{t('audit.rate')}</th>
                    <th scope="col">{t('audit.evidencedRate')}</th>
                    <th scope="col">{t('audit.evidenced')}</th>
                    <th scope="col">{t('audit.partial')}</th>
                    <th scope="col">{t('audit.notFound')}</th>
                    <th scope="col">{t('audit.carriedOver')}</th>
                    <th scope="col">{t('audit.shortfalls')}</th>
                    <th scope="col">{t('audit.targetsMet')}</th>
                    <th scope="col">{t('audit.targetsMissed')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('audit.drill')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...rows, { ...audit.data.total, bureauName: t('audit.total'), bureauId: 0 }].map((row) => (
                    <tr key={row.bureauId} className={row.bureauId === 0 ? 'total' : undefined}>
                      <th scope="row">{row.bureauName}</th>
                      <td>{row.commitments}</td>
                      <td>
                        <RateBar rate={row.rate} />
                      </td>
                      <td>{percent(row.evidencedRate)}</td>
                      <td>{row.evidenced}</td>
                      <td>{row.partial}</td>
                      <td>{row.notFound}</td>
                      <td>{row.carriedOver}</td>
                      <td>{row.acknowledgedShortfalls}</td>
                      <td>{row.targetsMet}</td>
                      <td>{row.targetsMissed}</td>
                      <td>
                        {row.bureauId !== 0 && (
                          <button type="button" className="link" onClick={() => setDrill(row.bureauId)}>
                            {t('audit.drill')}
                          </button>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="muted small">{t('audit.rateNote')}</p>
            </div>
            {drilled && <Commitments row={drilled} planYear={planYear} onClose={() => setDrill(null)} />}
          </>
        )
      )}
    </section>
  );
}

/**
 * The files made from the same filters: the draft table 上年度工作安排落实情况 and the scorecard, as a
 * printable page and as a workbook. Each is fetched with the reader's login (a plain link would carry
 * no token), the pages opened in a new tab, the workbook saved.
 */
function Downloads({ query }: { query: { planYear: string; bureauId: string } }) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const run = (name: string, job: () => Promise<void>) => {
    setBusy(name);
    setError(null);
    job()
      .catch(setError)
      .finally(() => setBusy(null));
  };
  const fileName = (base: string) =>
    `${base}${query.bureauId ? `-${query.bureauId}` : ''}${query.planYear ? `-${query.planYear}` : ''}.xlsx`;
  return (
    <section className="card" aria-labelledby="audit-downloads">
      <h2 id="audit-downloads">{t('auditDownloads.title')}</h2>
      <p className="muted small">{t('auditDownloads.help')}</p>
      <div className="toolbar">
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => run('draft', () => openPage('/api/audit/draft.html', query))}
        >
          {t('auditDownloads.draft')}
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() => run('scorecardHtml', () => openPage('/api/audit/scorecard.html', query))}
        >
          {t('audit.scorecard')}
        </button>
        <button
          type="button"
          disabled={busy !== null}
          onClick={() =>
            run('scorecardXlsx', () => download('/api/audit/scorecard.xlsx', query, fileName('luoshi-scorecard')))
          }
        >
          {t('auditDownloads.scorecardXlsx')}
        </button>
        {busy && (
          <span className="muted small" role="status">
            {t('auditDownloads.busy')}
          </span>
        )}
      </div>
      <ErrorBox error={error} />
    </section>
  );
}

function RateBar({ rate }: { rate: number }) {
  return (
    <span className="rate">
      <span className="rate-bar" aria-hidden="true">
        <span style={{ width: `${Math.round(rate * 100)}%` }} />
      </span>
      {percent(rate)}
    </span>
  );
}

function Charts({ rows, total }: { rows: FollowThroughRow[]; total: FollowThroughRow }) {
  const { t } = useTranslation();
  const rateOption = useMemo(
    () => ({
      tooltip: { trigger: 'axis' },
      legend: { bottom: 0 },
      grid: { left: 8, right: 24, top: 16, bottom: 32, containLabel: true },
      xAxis: { type: 'value', max: 100, axisLabel: { formatter: '{value}%' } },
      yAxis: { type: 'category', data: rows.map((r) => r.bureauName), axisLabel: { width: 180, overflow: 'truncate' } },
      series: [
        {
          name: t('audit.rate'),
          type: 'bar',
          data: rows.map((r) => Math.round(r.rate * 1000) / 10),
          itemStyle: { color: '#b22222' },
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
        {
          name: t('audit.evidencedRate'),
          type: 'bar',
          data: rows.map((r) => Math.round(r.evidencedRate * 1000) / 10),
          itemStyle: { color: '#2e7d32' },
          label: { show: true, position: 'right', formatter: '{c}%' },
        },
      ],
    }),
    [rows, t],
  );
  const verdictOption = useMemo(
    () => ({
      tooltip: { trigger: 'item' },
      legend: { bottom: 0 },
      color: ['#2e7d32', '#f9a825', '#c62828', '#1565c0'],
      series: [
        {
          type: 'pie',
          radius: ['40%', '68%'],
          center: ['50%', '44%'],
          data: [
            { name: t('audit.evidenced'), value: total.evidenced },
            { name: t('audit.partial'), value: total.partial },
            { name: t('audit.notFound'), value: total.notFound },
            { name: t('audit.carriedOver'), value: total.carriedOver },
          ],
        },
      ],
    }),
    [total, t],
  );
  return (
    <div className="grid-2">
      <section className="card">
        <h2>{t('audit.chartRate')}</h2>
        <Chart
          option={rateOption}
          label={rows
            .map(
              (r) =>
                `${r.bureauName} ${t('audit.rate')} ${percent(r.rate)}，${t('audit.evidencedRate')} ${percent(r.evidencedRate)}`,
            )
            .join('；')}
          height={Math.max(200, rows.length * 60 + 64)}
        />
      </section>
      <section className="card">
        <h2>{t('audit.chartVerdicts')}</h2>
        <Chart
          option={verdictOption}
          label={`${t('audit.evidenced')} ${total.evidenced}，${t('audit.partial')} ${total.partial}，${t('audit.notFound')} ${total.notFound}`}
        />
      </section>
    </div>
  );
}

function Commitments({ row, planYear, onClose }: { row: FollowThroughRow; planYear: string; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const query = { bureauId: row.bureauId, planYear };
  const commitments = useQuery({
    queryKey: ['commitments', query],
    queryFn: () => apiAll<CommitmentAudit>('/api/audit/commitments', query),
  });
  const decide = useMutation({
    mutationFn: ({ outcomeId, decision }: { outcomeId: number; decision: 'confirmed' | 'rejected' }) =>
      api(`/api/audit/outcomes/${outcomeId}/decision`, { method: 'POST', json: { decision } }),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['commitments'] });
      void queryClient.invalidateQueries({ queryKey: ['follow-through'] });
    },
  });
  return (
    <section className="card" aria-labelledby="drill-title">
      <div className="page-head">
        <h2 id="drill-title">{t('audit.detail', { name: row.bureauName })}</h2>
        <button type="button" onClick={onClose}>
          {t('common.close')}
        </button>
      </div>
      <ErrorBox error={commitments.error ?? decide.error} />
      {commitments.isPending ? (
        <Loading />
      ) : (
        <table className="commitments">
          <thead>
            <tr>
              <th scope="col">{t('audit.commitment')}</th>
              <th scope="col">{t('audit.evidence')}</th>
              <th scope="col">{t('audit.decision')}</th>
            </tr>
          </thead>
          <tbody>
            {(commitments.data ?? []).map((c) => (
              <tr key={c.outcomeId}>
                <td>
                  <Link to={`/tasks/${c.taskId}`}>
                    {c.planYear}·{c.path} {c.title}
                  </Link>{' '}
                  <StatusBadge status={c.taskStatus} />
                  <p className="small">{c.body}</p>
                </td>
                <td>
                  <span className={`badge verdict-${c.effectiveVerdict}`}>{t(`verdict.${c.effectiveVerdict}`)}</span>
                  {c.carriedOver && <span className="badge info">{t('audit.carriedOver')}</span>}
                  {c.acknowledgedShortfall && <span className="badge warn">{t('audit.shortfalls')}</span>}
                  {c.evidence.length === 0 ? (
                    <p className="muted small">{t('audit.noPassages')}</p>
                  ) : (
                    c.evidence.map((p, i) => (
                      <blockquote key={i} className="passage small">
                        <Highlight text={p.text} terms={p.terms} />
                      </blockquote>
                    ))
                  )}
                </td>
                <td>
                  {c.decision && (
                    <p>
                      <strong>{t(`audit.${c.decision}`)}</strong>
                    </p>
                  )}
                  <div className="toolbar">
                    <button
                      type="button"
                      disabled={decide.isPending || c.decision === 'confirmed'}
                      onClick={() => decide.mutate({ outcomeId: c.outcomeId, decision: 'confirmed' })}
                      aria-label={`${t('audit.confirmLink')} ${c.path} ${c.title}`}
                    >
                      {t('audit.confirmLink')}
                    </button>
                    <button
                      type="button"
                      disabled={decide.isPending || c.decision === 'rejected'}
                      onClick={() => decide.mutate({ outcomeId: c.outcomeId, decision: 'rejected' })}
                      aria-label={`${t('audit.rejectLink')} ${c.path} ${c.title}`}
                    >
                      {t('audit.rejectLink')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
