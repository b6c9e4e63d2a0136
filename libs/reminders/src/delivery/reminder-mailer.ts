import type { Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { BureauRepository, ReminderRepository, ReportRepository, type DeliveryRow } from '@luoshi/db';
import {
  annualReportDueEmail,
  beforeDueEmail,
  digestEmail,
  escalationEmail,
  missingReportsEmail,
  overdueEmail,
  type EmailContent,
  type TaskLine,
} from '@luoshi/reminder-policy';
import { signMuteToken } from './mute-token';
import { taskLines } from './task-lines';

export interface MailerOptions {
  from: string;
  publicUrl: string;
  /** Secret that signs mute links. */
  secret: string;
}

/** The recipient, as the delivery query reads them. */
type Recipient = { id: number; email: string; displayName: string; bureauId: number | null };

export type DeliveryOutcome = 'sent' | 'skipped';

/**
 * Sends one stored reminder. A reminder that is no longer pending (already sent, cancelled,
 * failed) is skipped, so a retried or duplicated job never sends twice what was recorded as sent.
 */
export class ReminderMailer {
  private readonly repo: ReminderRepository;

  constructor(
    private readonly dataSource: DataSource,
    private readonly transport: Transporter,
    private readonly options: MailerOptions,
  ) {
    this.repo = new ReminderRepository(dataSource);
  }

  private taskLines(taskIds: number[], today: string): Promise<TaskLine[]> {
    return taskLines(this.repo, taskIds, today, this.options.publicUrl);
  }

  private muteUrl(userId: number, taskId: number): string {
    return `${this.options.publicUrl}/api/reminders/mute?token=${signMuteToken(userId, taskId, this.options.secret)}`;
  }

  private async content(
    reminder: DeliveryRow,
    user: Recipient,
  ): Promise<{ email: EmailContent; folded: number[] } | null> {
    const today = reminder.sendOn;
    if (reminder.kind === 'digest') {
      const folded = await this.repo.folded(user.id, reminder.sendOn);
      const lines = await this.taskLines(
        folded.flatMap((r) => (r.planItemId === null ? [] : [r.planItemId])),
        today,
      );
      if (lines.length === 0) return null;
      const settingsUrl = `${this.options.publicUrl}/api/reminders/preferences`;
      return {
        email: digestEmail({
          recipientName: user.displayName,
          date: today,
          tasks: lines,
          settingsUrl,
          listUrl: `${this.options.publicUrl}/tasks`,
        }),
        folded: folded.map((r) => r.id),
      };
    }
    if (reminder.kind === 'annual_report' || reminder.kind === 'missing_reports')
      return this.annualReport(reminder, user);
    if (reminder.planItemId === null) return null;
    const [line] = await this.taskLines([reminder.planItemId], today);
    if (!line) return null;
    const input = { recipientName: user.displayName, task: line, muteUrl: this.muteUrl(user.id, reminder.planItemId) };
    const email =
      reminder.kind === 'overdue'
        ? overdueEmail(input)
        : reminder.kind === 'escalation'
          ? escalationEmail(input)
          : beforeDueEmail(input);
    return { email, folded: [] };
  }

  /** The annual-report reminder for a bureau's staff, or the list of missing bureaus for a supervisor. */
  private async annualReport(
    reminder: DeliveryRow,
    user: Recipient,
  ): Promise<{ email: EmailContent; folded: number[] } | null> {
    const reportYear = Number(reminder.key.replace(/^\D+-/, ''));
    const deadline = reminder.occurrenceDue ?? '';
    const settingsUrl = `${this.options.publicUrl}/api/reminders/preferences`;
    const bureaus = new BureauRepository(this.dataSource);
    const published = await new ReportRepository(this.dataSource).bureausWithReport(reportYear);
    if (reminder.kind === 'annual_report') {
      if (user.bureauId === null || published.has(user.bureauId)) return null;
      const bureau = await bureaus.findById(user.bureauId);
      return {
        email: annualReportDueEmail({
          recipientName: user.displayName,
          bureau: bureau?.name ?? '',
          reportYear,
          deadline,
          uploadUrl: `${this.options.publicUrl}/upload`,
          settingsUrl,
        }),
        folded: [],
      };
    }
    const all = await bureaus.hierarchy();
    const parent = new Map(all.map((b) => [b.id, b.parentId]));
    const below = (id: number) => {
      for (let b: number | null | undefined = id, depth = 0; b != null && depth < 10; b = parent.get(b), depth++)
        if (b === user.bureauId) return true;
      return false;
    };
    const missing = all.filter((b) => !published.has(b.id) && below(b.id)).map((b) => b.name);
    if (missing.length === 0) return null;
    return {
      email: missingReportsEmail({
        recipientName: user.displayName,
        reportYear,
        deadline,
        bureaus: missing,
        settingsUrl,
      }),
      folded: [],
    };
  }

  /** Sends the reminder; throws the transport's error (the caller decides retry or give up). */
  async deliver(reminderId: number, attempt: number): Promise<DeliveryOutcome> {
    const reminder = await this.repo.forDelivery(reminderId);
    if (!reminder || reminder.status !== 'pending') return 'skipped';
    const user: Recipient | null =
      reminder.email === null
        ? null
        : {
            id: reminder.userId,
            email: reminder.email,
            displayName: reminder.displayName,
            bureauId: reminder.bureauId,
          };
    const built = user ? await this.content(reminder, user) : null;
    if (!user || !built) {
      // The task, the recipient or the reason is gone (e.g. the report was published meanwhile).
      await this.repo.cancel(reminder.id);
      return 'skipped';
    }
    try {
      const info = await this.transport.sendMail({
        from: this.options.from,
        to: { name: user.displayName, address: user.email },
        subject: built.email.subject,
        text: built.email.text,
        html: built.email.html,
        // A stable Message-ID per reminder lets mail systems drop a copy if one ever slips through.
        messageId: `<reminder-${reminder.id}@luoshi>`,
      });
      await this.repo.markSent(reminder.id, info.messageId ?? null, attempt);
      await this.repo.markFoldedSent(built.folded);
      return 'sent';
    } catch (err) {
      throw Object.assign(err as Error, { reminderId: reminder.id });
    }
  }

  /** Records a failed attempt; `final` marks the reminder failed (visible on the task). */
  recordFailure(reminderId: number, attempt: number, err: unknown, final: boolean): Promise<void> {
    return this.repo.recordAttempt(reminderId, attempt, String((err as Error)?.message ?? err).slice(0, 2000), final);
  }
}
