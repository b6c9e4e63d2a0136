/** One environment variable that failed validation. */
export interface ConfigProblem {
  readonly variable: string;
  readonly value: string | undefined;
  readonly problems: string[];
}

/** Thrown at start-up when any environment variable is invalid; the message names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: ConfigProblem[]) {
    super(
      'Invalid configuration (配置无效):\n' +
        problems.map((p) => `  - ${p.variable}=${JSON.stringify(p.value ?? '')}: ${p.problems.join('; ')}`).join('\n'),
    );
    this.name = 'ConfigError';
  }
}
