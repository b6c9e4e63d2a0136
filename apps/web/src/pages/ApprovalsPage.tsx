import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, apiAll } from '../api/client';
import type { Extension, User } from '../api/types';
import { ErrorBox, Loading } from '../components/ui';

/** 延期审批 (supervisors, admins): the pending extension requests of the bureaus below, approved or rejected with a note. */
export function ApprovalsPage() {
  const { t } = useTranslation();
  const query = useQuery({
    queryKey: ['extensions', 'pending'],
    queryFn: () => apiAll<Extension>('/api/extensions', { status: 'pending' }),
  });
  const users = useQuery({ queryKey: ['users'], queryFn: () => apiAll<User>('/api/users', {}, 1000) });
  const name = (id: number | null) => users.data?.find((u) => u.id === id)?.displayName ?? (id ? `#${id}` : '—');
  const [notes, setNotes] = useState<Record<number, string>>({});
  const decide = useMutation({
    mutationFn: ({ id, approve }: { id: number; approve: boolean }) =>
      api<Extension>(`/api/extensions/${id}/decision`, {
        method: 'POST',
        json: { approve, ...(notes[id]?.trim() ? { note: notes[id].trim() } : {}) },
      }),
    onSuccess: () => query.refetch(),
  });
  const rows = query.data ?? [];
  return (
    <section aria-labelledby="approvals-title">
      <h1 id="approvals-title">{t('extensions.approvals')}</h1>
      {query.isLoading && <Loading />}
      <ErrorBox error={query.error} onRetry={() => query.refetch()} />
      {!query.isLoading && rows.length === 0 && <p className="muted">{t('extensions.nothingWaiting')}</p>}
      {rows.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('extensions.task')}</th>
              <th scope="col">{t('extensions.dates')}</th>
              <th scope="col">{t('extensions.reason')}</th>
              <th scope="col">{t('extensions.requestedBy')}</th>
              <th scope="col">{t('extensions.note')}</th>
              <th scope="col">{t('settings.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e) => (
              <tr key={e.id}>
                <td>
                  <Link to={`/tasks/${e.planItemId}`}>{e.taskTitle}</Link>
                </td>
                <td>
                  {e.oldDueDate ?? '—'} → {e.newDueDate}
                </td>
                <td>{e.reason}</td>
                <td>{name(e.requestedById)}</td>
                <td>
                  <input
                    aria-label={t('extensions.noteFor', { title: e.taskTitle })}
                    maxLength={2000}
                    value={notes[e.id] ?? ''}
                    onChange={(ev) => setNotes({ ...notes, [e.id]: ev.target.value })}
                  />
                </td>
                <td>
                  <button type="button" onClick={() => decide.mutate({ id: e.id, approve: true })}>
                    {t('extensions.approve')}
                    <span className="sr-only"> {e.taskTitle}</span>
                  </button>{' '}
                  <button type="button" className="ghost" onClick={() => decide.mutate({ id: e.id, approve: false })}>
                    {t('extensions.reject')}
                    <span className="sr-only"> {e.taskTitle}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBox error={decide.error} />
    </section>
  );
}
