/** A failure `skyroute router` reports as one line (what to fix) and exit status 1, without a stack. */
export class RouterCliError extends Error {
  override readonly name = 'RouterCliError';
}
