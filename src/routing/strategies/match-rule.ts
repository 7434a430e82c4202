import type { RuleCondition } from '../../config/routing-config-schema.js';
import { hasImages, hasTools, isJsonMode, lastUserText, type RequestFeatures } from './request-features.js';

export type RuleMatcher = (features: RequestFeatures) => boolean;
type Check = (features: RequestFeatures) => boolean;

const millisecondsPerHour = 3_600_000;

/**
 * Compiles a rule's condition once (at config load) into a test of one request: every field given
 * must match (AND); a condition with no field matches everything. Cheap checks run first and the
 * prompt-length check last, because only it may count tokens.
 *
 * - metadata / headers: the value, or any value of a list, equals the request's (a header sent several
 *   times matches when any of its values does); header names are compared in lower case.
 * - keys / teams: the caller's key name / team is in the list (an empty list matches nothing).
 * - prompt_tokens: strictly greater than `gt` and strictly less than `lt`.
 * - keywords: any of them occurs in the last user message as a whole word or phrase, case-insensitive
 *   (Unicode letters and digits count as word characters, so `café` and `c++` work).
 * - regex: the last user message matches, case-insensitive.
 * - hours `"HH-HH"`: the UTC hour of `features.now` is in [start, end), wrapping midnight when
 *   start > end (`"22-06"`); equal start and end match no hour (`"00-24"` is the whole day).
 */
export function compileRule(condition: RuleCondition): RuleMatcher {
  const checks: Check[] = [];
  if (condition.keys !== undefined) {
    const keys = new Set(condition.keys);
    checks.push((features) => features.keyName !== undefined && keys.has(features.keyName));
  }
  if (condition.teams !== undefined) {
    const teams = new Set(condition.teams);
    checks.push((features) => features.team !== undefined && teams.has(features.team));
  }
  if (condition.has_images !== undefined) {
    const wanted = condition.has_images;
    checks.push((features) => hasImages(features.request) === wanted);
  }
  if (condition.has_tools !== undefined) {
    const wanted = condition.has_tools;
    checks.push((features) => hasTools(features.request) === wanted);
  }
  if (condition.json_mode !== undefined) {
    const wanted = condition.json_mode;
    checks.push((features) => isJsonMode(features.request) === wanted);
  }
  for (const [name, expected] of Object.entries(condition.headers ?? {})) checks.push(headerCheck(name.toLowerCase(), expected));
  for (const [key, expected] of Object.entries(condition.metadata ?? {})) checks.push(metadataCheck(key, expected));
  if (condition.hours !== undefined) checks.push(hoursCheck(condition.hours));
  const textCheck = compileTextCheck(condition.keywords, condition.regex);
  if (textCheck !== undefined) checks.push(textCheck);
  if (condition.prompt_tokens !== undefined) {
    const above = condition.prompt_tokens.gt ?? Number.NEGATIVE_INFINITY;
    const below = condition.prompt_tokens.lt ?? Number.POSITIVE_INFINITY;
    checks.push((features) => {
      const tokens = features.promptTokens();
      return tokens > above && tokens < below;
    });
  }
  return (features) => {
    for (let index = 0; index < checks.length; index++) if (!checks[index]!(features)) return false;
    return true;
  };
}

function allowedValues(expected: string | string[]): ReadonlySet<string> {
  return new Set(typeof expected === 'string' ? [expected] : expected);
}

function headerCheck(name: string, expected: string | string[]): Check {
  const allowed = allowedValues(expected);
  return (features) => {
    const value = features.headers[name];
    if (typeof value === 'string') return allowed.has(value);
    if (value === undefined) return false;
    for (const item of value) if (allowed.has(item)) return true;
    return false;
  };
}

function metadataCheck(key: string, expected: string | string[]): Check {
  const allowed = allowedValues(expected);
  return (features) => {
    const metadata = features.request['metadata'];
    if (typeof metadata !== 'object' || metadata === null || !Object.hasOwn(metadata, key)) return false;
    const value: unknown = (metadata as Record<string, unknown>)[key];
    // OpenAI's metadata values are strings; a number or boolean a client sends compares by its text.
    if (typeof value === 'string') return allowed.has(value);
    if (typeof value === 'number' || typeof value === 'boolean') return allowed.has(String(value));
    return false;
  };
}

function hoursCheck(hours: string): Check {
  const [startText, endText] = hours.split('-');
  const start = Number(startText);
  const end = Number(endText);
  const wraps = start > end;
  return (features) => {
    // Epoch milliseconds are UTC, so the hour of day needs no Date object.
    const hour = Math.floor(features.now / millisecondsPerHour) % 24;
    return wraps ? hour >= start || hour < end : hour >= start && hour < end;
  };
}

/** Keywords and the regex both read the last user message, so one check extracts it once for both. */
function compileTextCheck(keywords: string[] | undefined, regex: string | undefined): Check | undefined {
  if (keywords === undefined && regex === undefined) return undefined;
  const keywordPattern = keywords === undefined ? undefined : compileKeywords(keywords);
  const userPattern = regex === undefined ? undefined : new RegExp(regex, 'i');
  return (features) => {
    const text = lastUserText(features.request);
    if (keywordPattern !== undefined && (keywordPattern === false || !keywordPattern.test(text))) return false;
    return userPattern === undefined || userPattern.test(text);
  };
}

/** One pattern for all the keywords: a word or phrase not preceded or followed by a letter, digit or underscore. */
function compileKeywords(keywords: readonly string[]): RegExp | false {
  const alternatives = keywords
    .map((keyword) => keyword.trim())
    .filter((keyword) => keyword !== '')
    .map((keyword) => escapeForUnicodePattern(keyword).replace(/\s+/g, '\\s+'));
  if (alternatives.length === 0) return false;
  return new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alternatives.join('|')})(?![\\p{L}\\p{N}_])`, 'iu');
}

/** In a `u` pattern only syntax characters may be escaped (`\-` is an error), so this escapes exactly those. */
function escapeForUnicodePattern(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&');
}
