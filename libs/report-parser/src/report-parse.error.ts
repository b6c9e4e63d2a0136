export enum ReportParseErrorCode {
  EMPTY_INPUT = 'EMPTY_INPUT',
  BINARY_INPUT = 'BINARY_INPUT',
  TOO_LARGE = 'TOO_LARGE',
  NOT_A_REPORT = 'NOT_A_REPORT',
  /** A PDF whose pages carry no text, only pictures of it (a scan). */
  NO_TEXT_LAYER = 'NO_TEXT_LAYER',
  /** A Word or PDF file that cannot be opened: damaged, cut short or password-protected. */
  UNREADABLE_DOCUMENT = 'UNREADABLE_DOCUMENT',
  /** Parsing ran past its time budget (a hostile or pathological document); set by the caller that runs the parser. */
  PARSE_TIMEOUT = 'PARSE_TIMEOUT',
}

export enum ParseWarningCode {
  NO_PLAN_SECTION = 'NO_PLAN_SECTION',
  NO_PLAN_ITEMS = 'NO_PLAN_ITEMS',
  PLAN_YEAR_INFERRED = 'PLAN_YEAR_INFERRED',
  BUREAU_NOT_FOUND = 'BUREAU_NOT_FOUND',
  /** No title line (an addressee opening, a page that starts with the body): years and bureau come from the body. */
  NO_TITLE = 'NO_TITLE',
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
