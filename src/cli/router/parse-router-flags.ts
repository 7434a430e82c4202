import { parseArgs, type ParseArgsConfig } from 'node:util';
import { RouterCliError } from './router-cli-error.js';

/** node:util parseArgs (strict) for a router subcommand; a bad flag becomes a RouterCliError with the usage line. */
export function parseRouterFlags<const Options extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: Options, usage: string) {
  try {
    return parseArgs({ args, options, strict: true });
  } catch (error) {
    throw new RouterCliError(`${(error as Error).message}\nUsage: ${usage}`);
  }
}
