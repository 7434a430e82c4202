import type { LimitsJson } from './admin-api-types.js';

/** Plain-text rendering for people: tables padded to the widest cell, short times, short money. */

export function formatTable(headers: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = headers.map((header, column) => Math.max(header.length, ...rows.map((row) => (row[column] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join('  ')
      .trimEnd();
  return `${[line(headers), ...rows.map(line)].join('\n')}\n`;
}

/** Aligned `label  value` lines, for one record. */
export function formatFields(fields: ReadonlyArray<readonly [string, string]>): string {
  const width = Math.max(...fields.map(([label]) => label.length));
  return fields.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n') + '\n';
}

/** `2026-01-14T12:00:00.000Z` → `2026-01-14 12:00:00Z`; null → `-`. */
export function formatTime(iso: string | null | undefined): string {
  if (iso === null || iso === undefined) return '-';
  return iso.replace('T', ' ').replace(/\.\d{3}Z$/, 'Z');
}

/** Dollars to the cent from one dollar up, else three significant digits (a request costs fractions of a cent). */
export function formatUsd(usd: number): string {
  if (usd === 0) return '$0';
  if (Math.abs(usd) >= 1) return `$${usd.toFixed(2)}`;
  return `$${Number(usd.toPrecision(3))}`;
}

/** One line for a key's or team's limits: `models chat,embed · 600 rpm · $50/month`. */
export function formatLimits(limits: Pick<LimitsJson, 'models' | 'rpm' | 'tpm' | 'max_parallel' | 'budgets'>): string {
  const parts: string[] = [];
  if (limits.models !== null) parts.push(`models ${limits.models.join(',')}`);
  if (limits.rpm !== null) parts.push(`${limits.rpm} rpm`);
  if (limits.tpm !== null) parts.push(`${limits.tpm} tpm`);
  if (limits.max_parallel !== null) parts.push(`${limits.max_parallel} parallel`);
  for (const budget of limits.budgets) parts.push(`${formatUsd(budget.limit_usd)}/${budget.period}${budget.alert_at === null ? '' : ` (alert at ${Math.round(budget.alert_at * 100)}%)`}`);
  return parts.length === 0 ? 'no limits' : parts.join(' · ');
}

/** Each budget with its spend: `$50/month: $12.30 spent (25%), resets 2026-02-01 00:00:00Z`. */
export function formatBudgetStatus(limits: Pick<LimitsJson, 'budget_status'>): string[] {
  return limits.budget_status.map((status) => {
    const share = status.limit_usd > 0 ? ` (${Math.round((status.spent_usd / status.limit_usd) * 100)}%)` : '';
    const reset = status.resets_at === null ? '' : `, resets ${formatTime(status.resets_at)}`;
    return `${formatUsd(status.limit_usd)}/${status.period}: ${formatUsd(status.spent_usd)} spent${share}${reset}`;
  });
}
