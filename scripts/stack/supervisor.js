'use strict';
// The process supervisor of `npm run stack`: runs one child, starts it again when it dies (after a
// pause that grows with each recent death, so a failing database is not hammered) and gives up when
// it keeps dying — the rules of the API's own cluster primary (apps/api/src/cluster), for processes
// that are not cluster workers. Hand-written for the same reason as there: a process manager such
// as pm2 (AGPL, a daemon of its own) brings far more than these few rules.
const { spawn } = require('node:child_process');
const fs = require('node:fs');

/** A process that dies more often than this within {@link CRASH_WINDOW_MS} stops the stack. */
const MAX_CRASHES = 5;
const CRASH_WINDOW_MS = 60_000;
/** Pause before starting a process again, times its deaths within the window (1 s, 2 s, … 5 s). */
const RESTART_PAUSE_MS = 1000;

class Supervised {
  /**
   * @param {object} o
   * @param {string} o.name  e.g. api-1
   * @param {string[]} o.args  node arguments (the script and its own)
   * @param {NodeJS.ProcessEnv} o.env
   * @param {string} o.logFile  the child's stdout (pino JSON) is appended there
   * @param {(line: string) => void} o.log
   * @param {(code: number) => void} o.giveUp  called when the process keeps dying, or dies before `started()`
   * @param {() => boolean} o.started  false while the stack boots: a death then is a failure to start, not a crash
   */
  constructor({ name, args, env, logFile, log, giveUp, started }) {
    Object.assign(this, { name, args, env, logFile, log, giveUp, started });
    this.child = null;
    this.starts = 0;
    this.crashes = [];
    this.stopping = false;
  }

  get pid() {
    return this.child?.pid;
  }

  start() {
    const out = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, this.args, { env: this.env, stdio: ['ignore', out, 'inherit'] });
    fs.closeSync(out);
    this.child = child;
    this.starts++;
    this.log(`${this.name} ${this.starts === 1 ? 'started' : 'started again'} (pid ${child.pid})`);
    child.once('exit', (code, signal) => this.onExit(child, code, signal));
  }

  onExit(child, code, signal) {
    if (this.stopping || child !== this.child) return;
    if (!this.started()) {
      // It never came up (its stderr says why: configuration, schema, port): fail once, not in a loop.
      this.log(`${this.name} could not start (${signal ?? `exit ${code}`}); stopping the stack (进程无法启动)`);
      this.giveUp(code || 1);
      return;
    }
    const now = Date.now();
    this.crashes.push(now);
    while (this.crashes.length > 0 && this.crashes[0] < now - CRASH_WINDOW_MS) this.crashes.shift();
    if (this.crashes.length > MAX_CRASHES) {
      this.log(
        `${this.name} died ${this.crashes.length} times within a minute; stopping the stack (进程反复退出，已停止)`,
      );
      this.giveUp(1);
      return;
    }
    const pauseMs = RESTART_PAUSE_MS * this.crashes.length;
    this.log(
      `${this.name} (pid ${child.pid}) died (${signal ?? `exit ${code}`}); starting it again in ${pauseMs / 1000} s (进程退出，即将重启)`,
    );
    this.timer = setTimeout(() => {
      if (!this.stopping) this.start();
    }, pauseMs);
  }

  /** From now on a death is expected, not restarted (Ctrl-C in a terminal signals every process at once). */
  expectExit() {
    this.stopping = true;
    clearTimeout(this.timer);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves once the process has exited. */
  stop(graceMs) {
    this.expectExit();
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    return new Promise((resolve) => {
      const kill = setTimeout(() => child.kill('SIGKILL'), graceMs);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}

module.exports = { Supervised };
