import type { AdmissionCheck, AdmissionCheckResult, Settlement } from '../state/state-port.js';
import type { Budget, BudgetPeriod, Limits } from '../store/store-port.js';
import type { BudgetWindows } from './budget-window.js';

/** A key or a team: whose limits a request counts against. */
export interface LimitScope {
  kind: 'key' | 'team';
  id: string;
  name: string;
  limits: Limits;
}

/** What one check takes, so it can be settled against the real figures (or given back by a failed request). */
export type Hold =
  | { kind: 'rpm'; scope: LimitScope; key: string; limit: number }
  | { kind: 'tpm'; scope: LimitScope; key: string; limit: number; tokens: number }
  | { kind: 'parallel'; scope: LimitScope; key: string; limit: number; holder: string }
  | {
      kind: 'budget';
      scope: LimitScope;
      key: string;
      budget: Budget;
      amountNusd: number;
      limitNusd: number;
      /** The period's first day (undefined: all time), for seeding a missing counter from the store. */
      fromDay: string | undefined;
      resetsAt: number | undefined;
    };

/** Why a check refused: enough to write the client an error that says which limit and until when. */
export type Refusal =
  | { kind: 'rpm' | 'tpm'; scope: LimitScope; limit: number; retryAfterMs: number }
  | { kind: 'parallel'; scope: LimitScope; limit: number }
  | { kind: 'budget'; scope: LimitScope; budget: Budget; spentNusd: number; amountNusd: number; resetsAt: number | undefined };

export const MINUTE_MS = 60_000;

export function stateKey(kind: 'rpm' | 'tpm' | 'par', scope: LimitScope): string {
  return `gov:${kind}:${scope.kind}:${scope.id}`;
}

export function budgetKey(scope: LimitScope, period: BudgetPeriod, fromDay: string | undefined): string {
  return `gov:budget:${scope.kind}:${scope.id}:${period}:${fromDay ?? 'all'}`;
}

export interface HoldRequest {
  requestId: string;
  /** Prompt plus output tokens the request may use. */
  tokens: number;
  /** The most it may cost, nano-dollars (at least 1: a budget check always reserves something). */
  maxCostNusd: number;
  leaseMs: number;
}

/** Every hold a request needs under its scopes' limits (the key's, then its team's), in check order. */
export function holdsFor(scopes: readonly LimitScope[], request: HoldRequest, now: number, windows: BudgetWindows): Hold[] {
  const holds: Hold[] = [];
  for (const scope of scopes) {
    const { rpm, tpm, maxParallel, budgets } = scope.limits;
    if (rpm !== undefined) holds.push({ kind: 'rpm', scope, key: stateKey('rpm', scope), limit: rpm });
    if (tpm !== undefined) holds.push({ kind: 'tpm', scope, key: stateKey('tpm', scope), limit: tpm, tokens: request.tokens });
    if (maxParallel !== undefined) holds.push({ kind: 'parallel', scope, key: stateKey('par', scope), limit: maxParallel, holder: request.requestId });
    for (const budget of budgets ?? []) {
      const window = windows.at(budget.period, now);
      holds.push({
        kind: 'budget',
        scope,
        key: budgetKey(scope, budget.period, window.fromDay),
        budget,
        amountNusd: request.maxCostNusd,
        limitNusd: Math.round(budget.limitUsd * 1e9),
        fromDay: window.fromDay,
        resetsAt: window.resetsAt,
      });
    }
  }
  return holds;
}

/** The state-port check that takes a hold. */
export function checkOf(hold: Hold, leaseMs: number): AdmissionCheck {
  switch (hold.kind) {
    case 'rpm':
      return { kind: 'window', key: hold.key, windowMs: MINUTE_MS, limit: hold.limit, amount: 1 };
    case 'tpm':
      return { kind: 'window', key: hold.key, windowMs: MINUTE_MS, limit: hold.limit, amount: hold.tokens };
    case 'parallel':
      return { kind: 'lease', key: hold.key, holder: hold.holder, limit: hold.limit, ttlMs: leaseMs };
    case 'budget':
      return { kind: 'budget', key: hold.key, amount: hold.amountNusd, limit: hold.limitNusd };
  }
}

/** Why a hold's check refused, or undefined when it passed (or only its budget counter is missing). */
export function refusalOf(hold: Hold, result: AdmissionCheckResult): Refusal | undefined {
  if (result.kind === 'window' && !result.allowed && (hold.kind === 'rpm' || hold.kind === 'tpm')) {
    return { kind: hold.kind, scope: hold.scope, limit: hold.limit, retryAfterMs: result.retryAfterMs };
  }
  if (result.kind === 'lease' && !result.acquired && hold.kind === 'parallel') return { kind: 'parallel', scope: hold.scope, limit: hold.limit };
  if (result.kind === 'budget' && result.status === 'over' && hold.kind === 'budget') {
    return { kind: 'budget', scope: hold.scope, budget: hold.budget, spentNusd: result.value, amountNusd: hold.amountNusd, resetsAt: hold.resetsAt };
  }
  return undefined;
}

/**
 * What settles a hold once the request is over: the real tokens in place of the estimate, the real cost
 * in place of the reservation, the parallel place given back. A request that was let in keeps its count
 * against RPM whatever became of it; a failed one settles with nothing used.
 */
export function settlementOf(hold: Hold, used: { tokens: number; costNusd: number }): Settlement | undefined {
  switch (hold.kind) {
    case 'rpm':
      return undefined;
    case 'tpm':
      return { kind: 'window-add', key: hold.key, windowMs: MINUTE_MS, amount: used.tokens - hold.tokens };
    case 'parallel':
      return { kind: 'lease-release', key: hold.key, holder: hold.holder };
    case 'budget':
      return { kind: 'counter-adjust', key: hold.key, amount: used.costNusd - hold.amountNusd };
  }
}
