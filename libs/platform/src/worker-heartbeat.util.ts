/** Redis key under which one worker process announces it is alive. */
export function workerHeartbeatKey(prefix: string, workerId: string): string {
  return `${prefix}:workers:${workerId}`;
}

export function workerHeartbeatPattern(prefix: string): string {
  return `${prefix}:workers:*`;
}
