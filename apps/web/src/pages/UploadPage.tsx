import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from '../api/client';
import type { IngestResult, Preview, PreviewItem } from '../api/types';
import { useAuth } from '../auth/auth';
import { BureauMismatchNotice, type BureauChoice } from '../components/BureauMismatchNotice';
import { ErrorBox } from '../components/ui';

interface Overrides {
  bureauId: string;
  reportYear: string;
  planYear: string;
}

/**
 * The same input goes to preview and to the upload: a file as multipart (any encoding; the server
 * decodes), else JSON text. `confirmBureau`: the person confirmed filing a report whose bureau differs.
 */
function requestFor(file: File | null, text: string, overrides?: Overrides, confirmBureau = false) {
  const fields: Record<string, string> = {};
  if (overrides) for (const [key, value] of Object.entries(overrides)) if (value) fields[key] = value;
  if (file) {
    const form = new FormData();
    for (const [key, value] of Object.entries(fields)) form.append(key, value);
    if (confirmBureau) form.append('confirmBureau', 'true');
    form.append('file', file, file.name);
    return { form };
  }
  const numeric = Object.fromEntries(Object.entries(fields).map(([key, value]) => [key, Number(value)]));
  return { json: { text, ...numeric, ...(confirmBureau ? { confirmBureau: true } : {}) } };
}

