/** Polls `check` every 50–100 ms until it holds; fails naming `what` after `timeoutMs`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * Reads until `ready` holds for what was read, and returns it; fails naming `what` after
 * `timeoutMs`, with the last value read. The one way tests wait (with `until`): no fixed sleeps.
 */
export async function eventually<T>(
  read: () => Promise<T>,
  ready: (value: T) => boolean,
  what: string,
  timeoutMs = 20_000,
): Promise<T> {
  let last: T | undefined;
  await until(async () => ready((last = await read())), what, timeoutMs, 100).catch((err: Error) => {
    throw new Error(`${err.message}; last read: ${JSON.stringify(last)?.slice(0, 500)}`);
  });
  return last as T;
}
