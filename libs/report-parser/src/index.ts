export { parseReport, parseReportOrThrow, PLAN_HEADINGS_LOOKED_FOR } from './report-parser';
export { parseReportFile, type ParseFileOptions } from './report-file-parser';
export { readAttachment } from './input/attachments/read-attachment.util';
export type { AttachmentFormat, AttachmentText } from './input/attachments/attachment.types';
export { htmlByFileName } from './input/html-to-text.util';
export { readTargets } from './facts/read-targets';
export { ReportParseError, ReportParseErrorCode, ParseWarningCode } from './report-parse.error';
export { PARSER_VERSION, DEFAULT_MAX_BYTES } from './parser.constants';
export type {
  ParseResult,
  ParsedReport,
  ParseFailure,
  ParseOptions,
  ParseWarning,
  PlanItem as ParsedPlanItem,
  PlanAction,
  ReportMetadata,
  MetadataOverrides,
  Section,
  SectionKind,
  Target,
  TargetOp,
  Recurrence,
  Verifiability,
} from './parser.types';
