/**
 * A sleep that can be cut short: the relay and the completion sweeper wait between batches, and a NOTIFY, a
 * reconnect or a test wakes them at once instead of after the full interval.
 */
export function createWakeableSleep(): { sleep(ms: number): Promise<void>; poke(): void } {
  let wake: (() => void) | null = null;
  return {
    poke() {
      const resolve = wake;
      wake = null;
      resolve?.();
    },
    sleep(ms) {
      return new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          wake = null;
          resolve();
        }, ms);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    },
  };
}
