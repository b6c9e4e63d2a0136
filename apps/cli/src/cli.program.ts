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

/** Runs the CLI and exits with its code: 0 ok, 1 failed, 2 usage, 66 unreadable input, 78 bad configuration. */
export async function runCli(build: (io: CliIo) => Command, argv: string[], io: CliIo = processIo): Promise<never> {
  process.exit(await runCliForExitCode(build(io), argv, io));
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
