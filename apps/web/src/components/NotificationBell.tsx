import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { Notification, NotificationPage, UnreadCount } from '../api/types';
import { ErrorBox, Loading } from './ui';

/** How often the header asks for the unread count (no push channel; a poll is enough for a bell). */
export const UNREAD_POLL_MS = 30_000;
const RECENT = 20;

const NOTIFICATIONS = ['notifications'] as const;
const UNREAD_KEY = [...NOTIFICATIONS, 'unread-count'] as const;
const RECENT_KEY = [...NOTIFICATIONS, 'recent'] as const;

// One formatter for the panel (Shanghai time, whatever the browser's zone).
const WHEN = new Intl.DateTimeFormat('zh-CN', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hour12: false,
});

/**
 * The header's bell: the signed-in person's unread count (polled), and a panel of their recent
 * notifications that lead to the task; opening one marks it read, and one button marks all read.
 * Keyboard: Enter/Space opens, Escape closes and returns to the bell, Tab moves through the panel.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const panelId = useId();
  const root = useRef<HTMLDivElement>(null);
  const bell = useRef<HTMLButtonElement>(null);

  const count = useQuery({
    queryKey: UNREAD_KEY,
    queryFn: () => api<UnreadCount>('/api/notifications/unread-count'),
    refetchInterval: UNREAD_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 0,
  });
  const recent = useQuery({
    queryKey: RECENT_KEY,
    queryFn: () => api<NotificationPage>('/api/notifications', { query: { pageSize: RECENT } }),
    enabled: open,
    staleTime: 0,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS });
  const markRead = useMutation({
    mutationFn: (id: number) => api<Notification>(`/api/notifications/${id}/read`, { method: 'POST' }),
    onSettled: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => api('/api/notifications/read-all', { method: 'POST' }),
    onSettled: refresh,
  });

  // Opening the panel refreshes the count too, so the two never disagree.
  useEffect(() => {
    if (open) void queryClient.invalidateQueries({ queryKey: UNREAD_KEY });
  }, [open, queryClient]);

  // A click outside closes the panel.
  useEffect(() => {
    if (!open) return;
    const onPointer = (event: PointerEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onPointer);
    return () => document.removeEventListener('pointerdown', onPointer);
  }, [open]);

  const close = (focusBell: boolean) => {
    setOpen(false);
    if (focusBell) bell.current?.focus();
  };
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape' && open) {
      event.stopPropagation();
      close(true);
    }
  };

  const unread = count.data?.unread ?? 0;
  const label = unread > 0 ? t('notifications.bell', { count: unread }) : t('notifications.bellNone');
  const items = recent.data?.items ?? [];

  return (
    <div className="bell" ref={root} onKeyDown={onKeyDown}>
      <button
        ref={bell}
        type="button"
        className="ghost bell-button"
        aria-label={label}
        aria-expanded={open}
        aria-controls={panelId}
        onClick={() => setOpen((was) => !was)}
        data-testid="notification-bell"
      >
        <svg aria-hidden="true" focusable="false" viewBox="0 0 24 24" width="18" height="18">
          <path
            fill="currentColor"
            d="M12 22a2.5 2.5 0 0 0 2.45-2h-4.9A2.5 2.5 0 0 0 12 22Zm7-6V11a7 7 0 0 0-5.5-6.84V3.5a1.5 1.5 0 0 0-3 0v.66A7 7 0 0 0 5 11v5l-2 2v1h18v-1l-2-2Z"
          />
        </svg>
        {unread > 0 && (
          <span className="bell-count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <div id={panelId} className="bell-panel" role="region" aria-label={t('notifications.title')} hidden={!open}>
        {open && (
          <>
            <div className="bell-head">
              <h2>{t('notifications.title')}</h2>
              <button
                type="button"
                className="link"
                onClick={() => markAll.mutate()}
                disabled={markAll.isPending || unread === 0}
              >
                {t('notifications.readAll')}
              </button>
            </div>
            <ErrorBox error={recent.error ?? markRead.error ?? markAll.error} onRetry={() => void recent.refetch()} />
            {recent.isPending ? (
              <Loading />
            ) : items.length === 0 ? (
              <p className="muted bell-empty">{t('notifications.empty')}</p>
            ) : (
              <ul className="bell-list">
                {items.map((n) => (
                  <li key={n.id} className={n.read ? 'read' : 'unread'}>
                    <Link
                      to={n.link}
                      onClick={() => {
                        if (!n.read) markRead.mutate(n.id);
                        close(false);
                      }}
                    >
                      <span className="bell-title">
                        {!n.read && <span className="sr-only">{t('notifications.unread')}：</span>}
                        <span className={`badge kind-${n.kind}`}>{t(`notifications.kind.${n.kind}`)}</span> {n.title}
                      </span>
                      <span className="bell-body">{n.body}</span>
                      <time className="muted small" dateTime={n.createdAt}>
                        {WHEN.format(new Date(n.createdAt))}
                      </time>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}
