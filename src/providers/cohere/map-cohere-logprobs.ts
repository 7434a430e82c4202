import type { CohereLogprobItem } from './cohere-wire.js';

/** One entry of OpenAI's `logprobs.content`. */
export interface OpenAILogprob {
  token: string;
  logprob: number;
  bytes: number[];
  top_logprobs: [];
}

/**
 * Cohere `logprobs` items → OpenAI `logprobs.content` entries. A Cohere item is a chunk of text that
 * may span several tokens (one log probability each) and names no token text separately, so each
 * item becomes one entry whose `token` is the chunk and whose `logprob` is the sum of its tokens'
 * log probabilities (the log probability of the whole chunk). Cohere has no alternatives per
 * position, so `top_logprobs` is always empty (the request's `top_logprobs` is refused).
 */
export function mapCohereLogprobs(items: readonly CohereLogprobItem[]): OpenAILogprob[] {
  const entries: OpenAILogprob[] = [];
  for (const item of items) {
    if (item === null || typeof item !== 'object') continue;
    const token = typeof item.text === 'string' ? item.text : '';
    let logprob = 0;
    for (const value of item.logprobs ?? []) if (typeof value === 'number') logprob += value;
    entries.push({ token, logprob, bytes: [...Buffer.from(token, 'utf8')], top_logprobs: [] });
  }
  return entries;
}
