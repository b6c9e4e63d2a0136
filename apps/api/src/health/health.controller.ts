import { Controller, Get, Headers } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { RedisHealthIndicator, WorkersHealthIndicator } from '@luoshi/platform';
import { InjectConfig, type AppConfig } from '@luoshi/config';
import { Public } from '../auth/auth.decorators';
import { bearerToken } from '../auth/auth.guard';
import { TokenAuthService } from '../auth/token-auth.service';
import { AttachmentStoreHealthIndicator } from './attachment-store.health';
import { CalendarHealthIndicator } from './calendar.health';
import { QueuesHealthIndicator } from './queues.health';
import { SweepHealthIndicator } from './sweep.health';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly db: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly workers: WorkersHealthIndicator,
    private readonly queues: QueuesHealthIndicator,
    private readonly sweep: SweepHealthIndicator,
    private readonly calendar: CalendarHealthIndicator,
    private readonly attachments: AttachmentStoreHealthIndicator,
    private readonly tokens: TokenAuthService,
    @InjectConfig() private readonly config: AppConfig,
  ) {}

  @Get()
  @HealthCheck()
  @ApiOkResponse({
    description:
      "Database up; Redis up, or degraded (reminders paused) — 数据库正常. In production, workers and queues only for an admin's token",
  })
  @ApiServiceUnavailableResponse({ description: 'Database down — 数据库不可用' })
  async check(@Headers('authorization') authorization?: string): Promise<HealthCheckResult> {
    const liveness = [() => this.db.pingCheck('database').withTimeout(1500), () => this.redis.check('redis')];
    // Workers and queue depths describe the deployment: in production only an admin's request sees them.
    if (this.config.env === 'production' && !(await this.isAdmin(authorization))) return this.health.check(liveness);
    return this.health.check([
      ...liveness,
      () => this.workers.check('workers'),
      () => this.queues.check('queues'),
      () => this.sweep.check('sweep'),
      () => this.calendar.check('calendar'),
      () => this.attachments.check('attachments'),
    ]);
  }

  private async isAdmin(authorization: string | undefined): Promise<boolean> {
    const token = bearerToken({ authorization });
    if (token === undefined) return false;
    const actor = await this.tokens.actorFor(token);
    return actor?.role === 'admin' && !actor.mustChangePassword;
  }
}
