import type { KeyJson, Page } from './admin-api-types.js';
import { AdminCliError } from './admin-cli-error.js';
import { noPositionals, onePositional, parseCommand, printJson, type AdminCommandIo } from './admin-command-io.js';
import { formatBudgetStatus, formatFields, formatLimits, formatTable, formatTime } from './format-output.js';
import { LIMIT_FLAGS_HELP, LIMIT_OPTIONS, limitBody } from './limit-flags.js';
import { parseDuration, parseExpires } from './parse-flag-values.js';

export const KEYS_HELP = `skyroute keys — virtual keys (the admin API's /admin/keys)

Usage:
  skyroute keys create --name NAME [limits] [--team ID] [--expires 30d|ISO] [--tag T]...
      Prints the new key on the first line (it is shown only once), then a summary.
  skyroute keys list [--team ID] [--all] [--limit N] [--before ID]
      A table of keys, newest first; --all includes revoked ones.
  skyroute keys get ID
  skyroute keys update ID [limits] [--team ID] [--expires 30d|ISO] [--tag T]... [--clear FIELD]...
      Changes only the given fields; --clear FIELD removes one (team, models, rpm, tpm,
      max-parallel, budgets, expires, tags, metadata).
  skyroute keys revoke ID|KEY
      Revokes by id, or by the secret itself (sk-sr-…).
  skyroute keys rotate ID [--grace 1h]
      Prints the new secret on the first line; the old one keeps working for --grace (default 0).

Limits:
${LIMIT_FLAGS_HELP}
  --team ID                the team it belongs to
  --expires 30d|ISO        when it stops working (a duration from now, or an ISO 8601 time)
  --tag T                  a label (repeatable; replaces the tags on update)

Every command takes --url URL (or SKYROUTE_URL; default http://127.0.0.1:4000),
--master-key KEY (or SKYROUTE_MASTER_KEY) and --json (print the API's JSON).
`;

const KEY_OPTIONS = { ...LIMIT_OPTIONS, team: { type: 'string' }, expires: { type: 'string' }, tag: { type: 'string', multiple: true } } as const;
const KEY_CLEARABLE = { team: 'team_id', expires: 'expires_at', tags: 'tags' };

export async function keysCommand(args: string[], io: AdminCommandIo): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'create':
      return createKey(rest, io);
    case 'list':
      return listKeys(rest, io);
    case 'get':
      return getKey(rest, io);
    case 'update':
      return updateKey(rest, io);
    case 'revoke':
      return revokeKey(rest, io);
    case 'rotate':
      return rotateKey(rest, io);
    case 'help':
    case '--help':
    case '-h':
      return io.out(KEYS_HELP);
    case undefined:
      throw new AdminCliError('Missing subcommand: create, list, get, update, revoke or rotate (skyroute keys --help).');
    default:
      throw new AdminCliError(`Unknown subcommand "keys ${sub}": use create, list, get, update, revoke or rotate (skyroute keys --help).`);
  }
}

function keyBody(values: Parameters<typeof limitBody>[0] & { team?: string | undefined; expires?: string | undefined; tag?: string[] | undefined }, io: AdminCommandIo, update: boolean): Record<string, unknown> {
  const body = limitBody(values, { allowClear: update, extraClearable: KEY_CLEARABLE });
  const conflict = (flag: string, field: string): void => {
    if (body[field] === null) throw new AdminCliError(`--clear ${flag} and --${flag === 'tags' ? 'tag' : flag} at once: give one or the other.`);
  };
  if (values.team !== undefined) {
    conflict('team', 'team_id');
    body.team_id = values.team;
  }
  if (values.expires !== undefined) {
    conflict('expires', 'expires_at');
    body.expires_at = parseExpires(values.expires, io.now());
  }
  if (values.tag !== undefined) {
    conflict('tags', 'tags');
    body.tags = values.tag;
  }
  return body;
}

async function createKey(args: string[], io: AdminCommandIo): Promise<void> {
  const usage = 'skyroute keys create --name NAME [limits] (skyroute keys --help)';
  const command = parseCommand(args, KEY_OPTIONS, io, usage);
  if (command.help) return io.out(KEYS_HELP);
  noPositionals(command.positionals, usage);
  if (command.values.name === undefined) throw new AdminCliError(`--name is required: every key has a unique name.\nUsage: ${usage}`);
  const key = await command.client.request<KeyJson>('POST', '/admin/keys', { body: keyBody(command.values, io, false) });
  if (command.json) return printJson(io, key);
  io.out(`${key.key}\n`);
  io.out(
    `Created key ${key.id} "${key.name}" (${key.preview}${key.team_id === null ? '' : `, team ${key.team_id}`}): ${formatLimits(key)}` +
      `${key.expires_at === null ? '' : `, expires ${formatTime(key.expires_at)}`}.\n` +
      'The key above is shown only this once: store it now (the gateway keeps only its hash).\n',
  );
}

