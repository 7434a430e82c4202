import { noPositionals, parseCommand, printJson, type AdminCommandIo } from './admin-command-io.js';
import { formatTable, formatTime, formatUsd } from './format-output.js';

export const STATS_HELP = `skyroute stats — requests, errors, spend and latency over time (/admin/stats)

Usage:
  skyroute stats [--window 1h|24h|7d|30d] [--bucket 1m|5m|15m|1h|6h|1d…]
                 [--model M[,M…]] [--provider P] [--deployment D] [--key ID] [--team ID]
      One line per bucket that had requests (UTC; the default bucket depends on the window:
      1h → 1m, 24h → 15m, 7d → 1h, 30d → 1d), then the window's total. Filters take one
      value or several separated by commas. Latency and ttft are p50/p95 in milliseconds.
      Figures come from statistics the gateway writes in batches, so the last seconds of
      traffic may not be in yet.

Every command takes --url URL (or SKYROUTE_URL; default http://127.0.0.1:4000),
--master-key KEY (or SKYROUTE_MASTER_KEY) and --json (print the API's JSON).
`;

/** The part of GET /admin/stats's answer the table shows (--json prints all of it). */
interface StatsFigures {
  requests: number;
  errors: number;
  error_rate: number | null;
  cost_usd: number;
  input_tokens: number;
  output_tokens: number;
  latency_p50_ms: number | null;
  latency_p95_ms: number | null;
  ttft_p50_ms: number | null;
  ttft_p95_ms: number | null;
}

interface StatsReport {
  window: string;
  bucket: string;
  from: string;
  to: string;
  data: Array<StatsFigures & { at: string }>;
  total: StatsFigures;
}

export async function statsCommand(args: string[], io: AdminCommandIo): Promise<void> {
  const usage = 'skyroute stats [--window 24h] [--bucket 15m] [--model M] [--provider P] [--deployment D] [--key ID] [--team ID]';
  if (args[0] === 'help') return io.out(STATS_HELP);
  const filter = { type: 'string' } as const;
  const command = parseCommand(args, { window: filter, bucket: filter, model: filter, provider: filter, deployment: filter, key: filter, team: filter }, io, usage);
  if (command.help) return io.out(STATS_HELP);
  noPositionals(command.positionals, usage);
  const { values } = command;
  const report = await command.client.request<StatsReport>('GET', '/admin/stats', {
    query: { window: values.window, bucket: values.bucket, model: values.model, provider: values.provider, deployment: values.deployment, key_id: values.key, team_id: values.team },
  });
  if (command.json) return printJson(io, report);
  const milliseconds = (value: number | null): string => (value === null ? '-' : String(Math.round(value)));
  const figures = (row: StatsFigures): string[] => [
    String(row.requests),
    String(row.errors),
    row.error_rate === null ? '-' : `${(row.error_rate * 100).toFixed(1)}%`,
    formatUsd(row.cost_usd),
    String(row.input_tokens),
    String(row.output_tokens),
    `${milliseconds(row.latency_p50_ms)}/${milliseconds(row.latency_p95_ms)}`,
    `${milliseconds(row.ttft_p50_ms)}/${milliseconds(row.ttft_p95_ms)}`,
  ];
  const rows = report.data.filter((bucket) => bucket.requests > 0).map((bucket) => [formatTime(bucket.at), ...figures(bucket)]);
  rows.push(['TOTAL', ...figures(report.total)]);
  io.out(`Requests ${formatTime(report.from)} … ${formatTime(report.to)}, ${report.bucket} buckets (empty ones left out)\n`);
  io.out(formatTable(['BUCKET', 'REQUESTS', 'ERRORS', 'ERROR%', 'COST', 'INPUT', 'OUTPUT', 'LATENCY P50/P95', 'TTFT P50/P95'], rows));
}
