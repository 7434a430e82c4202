import { createHash } from 'node:crypto';

/** The id `--scores-out` writes: first 16 hex characters of the SHA-256 of the prompt's UTF-8 bytes. */
export function promptId(prompt: string): string {
  return createHash('sha256').update(prompt, 'utf8').digest('hex').slice(0, 16);
}
