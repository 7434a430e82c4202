import { RouterCliError } from './router-cli-error.js';

/** A flag that must be a whole number at least `minimum` (`--train-size`, `--resamples`, `--seed`). */
export function parseCountFlag(flag: string, text: string | undefined, fallback: number, minimum: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (text.trim() === '' || !Number.isSafeInteger(value) || value < minimum) {
    throw new RouterCliError(`--${flag}: "${text}" is not a whole number ≥ ${minimum}`);
  }
  return value;
}
