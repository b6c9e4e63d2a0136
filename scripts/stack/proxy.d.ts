/** See proxy.js. */
import type { Server } from 'node:http';

export interface Upstream {
  name: string;
  port: number;
  healthy: boolean;
}

export function startProxy(options: {
  host: string;
  port: number;
  upstreams: Array<{ name: string; port: number }>;
  maxBodyBytes: number;
  healthPath?: string;
  healthEveryMs?: number;
  log: (line: string) => void;
}): { server: Server; upstreams: Upstream[]; listening: Promise<void>; close(graceMs?: number): Promise<void> };

export function mayRetry(method: string, url: string, err: { code?: string }): boolean;
