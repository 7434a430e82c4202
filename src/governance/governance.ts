import type { IncomingHttpHeaders } from 'node:http';
import type { GovernanceConfig } from '../config/config-schema.js';
import type { StatePort } from '../state/state-port.js';
import type { KeyRecord, Store, TeamRecord } from '../store/store-port.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { Logger } from '../telemetry/create-logger.js';
import { checkBudget, checkParallel, checkRate, releaseHold, undoHold, type CheckResult, type Hold, type LimitScope, type Refusal } from './admission-checks.js';
import type { KeyDirectory } from './key-directory.js';
import { hashSecret } from './key-secret.js';
import { refusalError } from './refusal-error.js';

/** Who sent a request. */
export type Principal =
  | { kind: 'open' }
  | { kind: 'static' }
  | { kind: 'master' }
  | { kind: 'virtual'; key: KeyRecord; team: TeamRecord | undefined };

export const OPEN: Principal = Object.freeze({ kind: 'open' });

/** What the gateway's config says about keys, read per request (a reload changes it). */
export interface AuthSettings {
  masterKeyHash: string | undefined;
  staticKeyHashes: ReadonlySet<string>;
  governance: GovernanceConfig;
}

export interface GovernanceOptions {
  state: StatePort;
  /** Undefined: no database (no master key and no request log); virtual keys are then unknown. */
  store: Store | undefined;
  directory: KeyDirectory | undefined;
  settings: () => AuthSettings;
  logger: Logger;
  now?: () => number;
  /** Hears that the state port failed (reported once per outage by the caller). */
  onStateError: (error: unknown) => void;
}

export interface AdmissionRequest {
  requestId: string;
  /** Input tokens, as estimated for routing. */
  promptTokens: number;
  /** Output tokens to reserve: max_tokens, else the configured default capped by the model's maximum. */
  outputTokens: number;
  /** The most this request can cost (nano-dollars) on the priciest deployment it may reach. */
  maxCostNusd: number;
  /** How long the request may run: parallel-request leases last this long at most (a replica that dies frees them). */
  leaseMs: number;
}

export interface Admission {
  /** Reconciles what was reserved with what the request used (nothing, when it failed); call once. */
  settle(used: { tokens: number; costNusd: number }): void;
}

const NOTHING_HELD: Admission = Object.freeze({ settle: () => {} });

/**
 * Keys, limits and budgets on the request path. `authenticate` says who is asking (a virtual key from
 * the directory's memory, a static key, the master key); `admit` checks a virtual key's and its team's
 * RPM, TPM, parallel requests and budgets in the state port — all at once, atomically each, memory on
 * one node and Redis across replicas — and holds what the request may use until `settle` puts the real
 * figures in its place. A request refused by one check gives back what the others took.
 */
export class Governance {
  private readonly state: StatePort;
  private readonly store: Store | undefined;
  private readonly directory: KeyDirectory | undefined;
  private readonly settings: () => AuthSettings;
  private readonly logger: Logger;
  private readonly now: () => number;
  private readonly onStateError: (error: unknown) => void;
  /** Budget counters whose alert threshold was reported in their period (one warning per period per replica). */
  private readonly alerted = new Map<string, number>();

  constructor(options: GovernanceOptions) {
    this.state = options.state;
    this.store = options.store;
    this.directory = options.directory;
    this.settings = options.settings;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.onStateError = options.onStateError;
  }

