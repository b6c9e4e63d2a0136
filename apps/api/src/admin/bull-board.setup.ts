import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BullBoardFastifyAdapter } from '@bull-board/fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { API_QUEUES, type ApiQueues } from '../queues/queues.module';

export const BULL_BOARD_PATH = '/admin/queues';

/** bull-board at /admin/queues; only admins pass (setupAdminGates, registered before it). */
export async function setupBullBoard(app: NestFastifyApplication): Promise<void> {
  const queues = Object.values(app.get<ApiQueues>(API_QUEUES));
  const serverAdapter = new BullBoardFastifyAdapter();
  serverAdapter.setBasePath(BULL_BOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  await app.register(serverAdapter.registerPlugin() as never, { prefix: BULL_BOARD_PATH });
}
