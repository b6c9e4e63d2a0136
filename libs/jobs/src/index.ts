export { LINKING_QUEUE, LINK_REPORTS_JOB, linkJobId, type LinkReportsPayload, JOB_HANDLERS_REQUIRED } from './queues.constants';
