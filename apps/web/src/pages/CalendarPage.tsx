import type { EventInput, EventSourceFuncArg } from '@fullcalendar/core';
import zhCn from '@fullcalendar/core/locales/zh-cn';
import dayGridPlugin from '@fullcalendar/daygrid';
import FullCalendar from '@fullcalendar/react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client';
import type { TaskPage } from '../api/types';
import { ErrorBox, shanghaiDay } from '../components/ui';

const COLORS: Record<string, string> = { red: '#c62828', yellow: '#f9a825', green: '#2e7d32' };

export function CalendarPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const month = params.get('month');
  const initialDate = month && /^\d{4}-\d{2}$/.test(month) ? `${month}-01` : undefined;
  const [error, setError] = useState<unknown>(null);

  const load = useCallback(async (range: EventSourceFuncArg): Promise<EventInput[]> => {
    setError(null);
    const events: EventInput[] = [];
    // The visible month holds at most a few hundred deadlines; page through them all.
    for (let page = 1; page <= 20; page++) {
      const result = await api<TaskPage>('/api/tasks', {
        query: { dueAfter: shanghaiDay(range.start), dueBefore: shanghaiDay(range.end), page, pageSize: 200 },
      });
      for (const task of result.items) {
        events.push({
          id: String(task.id),
          title: `${task.path} ${task.title}`,
          start: task.dueDate ?? undefined,
          allDay: true,
          color: task.trafficLight ? COLORS[task.trafficLight] : '#757575',
          url: `/tasks/${task.id}`,
        });
      }
      if (page * 200 >= result.total) break;
    }
    return events;
  }, []);

  return (
    <section aria-labelledby="calendar-title">
      <h1 id="calendar-title">{t('calendar.title')}</h1>
      <p className="muted">{t('calendar.help')}</p>
      <ErrorBox error={error} />
      <div className="card calendar">
        <FullCalendar
          plugins={[dayGridPlugin]}
          initialView="dayGridMonth"
          initialDate={initialDate}
          locale={i18n.language === 'en' ? 'en' : zhCn}
          height="auto"
          dayMaxEvents={4}
          events={(range, success, failure) => {
            load(range).then(success, (e: Error) => {
              setError(e);
              failure(e);
            });
          }}
          eventClick={(info) => {
            info.jsEvent.preventDefault();
            if (info.event.url) void navigate(info.event.url);
          }}
        />
      </div>
    </section>
  );
}
