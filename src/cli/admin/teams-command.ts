import type { TeamJson } from './admin-api-types.js';
import { AdminCliError } from './admin-cli-error.js';
import { noPositionals, onePositional, parseCommand, printJson, type AdminCommandIo } from './admin-command-io.js';
import { formatBudgetStatus, formatFields, formatLimits, formatTable, formatTime } from './format-output.js';
import { LIMIT_FLAGS_HELP, LIMIT_OPTIONS, limitBody } from './limit-flags.js';

export const TEAMS_HELP = `skyroute teams — teams: limits and budgets their keys share (/admin/teams)

Usage:
  skyroute teams create --name NAME [limits]
  skyroute teams list
  skyroute teams get ID
  skyroute teams update ID [limits] [--clear FIELD]...
      Changes only the given fields; --clear FIELD removes one (models, rpm, tpm,
      max-parallel, budgets, metadata).
  skyroute teams delete ID
      Refused while keys belong to the team (move them with: skyroute keys update KEY --clear team).

Limits:
${LIMIT_FLAGS_HELP}

Every command takes --url URL (or SKYROUTE_URL; default http://127.0.0.1:4000),
--master-key KEY (or SKYROUTE_MASTER_KEY) and --json (print the API's JSON).
`;

export async function teamsCommand(args: string[], io: AdminCommandIo): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'create': {
      const usage = 'skyroute teams create --name NAME [limits] (skyroute teams --help)';
      const command = parseCommand(rest, LIMIT_OPTIONS, io, usage);
      if (command.help) return io.out(TEAMS_HELP);
      noPositionals(command.positionals, usage);
      if (command.values.name === undefined) throw new AdminCliError(`--name is required: every team has a unique name.\nUsage: ${usage}`);
      const team = await command.client.request<TeamJson>('POST', '/admin/teams', { body: limitBody(command.values, { allowClear: false }) });
      if (command.json) return printJson(io, team);
      return io.out(`Created team ${team.id} "${team.name}": ${formatLimits(team)}.\n`);
    }
    case 'list': {
      const usage = 'skyroute teams list';
      const command = parseCommand(rest, {}, io, usage);
      if (command.help) return io.out(TEAMS_HELP);
      noPositionals(command.positionals, usage);
      const list = await command.client.request<{ data: TeamJson[] }>('GET', '/admin/teams');
      if (command.json) return printJson(io, list);
      if (list.data.length === 0) return io.out('No teams.\n');
      return io.out(formatTable(['ID', 'NAME', 'LIMITS', 'CREATED'], list.data.map((team) => [team.id, team.name, formatLimits(team), formatTime(team.created_at)])));
    }
    case 'get': {
      const usage = 'skyroute teams get ID';
      const command = parseCommand(rest, {}, io, usage);
      if (command.help) return io.out(TEAMS_HELP);
      const id = onePositional(command.positionals, 'team id', usage);
      const team = await command.client.request<TeamJson>('GET', `/admin/teams/${encodeURIComponent(id)}`);
      if (command.json) return printJson(io, team);
      return io.out(describeTeam(team));
    }
    case 'update': {
      const usage = 'skyroute teams update ID [limits] [--clear FIELD]... (skyroute teams --help)';
      const command = parseCommand(rest, LIMIT_OPTIONS, io, usage);
      if (command.help) return io.out(TEAMS_HELP);
      const id = onePositional(command.positionals, 'team id', usage);
      const body = limitBody(command.values, { allowClear: true });
      if (Object.keys(body).length === 0) throw new AdminCliError(`Nothing to change: give at least one flag.\nUsage: ${usage}`);
      const team = await command.client.request<TeamJson>('PATCH', `/admin/teams/${encodeURIComponent(id)}`, { body });
      if (command.json) return printJson(io, team);
      return io.out(`Updated team ${team.id}.\n${describeTeam(team)}`);
    }
    case 'delete': {
      const usage = 'skyroute teams delete ID';
      const command = parseCommand(rest, {}, io, usage);
      if (command.help) return io.out(TEAMS_HELP);
      const id = onePositional(command.positionals, 'team id', usage);
      const deleted = await command.client.request<{ id: string; deleted: true }>('DELETE', `/admin/teams/${encodeURIComponent(id)}`);
      if (command.json) return printJson(io, deleted);
      return io.out(`Deleted team ${deleted.id}.\n`);
    }
    case 'help':
    case '--help':
    case '-h':
      return io.out(TEAMS_HELP);
    case undefined:
      throw new AdminCliError('Missing subcommand: create, list, get, update or delete (skyroute teams --help).');
    default:
      throw new AdminCliError(`Unknown subcommand "teams ${sub}": use create, list, get, update or delete (skyroute teams --help).`);
  }
}

function describeTeam(team: TeamJson): string {
  return formatFields([
    ['id', team.id],
    ['name', team.name],
    ['limits', formatLimits(team)],
    ...formatBudgetStatus(team).map((line) => ['budget', line] as const),
    ['metadata', Object.keys(team.metadata).length === 0 ? '-' : JSON.stringify(team.metadata)],
    ['created', formatTime(team.created_at)],
    ['updated', formatTime(team.updated_at)],
  ]);
}
