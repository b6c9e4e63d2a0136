import type { Provider } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  ActivityRepository,
  ApiTokenRepository,
  AttachmentRepository,
  BureauRepository,
  CalendarRepository,
  ChannelRepository,
  LinkOutcomeRepository,
  NotificationRepository,
  ParticipantRepository,
  ReminderRepository,
  ReportRepository,
  UnitOfWork,
  TaskRepository,
  UserRepository,
} from '@luoshi/db';
import { APP_CONFIG, type AppConfig } from '@luoshi/config';
import { IngestionService } from '@luoshi/report-ingestion';

/** The plain-class repositories and services of the libs, made injectable (one line each). */
export const REPOSITORY_PROVIDERS: Provider[] = [
  { provide: TaskRepository, inject: [DataSource], useFactory: (ds: DataSource) => new TaskRepository(ds) },
  { provide: ActivityRepository, inject: [DataSource], useFactory: (ds: DataSource) => new ActivityRepository(ds) },
  { provide: ApiTokenRepository, inject: [DataSource], useFactory: (ds: DataSource) => new ApiTokenRepository(ds) },
  { provide: BureauRepository, inject: [DataSource], useFactory: (ds: DataSource) => new BureauRepository(ds) },
  { provide: ReportRepository, inject: [DataSource], useFactory: (ds: DataSource) => new ReportRepository(ds) },
  {
    provide: LinkOutcomeRepository,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new LinkOutcomeRepository(ds),
  },
  { provide: ReminderRepository, inject: [DataSource], useFactory: (ds: DataSource) => new ReminderRepository(ds) },
  {
    provide: NotificationRepository,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new NotificationRepository(ds),
  },
  { provide: UserRepository, inject: [DataSource], useFactory: (ds: DataSource) => new UserRepository(ds) },
  { provide: CalendarRepository, inject: [DataSource], useFactory: (ds: DataSource) => new CalendarRepository(ds) },
  { provide: ChannelRepository, inject: [DataSource], useFactory: (ds: DataSource) => new ChannelRepository(ds) },
  {
    provide: ParticipantRepository,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new ParticipantRepository(ds),
  },
  {
    provide: AttachmentRepository,
    inject: [DataSource],
    useFactory: (ds: DataSource) => new AttachmentRepository(ds),
  },
  { provide: UnitOfWork, inject: [DataSource], useFactory: (ds: DataSource) => new UnitOfWork(ds) },
  {
    provide: IngestionService,
    inject: [DataSource, APP_CONFIG],
    useFactory: (ds: DataSource, config: AppConfig) =>
      new IngestionService(ds, { holdOpenMs: config.parse.testIngestHoldMs }),
  },
];
