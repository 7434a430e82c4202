import type { Budget, BudgetPeriod, Limits } from '../../store/store-port.js';

/** The limit fields of a key or team request: absent keeps the current value, null clears it. */
export interface LimitsInput {
  models?: string[] | null | undefined;
  rpm?: number | null | undefined;
  tpm?: number | null | undefined;
  max_parallel?: number | null | undefined;
  budgets?: Array<{ period: BudgetPeriod; limit_usd: number; alert_at?: number | undefined }> | null | undefined;
}

/**
 * The limits after a create (from `{}`) or a patch. The store keeps limits as one JSON value, so a
 * patch of one field rewrites the whole object; cleared fields are left out rather than stored as
 * undefined, so a record read back equals the one written.
 */
export function applyLimitsInput(current: Limits, input: LimitsInput): Limits {
  const models = input.models === undefined ? current.models : input.models ?? undefined;
  const rpm = input.rpm === undefined ? current.rpm : input.rpm ?? undefined;
  const tpm = input.tpm === undefined ? current.tpm : input.tpm ?? undefined;
  const maxParallel = input.max_parallel === undefined ? current.maxParallel : input.max_parallel ?? undefined;
  const budgets = input.budgets === undefined ? current.budgets : input.budgets?.map(budgetOf);
  const limits: Limits = {};
  if (models !== undefined) limits.models = models;
  if (rpm !== undefined) limits.rpm = rpm;
  if (tpm !== undefined) limits.tpm = tpm;
  if (maxParallel !== undefined) limits.maxParallel = maxParallel;
  if (budgets !== undefined && budgets.length > 0) limits.budgets = budgets;
  return limits;
}

function budgetOf(input: { period: BudgetPeriod; limit_usd: number; alert_at?: number | undefined }): Budget {
  const budget: Budget = { period: input.period, limitUsd: input.limit_usd };
  if (input.alert_at !== undefined) budget.alertAt = input.alert_at;
  return budget;
}
