import { Injectable } from '@nestjs/common';
import { stringify } from 'csv-stringify/sync';
import { loadExcel } from '../common/exceljs.lazy';
import ical, { ICalCalendarMethod } from 'ical-generator';
import {
  ActivityRepository,
  BureauRepository,
  TaskRepository,
  UserRepository,
  type Bureau,
  type TaskListRow,
} from '@luoshi/db';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { OPEN_STATUSES, STATUS_LABELS_ZH, type TaskStatus } from '@luoshi/tasks';
import type { Actor } from '../auth/actor.types';
import { notFound } from '../common/api-error';
import type { TaskFilterQueryDto } from '../tasks/task.dto';
import { TaskQueryService } from '../tasks/task-query.service';
import { newCalendarToken } from '../auth/token.util';
import { EXPORT_COLUMNS, safeCell, toTaskRows, type TaskRowExtras } from './task-rows.util';

/** Exports never hold more than this many rows in memory. */
export const EXPORT_CAP = 50_000;
/** Task ids per history query: well below SQLite's and PostgreSQL's bound-parameter limits. */
const EXTRAS_CHUNK = 500;

@Injectable()
export class ExportsService {
  constructor(
    private readonly query: TaskQueryService,
    private readonly tasks: TaskRepository,
    private readonly bureaus: BureauRepository,
    private readonly users: UserRepository,
    private readonly activity: ActivityRepository,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  private async rows(actor: Actor, query: TaskFilterQueryDto) {
    const tasks = await this.tasks.listAll(await this.query.filterFor(actor, query), EXPORT_CAP);
    return toTaskRows(tasks, await this.bureauMap(tasks), new Date(), await this.extras(tasks));
  }

  /** Assignees' names, the latest status change and the latest progress note of each task, read in chunks. */
  private async extras(tasks: TaskListRow[]): Promise<TaskRowExtras> {
    const extras: TaskRowExtras = { users: new Map(), statusChanges: new Map(), latestNotes: new Map() };
    const assignees = [...new Set(tasks.map((t) => t.assigneeId).filter((id): id is number => id !== null))];
    for (const u of await this.users.byIds(assignees)) extras.users.set(u.id, u.displayName);
    const ids = tasks.map((t) => t.id);
    for (let i = 0; i < ids.length; i += EXTRAS_CHUNK) {
      const chunk = ids.slice(i, i + EXTRAS_CHUNK);
      for (const p of await this.activity.latestStatusChanges(chunk)) extras.statusChanges.set(p.planItemId, p);
      for (const p of await this.activity.latestNotes(chunk)) extras.latestNotes.set(p.planItemId, p);
    }
    return extras;
  }

  private async bureauMap(tasks: TaskListRow[]): Promise<Map<number, Bureau>> {
    const ids = [...new Set(tasks.map((t) => t.bureauId))];
    return new Map((await this.bureaus.byIds(ids)).map((b) => [b.id, b]));
  }

  /** UTF-8 with a BOM, so spreadsheet programs show the Chinese correctly. */
  async csv(actor: Actor, query: TaskFilterQueryDto): Promise<Buffer> {
    const rows = await this.rows(actor, query);
    const text = stringify([
      EXPORT_COLUMNS.map((c) => c.header),
      ...rows.map((r) => EXPORT_COLUMNS.map((c) => safeCell(r[c.key]))),
    ]);
    return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  }

  async xlsx(actor: Actor, query: TaskFilterQueryDto): Promise<Buffer> {
    const rows = await this.rows(actor, query);
    const ExcelJS = await loadExcel();
    const workbook = new ExcelJS.Workbook();
    workbook.creator = 'luoshi';
    const sheet = workbook.addWorksheet('任务清单');
    sheet.columns = EXPORT_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width }));
    sheet.getRow(1).font = { bold: true };
    sheet.views = [{ state: 'frozen', ySplit: 1 }];
    for (const r of rows) sheet.addRow(Object.fromEntries(EXPORT_COLUMNS.map((c) => [c.key, safeCell(r[c.key])])));
    return Buffer.from(await workbook.xlsx.writeBuffer());
  }

  /** The actor's calendar subscription URL (a secret token; rotating it revokes old subscriptions). */
  async subscription(actor: Actor, rotate: boolean): Promise<{ url: string; mineUrl: string }> {
    let token = rotate ? null : await this.users.calendarTokenOf(actor.userId);
    if (!token) {
      token = newCalendarToken();
      await this.users.setCalendarToken(actor.userId, token);
    }
    const url = `${this.config.publicUrl}/api/calendar/feed/${token}.ics`;
    return { url, mineUrl: `${url}?mine=1` };
  }

  /** Deadlines of open tasks the token's owner may see (or only theirs, or one bureau's subtree). */
  async feed(file: string, options: { mine?: boolean; bureauId?: number }): Promise<string> {
    const token = file.replace(/\.ics$/, '');
    const user = /^[A-Za-z0-9_-]{20,64}$/.test(token) ? await this.users.findByCalendarToken(token) : null;
    // A disabled account's feed stops with its other tokens.
    if (!user || user.disabledAt) throw notFound('Calendar');
    const actor: Actor = {
      userId: user.id,
      email: user.email,
      displayName: user.displayName,
      role: user.role,
      bureauId: user.bureauId,
      mustChangePassword: user.mustChangePassword,
      via: 'api-token',
    };
    const filter = await this.query.filterFor(actor, {
      bureauId: options.bureauId,
      status: [...OPEN_STATUSES],
      assigneeId: options.mine ? user.id : undefined,
    });
    const tasks = (await this.tasks.listAll(filter, EXPORT_CAP)).filter((t) => t.dueDate !== null);
    const bureaus = await this.bureauMap(tasks);
    const calendar = ical({
      name: `落实 · ${user.displayName}的任务时限`,
      method: ICalCalendarMethod.PUBLISH,
      timezone: 'Asia/Shanghai',
      prodId: { company: 'luoshi', product: 'luoshi' },
    });
    for (const t of tasks) {
      const [y, m, d] = t.dueDate!.split('-').map(Number);
      calendar.createEvent({
        id: `luoshi-task-${t.id}@luoshi`,
        allDay: true,
        start: new Date(Date.UTC(y, m - 1, d)),
        summary: `【${STATUS_LABELS_ZH[t.status as TaskStatus]}】${t.title}`,
        description: `${bureaus.get(t.bureauId)?.name ?? ''} · ${t.planYear ?? ''}年工作安排 ${t.path}\n牵头：${t.owner ?? ''}\n${this.config.publicUrl}/api/tasks/${t.id}`,
        url: `${this.config.publicUrl}/api/tasks/${t.id}`,
      });
    }
    return calendar.toString();
  }
}
