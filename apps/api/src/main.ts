import 'reflect-metadata';
import { loadConfigOrExit } from '@luoshi/platform';
import { createApiApp, SchemaOutOfDateError } from './app.factory';

async function bootstrap(): Promise<void> {
  const config = loadConfigOrExit();
  const app = await createApiApp(config);
  await app.listen({ port: config.port, host: config.host });
  process.stdout.write(`luoshi API listening on ${config.publicUrl} (docs: ${config.publicUrl}/docs)\n`);
}

bootstrap().catch((err: unknown) => {
  process.stderr.write(`${err instanceof SchemaOutOfDateError ? err.message : String((err as Error)?.stack ?? err)}\n`);
  process.exit(1);
});
