import { randomBytes } from 'node:crypto';
import cluster, { type Worker } from 'node:cluster';
import { ThrottlerStorageService } from '@nestjs/throttler';
import type { AppConfig, LogLevel } from '@luoshi/config';
import { answerThrottleAsks } from './throttle-ipc';

/** A worker that dies more often than this within {@link CRASH_WINDOW_MS} stops the whole API. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;
/** Pause before replacing a process, times the deaths within the window (1 s, 2 s, … 5 s). */
const RESTART_PAUSE_MS = 1000;
/** How long workers get to finish their requests on SIGTERM/SIGINT before they are killed. */
const SHUTDOWN_GRACE_MS = 10_000;

/** pino's numbers for the levels LOG_LEVEL names. */
const LEVELS: Record<LogLevel, number> = {
  trace: 10,
  debug: 20,
  info: 30,
  warn: 40,
  error: 50,
  fatal: 60,
  silent: Infinity,
};

/** Log lines in the workers' (pino's) JSON shape, at LOG_LEVEL and above; the primary loads no logger of its own. */
function logger(threshold: LogLevel): (level: 30 | 40 | 50, line: string) => void {
  return (level, line) => {
    if (level >= LEVELS[threshold])
      process.stdout.write(
        `${JSON.stringify({ level, time: Date.now(), pid: process.pid, context: 'Cluster', msg: line })}\n`,
      );
  };
}

/**
 * The cluster primary (API_WORKERS > 1): forks that many API processes, which share the port
 * through node:cluster, and serves nothing itself. It gives up (exit 1) when they cannot start at
 * all; once the API has served, it replaces a process that dies (after a pause that grows with
 * each recent death, so a failing database is not hammered) and gives up only when they keep
 * dying. It stops them all gracefully on SIGTERM/SIGINT, and keeps the login-attempt counts every
 * worker shares.
 *
 * Built on Node's own cluster module rather than a process manager such as pm2 (AGPL, a daemon of
 * its own): what the API needs from one is the few rules here.
 */
export function runClusterPrimary(config: AppConfig): void {
  const say = logger(config.logLevel);
  const env: Record<string, string> = {};
  if (config.auth.jwtSecretGenerated) {
    // Outside production JWT_SECRET may be unset; every worker must still sign with the same secret.
    env.JWT_SECRET = randomBytes(32).toString('hex');
    say(40, 'JWT_SECRET is not set: using a random secret, so logins end when the API restarts (未设置JWT_SECRET)');
  }
  const logins = new ThrottlerStorageService();
  const listening = new Set<Worker>();
  const crashes: number[] = [];
  let stopping = false;
  let announced = false;

  const fork = (): void => {
    const worker = cluster.fork(env);
    answerThrottleAsks(worker, logins);
  };

  const stopAll = (exitCode: number): void => {
    if (stopping) return;
    stopping = true;
    process.exitCode = exitCode;
    logins.onApplicationShutdown();
    const workers = Object.values(cluster.workers ?? {});
    if (workers.length === 0) process.exit();
    for (const worker of workers) worker?.process.kill('SIGTERM');
    setTimeout(() => {
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill('SIGKILL');
    }, SHUTDOWN_GRACE_MS).unref();
  };

  cluster.on('listening', (worker) => {
    listening.add(worker);
    if (announced)
      say(
        30,
        `API process ${worker.process.pid} is listening in place of one that died (${listening.size}/${config.apiWorkers} serving) (API 进程已补上)`,
      );
    else if (listening.size === config.apiWorkers) {
      announced = true;
      process.stdout.write(
        `luoshi API listening on ${config.publicUrl} with ${config.apiWorkers} processes (docs: ${config.publicUrl}/docs)\n`,
      );
    }
  });

  cluster.on('exit', (worker, code, signal) => {
    listening.delete(worker);
    if (stopping) {
      if (Object.keys(cluster.workers ?? {}).length === 0) process.exit();
      return;
    }
    if (!announced) {
      // The API never started (the process has printed why: configuration, schema, port): fail once, not in a loop.
      say(50, `An API process could not start (exit ${code ?? signal}); stopping (API 进程无法启动)`);
      stopAll(code || 1);
      return;
    }
    const now = Date.now();
    crashes.push(now);
    while (crashes.length > 0 && crashes[0] < now - CRASH_WINDOW_MS) crashes.shift();
    if (crashes.length > MAX_CRASHES) {
      say(50, `API processes died ${crashes.length} times within a minute; stopping (API 进程反复退出，已停止)`);
      stopAll(1);
      return;
    }
    const pauseMs = RESTART_PAUSE_MS * crashes.length;
    say(
      40,
      `API process ${worker.process.pid} died (${signal ?? `exit ${code}`}); starting another in ${pauseMs / 1000} s (API 进程退出，即将重启)`,
    );
    setTimeout(() => {
      if (!stopping) fork();
    }, pauseMs);
  });

  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.on(signal, () => stopAll(0));
  for (let i = 0; i < config.apiWorkers; i++) fork();
}