export function UploadPage() {
  const { t } = useTranslation();
  const { bureaus, me } = useAuth();
  const [mode, setMode] = useState<'paste' | 'file'>('paste');
  const [text, setText] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [overrides, setOverrides] = useState<Overrides>({ bureauId: '', reportYear: '', planYear: '' });
  const [bureauChoice, setBureauChoice] = useState<BureauChoice>('');
  const ownBureau = me?.role === 'staff' && me.bureauId ? String(me.bureauId) : '';

  const preview = useMutation({
    mutationFn: () =>
      api<Preview>('/api/reports/preview', { method: 'POST', ...requestFor(mode === 'file' ? file : null, text) }),
    onSuccess: (result) => {
      setBureauChoice('');
      setOverrides({
        // A report of another bureau is filed nowhere until the person chooses (BureauMismatchNotice).
        bureauId: result.bureauMismatch
          ? ownBureau
          : result.matchedBureau
            ? String(result.matchedBureau.id)
            : ownBureau,
        reportYear: result.report.reportYear ? String(result.report.reportYear) : '',
        planYear: result.report.planYear ? String(result.report.planYear) : '',
      });
    },
  });
  const mismatch = preview.data?.bureauMismatch ?? null;
  const matchedWritable =
    mismatch?.matchedBureau != null &&
    (me?.role === 'admin' || (me?.role === 'supervisor' && bureaus.some((b) => b.id === mismatch.matchedBureau!.id)));
  const chooseBureau = (choice: BureauChoice) => {
    setBureauChoice(choice);
    if (choice === 'ours') setOverrides({ ...overrides, bureauId: ownBureau });
    if (choice === 'other' && matchedWritable)
      setOverrides({ ...overrides, bureauId: String(mismatch!.matchedBureau!.id) });
  };
  const chooseInField = (bureauId: string) => {
    setOverrides({ ...overrides, bureauId });
    if (mismatch) setBureauChoice(bureauId ? 'other' : '');
  };
  // With a mismatch, confirming needs a choice: "ours" (confirmBureau) or another bureau named in the field.
  const bureauDecided = !mismatch || bureauChoice === 'ours' || (bureauChoice === 'other' && overrides.bureauId !== '');
  const confirm = useMutation({
    mutationFn: () =>
      api<IngestResult>('/api/reports', {
        method: 'POST',
        ...requestFor(mode === 'file' ? file : null, text, overrides, mismatch !== null && bureauChoice === 'ours'),
      }),
  });

  const hasInput = mode === 'file' ? file !== null : text.trim().length > 0;
  const onPreview = (event: FormEvent) => {
    event.preventDefault();
    confirm.reset();
    if (hasInput) preview.mutate();
  };
  const changeInput = () => {
    preview.reset();
    confirm.reset();
  };
  const countItems = (items: PreviewItem[]): number => items.reduce((n, item) => n + 1 + countItems(item.children), 0);

  return (
    <section aria-labelledby="upload-title">
      <h1 id="upload-title">{t('upload.title')}</h1>
      <form className="card stack" onSubmit={onPreview}>
        <div className="toolbar" role="radiogroup" aria-label={t('upload.title')}>
          <label className="radio">
            <input
              type="radio"
              name="mode"
              checked={mode === 'paste'}
              onChange={() => {
                setMode('paste');
                changeInput();
              }}
            />{' '}
            {t('upload.paste')}
          </label>
          <label className="radio">
            <input
              type="radio"
              name="mode"
              checked={mode === 'file'}
              onChange={() => {
                setMode('file');
                changeInput();
              }}
            />{' '}
            {t('upload.file')}
          </label>
        </div>
        {mode === 'paste' ? (
          <>
            <label htmlFor="u-text">{t('upload.text')}</label>
            <textarea
              id="u-text"
              rows={10}
              value={text}
              onChange={(e) => {
                setText(e.target.value);
                changeInput();
              }}
            />
          </>
        ) : (
          <>
            <label htmlFor="u-file">
              {t('upload.file')} <span className="muted small">{t('upload.fileHelp')}</span>
            </label>
            <input
              id="u-file"
              type="file"
              accept=".txt,.html,.htm,.docx,.doc,.wps,.pdf,text/plain,text/html,application/pdf,application/msword,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
              onChange={(e) => {
                setFile(e.target.files?.[0] ?? null);
                changeInput();
              }}
            />
          </>
        )}
        {!hasInput && preview.isIdle && <p className="muted small">{t('upload.chooseInput')}</p>}
        <button type="submit" className="primary" disabled={!hasInput || preview.isPending}>
          {preview.isPending ? t('upload.previewing') : t('upload.preview')}
        </button>
        <ErrorBox error={preview.error} />
      </form>

      {preview.data && (
        <section className="card" aria-labelledby="preview-title">
          <h2 id="preview-title">{t('upload.result')}</h2>
          <p>
            <strong>{t('upload.reportTitle')}：</strong>
            {preview.data.report.title ?? '—'}
          </p>
          {preview.data.matchedBureau && (
            <p className="muted">{t('upload.matched', { name: preview.data.matchedBureau.name })}</p>
          )}
          {mismatch && (
            <BureauMismatchNotice
              mismatch={mismatch}
              choice={bureauChoice}
              onChoice={chooseBureau}
              otherAllowed={me?.role !== 'staff'}
              matchedWritable={matchedWritable}
            />
          )}
          <div className="filters">
            <div className="field">
              <label htmlFor="u-bureau">{t('upload.bureau')}</label>
              <select
                id="u-bureau"
                value={overrides.bureauId}
                disabled={me?.role === 'staff'}
                onChange={(e) => chooseInField(e.target.value)}
              >
                <option value="">
                  {t('upload.detectBureau')}
                  {preview.data.report.bureau ? `（${preview.data.report.bureau}）` : ''}
                </option>
                {bureaus.map((b) => (
                  <option key={b.id} value={b.id}>
                    {b.name}
                  </option>
                ))}
              </select>
            </div>
            <div className="field narrow">
              <label htmlFor="u-report-year">{t('upload.reportYear')}</label>
              <input
                id="u-report-year"
                type="number"
                min={1990}
                max={2100}
                value={overrides.reportYear}
                onChange={(e) => setOverrides({ ...overrides, reportYear: e.target.value })}
              />
            </div>
            <div className="field narrow">
              <label htmlFor="u-plan-year">{t('upload.planYear')}</label>
              <input
                id="u-plan-year"
                type="number"
                min={1990}
                max={2100}
                value={overrides.planYear}
                onChange={(e) => setOverrides({ ...overrides, planYear: e.target.value })}
              />
            </div>
            <div className="field narrow">
              <span className="label">{t('upload.publishDate')}</span>
              <span>{preview.data.report.publishDate ?? '—'}</span>
            </div>
          </div>
          {preview.data.warnings.length > 0 && (
            <div className="warn-box" role="note">
              <strong>{t('upload.warnings')}：</strong>
              <ul>
                {preview.data.warnings.map((w) => (
                  <li key={w}>{w}</li>
                ))}
              </ul>
            </div>
          )}
          <h3>{t('upload.items', { count: countItems(preview.data.items) })}</h3>
          <ItemTree items={preview.data.items} />
          <button
            type="button"
            className="primary"
            disabled={confirm.isPending || confirm.isSuccess || !bureauDecided}
            onClick={() => confirm.mutate()}
          >
            {confirm.isPending ? t('upload.confirming') : t('upload.confirm')}
          </button>
          {!bureauDecided && <p className="muted small">{t('upload.mismatch.chooseFirst')}</p>}
          <ErrorBox error={confirm.error} />
          {confirm.data && (
            <p className="success" role="status">
              {confirm.data.status === 'duplicate'
                ? t('upload.duplicate', { id: confirm.data.report.id })
                : t('upload.created', { id: confirm.data.report.id, count: confirm.data.itemCount })}{' '}
              <Link to={`/tasks?reportId=${confirm.data.report.id}`}>{t('upload.viewTasks')}</Link>{' '}
              <Link to={`/reports/${confirm.data.report.id}`}>{t('reportDetail.open')}</Link>
            </p>
          )}
        </section>
      )}
    </section>
  );
}

function ItemTree({ items }: { items: PreviewItem[] }) {
  const { t } = useTranslation();
  return (
    <ol className="tree">
      {items.map((item) => (
        <li key={item.path}>
          <span className="path">{item.path}</span> <span className="title">{item.title}</span>
          <div className="muted small">
            {item.owner && (
              <span>
                {t('upload.owner')}：{item.owner}
                {item.coOwners.length > 0 ? `（${item.coOwners.join('、')}）` : ''}{' '}
              </span>
            )}
            {item.deadlines.length > 0 && (
              <span>
                · {t('upload.deadline')}：{item.deadlines.join('、')}{' '}
              </span>
            )}
            {item.targets.length > 0 && (
              <span>
                · {t('upload.targets')}：{item.targets.map((target) => target.text).join('；')}
              </span>
            )}
          </div>
          {item.children.length > 0 && <ItemTree items={item.children} />}
        </li>
      ))}
    </ol>
  );
}
