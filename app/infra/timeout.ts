/**
 * A bound on how long a call to Redis (or another service) may hold up a request, a job or a shutdown. Shared by the
 * web app's queue page and the worker.
 */

/** Rejects after `ms` (the Redis call may still complete later; callers rely on idempotent job ids). */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise.finally(() => clearTimeout(timer)),
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms} ms`)), ms);
    }),
  ]);
}
