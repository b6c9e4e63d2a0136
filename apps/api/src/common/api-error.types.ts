/** The one error body every failed API request returns. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  /** English message. */
  message: string;
  /** Chinese message for the people using luoshi. */
  messageZh: string;
  /** Machine-readable code from the library that refused the request, when there is one. */
  code?: string;
  /** Per-field validation problems. */
  details?: string[];
}
