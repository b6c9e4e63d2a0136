export enum IngestErrorCode {
  BUREAU_NOT_FOUND = 'BUREAU_NOT_FOUND',
  BUREAU_REQUIRED = 'BUREAU_REQUIRED',
}

/** A report that parsed but cannot be stored as asked (unknown or missing bureau). */
export class IngestError extends Error {
  constructor(
    readonly code: IngestErrorCode,
    message: string,
    readonly messageZh: string,
  ) {
    super(message);
    this.name = 'IngestError';
  }
}
