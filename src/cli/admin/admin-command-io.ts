import { parseArgs, type ParseArgsConfig } from 'node:util';
import { AdminCliError } from './admin-cli-error.js';
import { AdminClient } from './admin-client.js';

export const DEFAULT_GATEWAY_URL = 'http://127.0.0.1:4000';

/** What an admin command writes to and reads from: passed in, so nothing reaches for process globals. */
export interface AdminCommandIo {
  env: NodeJS.ProcessEnv;
  out(text: string): void;
  now(): number;
}

/** The flags every admin command takes. */
const GLOBAL_OPTIONS = {
  url: { type: 'string' },
  'master-key': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies ParseArgsConfig['options'];

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedCommand<O extends Options> {
  values: ReturnType<typeof parseArgs<{ options: O & typeof GLOBAL_OPTIONS; allowPositionals: true; strict: true }>>['values'];
  positionals: string[];
  json: boolean;
  help: boolean;
  client: AdminClient;
}

/** Parses one subcommand's flags (its own and the global ones); an unknown flag is an error that names it. */
export function parseCommand<O extends Options>(args: string[], options: O, io: AdminCommandIo, usage: string): ParsedCommand<O> {
  let parsed;
  try {
    parsed = parseArgs({ args, options: { ...options, ...GLOBAL_OPTIONS } as O & typeof GLOBAL_OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    throw new AdminCliError(`${(error as Error).message}\nUsage: ${usage}`);
  }
  const values = parsed.values as Record<string, unknown>;
  const fromFlag = typeof values.url === 'string' ? values.url : undefined;
  const fromEnv = io.env.SKYROUTE_URL === undefined || io.env.SKYROUTE_URL === '' ? undefined : io.env.SKYROUTE_URL;
  const url = fromFlag ?? fromEnv ?? DEFAULT_GATEWAY_URL;
  if (!/^https?:\/\/[^\s/]+/i.test(url)) {
    throw new AdminCliError(`The gateway URL "${url}" (from ${fromFlag !== undefined ? '--url' : 'SKYROUTE_URL'}) is not an http(s) URL; use one such as ${DEFAULT_GATEWAY_URL}.`);
  }
  const masterKey = typeof values['master-key'] === 'string' ? values['master-key'] : io.env.SKYROUTE_MASTER_KEY;
  return {
    values: parsed.values,
    positionals: parsed.positionals,
    json: values.json === true,
    help: values.help === true,
    client: new AdminClient({
      url,
      masterKey,
      urlSource: fromFlag !== undefined ? '--url' : fromEnv !== undefined ? 'SKYROUTE_URL' : 'the default, as neither --url nor SKYROUTE_URL is set',
    }),
  };
}

/** The one positional argument a subcommand needs (an id, a name). */
export function onePositional(positionals: readonly string[], what: string, usage: string): string {
  if (positionals.length !== 1) {
    throw new AdminCliError(`${positionals.length === 0 ? `Missing ${what}` : `Expected one ${what}, got ${positionals.length}: ${positionals.join(' ')}`}.\nUsage: ${usage}`);
  }
  return positionals[0]!;
}

export function noPositionals(positionals: readonly string[], usage: string): void {
  if (positionals.length > 0) throw new AdminCliError(`Unexpected argument "${positionals[0]}".\nUsage: ${usage}`);
}

export function printJson(io: AdminCommandIo, value: unknown): void {
  io.out(`${JSON.stringify(value, null, 2)}\n`);
}
