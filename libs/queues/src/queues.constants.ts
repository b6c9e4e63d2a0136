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

export const REMINDERS_QUEUE = 'reminders';
/** Repeated by a BullMQ job scheduler; one sweep at a time (a Redis lock guards it too). */
export const SWEEP_JOB = 'sweep';
export const SWEEP_SCHEDULER_ID = 'reminder-sweep';
export const SEND_EMAIL_JOB = 'send-email';

/** Redis key (under the deployment's prefix) holding the ISO time the last sweep finished; read by the API's health check. */
export function lastSweepKey(prefix: string): string {
  return `${prefix}:reminders:last-sweep`;
}

export interface SendEmailPayload {
  reminderId: number;
}

/** One job per stored reminder: the same reminder queued by two sweeps is one job. */
export function emailJobId(payload: SendEmailPayload): string {
  return `reminder-${payload.reminderId}`;
}

export const SEND_CHANNEL_JOB = 'send-channel';

export interface SendChannelPayload {
  deliveryId: number;
  /**
   * The sweep's own time (ISO) when the sweep was run for a given moment (`SweepJobData.at`): the
   * post's quiet-hours check then uses that moment, not the worker's clock. Absent in normal runs.
   */
  at?: string;
}

/** One job per stored chat post (see emailJobId). */
export function channelJobId(payload: SendChannelPayload): string {
  return `channel-delivery-${payload.deliveryId}`;
}

/** Every job name the worker must have exactly one handler for (checked at boot). */
export const JOB_HANDLERS_REQUIRED: ReadonlyArray<{ queue: string; job: string }> = [
  { queue: LINKING_QUEUE, job: LINK_REPORTS_JOB },
  { queue: REMINDERS_QUEUE, job: SWEEP_JOB },
  { queue: REMINDERS_QUEUE, job: SEND_EMAIL_JOB },
  { queue: REMINDERS_QUEUE, job: SEND_CHANNEL_JOB },
];
