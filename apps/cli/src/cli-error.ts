/** Exit codes of the `luoshi` command (66 and 78 as in sysexits.h: EX_NOINPUT, EX_CONFIG). */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, NO_INPUT: 66, CONFIG: 78 } as const;

/** A failure the CLI reports as one line (no stack) with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.FAILED,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
