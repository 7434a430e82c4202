import { AdminCliError } from './admin-cli-error.js';

/** Reading the CLI's shorthand (50/month, 30d, chat,embed) into the admin API's JSON; each error names the flag and an example. */

const PERIODS = ['day', 'week', 'month', 'total'];

export interface BudgetBody {
  period: string;
  limit_usd: number;
  alert_at?: number;
}

/** `50/month`, `12.5/day`, `$100/total`, with an optional alert share: `50/month@0.8` or `50/month@80%`. */
export function parseBudget(text: string): BudgetBody {
  const match = /^\$?(\d+(?:\.\d+)?)\s*\/\s*([a-z]+)(?:@(\d+(?:\.\d+)?)(%?))?$/i.exec(text.trim());
  const period = match?.[2]?.toLowerCase();
  if (match === null || period === undefined || !PERIODS.includes(period)) {
    throw new AdminCliError(
      `--budget "${text}": expected AMOUNT/PERIOD in USD, such as 50/month (periods: ${PERIODS.join(', ')}), optionally with an alert share, such as 50/month@0.8.`,
    );
  }
  const budget: BudgetBody = { period, limit_usd: Number(match[1]) };
  if (match[3] !== undefined) {
    const share = Number(match[3]) / (match[4] === '%' ? 100 : 1);
    if (share > 1) throw new AdminCliError(`--budget "${text}": the alert share must be between 0 and 1 (or 0% and 100%), e.g. 50/month@0.8.`);
    budget.alert_at = share;
  }
  return budget;
}

const UNITS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 };

/** `90s`, `15m`, `1h`, `30d`, `2w` → milliseconds. */
export function parseDuration(flag: string, text: string): number {
  const match = /^(\d+)\s*([smhdw])$/i.exec(text.trim());
  if (match === null) throw new AdminCliError(`${flag} "${text}": expected a duration such as 90s, 15m, 1h, 30d or 2w.`);
  return Number(match[1]) * UNITS[match[2]!.toLowerCase()]!;
}

/** `--expires 30d` (from now) or an ISO 8601 time, which the API checks. */
export function parseExpires(text: string, now: number): string {
  if (/^\d+\s*[smhdw]$/i.test(text.trim())) return new Date(now + parseDuration('--expires', text)).toISOString();
  if (/^\d{4}-\d{2}-\d{2}/.test(text)) return text;
  throw new AdminCliError(`--expires "${text}": expected a duration from now (such as 30d or 12h) or an ISO 8601 time (such as 2026-12-31T00:00:00Z).`);
}

/** `chat,embed` → ['chat', 'embed']; repeated flags add up. */
export function parseList(values: readonly string[]): string[] {
  return values.flatMap((value) => value.split(',')).map((item) => item.trim()).filter((item) => item !== '');
}

export function parseCount(flag: string, text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(value) || value <= 0) throw new AdminCliError(`${flag} "${text}": expected a whole number above 0.`);
  return value;
}

/** `--meta owner=ada --meta team=research` → {owner: 'ada', team: 'research'} (values are strings). */
export function parseMetadata(values: readonly string[]): Record<string, string> {
  const metadata: Record<string, string> = {};
  for (const value of values) {
    const at = value.indexOf('=');
    if (at <= 0) throw new AdminCliError(`--meta "${value}": expected KEY=VALUE, such as owner=ada.`);
    metadata[value.slice(0, at)] = value.slice(at + 1);
  }
  return metadata;
}
