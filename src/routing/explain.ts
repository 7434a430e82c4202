import type { GatewayError } from '../spec/gateway-error.js';
import type { LlmClassification } from './strategies/llm-classification.js';
import type { Candidate, Ranking } from './strategies/strategy.js';

/** A deployment the filters dropped, and why (one line a person can act on). */
export interface FilteredOut {
  deployment: string;
  group: string;
  reason: string;
}

export interface AttemptRecord {
  deployment: string;
  group: string;
  /** `skipped`: chosen but not sent (its circuit's probe was taken, or it had no RPM/TPM headroom). `cancelled`: a hedge that lost. */
  outcome: 'ok' | 'error' | 'skipped' | 'cancelled';
  /** Milliseconds from the start of routing to this attempt's start, and the attempt's own duration. */
  startedAtMs: number;
  durationMs: number;
  /** Sent because the attempt before it was slow (hedging). */
  hedge?: boolean;
  /** Waited this long (backoff) before the attempt. */
  waitedMs?: number;
  error?: { code: string; status: number; message: string; provider?: string | undefined };
  note?: string;
}

interface GroupDecision {
  group: string;
  strategy: string;
  /** The rules or A/B choice that led here. */
  selection: string | undefined;
  /** The strategy's one line on why the first candidate won. */
  reason: string | undefined;
  /** Candidate ids, best first. */
  ranked: readonly string[];
  /** A detailed trace only: the candidates (estimates, health) and the ranking (scores). */
  candidates: readonly Candidate[] | undefined;
  ranking: Ranking | undefined;
  /** A learned strategy's score and threshold on the way here. */
  learned: { score: number; threshold: number; choice: 'strong' | 'weak' } | undefined;
  /** The task category a selector decided on the way here (an `llm` classifier). */
  category: string | undefined;
}

/**
 * The decision trace of one request: every group considered, its candidates and their scores, what
 * the filters dropped and why, and every attempt with its error. Returned whole with
 * `x-skyroute-debug: 1`, and what the request log stores. Built cheaply on the hot path: nothing is
 * formatted until asked, and only a `detailed` trace keeps the candidates (their estimates, health
 * and scores) — keeping ten candidates alive for the whole request made every request's garbage
 * outlive the young generation, which cost more than building them.
 */
export class RouteTrace {
  readonly decisions: GroupDecision[] = [];
  readonly filtered: FilteredOut[] = [];
  readonly attempts: AttemptRecord[] = [];
  /** The `llm` selectors' classifications on the way (each once, however many plans reused it). */
  readonly classifications: LlmClassification[] = [];
  private readonly startedAt: number;

  constructor(
    readonly model: string,
    private readonly now: () => number,
    private readonly detailed = false,
  ) {
    this.startedAt = now();
  }

  elapsedMs(): number {
    return this.now() - this.startedAt;
  }

  decide(
    group: string,
    strategy: string,
    selection: string | undefined,
    candidates: readonly Candidate[],
    ranking: Ranking | undefined,
    learned?: GroupDecision['learned'],
    category?: string,
  ): void {
    const ordered = ranking?.ordered ?? candidates;
    const ranked: string[] = new Array<string>(ordered.length);
    for (let index = 0; index < ordered.length; index++) ranked[index] = ordered[index]!.deployment.id;
    this.decisions.push({
      group,
      strategy,
      selection,
      reason: ranking?.reason,
      ranked,
      candidates: this.detailed ? candidates : undefined,
      ranking: this.detailed ? ranking : undefined,
      learned,
      category,
    });
  }

  /** The task category of the last decision that has one (what the request log records). */
  category(): string | undefined {
    for (let index = this.decisions.length - 1; index >= 0; index--) {
      const category = this.decisions[index]!.category;
      if (category !== undefined) return category;
    }
    return undefined;
  }

  attempt(record: AttemptRecord): void {
    this.attempts.push(record);
  }

  /** Records an `llm` classification; a retry round or fallback group that reuses the same one adds nothing. */
  classified(classification: LlmClassification): void {
    if (!this.classifications.includes(classification)) this.classifications.push(classification);
  }

  /** What this request's classifier calls cost (nano-dollars): charged to the caller with the answer. */
  classifierCostNusd(): number {
    let total = 0;
    for (const classification of this.classifications) total += classification.costNusd;
    return total;
  }

  /**
   * Whether the trace says more than the route reason and the served deployment do: a detailed trace
   * (debug), a failed, skipped or cancelled attempt, a second attempt, a fallback group, a filtered
   * deployment. The request log keeps only these traces: most requests are one plan and one attempt.
   */
  tellsMore(): boolean {
    if (this.detailed || this.decisions.length > 1 || this.filtered.length > 0 || this.attempts.length > 1) return true;
    // A request that waited for a classifier (and usually paid for it) keeps the record of that call.
    if (this.classifications.some((classification) => classification.latencyMs !== undefined)) return true;
    return this.attempts.some((attempt) => attempt.outcome !== 'ok');
  }

  /** Attempts that reached a provider (for `x-skyroute-attempts`). */
  sentAttempts(): number {
    let count = 0;
    for (const attempt of this.attempts) if (attempt.outcome !== 'skipped') count++;
    return count;
  }

