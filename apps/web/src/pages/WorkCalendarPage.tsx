import { useMutation, useQuery } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { CalendarDay, CalendarYear } from '../api/types';
import { ErrorBox, Loading } from '../components/ui';
import { AdminNav } from '../components/AdminNav';

/** "2027-01-01 元旦" per line → days; the name is optional. */
function parseDays(text: string): CalendarDay[] {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const [date, ...name] = line.split(/\s+/);
      return { date, name: name.join(' ') || null };
    });
}

function formatDays(days: CalendarDay[]): string {
  return days.map((d) => (d.name ? `${d.date} ${d.name}` : d.date)).join('\n');
}

/**
 * 工作日历 (admins): the years whose public holidays the built-in data does not know yet, and a form
 * to enter a year's holidays and make-up working days (调休) as the State Council publishes them.
 */
export function WorkCalendarPage() {
  const { t } = useTranslation();
  const [year, setYear] = useState(() => new Date().getFullYear() + 1);
  const [holidays, setHolidays] = useState('');
  const [workdays, setWorkdays] = useState('');
  const query = useQuery({
    queryKey: ['work-calendar', year],
    queryFn: () => api<CalendarYear>(`/api/admin/calendar/${year}`),
  });
  useEffect(() => {
    if (query.data) {
      setHolidays(formatDays(query.data.holidays));
      setWorkdays(formatDays(query.data.workdays));
    }
  }, [query.data]);
  const save = useMutation({
    mutationFn: () =>
      api<CalendarYear>(`/api/admin/calendar/${year}`, {
        method: 'PUT',
        json: { holidays: parseDays(holidays), workdays: parseDays(workdays) },
      }),
    onSuccess: () => query.refetch(),
  });
  const data = query.data;
  return (
    <section aria-labelledby="work-calendar-title">
      <AdminNav />
      <h1 id="work-calendar-title">{t('workCalendar.title')}</h1>
      {data?.warning && (
        <p className="warning" role="alert">
          {data.warning}
        </p>
      )}
      <p className="muted">{t('workCalendar.help')}</p>
      <label>
        {t('workCalendar.year')}{' '}
        <input
          type="number"
          min={2000}
          max={2100}
          value={year}
          onChange={(e) => setYear(Number(e.target.value))}
          aria-describedby="work-calendar-source"
        />
      </label>
      {query.isLoading && <Loading />}
      <ErrorBox error={query.error} onRetry={() => query.refetch()} />
      {data && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            save.mutate();
          }}
        >
          <p id="work-calendar-source">
            {t('workCalendar.source')}：<strong>{t(`workCalendar.sources.${data.source}`)}</strong>
          </p>
          <label className="block">
            {t('workCalendar.holidays')}
            <textarea rows={10} value={holidays} onChange={(e) => setHolidays(e.target.value)} />
          </label>
          <label className="block">
            {t('workCalendar.workdays')}
            <textarea rows={5} value={workdays} onChange={(e) => setWorkdays(e.target.value)} />
          </label>
          <button type="submit" disabled={save.isPending}>
            {t('workCalendar.save')}
          </button>
          {save.isSuccess && <span role="status"> {t('workCalendar.saved')}</span>}
          <ErrorBox error={save.error} />
        </form>
      )}
    </section>
  );
}
