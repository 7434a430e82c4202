import type { LogRowJson, Page } from './admin-api-types.js';
import { noPositionals, onePositional, parseCommand, printJson, type AdminCommandIo } from './admin-command-io.js';
import { formatFields, formatTable, formatTime, formatUsd } from './format-output.js';

export const LOGS_HELP = `skyroute logs — the request log, newest first (/admin/logs)

Usage:
  skyroute logs [--key ID] [--team ID] [--model M] [--deployment D] [--provider P]
                [--status ok|error|CODE] [--search TEXT] [--from TIME] [--to TIME]
                [--limit N] [--before CURSOR]
      TIME is epoch milliseconds or ISO 8601 (2026-01-14T00:00:00Z); --limit 1–500 (default 50).
  skyroute logs get ID
      One request with its routing trace and (when body logging is on) its bodies.

Rows are written in batches, so the last seconds of traffic may not be in yet.

Every command takes --url URL (or SKYROUTE_URL; default http://127.0.0.1:4000),
--master-key KEY (or SKYROUTE_MASTER_KEY) and --json (print the API's JSON).
`;

export async function logsCommand(args: string[], io: AdminCommandIo): Promise<void> {
  if (args[0] === 'help') return io.out(LOGS_HELP);
  if (args[0] === 'get') return getLog(args.slice(1), io);
  const usage = 'skyroute logs [--key ID] [--model M] [--status ok|error|CODE] [--limit N] (skyroute logs --help)';
  const command = parseCommand(
    args,
    {
      key: { type: 'string' },
      team: { type: 'string' },
      model: { type: 'string' },
      deployment: { type: 'string' },
      provider: { type: 'string' },
      status: { type: 'string' },
      search: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      limit: { type: 'string' },
      before: { type: 'string' },
    },
    io,
    usage,
  );
  if (command.help) return io.out(LOGS_HELP);
  noPositionals(command.positionals, usage);
  const { values } = command;
  const page = await command.client.request<Page<LogRowJson>>('GET', '/admin/logs', {
    query: {
      key_id: values.key,
      team_id: values.team,
      model: values.model,
      deployment: values.deployment,
      provider: values.provider,
      status: values.status,
      search: values.search,
      from: values.from,
      to: values.to,
      limit: values.limit,
      before: values.before,
    },
  });
  if (command.json) return printJson(io, page);
  if (page.data.length === 0) return io.out('No requests match.\n');
  io.out(
    formatTable(
      ['TIME', 'ID', 'KEY', 'MODEL', 'DEPLOYMENT', 'STATUS', 'TOKENS IN/OUT', 'COST', 'LATENCY'],
      page.data.map((row) => [
        formatTime(row.at),
        row.id,
        row.key_id ?? '-',
        row.model,
        row.deployment ?? '-',
        row.error_code === null ? String(row.status) : `${row.status} ${row.error_code}`,
        `${row.input_tokens}/${row.output_tokens}`,
        formatUsd(row.cost_usd),
        `${row.latency_ms} ms`,
      ]),
    ),
  );
  if (page.next_before !== null) io.out(`More: add --before ${page.next_before}\n`);
}

async function getLog(args: string[], io: AdminCommandIo): Promise<void> {
  const usage = 'skyroute logs get ID';
  const command = parseCommand(args, {}, io, usage);
  if (command.help) return io.out(LOGS_HELP);
  const id = onePositional(command.positionals, 'request id', usage);
  const row = await command.client.request<LogRowJson>('GET', `/admin/logs/${encodeURIComponent(id)}`);
  if (command.json) return printJson(io, row);
  io.out(
    formatFields([
      ['id', row.id],
      ['time', formatTime(row.at)],
      ['endpoint', `${row.endpoint}${row.stream ? ' (stream)' : ''}`],
      ['key', row.key_id ?? '-'],
      ['team', row.team_id ?? '-'],
      ['model', row.model],
      ['deployment', row.deployment ?? '-'],
      ['attempts', String(row.attempts)],
      ['route reason', row.route_reason ?? '-'],
      ['category', row.category ?? '-'],
      ['status', String(row.status)],
      ...(row.error_code === null ? [] : [['error', `${row.error_code}: ${row.error_message ?? ''}`] as const]),
      [
        'tokens',
        `${row.input_tokens} in (${row.cached_input_tokens} cached, ${row.cache_write_input_tokens} cache write), ${row.output_tokens} out (${row.reasoning_tokens} reasoning)`,
      ],
      ['cost', formatUsd(row.cost_usd)],
      ['latency', `${row.latency_ms} ms${row.ttft_ms === null ? '' : `, first token after ${row.ttft_ms} ms`}`],
    ]),
  );
  if (row.trace !== null && row.trace !== undefined) io.out(`trace:\n${JSON.stringify(row.trace, null, 2)}\n`);
  if (typeof row.request_body === 'string') io.out(`request body:\n${row.request_body}\n`);
  if (typeof row.response_body === 'string') io.out(`response body:\n${row.response_body}\n`);
}
