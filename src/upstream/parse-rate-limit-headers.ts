import type { IncomingHttpHeaders } from 'node:http';

/** What an upstream says about its limits; the router uses it to back off (issue: routing). */
export interface RateLimitInfo {
  remainingRequests?: number;
  remainingTokens?: number;
  resetRequestsMs?: number;
  resetTokensMs?: number;
  /** From `retry-after-ms` or `retry-after` (seconds or an HTTP date). */
  retryAfterMs?: number;
}

export function parseRateLimitHeaders(headers: IncomingHttpHeaders, now = Date.now()): RateLimitInfo | undefined {
  const info: RateLimitInfo = {};
  // Anthropic names them `anthropic-ratelimit-{requests,tokens}-{remaining,reset}` (reset: RFC 3339); its
  // `tokens` pair is whichever token limit is closest to running out.
  const remainingRequests = toNumber(headers['x-ratelimit-remaining-requests'] ?? headers['anthropic-ratelimit-requests-remaining']);
  const remainingTokens = toNumber(headers['x-ratelimit-remaining-tokens'] ?? headers['anthropic-ratelimit-tokens-remaining']);
  const resetRequestsMs = parseResetValue(headers['x-ratelimit-reset-requests'] ?? headers['anthropic-ratelimit-requests-reset'], now);
  const resetTokensMs = parseResetValue(headers['x-ratelimit-reset-tokens'] ?? headers['anthropic-ratelimit-tokens-reset'], now);
  const retryAfterMs = parseRetryAfterMs(headers, now);
  if (remainingRequests !== undefined) info.remainingRequests = remainingRequests;
  if (remainingTokens !== undefined) info.remainingTokens = remainingTokens;
  if (resetRequestsMs !== undefined) info.resetRequestsMs = resetRequestsMs;
  if (resetTokensMs !== undefined) info.resetTokensMs = resetTokensMs;
  if (retryAfterMs !== undefined) info.retryAfterMs = retryAfterMs;
  return Object.keys(info).length === 0 ? undefined : info;
}

/**
 * When an exhausted rate limit resets, from the reset headers: the later reset of the limits whose
 * remaining count is 0, else (the request alone was too big for what remains) the token reset.
 */
export function rateLimitResetMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const info = parseRateLimitHeaders(headers, now);
  if (info === undefined) return undefined;
  const requests = info.remainingRequests === 0 ? info.resetRequestsMs : undefined;
  const tokens = info.remainingTokens === 0 ? info.resetTokensMs : undefined;
  if (requests !== undefined || tokens !== undefined) return Math.max(requests ?? 0, tokens ?? 0);
  return info.resetTokensMs ?? info.resetRequestsMs;
}

export function parseRetryAfterMs(headers: IncomingHttpHeaders, now = Date.now()): number | undefined {
  const milliseconds = toNumber(headers['retry-after-ms']);
  if (milliseconds !== undefined) return milliseconds;
  const value = first(headers['retry-after']);
  if (value === undefined) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * OpenAI and Groq send Go durations (`6m0s`, `561ms`, `1.5s`); others send seconds or an
 * RFC 3339 timestamp (Anthropic).
 */
export function parseResetValue(raw: string | string[] | undefined, now = Date.now()): number | undefined {
  const value = first(raw);
  if (value === undefined || value === '') return undefined;
  const plain = Number(value);
  if (Number.isFinite(plain)) return plain * 1000;
  const duration = parseGoDuration(value);
  if (duration !== undefined) return duration;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

const UNIT_MS: Record<string, number> = { h: 3_600_000, m: 60_000, s: 1000, ms: 1, us: 0.001, µs: 0.001, ns: 0.000001 };

export function parseGoDuration(value: string): number | undefined {
  const pattern = /(\d+(?:\.\d+)?)(ms|us|µs|ns|h|m|s)/gy;
  let total = 0;
  let consumed = 0;
  for (const match of value.matchAll(pattern)) {
    total += Number(match[1]) * (UNIT_MS[match[2]!] ?? 0);
    consumed += match[0].length;
  }
  return consumed === value.length && consumed > 0 ? total : undefined;
}

function toNumber(raw: string | string[] | undefined): number | undefined {
  const value = first(raw);
  if (value === undefined || value === '') return undefined;
  const number = Number(value);
  return Number.isFinite(number) ? number : undefined;
}

function first(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
