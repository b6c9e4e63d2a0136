import { ConfigError } from './config.exception';
import { loadConfig } from './config.loader';
import type { AppConfig } from './config.types';
import { readProcessEnv } from './config.module';

/** EX_CONFIG from sysexits.h: the process was started with a bad configuration. */
export const EXIT_CONFIG = 78;

/** Loads the configuration for a process entry point; on a bad variable prints which and exits. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig(readProcessEnv());
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable and its format.\n`);
      process.exit(EXIT_CONFIG);
    }
    throw err;
  }
}
