import 'reflect-metadata';
import cluster from 'node:cluster';
import type { AppConfig } from '@luoshi/config';
import { loadConfigOrExit } from '@luoshi/platform';
import { createApiApp, SchemaOutOfDateError } from './app.factory';
import { runClusterPrimary } from './cluster/cluster.primary';

async function bootstrap(config: AppConfig): Promise<void> {
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: config.host });
  // In a cluster the primary says it once all processes listen.
  if (cluster.isPrimary) process.stdout.write(`luoshi API listening on ${config.publicUrl} (docs: ${config.publicUrl}/docs)\n`);
}

const config = loadConfigOrExit();
if (config.apiWorkers > 1 && cluster.isPrimary) {
  runClusterPrimary(config);
} else {
  bootstrap(config).catch((err: unknown) => {
    process.stderr.write(`${err instanceof SchemaOutOfDateError ? err.message : String((err as Error)?.stack ?? err)}\n`);
    process.exit(1);
  });
}
