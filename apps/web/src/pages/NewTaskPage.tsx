import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api } from '../api/client';
import type { TaskDetail } from '../api/types';
import { useAuth } from '../auth/auth';
import { ErrorBox } from '../components/ui';

/** 新建事项: a task made by hand (交办事项, 领导批示件, an item a report missed); opens it once made. */
export function NewTaskPage() {
  const { t } = useTranslation();
  const { me, bureaus } = useAuth();
  const navigate = useNavigate();
  const [form, setForm] = useState({
    bureauId: me?.bureauId ? String(me.bureauId) : '',
    sourceKind: 'manual',
    title: '',
    body: '',
    dueDate: '',
    owner: '',
    coOwners: '',
    targetText: '',
  });
  const set = (key: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm({ ...form, [key]: e.target.value });
  const create = useMutation({
    mutationFn: () =>
      api<TaskDetail>('/api/tasks', {
        method: 'POST',
        json: {
          bureauId: Number(form.bureauId),
          sourceKind: form.sourceKind,
          title: form.title,
          ...(form.body.trim() ? { body: form.body } : {}),
          dueDate: form.dueDate || null,
          owner: form.owner.trim() || null,
          coOwners: form.coOwners
            .split(/[、，,；;]+/)
            .map((u) => u.trim())
            .filter(Boolean),
          ...(form.targetText.trim() ? { targetText: form.targetText } : {}),
        },
      }),
    onSuccess: (task) => void navigate(`/tasks/${task.id}`),
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate();
  };
  return (
    <section aria-labelledby="new-task-title">
      <h1 id="new-task-title">{t('newTask.title')}</h1>
      <p className="muted">{t('newTask.help')}</p>
      <form className="stack" onSubmit={submit}>
        <label htmlFor="nt-bureau">{t('newTask.bureau')}</label>
        <select id="nt-bureau" required value={form.bureauId} onChange={set('bureauId')}>
          <option value="">—</option>
          {bureaus.map((b) => (
            <option key={b.id} value={b.id}>
              {b.name}
            </option>
          ))}
        </select>
        <label htmlFor="nt-kind">{t('sourceKind.label')}</label>
        <select id="nt-kind" value={form.sourceKind} onChange={set('sourceKind')}>
          <option value="manual">{t('sourceKind.manual')}</option>
          <option value="instruction">{t('sourceKind.instruction')}</option>
        </select>
        <label htmlFor="nt-title">{t('newTask.taskTitle')}</label>
        <input id="nt-title" required maxLength={500} value={form.title} onChange={set('title')} />
        <label htmlFor="nt-body">{t('newTask.body')}</label>
        <textarea id="nt-body" rows={4} maxLength={20000} value={form.body} onChange={set('body')} />
        <label htmlFor="nt-due">{t('tasks.due')}</label>
        <input id="nt-due" type="date" value={form.dueDate} onChange={set('dueDate')} />
        <label htmlFor="nt-owner">{t('tasks.owner')}</label>
        <input id="nt-owner" maxLength={100} value={form.owner} onChange={set('owner')} />
        <label htmlFor="nt-co">{t('newTask.coOwners')}</label>
        <input id="nt-co" value={form.coOwners} onChange={set('coOwners')} />
        <label htmlFor="nt-target">{t('newTask.target')}</label>
        <input id="nt-target" maxLength={500} value={form.targetText} onChange={set('targetText')} />
        {create.error && <ErrorBox error={create.error} />}
        <div>
          <button type="submit" className="primary" disabled={create.isPending}>
            {t('newTask.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}
