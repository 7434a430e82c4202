/**
 * Cancels one client request and everything it started upstream. A cheap stand-in for
 * AbortController on the hot path (one per request): plain callbacks, no events, no DOM
 * exception. `toSignal()` makes a real AbortSignal for code that needs one.
 */
export class Cancellation {
  private reasonValue: unknown;
  private abortedValue = false;
  private listeners: Array<(reason: unknown) => void> | undefined;

  get aborted(): boolean {
    return this.abortedValue;
  }

  /** Why it was cancelled: a GatewayError for a deadline, an Error when the client went away. */
  get reason(): unknown {
    return this.reasonValue;
  }

  abort(reason: unknown): void {
    if (this.abortedValue) return;
    this.abortedValue = true;
    this.reasonValue = reason;
    const listeners = this.listeners;
    this.listeners = undefined;
    if (listeners !== undefined) for (const listener of listeners) listener(reason);
  }

  /** Calls `listener` on abort (at once if already aborted); returns a function that unsubscribes. */
  onAbort(listener: (reason: unknown) => void): () => void {
    if (this.abortedValue) {
      listener(this.reasonValue);
      return () => {};
    }
    (this.listeners ??= []).push(listener);
    return () => {
      const index = this.listeners?.indexOf(listener) ?? -1;
      if (index >= 0) this.listeners!.splice(index, 1);
    };
  }

  toSignal(): AbortSignal {
    const controller = new AbortController();
    this.onAbort((reason) => controller.abort(reason));
    return controller.signal;
  }
}
