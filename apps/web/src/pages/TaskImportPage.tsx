import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api, download } from '../api/client';
import type { components } from '../api/openapi.gen';
import { useAuth } from '../auth/auth';
import { ErrorBox } from '../components/ui';

type LedgerPreview = components['schemas']['LedgerPreviewDto'];
type LedgerImport = components['schemas']['LedgerImportDto'];

/** 台账导入: choose an .xlsx 督办台账, see its rows with the bad ones marked, then import. */
export function TaskImportPage() {
  const { t, i18n } = useTranslation();
  const { me, bureaus } = useAuth();
  const [bureauId, setBureauId] = useState(me?.bureauId ? String(me.bureauId) : '');
  const [file, setFile] = useState<File | null>(null);
  const [onlyValid, setOnlyValid] = useState(false);
  const zh = i18n.language.startsWith('zh');
  const formFor = (extra: Record<string, string> = {}) => {
    const form = new FormData();
    if (bureauId) form.append('bureauId', bureauId);
    for (const [k, v] of Object.entries(extra)) form.append(k, v);
    if (file) form.append('file', file);
    return form;
  };
  const preview = useMutation({
    mutationFn: () => api<LedgerPreview>('/api/tasks/import/preview', { method: 'POST', form: formFor() }),
  });
  const commit = useMutation({
    mutationFn: () =>
      api<LedgerImport>('/api/tasks/import', {
        method: 'POST',
        form: formFor(onlyValid ? { onlyValid: 'true' } : {}),
      }),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    commit.reset();
    preview.mutate();
  };
  const result = preview.data;
  return (
    <section aria-labelledby="import-title">
      <h1 id="import-title">{t('ledger.title')}</h1>
      <p className="muted">{t('ledger.help')}</p>
      <p>
        <button
          type="button"
          className="link"
          onClick={() => void download('/api/tasks/import/template.xlsx', {}, 'luoshi-ledger-template.xlsx')}
        >
          {t('ledger.template')}
        </button>
      </p>
      <form className="stack" onSubmit={submit}>
        <label htmlFor="li-bureau">{t('newTask.bureau')}</label>
        <select id="li-bureau" required value={bureauId} onChange={(e) => setBureauId(e.target.value)}>
          <option value="">—</option>
          {bureaus.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <label htmlFor="li-file">{t('ledger.file')}</label>
        <input
          id="li-file"
          type="file"
          required
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          onChange={(e) => setFile(e.target.files?.[0] ?? null)}
        />
        <div>
          <button type="submit" disabled={!file || preview.isPending}>
            {t('ledger.preview')}
          </button>
        </div>
      </form>
      {preview.error && <ErrorBox error={preview.error} />}
      {result && (
        <>
          <h2 id="ledger-rows">{t('ledger.summary', { valid: result.valid, invalid: result.invalid })}</h2>
          <table aria-labelledby="ledger-rows">
            <thead>
              <tr>
                <th scope="col">{t('ledger.row')}</th>
                <th scope="col">{t('tasks.item')}</th>
                <th scope="col">{t('tasks.owner')}</th>
                <th scope="col">{t('newTask.coOwners')}</th>
                <th scope="col">{t('tasks.due')}</th>
                <th scope="col">{t('newTask.target')}</th>
                <th scope="col">{t('ledger.problems')}</th>
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r) => (
                <tr key={r.row} className={r.problems.length ? 'bad-row' : undefined} data-bad={r.problems.length > 0}>
                  <td>{r.row}</td>
                  <td>{r.title}</td>
                  <td>{r.owner}</td>
                  <td>{r.coOwners.join('、')}</td>
                  <td>{r.dueDate ?? ''}</td>
                  <td>{r.target}</td>
                  <td>
                    {r.problems.length === 0 ? (
                      t('ledger.ok')
                    ) : (
                      <strong className="error-text">
                        {t('ledger.bad')}：{r.problems.map((p) => (zh ? p.messageZh : p.message)).join('；')}
                      </strong>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {result.invalid > 0 && (
            <label className="checkbox">
              <input type="checkbox" checked={onlyValid} onChange={(e) => setOnlyValid(e.target.checked)} />{' '}
              {t('ledger.onlyValid')}
            </label>
          )}
          <div>
            <button
              type="button"
              className="primary"
              disabled={commit.isPending || result.valid === 0 || (result.invalid > 0 && !onlyValid)}
              onClick={() => commit.mutate()}
            >
              {t('ledger.import')}
            </button>
          </div>
          {commit.error && <ErrorBox error={commit.error} />}
          {commit.data && (
            <p role="status">
              {t('ledger.done', { created: commit.data.created, skipped: commit.data.skipped })}{' '}
              <Link to="/tasks">{t('tasks.title')}</Link>
            </p>
          )}
        </>
      )}
    </section>
  );
}
