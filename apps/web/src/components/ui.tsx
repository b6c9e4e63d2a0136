import { useTranslation } from 'react-i18next';
import type { TaskStatus, TrafficLight as Light } from '../api/types';
import { errorText } from '../i18n';

/** Due-date traffic light: a coloured dot plus its words, never colour alone. */
export function TrafficLight({ light }: { light: Light }) {
  const { t } = useTranslation();
  if (!light) return <span className="light light-none">{t('light.none')}</span>;
  return (
    <span className={`light light-${light}`}>
      <span className="dot" aria-hidden="true" />
      {t(`light.${light}`)}
    </span>
  );
}

export function StatusBadge({ status }: { status: TaskStatus | string }) {
  const { t } = useTranslation();
  return <span className={`badge status-${status}`}>{t(`status.${status}`)}</span>;
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div className="error" role="alert">
      <strong>{t('common.error')}：</strong>
      {errorText(error)}
      {onRetry && (
        <button type="button" className="link" onClick={onRetry}>
          {t('common.reload')}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const { t } = useTranslation();
  return (
    <p className="muted" role="status">
      {t('common.loading')}
    </p>
  );
}

/** Marks the terms the linker matched inside a passage (longest first, no HTML injection). */
export function Highlight({ text, terms }: { text: string; terms: string[] }) {
  const usable = [...new Set(terms.filter((term) => term.length > 0))].sort((a, b) => b.length - a.length);
  if (usable.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(${usable.map((term) => term.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'g');
  return (
    <>
      {text
        .split(pattern)
        .map((part, i) => (usable.includes(part) ? <mark key={i}>{part}</mark> : <span key={i}>{part}</span>))}
    </>
  );
}

// One formatter for the page: building an Intl.DateTimeFormat per table row is the costly part.
const SHANGHAI_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' });

/** The calendar day (YYYY-MM-DD) of an instant in Asia/Shanghai, whatever the browser's zone. */
export const shanghaiDay = (instant: Date): string => SHANGHAI_DAY.format(instant);

/** Days left (or overdue) from today in Asia/Shanghai. */
export function daysUntil(due: string): number {
  const today = shanghaiDay(new Date());
  return Math.round((Date.parse(`${due}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / 86_400_000);
}

export function DueDate({ due, open }: { due: string | null; open: boolean }) {
  const { t } = useTranslation();
  if (!due) return <span className="muted">{t('tasks.noDue')}</span>;
  const days = daysUntil(due);
  const hint = !open
    ? ''
    : days < 0
      ? t('tasks.days.over', { count: -days })
      : days === 0
        ? t('tasks.days.today')
        : t('tasks.days.left', { count: days });
  return (
    <span>
      <time dateTime={due}>{due}</time>
      {hint && <span className="muted small"> · {hint}</span>}
    </span>
  );
}

/** The product's mark and name, in the header and on the login page. */
export function Brand() {
  const { t } = useTranslation();
  return (
    <div className="brand">
      <span className="logo" aria-hidden="true">
        落
      </span>
      <span>
        <strong>{t('app.name')}</strong>
        <span className="tagline">{t('app.tagline')}</span>
      </span>
    </div>
  );
}