  /**
   * One line for `x-skyroute-route-reason`: the strategy's reason for the winner, then what happened
   * on the way (failed attempts, fallback groups, filtered deployments). Header-safe (Latin-1, no line breaks).
   */
  reason(winner: string | undefined): string {
    const decision = (winner === undefined ? undefined : this.decisions.find((item) => item.ranked.includes(winner))) ?? this.decisions[0];
    if (decision === undefined) return '';
    let line = winner === undefined ? `${decision.strategy}: no deployment served the request` : (decision.reason ?? `${decision.strategy}: ${winner}`);
    if (decision.selection !== undefined) line = `${decision.selection}; ${line}`;
    if (winner !== undefined && decision.reason !== undefined && decision.ranked[0] !== winner) line += `; served by ${winner}`;
    const failed = this.attempts.filter((attempt) => attempt.outcome === 'error');
    if (failed.length > 0) {
      line += `; after ${failed.length} failed attempt${failed.length === 1 ? '' : 's'} (${failed
        .map((attempt) => `${attempt.deployment} ${attempt.error?.status ?? ''} ${attempt.error?.code ?? ''}`.trim())
        .join(', ')})`;
    }
    if (this.decisions.length > 1) {
      // Later rounds plan the same groups again; the line names each group once, in the order first tried.
      const groups = [...new Set(this.decisions.map((item) => item.group))];
      if (groups.length > 1) line += `; groups ${groups.join(' > ')}`;
    }
    if (this.filtered.length > 0) line += `; ${this.filtered.length} filtered out`;
    return headerSafe(line);
  }

  toJSON(): Record<string, unknown> {
    return {
      model: this.model,
      groups: this.decisions.map((decision) => ({
        group: decision.group,
        strategy: decision.strategy,
        ...(decision.selection === undefined ? {} : { selection: decision.selection }),
        ...(decision.category === undefined ? {} : { category: decision.category }),
        ...(decision.learned === undefined
          ? {}
          : { learned: { score: round(decision.learned.score), threshold: round(decision.learned.threshold), choice: decision.learned.choice } }),
        ...(decision.reason === undefined ? {} : { reason: decision.reason }),
        candidates:
          decision.candidates === undefined
            ? decision.ranked.map((deployment) => ({ deployment }))
            : (decision.ranking?.ordered ?? decision.candidates).map((candidate) => {
          const score = decision.ranking?.scores.get(candidate.deployment.id);
          const { health } = candidate;
          return {
            deployment: candidate.deployment.id,
            ...(score === undefined ? {} : { score: round(score.score), detail: score.detail }),
            estimated_cost_usd: candidate.estimatedCostUsd,
            estimated_latency_ms: candidate.estimatedLatencyMs === undefined ? undefined : Math.round(candidate.estimatedLatencyMs),
            quality: candidate.deployment.quality,
            explore: candidate.explore || undefined,
            health: {
              circuit: health.circuit,
              ttft_ms: health.ttftMs === undefined ? undefined : Math.round(health.ttftMs),
              tokens_per_second: health.tokensPerSecond === undefined ? undefined : round(health.tokensPerSecond),
              in_flight: health.inFlight,
              error_rate: round(health.errorRate),
            },
          };
        }),
      })),
      ...(this.classifications.length === 0 ? {} : { classifier: this.classifications.map(classificationJson) }),
      filtered_out: this.filtered,
      attempts: this.attempts.map((attempt) => ({
        deployment: attempt.deployment,
        group: attempt.group,
        outcome: attempt.outcome,
        started_at_ms: Math.round(attempt.startedAtMs),
        duration_ms: Math.round(attempt.durationMs),
        ...(attempt.hedge === true ? { hedge: true } : {}),
        ...(attempt.waitedMs === undefined ? {} : { waited_ms: Math.round(attempt.waitedMs) }),
        ...(attempt.error === undefined ? {} : { error: attempt.error }),
        ...(attempt.note === undefined ? {} : { note: attempt.note }),
      })),
    };
  }
}

function classificationJson(classification: LlmClassification): Record<string, unknown> {
  return {
    model: classification.model,
    category: classification.category,
    outcome: classification.outcome,
    ...(classification.fallback === undefined ? {} : { fallback: classification.fallback }),
    ...(classification.shared === true ? { shared: true } : {}),
    ...(classification.deployment === undefined ? {} : { deployment: classification.deployment }),
    ...(classification.latencyMs === undefined ? {} : { latency_ms: Math.round(classification.latencyMs) }),
    ...(classification.inputTokens === undefined ? {} : { input_tokens: classification.inputTokens, output_tokens: classification.outputTokens ?? 0 }),
    cost_usd: classification.costNusd / 1e9,
  };
}

export function errorSummary(error: GatewayError): NonNullable<AttemptRecord['error']> {
  return { code: error.code, status: error.status, message: error.message, provider: error.provider };
}

// eslint-disable-next-line no-control-regex
const UNSAFE_IN_HEADER = /[^\x20-\x7e\xa0-\xff]/;
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_HEADER_ALL = /[^\x20-\x7e\xa0-\xff]/g;

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/** The reasons' own non-Latin-1 signs, spelled so a header keeps their meaning. */
const HEADER_SPELLINGS: Readonly<Record<string, string>> = { '→': '->', '≥': '>=', '≤': '<=', '∞': 'inf' };

/** Header values are Latin-1 without control characters; the reasons' arrows and comparisons are spelled out, anything else becomes `?`, and the line stays under 1 KB. */
function headerSafe(line: string): string {
  // eslint-disable-next-line no-control-regex
  const safe = UNSAFE_IN_HEADER.test(line) ? line.replace(UNSAFE_IN_HEADER_ALL, (character) => HEADER_SPELLINGS[character] ?? '?') : line;
  return safe.length > 1000 ? `${safe.slice(0, 997)}...` : safe;
}
