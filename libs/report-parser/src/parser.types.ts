import type { Target } from '@luoshi/text';
export type SectionKind = 'achievements' | 'problems' | 'duties' | 'plan' | 'other';
export type Recurrence = 'weekly' | 'monthly' | 'quarterly' | 'semiannual' | 'yearly';

export interface Section {
  kind: SectionKind;
  heading: string;
  start: number;
  end: number;
}

export interface ReportMetadata {
  title: string | null;
  /** The body whose plan this is, with its region prefix resolved (赣州市司法局, 晋城市城区人民政府). */
  bureau: string | null;
  /** The body printed as publisher (发布机构), when the page names one. */
  publisher: string | null;
  /** Province › city › district as one string (江西省赣州市). */
  region: string | null;
  reportYear: number | null;
  planYear: number | null;
  /** YYYY-MM-DD. */
  publishDate: string | null;
  /** How the bytes were decoded: utf-8, utf-16le, utf-16be, gb18030, or `string` for text input. */
  encoding: string;
  sections: Section[];
}

/** The one target shape (libs/text): re-exported so the parser's callers need not know where it lives. */
export type { Target, TargetOp } from '@luoshi/text';

export interface Verifiability {
  /** 0 (a vague pledge) to 100 (deadline, quantitative target and a named deliverable). */
  score: number;
  reasons: string[];
}

export interface PlanAction {
  text: string;
  start: number;
  end: number;
  deadlines: string[];
  targets: Target[];
  verifiability: Verifiability;
}

export interface PlanItem {
  path: string;
  title: string;
  body: string;
  /** Offsets into the report text (the normalised text has the same offsets): text.slice(start, end) === body. */
  start: number;
  end: number;
  owner: string | null;
  coOwners: string[];
  deadlines: string[];
  dueDate: string | null;
  recurrence: Recurrence | null;
  verifiability: Verifiability;
  targets: Target[];
  actions: PlanAction[];
  children: PlanItem[];
}

/** Fields the uploader knows better than the text (every one optional). */
export interface MetadataOverrides {
  title?: string | null;
  bureau?: string | null;
  region?: string | null;
  reportYear?: number | null;
  planYear?: number | null;
  publishDate?: string | null;
}

export interface ParseOptions {
  overrides?: MetadataOverrides;
  /** Largest input accepted, in bytes (default 5 MiB). */
  maxBytes?: number;
  /** Treat the input as HTML (default: detected). */
  html?: boolean;
}

export interface ParsedReport {
  ok: true;
  report: ReportMetadata;
  items: PlanItem[];
  warnings: ParseWarning[];
  /** The decoded display text all offsets point into. */
  text: string;
}

export interface ParseWarning {
  code: string;
  message: string;
  messageZh: string;
}

export interface ParseFailure {
  ok: false;
  error: { code: string; message: string; messageZh: string };
  /** Whatever metadata was found before the input was rejected. */
  report: Partial<ReportMetadata>;
}

export type ParseResult = ParsedReport | ParseFailure;
