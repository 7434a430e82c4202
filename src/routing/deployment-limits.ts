import type { AdmissionCheck, StatePort } from '../state/state-port.js';
import type { Deployment } from './deployment.js';

const MINUTE_MS = 60_000;

export type LimitCheck = { ok: true } | { ok: false; retryAfterMs: number; reason: string };

/** What a deployment's windows hold now (sliding-window counts, so fractions of the previous minute): absent where it has no such limit. */
export interface LimitUsage {
  requests?: number;
  tokens?: number;
}

/**
 * A deployment's own `rpm` / `tpm` (what its provider account allows), counted in one-minute sliding
 * windows behind the state port, so every replica draws from the same allowance when state is Redis.
 *
 * - `check()` is synchronous and local: a deployment that was refused a moment ago is skipped by the
 *   filters until its window has room again, without a round trip.
 * - `acquire()` is the atomic decision, made just before a deployment is called.
 * - `settle()` corrects the token window once the real usage is known (the estimate was the prompt
 *   plus the output the request allows).
 * When the state port does not answer (Redis down), the request goes ahead: these limits protect a
 * provider account whose own 429s the router already handles, so failing closed would turn a Redis
 * outage into a gateway outage (docs/routing.md).
 */
export class DeploymentLimits {
  private readonly refusedUntil = new Map<string, { until: number; reason: string }>();

  constructor(
    private readonly state: StatePort,
    private readonly now: () => number,
    private readonly onError: (error: unknown) => void,
  ) {}

  check(deployment: Deployment): LimitCheck {
    if (deployment.rpm === undefined && deployment.tpm === undefined) return { ok: true };
    const refused = this.refusedUntil.get(deployment.id);
    if (refused === undefined) return { ok: true };
    const wait = refused.until - this.now();
    if (wait <= 0) {
      this.refusedUntil.delete(deployment.id);
      return { ok: true };
    }
    return { ok: false, retryAfterMs: wait, reason: refused.reason };
  }

  async acquire(deployment: Deployment, estimatedTokens: number): Promise<LimitCheck> {
    const { rpm, tpm } = deployment;
    if (rpm === undefined && tpm === undefined) return { ok: true };
    try {
      if (rpm !== undefined) {
        const requests = await this.state.consume(`rpm:${deployment.id}`, MINUTE_MS, rpm, 1);
        if (!requests.allowed) return this.refuse(deployment, requests.retryAfterMs, `at its rpm limit (${rpm} requests a minute)`);
      }
      if (tpm !== undefined) {
        const tokens = await this.state.consume(`tpm:${deployment.id}`, MINUTE_MS, tpm, Math.min(estimatedTokens, tpm));
        if (!tokens.allowed) {
          if (rpm !== undefined) void this.state.add(`rpm:${deployment.id}`, MINUTE_MS, -1).catch(this.onError);
          return this.refuse(deployment, tokens.retryAfterMs, `at its tpm limit (${tpm} tokens a minute; this request needs about ${estimatedTokens})`);
        }
      }
      return { ok: true };
    } catch (error) {
      this.onError(error);
      return { ok: true };
    }
  }

  /** Replaces the estimate by the tokens really used (fire and forget). */
  settle(deployment: Deployment, estimatedTokens: number, usedTokens: number): void {
    if (deployment.tpm === undefined) return;
    // acquire() drew at most the whole allowance; correct from what it drew.
    const drawn = Math.min(estimatedTokens, deployment.tpm);
    if (usedTokens === drawn) return;
    void this.state.add(`tpm:${deployment.id}`, MINUTE_MS, usedTokens - drawn).catch(this.onError);
  }

  /**
   * The requests and tokens counted now in the windows of every deployment with a limit, read in one
   * call to the state port (one round trip on Redis) that takes nothing: each window is asked for an
   * amount of 0. Rejects when the state port does not answer; the caller says what it cannot show.
   */
  async usage(deployments: Iterable<Deployment>): Promise<Map<string, LimitUsage>> {
    const checks: AdmissionCheck[] = [];
    const seen = new Set<string>();
    for (const deployment of deployments) {
      // The same id in several groups shares its windows (the keys are the id's), so it is read once.
      if (seen.has(deployment.id)) continue;
      seen.add(deployment.id);
      // The limit only decides `allowed`, which an amount of 0 never needs; the count comes back either way.
      if (deployment.rpm !== undefined) checks.push({ kind: 'window', key: `rpm:${deployment.id}`, windowMs: MINUTE_MS, limit: deployment.rpm, amount: 0 });
      if (deployment.tpm !== undefined) checks.push({ kind: 'window', key: `tpm:${deployment.id}`, windowMs: MINUTE_MS, limit: deployment.tpm, amount: 0 });
    }
    const usage = new Map<string, LimitUsage>();
    if (checks.length === 0) return usage;
    const { results } = await this.state.admitAll(checks);
    checks.forEach((check, index) => {
      const result = results[index];
      if (result?.kind !== 'window') return;
      const id = check.key.slice(4); // after 'rpm:' or 'tpm:'
      const entry = usage.get(id) ?? {};
      if (check.key.startsWith('rpm:')) entry.requests = result.count;
      else entry.tokens = result.count;
      usage.set(id, entry);
    });
    return usage;
  }

  private refuse(deployment: Deployment, retryAfterMs: number, reason: string): LimitCheck {
    this.refusedUntil.set(deployment.id, { until: this.now() + retryAfterMs, reason });
    return { ok: false, retryAfterMs, reason };
  }
}
