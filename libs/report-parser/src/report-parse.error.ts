export enum ReportParseErrorCode {
  EMPTY_INPUT = 'EMPTY_INPUT',
  BINARY_INPUT = 'BINARY_INPUT',
  TOO_LARGE = 'TOO_LARGE',
  NOT_A_REPORT = 'NOT_A_REPORT',
  /** Parsing ran past its time budget (a hostile or pathological document); set by the caller that runs the parser. */
  PARSE_TIMEOUT = 'PARSE_TIMEOUT',
}

export enum ParseWarningCode {
  NO_PLAN_SECTION = 'NO_PLAN_SECTION',
  NO_PLAN_ITEMS = 'NO_PLAN_ITEMS',
  PLAN_YEAR_INFERRED = 'PLAN_YEAR_INFERRED',
  BUREAU_NOT_FOUND = 'BUREAU_NOT_FOUND',
}

/** A report the parser refuses, with a stable code and messages in English and Chinese. */
export class ReportParseError extends Error {
  constructor(
    readonly code: ReportParseErrorCode,
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'ReportParseError';
  }
}
