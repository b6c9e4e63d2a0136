import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, apiAll, download, type Page } from '../api/client';
import { TASK_STATUSES, type CalendarSubscription, type TaskPage, type TaskSummary, type User } from '../api/types';
import { useAuth } from '../auth/auth';
import { DueDate, ErrorBox, Loading, StatusBadge, TrafficLight } from '../components/ui';

const FORM_KEYS = ['bureauId', 'planYear', 'status', 'owner', 'overdue', 'q', 'reportId'] as const;
/** Set by the overview's links (my tasks, due this week), kept when the form is submitted. */
const OVERVIEW_KEYS = ['assigneeId', 'dueAfter', 'dueBefore'] as const;
const FILTER_KEYS = [...FORM_KEYS, ...OVERVIEW_KEYS] as const;
const OPEN = 'planned,in_progress,blocked,returned';

/** YYYY-MM-DD in Asia/Shanghai, `days` from today. */
function shanghaiDay(days = 0): string {
  return new Date(Date.now() + days * 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
}

/**
 * 我的概览: what needs me — my overdue tasks, mine due within 7 days, and (supervisors) closures and
 * extensions waiting for my decision — each a link to the list filtered to it.
 */
function Overview() {
  const { t } = useTranslation();
  const { me, isSupervisor } = useAuth();
  const count = (query: Record<string, string | number>) => ({
    queryKey: ['tasks', 'overview', query],
    queryFn: async () => (await api<TaskPage>('/api/tasks', { query: { ...query, pageSize: 1 } })).total,
  });
  const mine: Record<string, number> = me ? { assigneeId: me.userId } : {};
  const overdue = useQuery({ ...count({ ...mine, overdue: 'true' }), enabled: !!me });
  const week = { ...mine, status: OPEN, dueAfter: shanghaiDay(), dueBefore: shanghaiDay(7) };
  const dueSoon = useQuery({ ...count(week), enabled: !!me });
  const closures = useQuery({ ...count({ status: 'submitted' }), enabled: isSupervisor });
  const extensions = useQuery({
    queryKey: ['extensions', 'pending', 'count'],
    queryFn: () => api<Page<unknown>>('/api/extensions', { query: { status: 'pending', pageSize: 1 } }),
    enabled: isSupervisor,
  });
  const link = (query: Record<string, string | number>) =>
    `/tasks?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`;
  const cards: Array<{ label: string; value: number | undefined; to: string; tone: string }> = [
    { label: t('overview.overdue'), value: overdue.data, to: link({ ...mine, overdue: 'true' }), tone: 'red' },
    { label: t('overview.dueSoon'), value: dueSoon.data, to: link(week), tone: 'yellow' },
    ...(isSupervisor
      ? [
          { label: t('overview.closures'), value: closures.data, to: link({ status: 'submitted' }), tone: 'blue' },
          { label: t('overview.extensions'), value: extensions.data?.total, to: '/approvals', tone: 'blue' },
        ]
      : []),
  ];
  return (
    <nav className="overview" aria-label={t('overview.title')}>
      {cards.map((c) => (
        <Link key={c.label} to={c.to} className={`overview-card tone-${c.tone}`}>
          <span className="overview-value">{c.value ?? '…'}</span>
          <span className="overview-label">{c.label}</span>
        </Link>
      ))}
    </nav>
  );
}
const PAGE_SIZE = 50;
const BOARD_SIZE = 200;

export function TasksPage() {
  const { t } = useTranslation();
  const { bureaus, bureauName } = useAuth();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'board' ? 'board' : 'list';
  const page = Number(params.get('page') ?? '1') || 1;
  const filters = Object.fromEntries(FILTER_KEYS.map((key) => [key, params.get(key) ?? ''])) as Record<
    (typeof FILTER_KEYS)[number],
    string
  >;
  const query = { ...filters, page: view === 'board' ? 1 : page, pageSize: view === 'board' ? BOARD_SIZE : PAGE_SIZE };

  const tasks = useQuery({ queryKey: ['tasks', query], queryFn: () => api<TaskPage>('/api/tasks', { query }) });
  const users = useQuery({ queryKey: ['users'], queryFn: () => apiAll<User>('/api/users', {}, 1000) });
  const userName = (id: number | null) => users.data?.find((u) => u.id === id)?.displayName ?? (id ? `#${id}` : '');

  const setFilter = (next: Record<string, string>) => {
    const merged = new URLSearchParams();
    for (const [key, value] of Object.entries({ ...Object.fromEntries(params), ...next }))
      if (value) merged.set(key, value);
    setParams(merged);
  };
  const onFilter = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const data = new FormData(event.currentTarget);
    const next: Record<string, string> = { page: '' };
    for (const key of FORM_KEYS)
      next[key] = key === 'overdue' ? (data.get(key) ? 'true' : '') : String(data.get(key) ?? '').trim();
    setFilter(next);
  };

  const pages = tasks.data ? Math.max(1, Math.ceil(tasks.data.total / PAGE_SIZE)) : 1;
  const exportQuery = Object.fromEntries(
    Object.entries(filters).filter(([key]) => key !== 'reportId' || filters.reportId),
  );

  return (
    <section aria-labelledby="tasks-title">
      <div className="page-head">
        <h1 id="tasks-title">{t('tasks.title')}</h1>
        <div className="toolbar" role="group" aria-label={t('tasks.view')}>
          <button
            type="button"
            aria-pressed={view === 'list'}
            className={view === 'list' ? 'tab active' : 'tab'}
            onClick={() => setFilter({ view: '' })}
          >
            {t('tasks.list')}
          </button>
          <button
            type="button"
            aria-pressed={view === 'board'}
            className={view === 'board' ? 'tab active' : 'tab'}
            onClick={() => setFilter({ view: 'board', page: '' })}
          >
            {t('tasks.board')}
          </button>
          <button
            type="button"
            onClick={() => void download('/api/exports/tasks.csv', exportQuery, 'luoshi-tasks.csv')}
          >
            {t('tasks.exportCsv')}
          </button>
          <button
            type="button"
            onClick={() => void download('/api/exports/tasks.xlsx', exportQuery, 'luoshi-tasks.xlsx')}
          >
            {t('tasks.exportXlsx')}
          </button>
          <Link className="button" to="/tasks/new">
            {t('newTask.title')}
          </Link>
          <Link className="button" to="/tasks/import">
            {t('ledger.title')}
          </Link>
          <CalendarSubscribe />
        </div>
      </div>

      <Overview />
      {OVERVIEW_KEYS.some((key) => filters[key]) && (
        <p>
          <button
            type="button"
            className="link"
            onClick={() => setFilter(Object.fromEntries(OVERVIEW_KEYS.map((key) => [key, ''])))}
          >
            {t('overview.clear')}
          </button>
        </p>
      )}
      <form className="filters card" onSubmit={onFilter} aria-label={t('tasks.filters')} key={params.toString()}>
        <div className="field">
          <label htmlFor="f-bureau">{t('tasks.bureau')}</label>
          <select id="f-bureau" name="bureauId" defaultValue={filters.bureauId}>
            <option value="">{t('common.all')}</option>
            {bureaus.map((b) => (
              <option key={b.id} value={b.id}>
                {b.name}
              </option>
            ))}
          </select>
        </div>
        <div className="field narrow">
          <label htmlFor="f-year">{t('tasks.planYear')}</label>
          <input id="f-year" name="planYear" type="number" min={1990} max={2100} defaultValue={filters.planYear} />
        </div>
        <div className="field">
          <label htmlFor="f-status">{t('tasks.status')}</label>
          <select id="f-status" name="status" defaultValue={filters.status}>
            <option value="">{t('common.all')}</option>
            {TASK_STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="f-owner">{t('tasks.owner')}</label>
          <input id="f-owner" name="owner" maxLength={100} defaultValue={filters.owner} />
        </div>
        <div className="field">
          <label htmlFor="f-q">{t('tasks.search')}</label>
          <input id="f-q" name="q" type="search" maxLength={100} defaultValue={filters.q} />
        </div>
        <div className="field check">
          <input id="f-overdue" name="overdue" type="checkbox" defaultChecked={filters.overdue === 'true'} />
          <label htmlFor="f-overdue">{t('tasks.overdue')}</label>
        </div>
        <input type="hidden" name="reportId" value={filters.reportId} />
        <div className="field actions">
          <button type="submit" className="primary">
            {t('tasks.apply')}
          </button>
          <button type="button" onClick={() => setParams(new URLSearchParams(view === 'board' ? { view } : {}))}>
            {t('tasks.reset')}
          </button>
        </div>
      </form>

      <ErrorBox error={tasks.error} onRetry={() => void tasks.refetch()} />
      {tasks.isPending ? (
        <Loading />
      ) : tasks.data && tasks.data.items.length === 0 ? (
        <p className="muted">{t('tasks.empty')}</p>
      ) : tasks.data && view === 'board' ? (
        <Board tasks={tasks.data.items} userName={userName} />
      ) : tasks.data ? (
        <>
          <TaskTable tasks={tasks.data.items} users={users.data ?? []} userName={userName} bureauName={bureauName} />
          <nav className="pager" aria-label="pagination">
            <span>{t('common.total', { count: tasks.data.total })}</span>
            <button type="button" disabled={page <= 1} onClick={() => setFilter({ page: String(page - 1) })}>
              {t('common.prev')}
            </button>
            <span>{t('common.page', { page, pages })}</span>
            <button type="button" disabled={page >= pages} onClick={() => setFilter({ page: String(page + 1) })}>
              {t('common.next')}
            </button>
          </nav>
        </>
      ) : null}
    </section>
  );
}

function TaskTable({
  tasks,
  users,
  userName,
  bureauName,
}: {
  tasks: TaskSummary[];
  users: User[];
  userName: (id: number | null) => string;
  bureauName: (id: number) => string;
}) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [assignee, setAssignee] = useState('');
  const assign = useMutation({
    mutationFn: async () => {
      const chosen = tasks.filter((task) => selected.has(task.id));
      // One PATCH per task: each carries its own version, so a task someone else changed meanwhile is refused (409), not overwritten.
      for (const task of chosen) {
        await api(`/api/tasks/${task.id}`, {
          method: 'PATCH',
          json: { version: task.version, assigneeId: assignee ? Number(assignee) : null },
        });
      }
      return chosen.length;
    },
    onSettled: () => {
      setSelected(new Set());
      void queryClient.invalidateQueries({ queryKey: ['tasks'] });
    },
  });
  const toggle = (id: number) =>
    setSelected((old) => {
      const next = new Set(old);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });
  const allSelected = tasks.length > 0 && tasks.every((task) => selected.has(task.id));

  return (
    <>
      <div className="bulk card" role="group" aria-label={t('tasks.bulkAssign')}>
        <label htmlFor="bulk-assignee">{t('tasks.bulkAssign')}</label>
        <select id="bulk-assignee" value={assignee} onChange={(e) => setAssignee(e.target.value)}>
          <option value="">{t('tasks.unassigned')}</option>
          {users
            .filter((u) => u.role !== 'admin')
            .map((u) => (
              <option key={u.id} value={u.id}>
                {u.displayName}
              </option>
            ))}
        </select>
        <button
          type="button"
          className="primary"
          disabled={selected.size === 0 || assign.isPending}
          onClick={() => assign.mutate()}
        >
          {t('tasks.assign')} ({selected.size})
        </button>
        {assign.isSuccess && <span role="status">{t('tasks.assigned', { count: assign.data })}</span>}
        <ErrorBox error={assign.error} />
      </div>
      <div className="table-wrap">
        <table className="tasks">
          <thead>
            <tr>
              <th scope="col">
                <input
                  type="checkbox"
                  aria-label={t('tasks.selectAll')}
                  checked={allSelected}
                  onChange={() => setSelected(allSelected ? new Set() : new Set(tasks.map((task) => task.id)))}
                />
              </th>
              <th scope="col">{t('tasks.light')}</th>
              <th scope="col">{t('tasks.path')}</th>
              <th scope="col">{t('tasks.item')}</th>
              <th scope="col">{t('tasks.owner')}</th>
              <th scope="col">{t('tasks.assignee')}</th>
              <th scope="col">{t('tasks.due')}</th>
              <th scope="col">{t('tasks.status')}</th>
            </tr>
          </thead>
          <tbody>
            {tasks.map((task) => (
              <tr key={task.id} className={task.overdue ? 'overdue' : undefined}>
                <td>
                  <input
                    type="checkbox"
                    aria-label={`${t('tasks.select')} ${task.path} ${task.title}`}
                    checked={selected.has(task.id)}
                    onChange={() => toggle(task.id)}
                  />
                </td>
                <td>
                  <TrafficLight light={task.trafficLight} />
                </td>
                <td className="path">
                  {task.planYear ?? ''}
                  {task.path ? `·${task.path}` : ''}
                </td>
                <td>
                  <Link to={`/tasks/${task.id}`}>{task.title}</Link>
                  <div className="muted small">
                    {bureauName(task.bureauId)}
                    {task.sourceKind !== 'report' && ` · ${t(`sourceKind.${task.sourceKind}`)}`}
                  </div>
                </td>
                <td>{task.owner ?? ''}</td>
                <td>{userName(task.assigneeId) || <span className="muted">{t('tasks.unassigned')}</span>}</td>
                <td>
                  <DueDate due={task.dueDate} open={task.trafficLight !== null} />
                </td>
                <td>
                  <StatusBadge status={task.status} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

function Board({ tasks, userName }: { tasks: TaskSummary[]; userName: (id: number | null) => string }) {
  const { t } = useTranslation();
  return (
    <div className="board">
      {TASK_STATUSES.map((status) => {
        const column = tasks.filter((task) => task.status === status);
        return (
          <section key={status} className="column" aria-label={t(`status.${status}`)}>
            <h2>
              <StatusBadge status={status} /> <span className="muted">{column.length}</span>
            </h2>
            <ul>
              {column.map((task) => (
                <li key={task.id} className="card task-card">
                  <Link to={`/tasks/${task.id}`}>{task.title}</Link>
                  <div className="small">
                    <TrafficLight light={task.trafficLight} />{' '}
                    <DueDate due={task.dueDate} open={task.trafficLight !== null} />
                  </div>
                  {task.assigneeId && <div className="muted small">{userName(task.assigneeId)}</div>}
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}

function CalendarSubscribe() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const subscription = useQuery({
    queryKey: ['calendar-subscription'],
    queryFn: () => api<CalendarSubscription>('/api/calendar/subscription'),
    enabled: open,
  });
  return (
    <>
      <button type="button" aria-expanded={open} onClick={() => setOpen(!open)}>
        {t('tasks.subscribe')}
      </button>
      {open && (
        <div className="popover card" role="dialog" aria-label={t('tasks.subscribe')}>
          <p>{t('tasks.subscribeHelp')}</p>
          <ErrorBox error={subscription.error} />
          {subscription.data && (
            <>
              <label htmlFor="feed-all">{t('tasks.allTasks')}</label>
              <input id="feed-all" readOnly value={subscription.data.url} onFocus={(e) => e.target.select()} />
              <label htmlFor="feed-mine">{t('tasks.mine')}</label>
              <input id="feed-mine" readOnly value={subscription.data.mineUrl} onFocus={(e) => e.target.select()} />
            </>
          )}
          <button type="button" onClick={() => setOpen(false)}>
            {t('common.close')}
          </button>
        </div>
      )}
    </>
  );
}
