import type { BanditPosteriorView } from './bandit-arms.js';
import { FeedbackPosterior, type ArmKey, type FeedbackTotalsSource } from './feedback-posterior.js';

/** What the request log row of a served request says (RequestLogRow has these fields). */
export interface ServedRequest {
  id: string;
  clientRequestId?: string | undefined;
  model: string;
  deployment?: string | undefined;
  category?: string | undefined;
  keyId?: string | undefined;
}

/** A request this replica served: what it was, and the virtual key that made it (only that key's feedback counts). */
export interface ServedArm extends ArmKey {
  keyId: string | undefined;
}

export interface BanditLearningOptions {
  /** The store's feedback totals; undefined: each replica learns only from the feedback it takes. */
  source: FeedbackTotalsSource | undefined;
  now?: () => number;
  onError?: (error: unknown) => void;
  /** How many recently served requests the replica remembers, so their feedback counts at once (default 10,000). */
  servedCapacity?: number;
}

/** A bandit strategy's hold on a posterior; released when its config version closes. */
export interface PosteriorLease {
  view: BanditPosteriorView;
  release(): void;
}

const DEFAULT_SERVED_CAPACITY = 10_000;

/**
 * What the bandit strategies of a gateway learn from, living as long as the app (a config reload keeps
 * what was learned): one FeedbackPosterior per distinct (window, refresh period), held by the bandit
 * strategies of the config versions in use and stopped when the last lets go; and the requests this
 * replica served recently (id → model, category, deployment), so feedback on them counts here at once
 * and is stored with what it rates (no wait for the request's log row).
 *
 * Only requests that carry a category are remembered (every bandit-routed request does), and only
 * while some bandit strategy is in use: a gateway without one pays nothing.
 */
export class BanditLearning {
  private readonly posteriors = new Map<string, { posterior: FeedbackPosterior; holders: number }>();
  /** Recently served requests, by the id the client saw; `ring` evicts the oldest (no iterator per insert). */
  private readonly served = new Map<string, ServedArm>();
  private readonly ring: Array<string | undefined>;
  private readonly ringKeys: Array<ServedArm | undefined>;
  private ringAt = 0;
  private readonly now: () => number;
  private readonly onError: (error: unknown) => void;

  constructor(private readonly options: BanditLearningOptions) {
    this.now = options.now ?? Date.now;
    this.onError = options.onError ?? (() => {});
    const capacity = Math.max(1, options.servedCapacity ?? DEFAULT_SERVED_CAPACITY);
    this.ring = new Array<string | undefined>(capacity).fill(undefined);
    this.ringKeys = new Array<ServedArm | undefined>(capacity).fill(undefined);
  }

  /** The posterior of this window and refresh period, started on first use. */
  acquire(windowMs: number, refreshMs: number): PosteriorLease {
    const key = `${windowMs}/${refreshMs}`;
    let entry = this.posteriors.get(key);
    if (entry === undefined) {
      const posterior = new FeedbackPosterior({ source: this.options.source, windowMs, refreshMs, now: this.now, onError: this.onError });
      entry = { posterior, holders: 0 };
      this.posteriors.set(key, entry);
      posterior.start();
    }
    entry.holders++;
    const held = entry;
    let released = false;
    return {
      view: held.posterior,
      release: () => {
        if (released) return;
        released = true;
        held.holders--;
        if (held.holders > 0 || this.posteriors.get(key) !== held) return;
        held.posterior.stop();
        this.posteriors.delete(key);
        if (this.posteriors.size === 0) this.forgetServed();
      },
    };
  }

  /** True while a bandit strategy is in use. */
  get active(): boolean {
    return this.posteriors.size > 0;
  }

  /** Remembers a finished request that a deployment served and that has a category. Never throws; cheap. */
  noteServed(row: ServedRequest): void {
    if (this.posteriors.size === 0 || row.deployment === undefined || row.category === undefined) return;
    // The id the client saw in x-request-id, which its feedback names.
    const id = row.clientRequestId ?? row.id;
    const slot = this.ringAt;
    const evicted = this.ring[slot];
    // A client's id may come back (and be in the ring twice): the oldest slot takes only its own entry.
    if (evicted !== undefined && this.served.get(evicted) === this.ringKeys[slot]) this.served.delete(evicted);
    const key: ServedArm = { model: row.model, category: row.category, deployment: row.deployment, keyId: row.keyId };
    this.ring[slot] = id;
    this.ringKeys[slot] = key;
    this.ringAt = (slot + 1) % this.ring.length;
    this.served.set(id, key);
  }

  /** What a request this replica served recently was, or undefined (served elsewhere, long ago, or not by a bandit-era request). */
  servedArm(requestId: string): Readonly<ServedArm> | undefined {
    return this.served.get(requestId);
  }

  /** A rating the store has just taken on a request this replica served: every posterior counts it at once. */
  applyFeedback(key: Readonly<ArmKey>, score: number, at: number): void {
    for (const { posterior } of this.posteriors.values()) posterior.apply(key, score, at);
  }

  /** Reloads every posterior now (tests; an operator's nudge). */
  async refresh(): Promise<void> {
    await Promise.all([...this.posteriors.values()].map(({ posterior }) => posterior.refresh()));
  }

  /** Stops every refresher. */
  close(): void {
    for (const { posterior } of this.posteriors.values()) posterior.stop();
    this.posteriors.clear();
    this.forgetServed();
  }

  private forgetServed(): void {
    this.served.clear();
    this.ring.fill(undefined);
    this.ringKeys.fill(undefined);
    this.ringAt = 0;
  }
}
