import type { ReminderRepository } from '@luoshi/db';
import { daysBetween, type TaskLine } from '@luoshi/reminder-policy';

/**
 * What a reminder (e-mail or chat post) says about each task, in the order given: tasks gone or
 * without a due date left out, all read in one query.
 */
export async function taskLines(
  repo: ReminderRepository,
  taskIds: number[],
  today: string,
  publicUrl: string,
): Promise<Array<TaskLine & { id: number }>> {
  const tasks = new Map((await repo.taskSummaries(taskIds)).map((t) => [t.id, t]));
  return taskIds.flatMap((id) => {
    const task = tasks.get(id);
    if (!task?.dueDate) return [];
    return [
      {
        id: task.id,
        title: task.title,
        bureau: task.bureau ?? '',
        dueDate: task.dueDate,
        daysLeft: daysBetween(today, task.dueDate),
        targets: task.targets.map((t) => `${t.metric}${t.op}${t.value}${t.unit ?? ''}`),
        url: `${publicUrl}/tasks/${task.id}`,
      },
    ];
  });
}
