import type { CredentialJson } from './admin-api-types.js';
import { AdminCliError } from './admin-cli-error.js';
import { noPositionals, onePositional, parseCommand, printJson, type AdminCommandIo } from './admin-command-io.js';
import { formatFields, formatTable, formatTime } from './format-output.js';

export const CREDENTIALS_HELP = `skyroute credentials — provider credentials, stored encrypted (/admin/credentials)

Usage:
  skyroute credentials set NAME --provider P [--api-key K | --from-env VAR] [--from-env FIELD=VAR]...
      Creates or replaces a credential. --from-env VAR reads the API key from the environment
      variable VAR (keeps it out of your shell history); --from-env FIELD=VAR reads another
      secret field, e.g. --from-env aws_secret_access_key=AWS_SECRET_ACCESS_KEY.
      Fields: api_key, aws_access_key_id, aws_secret_access_key, aws_session_token, credentials.
      The gateway needs SKYROUTE_ENCRYPTION_KEY to store them.
  skyroute credentials list
  skyroute credentials get NAME
  skyroute credentials delete NAME

Secrets are never shown again: only their last four characters (the hint).

Every command takes --url URL (or SKYROUTE_URL; default http://127.0.0.1:4000),
--master-key KEY (or SKYROUTE_MASTER_KEY) and --json (print the API's JSON).
`;

export async function credentialsCommand(args: string[], io: AdminCommandIo): Promise<void> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'set': {
      const usage = 'skyroute credentials set NAME --provider P [--api-key K | --from-env VAR]';
      const command = parseCommand(rest, { provider: { type: 'string' }, 'api-key': { type: 'string' }, 'from-env': { type: 'string', multiple: true } }, io, usage);
      if (command.help) return io.out(CREDENTIALS_HELP);
      const name = onePositional(command.positionals, 'credential name', usage);
      const { values } = command;
      if (values.provider === undefined) throw new AdminCliError(`--provider is required (openai, anthropic, bedrock, …).\nUsage: ${usage}`);
      const body: Record<string, string> = { provider: values.provider };
      if (values['api-key'] !== undefined) body.api_key = values['api-key'];
      for (const spec of values['from-env'] ?? []) {
        const at = spec.indexOf('=');
        const field = at === -1 ? 'api_key' : spec.slice(0, at);
        const variable = at === -1 ? spec : spec.slice(at + 1);
        const value = io.env[variable];
        if (value === undefined || value === '') throw new AdminCliError(`--from-env ${spec}: the environment variable ${variable} is not set (or is empty).`);
        if (body[field] !== undefined) throw new AdminCliError(`${field} is given twice (--api-key and --from-env, or two --from-env): give it once.`);
        body[field] = value;
      }
      if (Object.keys(body).length === 1) throw new AdminCliError(`No secret given: pass --api-key KEY or --from-env VAR.\nUsage: ${usage}`);
      const credential = await command.client.request<CredentialJson>('PUT', `/admin/credentials/${encodeURIComponent(name)}`, { body });
      if (command.json) return printJson(io, credential);
      return io.out(`Stored credential "${credential.name}" for ${credential.provider}${credential.hint === '' ? '' : ` (…${credential.hint})`}, encrypted.\n`);
    }
    case 'list': {
      const usage = 'skyroute credentials list';
      const command = parseCommand(rest, {}, io, usage);
      if (command.help) return io.out(CREDENTIALS_HELP);
      noPositionals(command.positionals, usage);
      const list = await command.client.request<{ data: CredentialJson[] }>('GET', '/admin/credentials');
      if (command.json) return printJson(io, list);
      if (list.data.length === 0) return io.out('No credentials.\n');
      return io.out(
        formatTable(
          ['NAME', 'PROVIDER', 'HINT', 'UPDATED'],
          list.data.map((credential) => [credential.name, credential.provider, credential.hint === '' ? '-' : `…${credential.hint}`, formatTime(credential.updated_at)]),
        ),
      );
    }
    case 'get': {
      const usage = 'skyroute credentials get NAME';
      const command = parseCommand(rest, {}, io, usage);
      if (command.help) return io.out(CREDENTIALS_HELP);
      const name = onePositional(command.positionals, 'credential name', usage);
      const credential = await command.client.request<CredentialJson>('GET', `/admin/credentials/${encodeURIComponent(name)}`);
      if (command.json) return printJson(io, credential);
      return io.out(
        formatFields([
          ['name', credential.name],
          ['provider', credential.provider],
          ['hint', credential.hint === '' ? '-' : `…${credential.hint}`],
          ['created', formatTime(credential.created_at)],
          ['updated', formatTime(credential.updated_at)],
        ]),
      );
    }
    case 'delete': {
      const usage = 'skyroute credentials delete NAME';
      const command = parseCommand(rest, {}, io, usage);
      if (command.help) return io.out(CREDENTIALS_HELP);
      const name = onePositional(command.positionals, 'credential name', usage);
      const deleted = await command.client.request<{ name: string }>('DELETE', `/admin/credentials/${encodeURIComponent(name)}`);
      if (command.json) return printJson(io, deleted);
      return io.out(`Deleted credential "${deleted.name}".\n`);
    }
    case 'help':
    case '--help':
    case '-h':
      return io.out(CREDENTIALS_HELP);
    case undefined:
      throw new AdminCliError('Missing subcommand: set, list, get or delete (skyroute credentials --help).');
    default:
      throw new AdminCliError(`Unknown subcommand "credentials ${sub}": use set, list, get or delete (skyroute credentials --help).`);
  }
}
