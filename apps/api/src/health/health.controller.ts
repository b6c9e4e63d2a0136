import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, TypeOrmHealthIndicator, type HealthCheckResult } from '@nestjs/terminus';
import { RedisHealthIndicator, WorkersHealthIndicator } from '@luoshi/platform';
import { Public } from '../auth/auth.decorators';
import { QueuesHealthIndicator } from './queues.health';

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
  ) {}

  @Get()
  @HealthCheck()
  @ApiOkResponse({ description: 'Database up; Redis up, or degraded (reminders paused) — 数据库正常' })
  @ApiServiceUnavailableResponse({ description: 'Database down — 数据库不可用' })
  check(): Promise<HealthCheckResult> {
    return this.health.check([() => this.db.pingCheck('database').withTimeout(1500), () => this.redis.check('redis'), () => this.workers.check('workers'), () => this.queues.check('queues')]);
  }
}
