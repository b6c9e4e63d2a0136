import { AttachmentErrorCode } from '@luoshi/attachments';
import { IngestErrorCode } from '@luoshi/report-ingestion';
import { ReportParseErrorCode } from '@luoshi/report-parser';
import { LedgerErrorCode } from '@luoshi/tasks';
import type { CodeStatusMap } from './api-exception.filter';

/** HTTP statuses of the codes libraries throw; the libraries never choose statuses themselves. */
export const LIBRARY_ERROR_STATUSES: CodeStatusMap = {
  [ReportParseErrorCode.NOT_A_REPORT]: 422,
  [ReportParseErrorCode.EMPTY_INPUT]: 422,
  [ReportParseErrorCode.BINARY_INPUT]: 415,
  [ReportParseErrorCode.TOO_LARGE]: 413,
  [ReportParseErrorCode.PARSE_TIMEOUT]: 422,
  [ReportParseErrorCode.NO_TEXT_LAYER]: 422,
  [ReportParseErrorCode.UNREADABLE_DOCUMENT]: 422,
  [IngestErrorCode.BUREAU_NOT_FOUND]: 422,
  [IngestErrorCode.BUREAU_REQUIRED]: 422,
  [AttachmentErrorCode.EMPTY_FILE]: 422,
  [AttachmentErrorCode.TOO_LARGE]: 413,
  [AttachmentErrorCode.UNSUPPORTED_TYPE]: 415,
  [AttachmentErrorCode.TYPE_MISMATCH]: 422,
  [AttachmentErrorCode.NOT_STORED]: 404,
  [LedgerErrorCode.NOT_XLSX]: 415,
  [LedgerErrorCode.LEGACY_XLS]: 415,
  [LedgerErrorCode.TOO_LARGE]: 413,
  [LedgerErrorCode.NO_HEADER]: 422,
  [LedgerErrorCode.EMPTY]: 422,
  [LedgerErrorCode.TOO_MANY_ROWS]: 422,
  // The database stayed locked past its busy timeout (another writer held SQLite's lock): retry later.
  SQLITE_BUSY: 503,
  SQLITE_LOCKED: 503,
};
