import { RouterCliError } from './router-cli-error.js';
import type { RouterCommandIo } from './router-command-io.js';
import { ROUTER_EVAL_USAGE, routerEvalCommand } from './router-eval-command.js';
import { ROUTER_TRAIN_USAGE, routerTrainCommand } from './router-train-command.js';

const USAGE = `Usage:
  ${ROUTER_TRAIN_USAGE}
  ${ROUTER_EVAL_USAGE}
See docs/learned-routing.md.
`;

/**
 * `skyroute router train|eval …`; answers the exit status: 0, or 1 after printing what to fix as
 * `skyroute router: …` on stderr. Unexpected failures (bugs) are thrown, with their stack.
 */
export function runRouterCommand(args: readonly string[], io: RouterCommandIo): number {
  const [subcommand, ...rest] = args;
  try {
    if (subcommand === 'train') routerTrainCommand(rest, io);
    else if (subcommand === 'eval') routerEvalCommand(rest, io);
    else if (subcommand === undefined || subcommand === '--help' || subcommand === '-h' || subcommand === 'help') io.out(USAGE);
    else throw new RouterCliError(`unknown subcommand "${subcommand}"\n${USAGE.trimEnd()}`);
    return 0;
  } catch (error) {
    if (!(error instanceof RouterCliError)) throw error;
    io.err(`skyroute router: ${error.message}\n`);
    return 1;
  }
}