async function listKeys(args: string[], io: AdminCommandIo): Promise<void> {
  const usage = 'skyroute keys list [--team ID] [--all] [--limit N] [--before ID]';
  const command = parseCommand(args, { team: { type: 'string' }, all: { type: 'boolean' }, limit: { type: 'string' }, before: { type: 'string' } }, io, usage);
  if (command.help) return io.out(KEYS_HELP);
  noPositionals(command.positionals, usage);
  const { values } = command;
  const page = await command.client.request<Page<KeyJson>>('GET', '/admin/keys', {
    query: { team_id: values.team, include_revoked: values.all === true ? 'true' : undefined, limit: values.limit, before: values.before },
  });
  if (command.json) return printJson(io, page);
  if (page.data.length === 0) return io.out(values.all === true ? 'No keys.\n' : 'No active keys (--all lists revoked ones too).\n');
  const now = io.now();
  io.out(
    formatTable(
      ['ID', 'NAME', 'KEY', 'TEAM', 'STATUS', 'LIMITS', 'CREATED'],
      page.data.map((key) => [key.id, key.name, key.preview, key.team_id ?? '-', statusOf(key, now), formatLimits(key), formatTime(key.created_at)]),
    ),
  );
  if (page.next_before !== null) io.out(`More keys: skyroute keys list --before ${page.next_before}${values.all === true ? ' --all' : ''}\n`);
}

async function getKey(args: string[], io: AdminCommandIo): Promise<void> {
  const usage = 'skyroute keys get ID';
  const command = parseCommand(args, {}, io, usage);
  if (command.help) return io.out(KEYS_HELP);
  const id = onePositional(command.positionals, 'key id', usage);
  const key = await command.client.request<KeyJson>('GET', `/admin/keys/${encodeURIComponent(id)}`);
  if (command.json) return printJson(io, key);
  io.out(describeKey(key, io.now()));
}

async function updateKey(args: string[], io: AdminCommandIo): Promise<void> {
  const usage = 'skyroute keys update ID [limits] [--clear FIELD]... (skyroute keys --help)';
  const command = parseCommand(args, KEY_OPTIONS, io, usage);
  if (command.help) return io.out(KEYS_HELP);
  const id = onePositional(command.positionals, 'key id', usage);
  const body = keyBody(command.values, io, true);
  if (Object.keys(body).length === 0) throw new AdminCliError(`Nothing to change: give at least one flag.\nUsage: ${usage}`);
  const key = await command.client.request<KeyJson>('PATCH', `/admin/keys/${encodeURIComponent(id)}`, { body });
  if (command.json) return printJson(io, key);
  io.out(`Updated key ${key.id}.\n${describeKey(key, io.now())}`);
}

async function revokeKey(args: string[], io: AdminCommandIo): Promise<void> {
  const usage = 'skyroute keys revoke ID|KEY';
  const command = parseCommand(args, {}, io, usage);
  if (command.help) return io.out(KEYS_HELP);
  const target = onePositional(command.positionals, 'key id or key', usage);
  const bySecret = target.startsWith('sk-sr-');
  const key = bySecret
    ? await command.client.request<KeyJson>('POST', '/admin/keys/revoke', { body: { key: target } })
    : await command.client.request<KeyJson>('POST', `/admin/keys/${encodeURIComponent(target)}/revoke`);
  if (command.json) return printJson(io, key);
  if (key.revoked_at === null) {
    io.out(`That was the previous secret of key ${key.id} "${key.name}": its grace period is over now. The key's current secret (${key.preview}) still works.\n`);
  } else {
    io.out(`Revoked key ${key.id} "${key.name}" (${key.preview}) at ${formatTime(key.revoked_at)}; every replica refuses it within governance.refresh_ms.\n`);
  }
}

async function rotateKey(args: string[], io: AdminCommandIo): Promise<void> {
  const usage = 'skyroute keys rotate ID [--grace 1h]';
  const command = parseCommand(args, { grace: { type: 'string' } }, io, usage);
  if (command.help) return io.out(KEYS_HELP);
  const id = onePositional(command.positionals, 'key id', usage);
  const graceSeconds = command.values.grace === undefined ? 0 : parseDuration('--grace', command.values.grace) / 1000;
  const key = await command.client.request<KeyJson>('POST', `/admin/keys/${encodeURIComponent(id)}/rotate`, { body: { grace_seconds: graceSeconds } });
  if (command.json) return printJson(io, key);
  io.out(`${key.key}\n`);
  io.out(
    `Rotated key ${key.id} "${key.name}" (now ${key.preview}). ` +
      (key.previous_valid_until === null ? 'The old secret no longer works.\n' : `The old secret works until ${formatTime(key.previous_valid_until)}.\n`) +
      'The new key above is shown only this once: store it now.\n',
  );
}

function statusOf(key: KeyJson, now: number): string {
  if (key.revoked_at !== null) return 'revoked';
  if (key.expires_at !== null && Date.parse(key.expires_at) <= now) return 'expired';
  return 'active';
}

function describeKey(key: KeyJson, now: number): string {
  return formatFields([
    ['id', key.id],
    ['name', key.name],
    ['key', key.preview],
    ['status', statusOf(key, now)],
    ['team', key.team_id ?? '-'],
    ['limits', formatLimits(key)],
    ...formatBudgetStatus(key).map((line) => ['budget', line] as const),
    ['tags', key.tags.length === 0 ? '-' : key.tags.join(', ')],
    ['metadata', Object.keys(key.metadata).length === 0 ? '-' : JSON.stringify(key.metadata)],
    ['expires', formatTime(key.expires_at)],
    ['revoked', formatTime(key.revoked_at)],
    ...(key.previous_valid_until === null ? [] : [['old secret until', formatTime(key.previous_valid_until)] as const]),
    ['created', formatTime(key.created_at)],
    ['updated', formatTime(key.updated_at)],
  ]);
}
