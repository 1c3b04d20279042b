/** Waiting for what background work does, without fixed sleeps where a condition can be polled. */

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  what?: string;
}

/** Polls until `check` returns a truthy value (or throws after the timeout with the last value). */
export async function waitFor<T>(check: () => Promise<T>, options: WaitOptions = {}): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 20_000);
  let last: T | undefined;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      last = await check();
      if (last) return last;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, options.intervalMs ?? 100));
  }
  const error = lastError ? `, error: ${(lastError as Error).message}` : "";
  throw new Error(`timed out waiting for ${options.what ?? "condition"} (last: ${JSON.stringify(last)}${error})`);
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
