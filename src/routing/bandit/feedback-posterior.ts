import { BanditArms, type Arm, type BanditPosteriorView } from './bandit-arms.js';

/** Which arm a rating is for. */
export interface ArmKey {
  model: string;
  category: string;
  deployment: string;
}

/** The store's feedback totals (Store.feedbackTotals), as routing sees them: no store types here. */
export interface FeedbackTotalsSource {
  feedbackTotals(query: { from: number; to: number }): Promise<ReadonlyArray<ArmKey & Arm>>;
}

export interface FeedbackPosteriorOptions {
  /** Undefined: only the ratings this replica takes count (tests, a gateway without a store). */
  source: FeedbackTotalsSource | undefined;
  windowMs: number;
  refreshMs: number;
  now: () => number;
  onError: (error: unknown) => void;
}

interface LocalRating extends ArmKey {
  at: number;
  score: number;
}

/** Local ratings kept between reloads at most (the store down for long): the oldest go first. */
const MAX_LOCAL_RATINGS = 100_000;

/**
 * The feedback of one window, shared by every bandit strategy configured with that window and refresh
 * period. Reloaded from the store every `refreshMs` (each replica reads the totals every replica's
 * feedback made), and ratings this replica takes count at once too.
 *
 * No rating counts twice: a reload asks for feedback given before its start time `to` and then keeps
 * only the local ratings given at or after `to`. A local rating is applied after the store has it, so
 * one given before `to` is in the reload's totals, except when its write committed after the query
 * began: then it is missing until the next reload (an undercount of one refresh, never a double count).
 */
export class FeedbackPosterior implements BanditPosteriorView {
  private arms = new BanditArms();
  private local: LocalRating[] = [];
  private reloading: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: FeedbackPosteriorOptions) {}

  arm(model: string, category: string, deployment: string): Readonly<Arm> | undefined {
    return this.arms.arm(model, category, deployment);
  }

  /** Loads now and then every refreshMs; the timer does not keep the process alive. */
  start(): void {
    if (this.timer !== undefined) return;
    this.stopped = false;
    void this.refresh();
    this.timer = setInterval(() => void this.refresh(), this.options.refreshMs);
    this.timer.unref();
  }

  stop(): void {
    this.stopped = true;
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** A rating this replica took (after the store has it): counted at once, until a reload includes it. */
  apply(key: ArmKey, score: number, at: number): void {
    if (at < this.options.now() - this.options.windowMs) return;
    if (this.local.length >= MAX_LOCAL_RATINGS) this.local.splice(0, this.local.length - MAX_LOCAL_RATINGS + 1);
    this.local.push({ model: key.model, category: key.category, deployment: key.deployment, at, score });
    this.arms.add(key.model, key.category, key.deployment, 1, score);
  }

  /** One reload at a time; a call while one runs waits for that one. */
  refresh(): Promise<void> {
    this.reloading ??= this.reload().finally(() => {
      this.reloading = undefined;
    });
    return this.reloading;
  }

  private async reload(): Promise<void> {
    const { source, windowMs, now, onError } = this.options;
    const to = now();
    const from = to - windowMs;
    const arms = new BanditArms();
    let kept: LocalRating[];
    if (source === undefined) {
      // Nothing shared: the local ratings are all there is, and the window slides over them here.
      kept = this.local.filter((rating) => rating.at >= from);
    } else {
      let totals: ReadonlyArray<ArmKey & Arm>;
      try {
        totals = await source.feedbackTotals({ from, to });
      } catch (error) {
        // Keep what is known; the next reload tries again. After stop the store may be closing: nothing to report.
        if (!this.stopped) onError(error);
        return;
      }
      for (const total of totals) arms.add(total.model, total.category, total.deployment, total.ratings, total.scoreSum);
      kept = this.local.filter((rating) => rating.at >= to);
    }
    for (const rating of kept) arms.add(rating.model, rating.category, rating.deployment, 1, rating.score);
    this.local = kept;
    this.arms = arms;
  }
}
