import type { DataSource } from 'typeorm';
import { UnitOfWork, type NewNotification, type NewReminder, type TransactionRepositories } from '@luoshi/db';
import { isTaskReminderKind, reminderNotification, taskLink } from '@luoshi/tasks';

/**
 * Writes the reminders the sweep owes and, in the same transaction, the in-app notification of
 * each one about a task (due soon, overdue, escalation; digests and annual-report reminders are
 * not about one task). Both are keyed: the reminder by its dedupe key, the notification by
 * `reminder:<reminderId>` per person, so a sweep run twice, two workers racing, or a worker
 * killed mid-sweep (the transaction rolls back) never store either twice.
 */
export async function recordReminders(dataSource: DataSource, rows: NewReminder[]): Promise<void> {
  if (rows.length === 0) return;
  await new UnitOfWork(dataSource).run(async (tx) => {
    const inserted = await tx.reminders.createIfAbsent(rows);
    await tx.notifications.createIfAbsent(await reminderNotifications(tx, rows, inserted));
  });
}

async function reminderNotifications(
  tx: TransactionRepositories,
  rows: NewReminder[],
  /** The ids of the rows this transaction wrote (RETURNING), by dedupe key. */
  inserted: Map<string, number>,
): Promise<NewNotification[]> {
  const about = rows.filter((r) => r.planItemId !== null && isTaskReminderKind(r.kind));
  if (about.length === 0) return [];
  // Rows stored before (another sweep won a race) are looked up; usually there are none, and
  // looking up all 57,000 ids of a first sweep again took 1.4 s of its 7 s on PostgreSQL.
  const stored = about.map((r) => r.dedupeKey).filter((key) => !inserted.has(key));
  const ids = stored.length === 0 ? inserted : new Map([...inserted, ...(await tx.reminders.idsByKey(stored))]);
  const tasks = new Map(
    (await tx.reminders.taskSummaries([...new Set(about.map((r) => r.planItemId!))])).map((t) => [t.id, t]),
  );
  const out: Array<{ reminderId: number; note: NewNotification }> = [];
  for (const row of about) {
    const reminderId = ids.get(row.dedupeKey);
    const task = tasks.get(row.planItemId!);
    if (reminderId === undefined || !task || !isTaskReminderKind(row.kind)) continue;
    const text = reminderNotification({
      kind: row.kind,
      key: row.key,
      taskTitle: task.title,
      dueDate: row.occurrenceDue ?? task.dueDate,
      bureau: task.bureau,
    });
    out.push({
      reminderId,
      note: {
        userId: row.userId,
        ...text,
        taskId: task.id,
        link: taskLink(task.id),
        dedupeKey: `reminder:${reminderId}`,
      },
    });
  }
  // Stable order (reminder ids ascending): two sweeps racing lock the same rows in the same order.
  // By the number itself: localeCompare with options builds a collator on every call, and sorting
  // a first sweep's 57,000 keys that way took ~3.7 s.
  return out.sort((a, b) => a.reminderId - b.reminderId).map((o) => o.note);
}
