import type { SpendFigures, SpendReportJson } from './admin-api-types.js';
import { noPositionals, parseCommand, printJson, type AdminCommandIo } from './admin-command-io.js';
import { formatTable, formatUsd } from './format-output.js';

export const SPEND_HELP = `skyroute spend — spend and usage over days (/admin/spend)

Usage:
  skyroute spend [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--by day,key,team,model,provider,deployment]
                 [--key ID] [--team ID]
      Days are UTC and inclusive; the default is the last 30 days. Without --by, one total.
      Figures come from the daily totals the gateway writes in batches, so the last
      seconds of traffic may not be in yet.

Every command takes --url URL (or SKYROUTE_URL; default http://127.0.0.1:4000),
--master-key KEY (or SKYROUTE_MASTER_KEY) and --json (print the API's JSON).
`;

/** Column headers of each dimension the API can group by. */
const DIMENSION_COLUMNS: Record<string, string> = { day: 'day', key: 'key_id', team: 'team_id', model: 'model', provider: 'provider', deployment: 'deployment' };

export async function spendCommand(args: string[], io: AdminCommandIo): Promise<void> {
  const usage = 'skyroute spend [--from DAY] [--to DAY] [--by day,key] [--key ID] [--team ID]';
  if (args[0] === 'help') return io.out(SPEND_HELP);
  const command = parseCommand(
    args,
    { from: { type: 'string' }, to: { type: 'string' }, by: { type: 'string' }, key: { type: 'string' }, team: { type: 'string' } },
    io,
    usage,
  );
  if (command.help) return io.out(SPEND_HELP);
  noPositionals(command.positionals, usage);
  const { values } = command;
  const report = await command.client.request<SpendReportJson>('GET', '/admin/spend', {
    query: { from: values.from, to: values.to, group_by: values.by, key_id: values.key, team_id: values.team },
  });
  if (command.json) return printJson(io, report);
  const dimensions = report.group_by.map((dimension) => DIMENSION_COLUMNS[dimension] ?? dimension);
  const figures = (row: SpendFigures): string[] => [
    String(row.requests),
    String(row.input_tokens),
    String(row.output_tokens),
    String(row.cached_input_tokens),
    String(row.reasoning_tokens),
    formatUsd(row.cost_usd),
  ];
  const headers = [...dimensions.map((column) => column.toUpperCase()), 'REQUESTS', 'INPUT', 'OUTPUT', 'CACHED', 'REASONING', 'COST'];
  const rows = report.data.map((row) => [...dimensions.map((column) => String(row[column] ?? '-')), ...figures(row)]);
  if (dimensions.length > 0) rows.push([...dimensions.map((_, index) => (index === 0 ? 'TOTAL' : '')), ...figures(report.total)]);
  io.out(`Spend ${report.from} … ${report.to} (UTC)\n`);
  io.out(formatTable(headers, rows));
}
