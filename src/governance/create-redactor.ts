export interface RedactorOptions {
  /** Regular expressions (JavaScript syntax, no slashes or flags) from the config; every match becomes `[REDACTED]`. */
  patterns: string[];
  /** Adds the built-in patterns for secrets people paste into prompts: API keys, bearer tokens, private keys, e-mail addresses, card numbers. */
  defaults: boolean;
}

export const REDACTED = '[REDACTED]';

/** Bearer tokens: the word stays (group 1), the token goes. 16 characters at least, so "the bearer of" stays. */
const BEARER_PATTERN = String.raw`\b([Bb]earer[ \t]+)[A-Za-z0-9._~+/-]{16,}=*`;

/**
 * Built-in patterns that come before the configured ones. Each starts with a literal or a word boundary,
 * which fails at once on most characters: a 100 KB text costs one quick scan, not one scan per position.
 */
const LEADING_DEFAULTS = [
  // PEM private keys (RSA, EC, OPENSSH, ENCRYPTED…); a block cut off before its END line is redacted to the end.
  String.raw`-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----[\s\S]*?(?:-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|$)`,
  BEARER_PATTERN,
  // OpenAI (sk-, sk-proj-…), Anthropic (sk-ant-…) and Skyroute (sk-sr-…) keys share the shape.
  String.raw`\bsk-[A-Za-z0-9_-]{20,}`,
  // AWS access key ids (long-lived AKIA, temporary ASIA).
  String.raw`\b(?:AKIA|ASIA)[A-Z0-9]{16}\b`,
  // Google API keys.
  String.raw`\bAIza[A-Za-z0-9_-]{35}`,
];

/**
 * E-mail addresses, matched from the "@" on (group 1); the local part is found by walking back from it.
 * Matching the local part in the expression would try every word start as an address (seven times slower
 * on prose). A match with no local part in front is no address: the scan goes on at the next character.
 */
const EMAIL_PATTERN = String.raw`(@)[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b`;

/**
 * Card-like numbers: 13 to 19 digits, single spaces or hyphens allowed between them (group 1). A candidate
 * is redacted only when it, or a prefix of it ending before a separator, passes the Luhn check.
 */
const CARD_PATTERN = String.raw`(?<![0-9])([0-9](?:[ -]?[0-9]){12,18})(?![0-9])`;

/** Characters of an e-mail address's local part. */
const LOCAL_PART = /[A-Za-z0-9._%+-]/;

interface Combined {
  expression: RegExp;
  /** Group numbers that tell which checked alternative matched (0: not in the expression). */
  bearerGroup: number;
  emailGroup: number;
  cardGroup: number;
}

/**
 * Builds the function that redacts request and response bodies before they are logged. Invalid patterns
 * throw here, at start-up or config reload, never on a request.
 *
 * Configured patterns join the built-ins in one expression (one pass over the text), except those with
 * backreferences or named groups: numbering and names would clash in the combined expression, so they
 * run as passes of their own afterwards. The e-mail and card alternatives come last on purpose: when one
 * of them matched, nothing before it matched at that position, so when its check fails the scan can go on
 * from the next character without having skipped any other pattern there.
 */
