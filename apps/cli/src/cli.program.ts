import { Command, CommanderError } from 'commander';
import { ConfigError, loadConfig, readProcessEnv, type AppConfig } from '@luoshi/config';
import { processIo, type CliIo } from './cli-context';
import { CliError, EXIT } from './cli-error';
import { registerIngestCommand } from './commands/ingest.command';
import { registerLinkCommand } from './commands/link.command';
import { registerMigrateCommand } from './commands/migrate.command';
import { registerParseCommand } from './commands/parse.command';
import { registerRemindersCommands } from './commands/reminders-preview.command';
import { registerUserCommands } from './commands/user-create.command';

/** The `luoshi` program. Configuration is loaded lazily so `luoshi parse` and `--help` need no database. */
export function buildProgram(io: CliIo = processIo, configOverride?: AppConfig): Command {
  let config: AppConfig | undefined = configOverride;
  const getConfig = (): AppConfig => (config ??= loadConfig(readProcessEnv()));
  const program = new Command('luoshi')
    .description('luoshi (落实): annual rule-of-law reports → tracked tasks')
    .version('0.1.0')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });
  registerMigrateCommand(program, getConfig, io);
  registerUserCommands(program, getConfig, io);
  registerParseCommand(program, io);
  registerIngestCommand(program, getConfig, io);
  registerLinkCommand(program, io);
  registerRemindersCommands(program, getConfig, io);
  return program;
}

/**
 * Resolves once everything written to `stream` has been handed to the OS. Writes to a pipe are
 * asynchronous in Node: exiting right after them cut `luoshi parse --json | jq` at 64–128 KiB.
 * A reader that went away (`| head`) ends the wait too (EPIPE).
 */
function drained(stream: NodeJS.WriteStream): Promise<void> {
  return new Promise((resolve) => {
    stream.once('error', () => resolve());
    if (stream.destroyed || !stream.writable) resolve();
    else stream.write('', () => resolve());
  });
}

/** Runs the CLI and exits with its code: 0 ok, 1 failed, 2 usage, 66 unreadable input, 78 bad configuration. */
export async function runCli(build: (io: CliIo) => Command, argv: string[], io: CliIo = processIo): Promise<never> {
  // A reader that stops early (`| head`) is not an error of ours: no stack trace for EPIPE.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  const code = await runCliForExitCode(build(io), argv, io);
  await Promise.all([drained(process.stdout), drained(process.stderr)]);
  process.exit(code);
}

export async function runCliForExitCode(program: Command, argv: string[], io: CliIo): Promise<number> {
  try {
    await program.parseAsync(argv);
    return EXIT.OK;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? EXIT.OK : EXIT.USAGE;
    if (err instanceof CliError) {
      io.err(`luoshi: ${err.message}\n`);
      return err.exitCode;
    }
    if (err instanceof ConfigError) {
      io.err(`${err.message}\nSee .env.example for every variable and its format.\n`);
      return EXIT.CONFIG;
    }
    io.err(`luoshi: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.FAILED;
  }
}
