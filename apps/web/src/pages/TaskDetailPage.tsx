import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError, api, apiAll } from '../api/client';
import type { AuditEvent, Evidence, TaskDetail, TaskStatus, User } from '../api/types';
import { useAuth } from '../auth/auth';
import { AttachmentsPanel, ProgressAttachments } from '../components/AttachmentsPanel';
import { MyRemindersPanel } from '../components/MyRemindersPanel';
import { DueDate, ErrorBox, Highlight, Loading, StatusBadge, TrafficLight } from '../components/ui';

const NEEDS_REASON: TaskStatus[] = ['returned', 'dropped', 'blocked'];

/** A stale version (someone else saved first) gets its own plain message. */
function ConflictOrError({ error, onReload }: { error: unknown; onReload: () => void }) {
  const { t } = useTranslation();
  if (error instanceof ApiError && error.status === 409 && error.code === 'STALE_VERSION') {
    return (
      <div className="error conflict" role="alert">
        {t('task.conflict')}{' '}
        <button type="button" className="link" onClick={onReload}>
          {t('common.reload')}
        </button>
      </div>
    );
  }
  return <ErrorBox error={error} />;
}

export function TaskDetailPage() {
  const { t } = useTranslation();
  const { id } = useParams();
  const { bureauName } = useAuth();
  const queryClient = useQueryClient();
  const key = ['task', id];
  const task = useQuery({ queryKey: key, queryFn: () => api<TaskDetail>(`/api/tasks/${id}`) });
  const users = useQuery({ queryKey: ['users'], queryFn: () => apiAll<User>('/api/users', {}, 1000) });
  const userName = (uid: number | null) =>
    users.data?.find((u) => u.id === uid)?.displayName ?? (uid ? `#${uid}` : '—');
  const [showSource, setShowSource] = useState(false);
  const reload = () => void queryClient.invalidateQueries({ queryKey: key });
  const store = (next: TaskDetail) => {
    queryClient.setQueryData(key, next);
    void queryClient.invalidateQueries({ queryKey: ['tasks'] });
  };

  if (task.isPending) return <Loading />;
  if (task.error) return <ErrorBox error={task.error} onRetry={reload} />;
  const item = task.data;

  return (
    <article aria-labelledby="task-title" className="task-detail">
      <p>
        <Link to="/tasks">← {t('task.back')}</Link>
      </p>
      <div className="page-head">
        <h1 id="task-title">
          <span className="path">
            {item.planYear ? `${item.planYear}·` : ''}
            {item.path}
          </span>{' '}
          {item.title}
        </h1>
        <div className="head-badges">
          <StatusBadge status={item.status} /> <TrafficLight light={item.trafficLight} />
        </div>
      </div>
      {!item.canEdit && <p className="muted">{t(item.canReport ? 'task.participating' : 'task.readOnly')}</p>}

      <div className="grid-2">
        <section className="card" aria-labelledby="facts">
          <h2 id="facts" className="sr-only">
            {t('task.text')}
          </h2>
          <dl className="facts">
            <dt>{t('tasks.bureau')}</dt>
            <dd>{bureauName(item.bureauId)}</dd>
            <dt>{t('tasks.owner')}</dt>
            <dd>{item.owner ? <UnitName unit={item.owner} task={item} /> : '—'}</dd>
            {item.coOwners.length > 0 && (
              <>
                <dt>{t('task.coOwners')}</dt>
                <dd>
                  <ul className="units">
                    {item.coOwners.map((unit) => (
                      <li key={unit}>
                        <UnitName unit={unit} task={item} />
                      </li>
                    ))}
                  </ul>
                </dd>
              </>
            )}
            <dt>{t('tasks.due')}</dt>
            <dd>
              <DueDate due={item.dueDate} open={item.trafficLight !== null} />
            </dd>
            {item.originalDueDate && item.originalDueDate !== item.dueDate && (
              <>
                <dt>{t('task.originalDue')}</dt>
                <dd>{item.originalDueDate}</dd>
              </>
            )}
            {item.recurrence && (
              <>
                <dt>{t('task.recurrence')}</dt>
                <dd>{t(`recurrence.${item.recurrence}`, { defaultValue: item.recurrence })}</dd>
              </>
            )}
            <dt>{t('task.assignee')}</dt>
            <dd>{userName(item.assigneeId)}</dd>
            <dt>{t('sourceKind.label')}</dt>
            <dd>{t(`sourceKind.${item.sourceKind}`)}</dd>
          </dl>
          <blockquote className="item-text">{item.body}</blockquote>
          {item.source && (
            <>
              <p className="muted small">
                {t('task.source', { reportId: item.source.reportId, start: item.source.start, end: item.source.end })}{' '}
                <button
                  type="button"
                  className="link"
                  aria-expanded={showSource}
                  onClick={() => setShowSource(!showSource)}
                >
                  {showSource ? t('task.hideSource') : t('task.showSource')}
                </button>{' '}
                <Link to={`/reports/${item.source.reportId}`}>{t('reportDetail.open')}</Link>
              </p>
              {showSource && (
                <SourceExcerpt reportId={item.source.reportId} start={item.source.start} end={item.source.end} />
              )}
            </>
          )}
          {item.actions.length > 1 && (
            <>
              <h3>{t('task.actions')}</h3>
              <ol className="actions">
                {item.actions.map((a) => (
                  <li key={a.start}>
                    {a.text}
                    {a.deadlines.length > 0 && <span className="muted small"> · {a.deadlines.join('、')}</span>}
                  </li>
                ))}
              </ol>
            </>
          )}
          {item.targets.length > 0 && (
            <>
              <h3>{t('task.targets')}</h3>
              <ul>
                {item.targets.map((target, i) => (
                  <li key={i}>{target.text}</li>
                ))}
              </ul>
            </>
          )}
          {item.children.length > 0 && (
            <>
              <h3>{t('task.children')}</h3>
              <ul>
                {item.children.map((c) => (
                  <li key={c.id}>
                    <Link to={`/tasks/${c.id}`}>
                      {c.path} {c.title}
                    </Link>{' '}
                    <StatusBadge status={c.status} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </section>

        <section className="card" aria-labelledby="move">
          <h2 id="move">{t('task.move')}</h2>
          <Transitions task={item} onDone={store} onReload={reload} />
          {item.canReport && <ProgressForm task={item} onDone={store} onReload={reload} />}
          {item.canEdit && <CorrectionForm task={item} onDone={store} onReload={reload} />}
        </section>
      </div>

      <section className="card" aria-labelledby="followup">
        <h2 id="followup">{t('task.followup')}</h2>
        {item.evidence.length === 0 ? (
          <p className="muted">{t('task.noEvidence')}</p>
        ) : (
          item.evidence.map((e) => (
            <EvidenceView key={e.outcomeId} evidence={e} task={item} onDone={store} onReload={reload} />
          ))
        )}
      </section>

      <div className="grid-2">
        <section className="card" aria-labelledby="timeline">
          <h2 id="timeline">{t('task.progress')}</h2>
          {item.progressUpdates.length === 0 ? (
            <p className="muted">{t('task.noProgress')}</p>
          ) : (
            <ol className="timeline">
              {[...item.progressUpdates].reverse().map((p) => (
                <li key={p.id}>
                  <time dateTime={p.createdAt}>
                    {new Date(p.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}
                  </time>{' '}
                  · {userName(p.authorId)}
                  {p.bureauId !== null && p.bureauId !== item.bureauId && (
                    <span className="muted">
                      {' '}
                      ·{' '}
                      {t('task.reportedFor', {
                        bureau:
                          item.participants.find((x) => x.bureauId === p.bureauId)?.bureauName ?? `#${p.bureauId}`,
                      })}
                    </span>
                  )}
                  {p.percent !== null && <strong> · {p.percent}%</strong>}
                  {p.statusTo && (
                    <>
                      {' '}
                      · <StatusBadge status={p.statusTo} />
                    </>
                  )}
                  {p.note && <p>{p.note}</p>}
                  {p.evidenceUrl && (
                    <p>
                      <a href={p.evidenceUrl} rel="noreferrer noopener" target="_blank">
                        {p.evidenceUrl}
                      </a>
                    </p>
                  )}
                  {p.attachmentName && <p className="muted small">{p.attachmentName}</p>}
                  <ProgressAttachments taskId={item.id} progressUpdateId={p.id} />
                </li>
              ))}
            </ol>
          )}
        </section>
        <AttachmentsPanel task={item} />
        <MyRemindersPanel taskId={item.id} />
        <Comments task={item} userName={userName} onReload={reload} />
        <Extensions task={item} userName={userName} onReload={reload} />
        <AuditTrail taskId={item.id} version={item.version} userName={userName} />
      </div>

      <section className="card" aria-labelledby="reminders">
        <h2 id="reminders">{t('task.reminders')}</h2>
        {item.reminders.length === 0 ? (
          <p className="muted">{t('task.noReminders')}</p>
        ) : (
          <DeliveryTable
            whoLabel={t('task.assignee')}
            rows={item.reminders.map((r) => ({ ...r, who: userName(r.userId) }))}
          />
        )}
        {item.channelDeliveries.length > 0 && (
          <>
            <h3 id="channel-posts">{t('task.channelPosts')}</h3>
            <DeliveryTable
              labelledBy="channel-posts"
              whoLabel={t('task.channel')}
              rows={item.channelDeliveries.map((d) => ({ ...d, who: d.channelName }))}
            />
          </>
        )}
      </section>
    </article>
  );
}

/** Reminder e-mails or chat posts about the task: kind, to whom or where, day, result (with why it failed), attempts. */
function DeliveryTable({
  rows,
  whoLabel,
  labelledBy,
}: {
  rows: Array<{
    id: number;
    kind: string;
    who: string;
    sendOn: string;
    status: string;
    error: string | null;
    attempts?: number;
  }>;
  whoLabel: string;
  labelledBy?: string;
}) {
  const { t } = useTranslation();
  return (
    <table aria-labelledby={labelledBy}>
      <thead>
        <tr>
          <th scope="col">{t('task.kind')}</th>
          <th scope="col">{whoLabel}</th>
          <th scope="col">{t('task.sendOn')}</th>
          <th scope="col">{t('task.result')}</th>
          <th scope="col">{t('task.attempts')}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.id} className={r.status === 'failed' ? 'failed' : undefined}>
            <td>{t(`task.reminderKind.${r.kind}`, { defaultValue: r.kind })}</td>
            <td>{r.who}</td>
            <td>{r.sendOn}</td>
            <td>
              {t(`task.reminderStatus.${r.status}`, { defaultValue: r.status })}
              {r.error ? `：${r.error}` : ''}
            </td>
            <td>{r.attempts ?? 0}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function SourceExcerpt({ reportId, start, end }: { reportId: number; start: number; end: number }) {
  const report = useQuery({
    queryKey: ['report-text', reportId],
    queryFn: () => api<{ text: string }>(`/api/reports/${reportId}`, { query: { include: 'text' } }),
  });
  if (report.isPending) return <Loading />;
  if (report.error) return <ErrorBox error={report.error} />;
  const text = report.data.text;
  const from = Math.max(0, start - 120);
  const to = Math.min(text.length, end + 120);
  return (
    <pre className="source" data-testid="source">
      {from > 0 ? '…' : ''}
      {text.slice(from, start)}
      <mark>{text.slice(start, end)}</mark>
      {text.slice(end, to)}
      {to < text.length ? '…' : ''}
    </pre>
  );
}

interface MutationProps {
  task: TaskDetail;
  onDone: (task: TaskDetail) => void;
  onReload: () => void;
}

function Transitions({ task, onDone, onReload }: MutationProps) {
  const { t } = useTranslation();
  const [target, setTarget] = useState<TaskStatus | null>(null);
  const [text, setText] = useState('');
  const move = useMutation({
    mutationFn: (to: TaskStatus) =>
      api<TaskDetail>(`/api/tasks/${task.id}/transitions`, {
        method: 'POST',
        json: {
          version: task.version,
          to,
          ...(to === 'submitted' ? { evidence: text } : text ? { reason: text } : {}),
        },
      }),
    onSuccess: (next) => {
      setTarget(null);
      setText('');
      onDone(next);
    },
  });
  const needsText = (to: TaskStatus) =>
    to === 'submitted' || NEEDS_REASON.includes(to) || task.status === 'closed' || task.status === 'dropped';
  const start = (to: TaskStatus) => {
    move.reset();
    if (needsText(to)) setTarget(to);
    else move.mutate(to);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (target) move.mutate(target);
  };

  return (
    <div>
      <div className="toolbar">
        {task.allowedTransitions.length === 0 && <span className="muted">{t('common.none')}</span>}
        {task.allowedTransitions.map((to) => (
          <button
            key={to}
            type="button"
            className={target === to ? 'primary' : undefined}
            disabled={move.isPending}
            onClick={() => start(to)}
          >
            {t('task.to', { status: t(`status.${to}`) })}
          </button>
        ))}
      </div>
      {target && (
        <form onSubmit={submit} className="stack">
          <label htmlFor="transition-text">{target === 'submitted' ? t('task.evidence') : t('task.reason')}</label>
          <textarea
            id="transition-text"
            required
            maxLength={2000}
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={3}
          />
          <div className="toolbar">
            <button type="submit" className="primary" disabled={move.isPending}>
              {t('task.confirm')}
            </button>
            <button type="button" onClick={() => setTarget(null)}>
              {t('common.cancel')}
            </button>
          </div>
        </form>
      )}
      <ConflictOrError error={move.error} onReload={onReload} />
    </div>
  );
}

/** A 牵头/配合单位 as the task names it, with the bureau it was matched to (who then takes part) or 未关联. */
function UnitName({ unit, task }: { unit: string; task: TaskDetail }) {
  const { t } = useTranslation();
  const match = task.participants.find((p) => p.unit === unit);
  return (
    <>
      {unit}{' '}
      <span className="muted small">
        {match ? t('task.unitLinked', { bureau: match.bureauName }) : t('task.unitUnlinked')}
      </span>
    </>
  );
}

function ProgressForm({ task, onDone, onReload }: MutationProps) {
  const { t } = useTranslation();
  const save = useMutation({
    mutationFn: (form: FormData) => {
      const percent = String(form.get('percent') ?? '');
      const note = String(form.get('note') ?? '').trim();
      const evidenceUrl = String(form.get('evidenceUrl') ?? '').trim();
      return api<TaskDetail>(`/api/tasks/${task.id}/progress`, {
        method: 'POST',
        json: {
          version: task.version,
          ...(percent ? { percent: Number(percent) } : {}),
          ...(note ? { note } : {}),
          ...(evidenceUrl ? { evidenceUrl } : {}),
        },
      });
    },
    onSuccess: onDone,
  });
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    save.mutate(new FormData(form), { onSuccess: () => form.reset() });
  };
  return (
    <form className="stack progress-form" onSubmit={submit} aria-labelledby="progress-title">
      <h3 id="progress-title">{t('task.addProgress')}</h3>
      <label htmlFor="p-percent">{t('task.percent')}</label>
      <input id="p-percent" name="percent" type="number" min={0} max={100} step={5} />
      <label htmlFor="p-note">{t('task.note')}</label>
      <textarea id="p-note" name="note" rows={3} maxLength={5000} />
      <label htmlFor="p-url">
        {t('task.evidenceUrl')} <span className="muted small">({t('common.optional')})</span>
      </label>
      <input id="p-url" name="evidenceUrl" type="url" maxLength={2000} placeholder="https://" />
      <button type="submit" className="primary" disabled={save.isPending}>
        {t('common.save')}
      </button>
      {save.isSuccess && <span role="status">{t('task.saved')}</span>}
      <ConflictOrError error={save.error} onReload={onReload} />
    </form>
  );
}

/** 审计记录: who changed what and when, read when opened (every status change, assignment, correction and comment). */
function AuditTrail({
  taskId,
  version,
  userName,
}: {
  taskId: number;
  version: number;
  userName: (id: number | null) => string;
}) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const audit = useQuery({
    queryKey: ['task-audit', taskId, version],
    queryFn: () => apiAll<AuditEvent>(`/api/tasks/${taskId}/audit`),
    enabled: open,
  });
  const shorten = (value: string | null) =>
    value === null ? '—' : value.length > 80 ? `${value.slice(0, 80)}…` : value;
  return (
    <section className="card" aria-labelledby="audit-trail-title">
      <h2 id="audit-trail-title">
        <button type="button" className="link" aria-expanded={open} onClick={() => setOpen(!open)}>
          {t('task.auditTrail')}
        </button>
      </h2>
      {open && audit.isLoading && <Loading />}
      {open && <ErrorBox error={audit.error} />}
      {open && audit.data && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('task.auditWhen')}</th>
              <th scope="col">{t('task.auditWho')}</th>
              <th scope="col">{t('task.auditWhat')}</th>
              <th scope="col">{t('task.auditChange')}</th>
            </tr>
          </thead>
          <tbody>
            {audit.data.map((a) => (
              <tr key={a.id}>
                <td>{new Date(a.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}</td>
                <td>{userName(a.actorId)}</td>
                <td>
                  {t(`task.auditActions.${a.action}`, { defaultValue: a.action })}
                  {a.field ? ` · ${t(`task.auditFields.${a.field}`, { defaultValue: a.field })}` : ''}
                </td>
                <td>
                  {shorten(a.before)} → {shorten(a.after)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

/** 延期申请: the task's requests and their decisions, and (for its bureau, before the deadline) a new one. */
function Extensions({
  task,
  userName,
  onReload,
}: {
  task: TaskDetail;
  userName: (id: number | null) => string;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const ask = useMutation({
    mutationFn: (form: FormData) =>
      api(`/api/tasks/${task.id}/extensions`, {
        method: 'POST',
        json: {
          version: task.version,
          newDueDate: String(form.get('newDueDate') ?? ''),
          reason: String(form.get('reason') ?? '').trim(),
        },
      }),
    onSuccess: onReload,
  });
  const pending = task.extensions.some((e) => e.status === 'pending');
  return (
    <section className="card" aria-labelledby="extensions-title">
      <h2 id="extensions-title">{t('extensions.title')}</h2>
      {task.extensions.length === 0 ? (
        <p className="muted">{t('extensions.none')}</p>
      ) : (
        <ul className="timeline">
          {task.extensions.map((e) => (
            <li key={e.id}>
              <strong>{t(`extensions.status.${e.status}`)}</strong> {e.oldDueDate ?? '—'} → {e.newDueDate} ·{' '}
              {userName(e.requestedById)}：{e.reason}
              {e.decisionNote ? `（${t('extensions.note')}：${e.decisionNote}）` : ''}
            </li>
          ))}
        </ul>
      )}
      {task.canEdit && task.dueDate && task.trafficLight !== null && !pending && (
        <form
          className="stack"
          aria-labelledby="ask-extension"
          onSubmit={(event: FormEvent<HTMLFormElement>) => {
            event.preventDefault();
            ask.mutate(new FormData(event.currentTarget));
          }}
        >
          <h3 id="ask-extension">{t('extensions.ask')}</h3>
          <label htmlFor="ext-date">{t('extensions.newDue')}</label>
          <input id="ext-date" name="newDueDate" type="date" required min={task.dueDate} />
          <label htmlFor="ext-reason">{t('extensions.reason')}</label>
          <textarea id="ext-reason" name="reason" rows={2} required minLength={2} maxLength={2000} />
          <button type="submit" disabled={ask.isPending}>
            {t('extensions.submit')}
          </button>
          <ConflictOrError error={ask.error} onReload={onReload} />
        </form>
      )}
    </section>
  );
}

/**
 * 更正解析结果: the title, text, due date, lead and co-units as the report meant them, when the
 * parser misread one; each change is audited as a correction (a later deadline is not an extension).
 */
function CorrectionForm({ task, onDone, onReload }: MutationProps) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [targets, setTargets] = useState<TargetRow[]>([]);
  const save = useMutation({
    mutationFn: (form: FormData) => {
      const text = (name: string) => String(form.get(name) ?? '');
      const due = text('dueDate').trim();
      const corrected = targets.map(targetOfRow);
      return api<TaskDetail>(`/api/tasks/${task.id}`, {
        method: 'PATCH',
        json: {
          version: task.version,
          title: text('title').trim(),
          body: text('body'),
          dueDate: due || null,
          owner: text('owner').trim() || null,
          coOwners: text('coOwners')
            .split(/[、,，;；\n]/)
            .map((c) => c.trim())
            .filter(Boolean),
          // Sent only when edited, so that saving other fields never records a targets correction.
          ...(sameTargets(corrected, task.targets) ? {} : { targets: corrected }),
        },
      });
    },
    onSuccess: (next) => {
      onDone(next);
      setOpen(false);
    },
  });
  if (!open)
    return (
      <p>
        <button
          type="button"
          className="link"
          onClick={() => {
            setTargets(task.targets.map(rowOfTarget));
            setOpen(true);
          }}
        >
          {t('task.correct')}
        </button>
      </p>
    );
  return (
    <form
      className="stack"
      aria-labelledby="correct-title"
      onSubmit={(event) => {
        event.preventDefault();
        save.mutate(new FormData(event.currentTarget));
      }}
    >
      <h3 id="correct-title">{t('task.correct')}</h3>
      <p className="muted small">{t('task.correctHelp')}</p>
      <label htmlFor="fix-title">{t('task.correctTitle')}</label>
      <input id="fix-title" name="title" required maxLength={500} defaultValue={task.title} />
      <label htmlFor="fix-due">{t('tasks.due')}</label>
      <input id="fix-due" name="dueDate" type="date" defaultValue={task.dueDate ?? ''} />
      <label htmlFor="fix-owner">{t('tasks.owner')}</label>
      <input id="fix-owner" name="owner" maxLength={100} defaultValue={task.owner ?? ''} />
      <label htmlFor="fix-co">{t('task.coOwners')}</label>
      <input id="fix-co" name="coOwners" defaultValue={task.coOwners.join('、')} aria-describedby="fix-co-help" />
      <span id="fix-co-help" className="muted small">
        {t('task.coOwnersHelp')}
      </span>
      <label htmlFor="fix-body">{t('task.text')}</label>
      <textarea id="fix-body" name="body" rows={4} maxLength={20000} defaultValue={task.body} />
      <TargetsField rows={targets} onChange={setTargets} />
      <div>
        <button type="submit" className="primary" disabled={save.isPending}>
          {t('common.save')}
        </button>{' '}
        <button type="button" className="ghost" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
      </div>
      <ConflictOrError error={save.error} onReload={onReload} />
    </form>
  );
}

type TargetOp = TaskDetail['targets'][number]['op'];
const TARGET_OPS: TargetOp[] = ['>=', '<=', '>', '<', '='];
/** A target as the form edits it: the value as typed. */
interface TargetRow {
  metric: string;
  op: TargetOp;
  value: string;
  unit: string;
  text: string;
}
const MAX_TARGETS = 20;

const rowOfTarget = (target: TaskDetail['targets'][number]): TargetRow => ({
  metric: target.metric,
  op: target.op,
  value: String(target.value),
  unit: target.unit ?? '',
  text: target.text,
});

/** The row as the API takes it; words left empty are written from the figures (办理案件 ≥ 500 件). */
function targetOfRow(row: TargetRow) {
  const unit = row.unit.trim() || null;
  const metric = row.metric.trim();
  const value = Number(row.value);
  return {
    text: row.text.trim() || `${metric} ${row.op} ${row.value.trim()}${unit ? ` ${unit}` : ''}`,
    metric,
    op: row.op,
    value,
    unit,
  };
}

function sameTargets(a: ReturnType<typeof targetOfRow>[], b: TaskDetail['targets']): boolean {
  const key = (t: { text: string; metric: string; op: string; value: number; unit: string | null }) =>
    [t.text, t.metric, t.op, t.value, t.unit ?? ''].join('\u0000');
  return a.length === b.length && a.every((t, i) => key(t) === key(b[i]));
}

/** 量化指标 in the correction form: one labelled row per target, added and removed with buttons. */
function TargetsField({ rows, onChange }: { rows: TargetRow[]; onChange: (rows: TargetRow[]) => void }) {
  const { t } = useTranslation();
  const edit = (i: number, patch: Partial<TargetRow>) =>
    onChange(rows.map((row, j) => (j === i ? { ...row, ...patch } : row)));
  return (
    <fieldset className="stack">
      <legend>{t('task.targets')}</legend>
      <p className="muted small">{t('task.targetsHelp')}</p>
      {rows.length === 0 && <p className="muted small">{t('task.noTargets')}</p>}
      {rows.map((row, i) => {
        const id = (field: string) => `fix-target-${i}-${field}`;
        const n = i + 1;
        return (
          <div key={i} className="target-row" role="group" aria-label={t('task.targetN', { n })}>
            <div className="field">
              <label htmlFor={id('metric')}>{t('task.targetMetric', { n })}</label>
              <input
                id={id('metric')}
                required
                maxLength={100}
                value={row.metric}
                onChange={(e) => edit(i, { metric: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={id('op')}>{t('task.targetOp', { n })}</label>
              <select id={id('op')} value={row.op} onChange={(e) => edit(i, { op: e.target.value as TargetOp })}>
                {TARGET_OPS.map((op) => (
                  <option key={op} value={op}>
                    {t(`task.op.${OP_KEYS[op]}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor={id('value')}>{t('task.targetValue', { n })}</label>
              <input
                id={id('value')}
                type="number"
                required
                step="any"
                min={-1e12}
                max={1e12}
                value={row.value}
                onChange={(e) => edit(i, { value: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={id('unit')}>{t('task.targetUnit', { n })}</label>
              <input
                id={id('unit')}
                maxLength={20}
                value={row.unit}
                onChange={(e) => edit(i, { unit: e.target.value })}
              />
            </div>
            <div className="field">
              <label htmlFor={id('text')}>{t('task.targetText', { n })}</label>
              <input
                id={id('text')}
                maxLength={200}
                value={row.text}
                onChange={(e) => edit(i, { text: e.target.value })}
              />
            </div>
            <button type="button" className="ghost" onClick={() => onChange(rows.filter((_, j) => j !== i))}>
              {t('task.removeTarget', { n })}
            </button>
          </div>
        );
      })}
      {rows.length < MAX_TARGETS && (
        <div>
          <button
            type="button"
            onClick={() => {
              onChange([...rows, { metric: '', op: '>=', value: '', unit: '', text: '' }]);
              // Keyboard users go on typing in the row they added.
              requestAnimationFrame(() => document.getElementById(`fix-target-${rows.length}-metric`)?.focus());
            }}
          >
            {t('task.addTarget')}
          </button>
        </div>
      )}
    </fieldset>
  );
}

const OP_KEYS = { '>=': 'ge', '<=': 'le', '>': 'gt', '<': 'lt', '=': 'eq' } as const;

/** met is true, false, or 'unknown' when the follow-up gives no figure. */
const TARGET_RESULT_KEYS = { true: 'task.met', false: 'task.missed', unknown: 'task.unknown' } as const;

function EvidenceView({ evidence, task, onDone, onReload }: { evidence: Evidence } & MutationProps) {
  const { t } = useTranslation();
  const accept = useMutation({
    mutationFn: () =>
      api<TaskDetail>(`/api/tasks/${task.id}/accept-evidence`, { method: 'POST', json: { version: task.version } }),
    onSuccess: onDone,
  });
  const verdict = evidence.decision === 'rejected' ? 'not_found' : evidence.verdict;
  return (
    <div className="evidence">
      <p>
        <span className={`badge verdict-${verdict}`}>{t(`verdict.${verdict}`)}</span>{' '}
        <span className="muted small">
          {t('task.score')} {evidence.score.toFixed(2)} · #{evidence.followupReportId}
        </span>
        {evidence.acknowledgedShortfall && <span className="badge warn">{t('task.shortfall')}</span>}
        {evidence.carriedOver && <span className="badge info">{t('task.carriedOver')}</span>}
      </p>
      {evidence.passages.map((p, i) => (
        <blockquote key={i} className="passage">
          {p.heading && <div className="muted small">{p.heading}</div>}
          <Highlight text={p.text} terms={p.terms} />
        </blockquote>
      ))}
      {evidence.actions.length > 0 && (
        <details className="action-verdicts">
          <summary>{t('task.actionVerdicts')}</summary>
          <ul>
            {evidence.actions.map((action, i) => (
              <li key={i}>
                <span className={`badge verdict-${action.verdict}`}>{t(`verdict.${action.verdict}`)}</span>{' '}
                {action.text}
                {action.reason && <div className="muted small">{action.reason}</div>}
              </li>
            ))}
          </ul>
        </details>
      )}
      {evidence.targets.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('task.target')}</th>
              <th scope="col">{t('task.actual')}</th>
              <th scope="col">{t('task.result')}</th>
            </tr>
          </thead>
          <tbody>
            {evidence.targets.map((target, i) => (
              <tr key={i}>
                <td>
                  {target.metric} {target.op} {target.value}
                  {target.unit ?? ''}
                </td>
                <td>{target.actual ?? '—'}</td>
                <td>{t(TARGET_RESULT_KEYS[String(target.met) as keyof typeof TARGET_RESULT_KEYS])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {verdict !== 'not_found' &&
        (task.status === 'in_progress' || task.status === 'submitted' || task.status === 'returned') && (
          <button type="button" onClick={() => accept.mutate()} disabled={accept.isPending}>
            {t('task.acceptEvidence')}
          </button>
        )}
      <ConflictOrError error={accept.error} onReload={onReload} />
    </div>
  );
}

function Comments({
  task,
  userName,
  onReload,
}: {
  task: TaskDetail;
  userName: (id: number | null) => string;
  onReload: () => void;
}) {
  const { t } = useTranslation();
  const [body, setBody] = useState('');
  const add = useMutation({
    mutationFn: () => api(`/api/tasks/${task.id}/comments`, { method: 'POST', json: { body } }),
    onSuccess: () => {
      setBody('');
      onReload();
    },
  });
  return (
    <section className="card" aria-labelledby="comments">
      <h2 id="comments">{t('task.comments')}</h2>
      {task.comments.length === 0 ? (
        <p className="muted">{t('task.noComments')}</p>
      ) : (
        <ul className="comments">
          {task.comments.map((c) => (
            <li key={c.id}>
              <strong>{userName(c.authorId)}</strong>{' '}
              <time className="muted small" dateTime={c.createdAt}>
                {new Date(c.createdAt).toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai' })}
              </time>
              <p>{c.body}</p>
            </li>
          ))}
        </ul>
      )}
      <form
        className="stack"
        onSubmit={(e) => {
          e.preventDefault();
          add.mutate();
        }}
      >
        <label htmlFor="c-body">{t('task.comment')}</label>
        <textarea
          id="c-body"
          required
          rows={2}
          maxLength={5000}
          value={body}
          onChange={(e) => setBody(e.target.value)}
        />
        <button type="submit" disabled={add.isPending || !body.trim()}>
          {t('task.addComment')}
        </button>
        <ErrorBox error={add.error} />
      </form>
    </section>
  );
}
