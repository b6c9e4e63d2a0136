import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAuth } from '../auth/auth';

/** The audit pages' 单位 filter: the bureaus the person may see (sub-bureaus included by the API). */
export function BureauFilterField({ id, defaultValue }: { id: string; defaultValue: string }) {
  const { t } = useTranslation();
  const { bureaus } = useAuth();
  return (
    <div className="field">
      <label htmlFor={id}>{t('audit.bureau')}</label>
      <select id={id} name="bureauId" defaultValue={defaultValue}>
        <option value="">{t('common.all')}</option>
        {bureaus.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
    </div>
  );
}

/** The audit pages' 计划年度 filter. */
export function PlanYearFilterField({ id, defaultValue }: { id: string; defaultValue: string }) {
  const { t } = useTranslation();
  return (
    <div className="field narrow">
      <label htmlFor={id}>{t('audit.planYear')}</label>
      <input id={id} name="planYear" type="number" min={1990} max={2100} defaultValue={defaultValue} />
    </div>
  );
}

/** A filter form's submit: the named fields that are filled in become the page's new query. */
export function filtersFrom(event: FormEvent<HTMLFormElement>, keys: readonly string[]): URLSearchParams {
  event.preventDefault();
  const data = new FormData(event.currentTarget);
  const next = new URLSearchParams();
  for (const key of keys) if (data.get(key)) next.set(key, String(data.get(key)));
  return next;
}
