/** The one error body every failed API request returns. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  /** English message. */
  message: string;
  /** Chinese message for the people using luoshi. */
  messageZh: string;
  /** Machine-readable code (NOT_A_REPORT, STALE_VERSION, VALIDATION, NOT_FOUND …). */
  code: string;
  /** Per-field validation problems. */
  details?: string[];
  /** Refusal-specific fields, e.g. `allowed` transitions or `currentVersion`. */
  [extra: string]: unknown;
}
