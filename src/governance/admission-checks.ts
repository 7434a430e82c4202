import type { StatePort } from '../state/state-port.js';
import type { Budget, BudgetPeriod, Limits, Store } from '../store/store-port.js';
import { budgetWindow } from './budget-window.js';

/** A key or a team: whose limits a request counts against. */
export interface LimitScope {
  kind: 'key' | 'team';
  id: string;
  name: string;
  limits: Limits;
}

/** What one check took, so it can be given back (a refused request, a failed one) or settled against the real figures. */
export type Hold =
  | { kind: 'rpm'; scope: LimitScope; key: string }
  | { kind: 'tpm'; scope: LimitScope; key: string; tokens: number }
  | { kind: 'parallel'; scope: LimitScope; key: string; holder: string }
  | { kind: 'budget'; scope: LimitScope; key: string; budget: Budget; amountNusd: number; limitNusd: number; resetsAt: number | undefined };

/** Why a check refused: enough to write the client an error that says which limit and until when. */
export type Refusal =
  | { kind: 'rpm' | 'tpm'; scope: LimitScope; limit: number; retryAfterMs: number }
  | { kind: 'parallel'; scope: LimitScope; limit: number }
  | { kind: 'budget'; scope: LimitScope; budget: Budget; spentNusd: number; amountNusd: number; resetsAt: number | undefined };

export type CheckResult = { ok: true; hold: Hold } | { ok: false; refusal: Refusal };

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export function stateKey(kind: 'rpm' | 'tpm' | 'par', scope: LimitScope): string {
  return `gov:${kind}:${scope.kind}:${scope.id}`;
}

export function budgetKey(scope: LimitScope, period: BudgetPeriod, fromDay: string | undefined): string {
  return `gov:budget:${scope.kind}:${scope.id}:${period}:${fromDay ?? 'all'}`;
}

export async function checkRate(state: StatePort, kind: 'rpm' | 'tpm', scope: LimitScope, limit: number, amount: number): Promise<CheckResult> {
  const key = stateKey(kind, scope);
  const counted = await state.consume(key, MINUTE_MS, limit, amount);
  if (!counted.allowed) return { ok: false, refusal: { kind, scope, limit, retryAfterMs: counted.retryAfterMs } };
  return { ok: true, hold: kind === 'rpm' ? { kind, scope, key } : { kind, scope, key, tokens: amount } };
}

export async function checkParallel(state: StatePort, scope: LimitScope, limit: number, holder: string, leaseMs: number): Promise<CheckResult> {
  const key = stateKey('par', scope);
  if (!(await state.acquireLease(key, holder, limit, leaseMs))) return { ok: false, refusal: { kind: 'parallel', scope, limit } };
  return { ok: true, hold: { kind: 'parallel', scope, key, holder } };
}

/**
 * Reserves `amountNusd` of a budget's period. The counter in the state port holds the period's spend
 * plus what requests in flight reserved; one missing (a new period, a Redis restart) starts from what
 * the store has recorded for the period, and lives until a day after the period ends.
 */
export async function checkBudget(state: StatePort, store: Store | undefined, scope: LimitScope, budget: Budget, amountNusd: number, now: number): Promise<CheckResult> {
  const window = budgetWindow(budget.period, now);
  const key = budgetKey(scope, budget.period, window.fromDay);
  const limitNusd = Math.round(budget.limitUsd * 1e9);
  let reserved = await state.reserve(key, amountNusd, limitNusd);
  if (reserved.status === 'missing') {
    const spent = store === undefined ? 0 : await store.spendSince(scope.kind === 'key' ? { keyId: scope.id } : { teamId: scope.id }, window.fromDay);
    await state.seedCounter(key, spent, window.resetsAt === undefined ? 0 : window.resetsAt - now + DAY_MS);
    reserved = await state.reserve(key, amountNusd, limitNusd);
    if (reserved.status === 'missing') throw new Error(`budget counter ${key} vanished right after it was seeded`);
  }
  if (reserved.status === 'over') {
    return { ok: false, refusal: { kind: 'budget', scope, budget, spentNusd: reserved.value, amountNusd, resetsAt: window.resetsAt } };
  }
  return { ok: true, hold: { kind: 'budget', scope, key, budget, amountNusd, limitNusd, resetsAt: window.resetsAt } };
}

/** Gives a hold back entirely (the request was refused elsewhere, or failed before using anything). */
export async function releaseHold(state: StatePort, hold: Hold): Promise<void> {
  switch (hold.kind) {
    case 'rpm':
      return; // a request that was let in counts, whatever became of it
    case 'tpm':
      return state.add(hold.key, MINUTE_MS, -hold.tokens);
    case 'parallel':
      return state.releaseLease(hold.key, hold.holder);
    case 'budget':
      await state.adjustCounter(hold.key, -hold.amountNusd);
      return;
  }
}

/** Undoes a hold of a request that was refused by another check: even its request count goes back. */
export async function undoHold(state: StatePort, hold: Hold): Promise<void> {
  if (hold.kind === 'rpm') return state.add(hold.key, MINUTE_MS, -1);
  return releaseHold(state, hold);
}
