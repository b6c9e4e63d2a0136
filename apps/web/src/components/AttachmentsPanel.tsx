import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { api, apiAll, download } from '../api/client';
import type { Attachment, TaskDetail } from '../api/types';
import { ErrorBox, Loading } from './ui';

export const attachmentsKey = (taskId: number) => ['task-attachments', taskId];

/** A task's attachments, shared by the panel and the progress timeline (one request). */
export function useAttachments(taskId: number) {
  return useQuery({
    queryKey: attachmentsKey(taskId),
    queryFn: () => apiAll<Attachment>(`/api/tasks/${taskId}/attachments`),
  });
}

/** 12.3 KB, 4.5 MB: sizes as people read them. */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A download button: the file comes through the signed-in request and is saved under its own name. */
export function AttachmentLink({ attachment }: { attachment: Attachment }) {
  const { t } = useTranslation();
  const [error, setError] = useState<unknown>(null);
  return (
    <>
      <button
        type="button"
        className="link"
        aria-label={t('attachments.download', { name: attachment.name })}
        onClick={() => {
          setError(null);
          download(attachment.downloadUrl, undefined, attachment.name).catch(setError);
        }}
      >
        {attachment.name}
      </button>
      <ErrorBox error={error} />
    </>
  );
}

/** The files attached to one progress update, in its timeline entry. */
export function ProgressAttachments({ taskId, progressUpdateId }: { taskId: number; progressUpdateId: number }) {
  const { t } = useTranslation();
  const files = useAttachments(taskId).data?.filter((a) => a.progressUpdateId === progressUpdateId) ?? [];
  if (files.length === 0) return null;
  return (
    <ul className="attachment-links" aria-label={t('attachments.ofProgress')}>
      {files.map((a) => (
        <li key={a.id}>
          📎 <AttachmentLink attachment={a} /> <span className="muted small">({formatSize(a.size)})</span>
        </li>
      ))}
    </ul>
  );
}

/** 附件: upload (those who report progress), list with size, uploader and time, download, delete. */
export function AttachmentsPanel({ task }: { task: TaskDetail }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const files = useAttachments(task.id);
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: attachmentsKey(task.id) });
    void queryClient.invalidateQueries({ queryKey: ['task-audit', task.id] });
  };
  const upload = useMutation({
    mutationFn: (form: FormData) => api<Attachment>(`/api/tasks/${task.id}/attachments`, { method: 'POST', form }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: (id: number) => api<void>(`/api/attachments/${id}`, { method: 'DELETE' }),
    onSuccess: refresh,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const data = new FormData(form);
    if (!data.get('progressUpdateId')) data.delete('progressUpdateId');
    upload.mutate(data, { onSuccess: () => form.reset() });
  };
  return (
    <section className="card" aria-labelledby="attachments-title">
      <h2 id="attachments-title">{t('attachments.title')}</h2>
      {files.isPending && <Loading />}
      <ErrorBox error={files.error} />
      {files.data && files.data.length === 0 && <p className="muted">{t('attachments.none')}</p>}
      {files.data && files.data.length > 0 && (
        <table aria-labelledby="attachments-title">
          <thead>
            <tr>
              <th scope="col">{t('attachments.name')}</th>
              <th scope="col">{t('attachments.size')}</th>
              <th scope="col">{t('attachments.uploader')}</th>
              <th scope="col">{t('attachments.time')}</th>
              <th scope="col">
                <span className="sr-only">{t('attachments.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {files.data.map((a) => (
              <tr key={a.id}>
                <td>
                  <AttachmentLink attachment={a} />
                </td>
                <td>{formatSize(a.size)}</td>
                <td>
                  {a.uploaderName ?? '—'}
                  {a.bureauName && a.bureauId !== task.bureauId && (
                    <span className="muted small"> · {a.bureauName}</span>
                  )}
                </td>
                <td>
                  <time dateTime={a.createdAt}>
                    {new Date(a.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}
                  </time>
                </td>
                <td>
                  {a.canDelete && (
                    <button
                      type="button"
                      className="link"
                      aria-label={t('attachments.delete', { name: a.name })}
                      disabled={remove.isPending}
                      onClick={() => {
                        if (window.confirm(t('attachments.confirmDelete', { name: a.name }))) remove.mutate(a.id);
                      }}
                    >
                      {t('attachments.deleteShort')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <ErrorBox error={remove.error} />
      {task.canReport && (
        <form className="stack attachment-form" onSubmit={submit} aria-labelledby="attachment-upload-title">
          <h3 id="attachment-upload-title">{t('attachments.upload')}</h3>
          <label htmlFor="attachment-file">{t('attachments.file')}</label>
          <input id="attachment-file" name="file" type="file" required />
          <p className="muted small" id="attachment-help">
            {t('attachments.help')}
          </p>
          {task.progressUpdates.length > 0 && (
            <>
              <label htmlFor="attachment-progress">
                {t('attachments.forProgress')} <span className="muted small">({t('common.optional')})</span>
              </label>
              <select id="attachment-progress" name="progressUpdateId" defaultValue="">
                <option value="">{t('attachments.taskItself')}</option>
                {[...task.progressUpdates].reverse().map((p) => (
                  <option key={p.id} value={p.id}>
                    {new Date(p.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}
                    {p.percent !== null ? ` · ${p.percent}%` : ''}
                    {p.note ? ` · ${p.note.slice(0, 30)}` : ''}
                  </option>
                ))}
              </select>
            </>
          )}
          <button type="submit" className="primary" disabled={upload.isPending} aria-describedby="attachment-help">
            {upload.isPending ? t('attachments.uploading') : t('attachments.submit')}
          </button>
          {upload.isSuccess && <span role="status">{t('attachments.uploaded', { name: upload.data.name })}</span>}
          <ErrorBox error={upload.error} />
        </form>
      )}
    </section>
  );
}
