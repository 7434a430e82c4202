import type { IncomingHttpHeaders } from 'node:http';
import type { GovernanceConfig } from '../config/config-schema.js';
import type { StatePort } from '../state/state-port.js';
import type { KeyRecord, Store, TeamRecord } from '../store/store-port.js';
import { GatewayError } from '../spec/gateway-error.js';
import type { Logger } from '../telemetry/create-logger.js';
import { checkOf, holdsFor, refusalOf, settlementOf, type Hold, type LimitScope, type Refusal } from './admission-checks.js';
import { BudgetWindows } from './budget-window.js';
import { SettlementBatcher } from './settlement-batcher.js';
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
  /** Hears each refused admission: the limit the client's error names, and whose (for the metrics). */
  onRefusal?: ((refusal: Refusal, keyId: string, teamId: string | undefined) => void) | undefined;
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

/** Settlements wait this long for others to share their round trip, or go once this many wait. */
const SETTLE_DELAY_MS = 5;
const SETTLE_MAX_PENDING = 1_000;
const DAY_MS = 86_400_000;
const HASH_CACHE_SIZE = 10_000;

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
  private readonly onRefusal: GovernanceOptions['onRefusal'];
  /** Budget counters whose alert threshold was reported in their period (one warning per period per replica). */
  private readonly alerted = new Map<string, number>();
  private readonly settlements: SettlementBatcher;
  /** Presented secret → its hash (bounded: emptied when full). */
  private readonly hashes = new Map<string, string>();
  private readonly windows = new BudgetWindows();

  constructor(options: GovernanceOptions) {
    this.state = options.state;
    this.store = options.store;
    this.directory = options.directory;
    this.settings = options.settings;
    this.logger = options.logger;
    this.now = options.now ?? Date.now;
    this.onStateError = options.onStateError;
    this.onRefusal = options.onRefusal;
    this.settlements = new SettlementBatcher({
      state: options.state,
      delayMs: SETTLE_DELAY_MS,
      maxPending: SETTLE_MAX_PENDING,
      onCounter: (hold, value) => this.alertOnBudget(hold, value),
      onError: options.onStateError,
    });
  }

  /** Throws the 401 a client should see: no key, an unknown one, a revoked or expired one. */
  async authenticate(headers: IncomingHttpHeaders): Promise<Principal> {
    const settings = this.settings();
    if (settings.masterKeyHash === undefined && settings.staticKeyHashes.size === 0) return OPEN;
    const secret = presentedKey(headers);
    if (secret === undefined) {
      throw new GatewayError('GW_ERR_AUTH_MISSING_KEY', 'No API key: send "Authorization: Bearer <key>" (or "x-api-key: <key>") with a key this gateway knows.');
    }
    const hash = this.hashOf(secret);
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
   * Checks and holds a virtual key's limits and budgets (and its team's) for one request, all in one
   * all-or-nothing step of the state port (one Redis script): either every hold is taken or none is.
   * Throws the 429 (rate, parallel), 402 (budget) or 503 (state port down, when configured to refuse) to answer.
   */
  async admit(principal: Principal, request: AdmissionRequest): Promise<Admission> {
    if (principal.kind !== 'virtual') return NOTHING_HELD;
    const scopes: LimitScope[] = [{ kind: 'key', id: principal.key.id, name: principal.key.name, limits: principal.key.limits }];
    if (principal.team !== undefined) scopes.push({ kind: 'team', id: principal.team.id, name: principal.team.name, limits: principal.team.limits });
    const now = this.now();
    const holds = holdsFor(scopes, { requestId: request.requestId, tokens: request.promptTokens + request.outputTokens, maxCostNusd: Math.max(1, request.maxCostNusd), leaseMs: request.leaseMs }, now, this.windows);
    if (holds.length === 0) return NOTHING_HELD;
    const checks = holds.map((hold) => checkOf(hold, request.leaseMs));
    let outcome: Awaited<ReturnType<StatePort['admitAll']>>;
    try {
      outcome = await this.state.admitAll(checks);
      const missing = holds.filter((hold, index) => outcome.results[index]?.kind === 'budget' && (outcome.results[index] as { status: string }).status === 'missing');
      if (missing.length > 0) {
        // A new period, or a Redis that lost its data: the counters start from what the store has recorded.
        await Promise.all(missing.map((hold) => this.seedBudget(hold as Hold & { kind: 'budget' }, now)));
        outcome = await this.state.admitAll(checks);
        if (outcome.results.some((result) => result.kind === 'budget' && result.status === 'missing')) throw new Error('a budget counter vanished right after it was seeded');
      }
    } catch (error) {
      this.onStateError(error);
      const { when_state_unavailable: whenDown } = this.settings().governance;
      const budget = holds.some((hold) => hold.kind === 'budget') && whenDown.budgets === 'reject';
      const rate = holds.some((hold) => hold.kind !== 'budget') && whenDown.rate_limits === 'reject';
      if (budget || rate) {
        throw new GatewayError(
          'GW_ERR_GOVERNANCE_UNAVAILABLE',
          `${budget ? 'Budgets' : 'Rate limits'} cannot be checked: the shared state does not answer (${(error as Error).message ?? String(error)}). ` +
            `Requests of keys with ${budget ? 'budgets' : 'limits'} are refused until it does (governance.when_state_unavailable).`,
          { retryAfterSeconds: 5 },
        );
      }
      return NOTHING_HELD; // configured to let requests through while the state is down: nothing was held
    }
    if (!outcome.admitted) {
      const refusals = holds.flatMap((hold, index) => refusalOf(hold, outcome.results[index]!) ?? []);
      if (refusals.length === 0) throw new Error('the state port refused a request without saying which check refused');
      const refused = mostTelling(refusals);
      this.onRefusal?.(refused, principal.key.id, principal.team?.id);
      throw refusalError(refused, this.now());
    }
    return this.holding(holds);
  }

  /** SHA-256 of a presented secret, remembered: most requests present a key seen moments ago. */
  private hashOf(secret: string): string {
    let hash = this.hashes.get(secret);
    if (hash === undefined) {
      hash = hashSecret(secret);
      if (this.hashes.size >= HASH_CACHE_SIZE) this.hashes.clear();
      this.hashes.set(secret, hash);
    }
    return hash;
  }

  /** Sends the settlements still waiting and waits for every batch sent: before a shutdown. */
  flushSettlements(): Promise<void> {
    return this.settlements.flush();
  }

  private async seedBudget(hold: Hold & { kind: 'budget' }, now: number): Promise<void> {
    const spent = this.store === undefined ? 0 : await this.store.spendSince(hold.scope.kind === 'key' ? { keyId: hold.scope.id } : { teamId: hold.scope.id }, hold.fromDay);
    await this.state.seedCounter(hold.key, spent, hold.resetsAt === undefined ? 0 : hold.resetsAt - now + DAY_MS);
  }

  private holding(holds: Hold[]): Admission {
    let settledOnce = false;
    return {
      settle: (used) => {
        if (settledOnce) return;
        settledOnce = true;
        for (const hold of holds) {
          const settlement = settlementOf(hold, used);
          if (settlement !== undefined) this.settlements.add(settlement, hold);
        }
      },
    };
  }

  private alertOnBudget(hold: Hold & { kind: 'budget' }, value: number): void {
    const alertAt = hold.budget.alertAt;
    if (alertAt === undefined || value < alertAt * hold.limitNusd) return;
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
