/** Stored with every report so a re-parse after a parser change can be told apart. */
export const PARSER_VERSION = '1.0.0';

export const DEFAULT_MAX_BYTES = 5 * 1024 * 1024;
