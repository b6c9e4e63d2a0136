/** Queue and job names and payloads, defined once for producers (api, cli) and processors (worker). */
export const LINKING_QUEUE = 'linking';
export const LINK_REPORTS_JOB = 'link-reports';

/** Ids only: report text never travels through Redis. */
export interface LinkReportsPayload {
  priorReportId: number;
  followupReportId: number;
}

/** Deterministic: the same pair queued twice is one job. */
export function linkJobId(payload: LinkReportsPayload): string {
  return `link:${payload.priorReportId}:${payload.followupReportId}`;
}

/** Every job name the worker must have exactly one handler for (checked at boot). */
export const JOB_HANDLERS_REQUIRED: ReadonlyArray<{ queue: string; job: string }> = [{ queue: LINKING_QUEUE, job: LINK_REPORTS_JOB }];
