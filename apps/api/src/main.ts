import 'reflect-metadata';
import cluster from 'node:cluster';
import { loadConfigOrExit, type AppConfig } from '@luoshi/config';
import { runClusterPrimary } from './cluster/cluster.primary';

async function bootstrap(config: AppConfig): Promise<void> {
  // Loaded here, not at the top: a cluster primary serves nothing and stays small without the app.
  const { createApiApp } = await import('./app.factory');
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: config.host });
  // In a cluster the primary says it once all processes listen.
  if (cluster.isPrimary)
    process.stdout.write(`luoshi API listening on ${config.publicUrl} (docs: ${config.publicUrl}/docs)\n`);
}

const config = loadConfigOrExit();
if (config.apiWorkers > 1 && cluster.isPrimary) {
  runClusterPrimary(config);
} else {
  bootstrap(config).catch((err: unknown) => {
    // SchemaOutOfDateError (app.factory) says what to do in one line; anything else with its stack.
    process.stderr.write(
      `${(err as Error)?.name === 'SchemaOutOfDateError' ? (err as Error).message : String((err as Error)?.stack ?? err)}\n`,
    );
    process.exit(1);
  });
}
