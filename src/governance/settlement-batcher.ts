import type { Settlement, StatePort } from '../state/state-port.js';
import type { Hold } from './admission-checks.js';

export interface SettlementBatcherOptions {
  state: StatePort;
  /** How long a settlement may wait for others to join it (a few ms: holds stay this much longer). */
  delayMs: number;
  /** Past this many waiting settlements, they go at once. */
  maxPending: number;
  /** A budget counter's value after its adjustment, with the hold that adjusted it last (for alerts). */
  onCounter: (hold: Hold & { kind: 'budget' }, value: number) => void;
  onError: (error: unknown) => void;
}

/**
 * Settles finished requests' holds in batches: the adjustments that arrive within `delayMs` are merged
 * (token windows and budget counters summed per key, parallel places listed) and sent as one
 * `settleAll`, one Redis round trip for many requests instead of two or three per request.
 *
 * Waiting is safe: a hold counts what a request may use, at least what it did use, so until its
 * settlement arrives limits and budgets are only stricter than they need be, never looser. Sums of
 * integers are exact, so budgets add up to the nano-dollar whatever the batching.
 */
export class SettlementBatcher {
  private readonly options: SettlementBatcherOptions;
  private windows = new Map<string, Settlement & { kind: 'window-add' }>();
  private counters = new Map<string, { settlement: Settlement & { kind: 'counter-adjust' }; hold: Hold & { kind: 'budget' } }>();
  private leases: Settlement[] = [];
  private pending = 0;
  private timer: NodeJS.Timeout | undefined;
  private readonly inFlight = new Set<Promise<void>>();

  constructor(options: SettlementBatcherOptions) {
    this.options = options;
  }

  add(settlement: Settlement, hold: Hold): void {
    switch (settlement.kind) {
      case 'window-add': {
        const waiting = this.windows.get(settlement.key);
        if (waiting === undefined) this.windows.set(settlement.key, { ...settlement });
        else waiting.amount += settlement.amount;
        break;
      }
      case 'counter-adjust': {
        if (hold.kind !== 'budget') throw new Error(`a counter adjustment settles a budget hold, not ${hold.kind}`);
        const waiting = this.counters.get(settlement.key);
        if (waiting === undefined) this.counters.set(settlement.key, { settlement: { ...settlement }, hold });
        else {
          waiting.settlement.amount += settlement.amount;
          waiting.hold = hold;
        }
        break;
      }
      case 'lease-release':
        this.leases.push(settlement);
        break;
    }
    this.pending++;
    if (this.pending >= this.options.maxPending) this.send();
    else if (this.timer === undefined) {
      this.timer = setTimeout(() => this.send(), this.options.delayMs);
      this.timer.unref();
    }
  }

  /** Sends what waits and resolves once every batch sent so far has been answered (or failed). */
  async flush(): Promise<void> {
    this.send();
    await Promise.all([...this.inFlight]);
  }

  private send(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending === 0) return;
    const windows = [...this.windows.values()];
    const counters = [...this.counters.values()];
    const settlements: Settlement[] = [...windows, ...counters.map((counter) => counter.settlement), ...this.leases];
    this.windows = new Map();
    this.counters = new Map();
    this.leases = [];
    this.pending = 0;
    const sent = this.options.state.settleAll(settlements).then(
      (values) => {
        counters.forEach((counter, index) => {
          const value = values[windows.length + index];
          if (value !== undefined) this.options.onCounter(counter.hold, value);
        });
      },
      (error: unknown) => this.options.onError(error),
    );
    const tracked = sent.finally(() => this.inFlight.delete(tracked));
    this.inFlight.add(tracked);
  }
}
