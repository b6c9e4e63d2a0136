/** Exit codes of the `luoshi` command. */
export const EXIT = { OK: 0, FAILED: 1, USAGE: 2, CONFIG: 78 } as const;

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
