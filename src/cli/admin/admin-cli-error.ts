/** A failure the CLI reports as one line (the API's message, or what to fix) and exit status 1, without a stack. */
export class AdminCliError extends Error {
  override readonly name = 'AdminCliError';
}
