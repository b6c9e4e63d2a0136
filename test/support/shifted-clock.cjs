/**
 * Preloaded into a spawned app by the fault tests (`node --require test/support/shifted-clock.cjs`):
 * the process's clock starts at LUOSHI_TEST_CLOCK (an ISO instant) and runs on at real speed, so a
 * worker's own scheduled sweeps happen on a chosen working day inside the sending hours, whatever
 * the date of the run. Only Date is replaced (@sinonjs/fake-timers); timers stay real.
 */
const FakeTimers = require('@sinonjs/fake-timers');

const at = Date.parse(process.env.LUOSHI_TEST_CLOCK ?? '');
if (Number.isNaN(at)) throw new Error(`LUOSHI_TEST_CLOCK must be an ISO instant, not ${process.env.LUOSHI_TEST_CLOCK}`);
FakeTimers.install({ now: at, toFake: ['Date'], shouldAdvanceTime: true, advanceTimeDelta: 5 });