  /** Throws the 401 a client should see: no key, an unknown one, a revoked or expired one. */
  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    const settings = this.settings();
    if (settings.masterKeyHash === undefined && settings.staticKeyHashes.size === 0) return OPEN;
    const secret = presentedKey(headers);
    if (secret === undefined) {
      throw new GatewayError('GW_ERR_AUTH_MISSING_KEY', 'No API key: send "Authorization: Bearer <key>" (or "x-api-key: <key>") with a key this gateway knows.');
    }
    const hash = hashSecret(secret);
    if (hash === settings.masterKeyHash) return { kind: 'master' };
    if (settings.staticKeyHashes.has(hash)) return { kind: 'static' };
    const known = settings.masterKeyHash === undefined || this.directory === undefined ? undefined : await this.findKey(hash);
    if (known === undefined) throw new GatewayError('GW_ERR_AUTH_INVALID_KEY', `The API key ending in "${secret.slice(-4)}" is not valid for this gateway.`);
    const { key } = known;
    if (key.revokedAt !== undefined) {
      throw new GatewayError('GW_ERR_AUTH_KEY_REVOKED', `The API key "${key.name}" (${key.preview}) was revoked at ${new Date(key.revokedAt).toISOString()}; ask whoever issued it for a new one.`);
    }
    if (key.expiresAt !== undefined && key.expiresAt <= this.now()) {
      throw new GatewayError('GW_ERR_AUTH_KEY_EXPIRED', `The API key "${key.name}" (${key.preview}) expired at ${new Date(key.expiresAt).toISOString()}; ask whoever issued it for a new one.`);
    }
    return { kind: 'virtual', key, team: known.team };
  }

  /**
   * Checks and holds a virtual key's limits and budgets (and its team's) for one request. Throws the
   * 429 (rate, parallel), 402 (budget) or 503 (state port down, when configured to refuse) to answer.
   */
  async admit(principal: Principal, request: AdmissionRequest): Promise<Admission> {
    if (principal.kind !== 'virtual') return NOTHING_HELD;
    const scopes: LimitScope[] = [{ kind: 'key', id: principal.key.id, name: principal.key.name, limits: principal.key.limits }];
    if (principal.team !== undefined) scopes.push({ kind: 'team', id: principal.team.id, name: principal.team.name, limits: principal.team.limits });
    const checks: { budget: boolean; result: Promise<CheckResult> }[] = [];
    const now = this.now();
    const tokens = request.promptTokens + request.outputTokens;
    for (const scope of scopes) {
      const { rpm, tpm, maxParallel, budgets } = scope.limits;
      if (rpm !== undefined) checks.push({ budget: false, result: checkRate(this.state, 'rpm', scope, rpm, 1) });
      if (tpm !== undefined) checks.push({ budget: false, result: checkRate(this.state, 'tpm', scope, tpm, tokens) });
      if (maxParallel !== undefined) checks.push({ budget: false, result: checkParallel(this.state, scope, maxParallel, request.requestId, request.leaseMs) });
      for (const budget of budgets ?? []) checks.push({ budget: true, result: checkBudget(this.state, this.store, scope, budget, Math.max(1, request.maxCostNusd), now) });
    }
    if (checks.length === 0) return NOTHING_HELD;
    const settled = await Promise.allSettled(checks.map((check) => check.result));
    const holds: Hold[] = [];
    const refusals: Refusal[] = [];
    let unavailable: { error: unknown; budget: boolean } | undefined;
    const { when_state_unavailable: whenDown } = this.settings().governance;
    settled.forEach((outcome, index) => {
      if (outcome.status === 'fulfilled') {
        if (outcome.value.ok) holds.push(outcome.value.hold);
        else refusals.push(outcome.value.refusal);
        return;
      }
      this.onStateError(outcome.reason);
      const budget = checks[index]!.budget;
      if ((budget ? whenDown.budgets : whenDown.rate_limits) === 'reject') unavailable ??= { error: outcome.reason, budget };
    });
    if (refusals.length > 0 || unavailable !== undefined) {
      for (const hold of holds) void undoHold(this.state, hold).catch(this.onStateError);
      if (unavailable !== undefined) {
        throw new GatewayError(
          'GW_ERR_GOVERNANCE_UNAVAILABLE',
          `${unavailable.budget ? 'Budgets' : 'Rate limits'} cannot be checked: the shared state does not answer (${(unavailable.error as Error).message ?? String(unavailable.error)}). ` +
            `Requests of keys with ${unavailable.budget ? 'budgets' : 'limits'} are refused until it does (governance.when_state_unavailable).`,
          { retryAfterSeconds: 5 },
        );
      }
      throw refusalError(mostTelling(refusals), this.now());
    }
    return this.holding(holds);
  }

  private holding(holds: Hold[]): Admission {
    let settledOnce = false;
    return {
      settle: (used) => {
        if (settledOnce) return;
        settledOnce = true;
        for (const hold of holds) void this.settleHold(hold, used).catch(this.onStateError);
      },
    };
  }

  private async settleHold(hold: Hold, used: { tokens: number; costNusd: number }): Promise<void> {
    if (hold.kind === 'tpm') return this.state.add(hold.key, 60_000, used.tokens - hold.tokens);
    if (hold.kind !== 'budget') return releaseHold(this.state, hold);
    const value = await this.state.adjustCounter(hold.key, used.costNusd - hold.amountNusd);
    const alertAt = hold.budget.alertAt;
    if (value === undefined || alertAt === undefined || value < alertAt * hold.limitNusd) return;
    if (this.alerted.has(hold.key)) return;
    this.pruneAlerts();
    this.alerted.set(hold.key, hold.resetsAt ?? Number.POSITIVE_INFINITY);
    this.logger.warn(
      { [hold.scope.kind]: hold.scope.name, id: hold.scope.id, period: hold.budget.period, spentUsd: value / 1e9, limitUsd: hold.budget.limitUsd, alertAt },
      `budget alert: ${hold.scope.kind} "${hold.scope.name}" has used ${Math.round((value / hold.limitNusd) * 100)}% of its ${hold.budget.period} budget of $${hold.budget.limitUsd}`,
    );
  }

  private pruneAlerts(): void {
    const now = this.now();
    for (const [key, until] of this.alerted) if (until <= now) this.alerted.delete(key);
  }

  private async findKey(hash: string): Promise<Awaited<ReturnType<KeyDirectory['find']>>> {
    try {
      return await this.directory!.find(hash);
    } catch (error) {
      throw new GatewayError('GW_ERR_STORE_UNAVAILABLE', `This key cannot be checked: the key database (${this.store?.kind ?? 'store'}) does not answer (${(error as Error).message}). Keys this replica has already seen keep working; try again shortly.`, {
        retryAfterSeconds: 2,
        cause: error,
      });
    }
  }
}

/** `Authorization: Bearer <key>`, else `x-api-key` (what Anthropic SDKs send). */
export function presentedKey(headers: IncomingHttpHeaders): string | undefined {
  const header = headers.authorization;
  if (header !== undefined) {
    const match = /^Bearer\s+(.+)$/i.exec(header);
    const key = match?.[1]?.trim();
    if (key !== undefined && key !== '') return key;
  }
  const apiKey = headers['x-api-key'];
  return typeof apiKey === 'string' && apiKey !== '' ? apiKey : undefined;
}

/** A budget says more than a rate limit (waiting a few seconds will not help), a rate limit more than a parallel cap. */
function mostTelling(refusals: Refusal[]): Refusal {
  const rank = (refusal: Refusal): number => (refusal.kind === 'budget' ? 0 : refusal.kind === 'parallel' ? 2 : 1);
  return refusals.reduce((best, refusal) => (rank(refusal) < rank(best) ? refusal : best));
}
