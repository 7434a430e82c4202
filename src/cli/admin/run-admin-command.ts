import { AdminCliError } from './admin-cli-error.js';
import type { AdminCommandIo } from './admin-command-io.js';
import { credentialsCommand } from './credentials-command.js';
import { keysCommand } from './keys-command.js';
import { logsCommand } from './logs-command.js';
import { spendCommand } from './spend-command.js';
import { statsCommand } from './stats-command.js';
import { teamsCommand } from './teams-command.js';

const COMMANDS: Record<string, (args: string[], io: AdminCommandIo) => Promise<void>> = {
  keys: keysCommand,
  teams: teamsCommand,
  credentials: credentialsCommand,
  spend: spendCommand,
  stats: statsCommand,
  logs: logsCommand,
};

/** The commands that talk to a running gateway's admin API. */
export const ADMIN_COMMANDS: ReadonlySet<string> = new Set(Object.keys(COMMANDS));

/**
 * Runs one admin command and answers its exit status: 0, or 1 after printing the reason (the API's
 * message, a gateway that does not answer, a bad flag) as one `skyroute: …` line on stderr.
 */
export async function runAdminCommand(command: string, args: string[], io: AdminCommandIo & { err(text: string): void }): Promise<number> {
  const run = COMMANDS[command];
  if (run === undefined) throw new Error(`not an admin command: ${command}`);
  try {
    await run(args, io);
    return 0;
  } catch (error) {
    if (!(error instanceof AdminCliError)) throw error;
    io.err(`skyroute ${command}: ${error.message}\n`);
    return 1;
  }
}