export function createRedactor(options: RedactorOptions): (text: string) => string {
  const combinable: string[] = [];
  const separate: RegExp[] = [];
  for (const pattern of options.patterns) {
    const expression = compileConfigPattern(pattern);
    if (/\\[1-9]|\\k<|\(\?<(?![=!])/.test(pattern)) separate.push(expression);
    else combinable.push(pattern);
  }
  const alternatives = options.defaults ? [...LEADING_DEFAULTS, ...combinable, EMAIL_PATTERN, CARD_PATTERN] : combinable;
  const combined = alternatives.length === 0 ? undefined : combine(alternatives);

  return (text: string): string => {
    let result = combined === undefined ? text : redactCombined(text, combined);
    for (const expression of separate) result = result.replace(expression, (match) => (match === '' ? match : REDACTED));
    return result;
  };
}

function combine(alternatives: string[]): Combined {
  const combined: Combined = {
    expression: new RegExp(alternatives.map((alternative) => `(?:${alternative})`).join('|'), 'g'),
    bearerGroup: 0,
    emailGroup: 0,
    cardGroup: 0,
  };
  let groups = 0;
  for (const alternative of alternatives) {
    if (alternative === BEARER_PATTERN) combined.bearerGroup = groups + 1;
    else if (alternative === EMAIL_PATTERN) combined.emailGroup = groups + 1;
    else if (alternative === CARD_PATTERN) combined.cardGroup = groups + 1;
    groups += groupCount(alternative);
  }
  return combined;
}

function compileConfigPattern(pattern: string): RegExp {
  let expression: RegExp;
  try {
    expression = new RegExp(pattern, 'g');
  } catch (error) {
    throw new Error(
      `The redaction pattern ${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message}). ` +
        'Fix it or remove it from request_log.redact; patterns use JavaScript syntax, without slashes or flags.',
    );
  }
  if (new RegExp(`^(?:${pattern})$`).test('')) {
    throw new Error(
      `The redaction pattern ${JSON.stringify(pattern)} matches the empty text, so it would redact nothing while hiding ` +
        'the patterns after it. Make it require at least one character (for example "+" instead of "*").',
    );
  }
  return expression;
}

/** How many capture groups a valid pattern has: an empty alternative makes it match '', with one slot per group. */
function groupCount(pattern: string): number {
  return (new RegExp(`${pattern}|`).exec('') as RegExpExecArray).length - 1;
}

function redactCombined(text: string, combined: Combined): string {
  const { expression, bearerGroup, emailGroup, cardGroup } = combined;
  expression.lastIndex = 0;
  let output = '';
  let copiedTo = 0;
  let match: RegExpExecArray | null;
  while ((match = expression.exec(text)) !== null) {
    let start = match.index;
    const matched = match[0];
    let end = start + matched.length;
    let replacement = REDACTED;
    if (matched === '') {
      expression.lastIndex = start + 1;
      continue;
    } else if (cardGroup !== 0 && match[cardGroup] !== undefined) {
      const length = luhnPrefixLength(matched);
      if (length === 0) {
        expression.lastIndex = start + 1;
        continue;
      }
      end = start + length;
      expression.lastIndex = end;
    } else if (emailGroup !== 0 && match[emailGroup] !== undefined) {
      // Back over the local part, never into what an earlier match already replaced.
      let localStart = start;
      while (localStart > copiedTo && LOCAL_PART.test(text[localStart - 1] as string)) localStart -= 1;
      if (localStart === start) {
        expression.lastIndex = start + 1;
        continue;
      }
      start = localStart;
    } else if (bearerGroup !== 0 && match[bearerGroup] !== undefined) {
      replacement = `${match[bearerGroup]}${REDACTED}`;
    }
    output += text.slice(copiedTo, start) + replacement;
    copiedTo = end;
  }
  return copiedTo === 0 ? text : output + text.slice(copiedTo);
}

/**
 * The length of the longest prefix of a card candidate (digits with single separators) that is the whole
 * candidate or ends before a separator, has 13 to 19 digits and passes the Luhn check; 0 when none does.
 * ("Order 4111 1111 1111 1111 2" holds a card followed by another number.) No allocation: text full of
 * spaced digits makes a candidate at every digit.
 */
function luhnPrefixLength(candidate: string): number {
  let digitCount = 0;
  for (let index = 0; index < candidate.length; index += 1) if (!isSeparator(candidate.charCodeAt(index))) digitCount += 1;
  for (let end = candidate.length; end > 0; end -= 1) {
    const code = candidate.charCodeAt(end - 1);
    if (isSeparator(code)) continue;
    if (end === candidate.length || isSeparator(candidate.charCodeAt(end))) {
      if (digitCount < 13) return 0;
      if (digitCount <= 19 && passesLuhn(candidate, end)) return end;
    }
    digitCount -= 1;
  }
  return 0;
}

function isSeparator(code: number): boolean {
  return code === 0x20 || code === 0x2d;
}

/** The Luhn check over the digits of `text` before `end`, separators skipped. */
function passesLuhn(text: string, end: number): boolean {
  let sum = 0;
  let double = false;
  for (let index = end - 1; index >= 0; index -= 1) {
    const code = text.charCodeAt(index);
    if (isSeparator(code)) continue;
    let digit = code - 48;
    if (double) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
    double = !double;
  }
  return sum % 10 === 0;
}
