import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api } from '../api/client';
import type { MuteState } from '../api/types';
import { ErrorBox } from './ui';

/**
 * 我的提醒 on the task page: whether my reminders about this task run, are snoozed or stopped, and
 * the buttons that change it (暂停7天 · 停止提醒 · 恢复提醒) — what the e-mail's 停止提醒 link does,
 * without the e-mail. Only ever the caller's own reminders.
 */
export function MyRemindersPanel({ taskId }: { taskId: number }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const key = ['task-mute', taskId];
  const state = useQuery({ queryKey: key, queryFn: () => api<MuteState>(`/api/tasks/${taskId}/mute`) });
  const change = useMutation({
    mutationFn: (action: 'snooze' | 'stop' | 'resume') =>
      action === 'resume'
        ? api<MuteState>(`/api/tasks/${taskId}/mute`, { method: 'DELETE' })
        : api<MuteState>(`/api/tasks/${taskId}/mute`, {
            method: 'POST',
            json: action === 'snooze' ? { days: 7 } : {},
          }),
    onSuccess: (next) => client.setQueryData(key, next),
  });
  const now = state.data;
  const text = !now
    ? ''
    : !now.muted
      ? t('myReminders.on')
      : now.until
        ? t('myReminders.snoozed', { until: now.until })
        : t('myReminders.stopped');
  return (
    <section className="card" aria-labelledby={`my-reminders-${taskId}`}>
      <h2 id={`my-reminders-${taskId}`}>{t('myReminders.title')}</h2>
      <p role="status">{text}</p>
      <div className="toolbar">
        {!now?.muted && (
          <>
            <button type="button" disabled={change.isPending} onClick={() => change.mutate('snooze')}>
              {t('myReminders.snooze')}
            </button>
            <button type="button" disabled={change.isPending} onClick={() => change.mutate('stop')}>
              {t('myReminders.stop')}
            </button>
          </>
        )}
        {now?.muted && (
          <button type="button" disabled={change.isPending} onClick={() => change.mutate('resume')}>
            {t('myReminders.resume')}
          </button>
        )}
      </div>
      <ErrorBox error={state.error ?? change.error} />
    </section>
  );
}
