import type { DataSource, EntityManager } from 'typeorm';
import { ActivityRepository } from './activity.repository';
import { ApiTokenRepository } from './api-token.repository';
import { AttachmentRepository } from './attachment.repository';
import { BureauRepository } from './bureau.repository';
import { CalendarRepository } from './calendar.repository';
import { ChannelRepository } from './channel.repository';
import { LinkOutcomeRepository } from './link-outcome.repository';
import { NotificationRepository } from './notification.repository';
import { ParticipantRepository } from './participant.repository';
import { ReminderRepository } from './reminder.repository';
import { ReportRepository } from './report.repository';
import { TaskRepository } from './task.repository';
import { UserRepository } from './user.repository';

/** The repositories of one transaction: everything read or written through them commits or rolls back together. */
export class TransactionRepositories {
  constructor(private readonly manager: EntityManager) {}

  get tasks(): TaskRepository {
    return new TaskRepository(this.manager);
  }
  get activity(): ActivityRepository {
    return new ActivityRepository(this.manager);
  }
  get users(): UserRepository {
    return new UserRepository(this.manager);
  }
  get bureaus(): BureauRepository {
    return new BureauRepository(this.manager);
  }
  get reports(): ReportRepository {
    return new ReportRepository(this.manager);
  }
  get outcomes(): LinkOutcomeRepository {
    return new LinkOutcomeRepository(this.manager);
  }
  get reminders(): ReminderRepository {
    return new ReminderRepository(this.manager);
  }
  get apiTokens(): ApiTokenRepository {
    return new ApiTokenRepository(this.manager);
  }
  get notifications(): NotificationRepository {
    return new NotificationRepository(this.manager);
  }
  get calendar(): CalendarRepository {
    return new CalendarRepository(this.manager);
  }
  get channels(): ChannelRepository {
    return new ChannelRepository(this.manager);
  }
  get participants(): ParticipantRepository {
    return new ParticipantRepository(this.manager);
  }
  get attachments(): AttachmentRepository {
    return new AttachmentRepository(this.manager);
  }
}

/**
 * A use case's writes as one transaction, through repositories only: services and commands never
 * open transactions or touch the EntityManager themselves (DESIGN.md, issue #26). On SQLite the
 * transaction takes its turn on the process's connection (withTransactionTurns).
 */
export class UnitOfWork {
  constructor(private readonly dataSource: DataSource) {}

  run<T>(work: (tx: TransactionRepositories) => Promise<T>): Promise<T> {
    return this.dataSource.transaction((manager) => work(new TransactionRepositories(manager)));
  }
}
