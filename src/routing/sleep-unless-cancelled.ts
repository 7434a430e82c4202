import type { Cancellation } from '../upstream/cancellation.js';

/** Waits `milliseconds`, or less if the request is cancelled meanwhile (then it rejects with the cancellation's reason). */
export function sleepUnlessCancelled(milliseconds: number, cancellation: Cancellation): Promise<void> {
  if (cancellation.aborted) return Promise.reject(cancellation.reason);
  return new Promise((resolve, reject) => {
    const stop = cancellation.onAbort((reason) => {
      clearTimeout(timer);
      reject(reason);
    });
    const timer = setTimeout(() => {
      stop();
      resolve();
    }, milliseconds);
  });
}
