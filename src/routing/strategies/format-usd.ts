/**
 * USD for reasons and traces. A request's cost is often a few millionths of a dollar, so a fixed two
 * decimals would print `$0.00` for every candidate; this keeps three significant digits below $1.
 */
export function formatUsd(amount: number): string {
  if (amount === 0) return '$0';
  if (!Number.isFinite(amount)) return `$${amount}`;
  const magnitude = Math.floor(Math.log10(Math.abs(amount)));
  const decimals = Math.min(20, Math.max(2, 2 - magnitude));
  return `$${amount.toFixed(decimals)}`;
}
