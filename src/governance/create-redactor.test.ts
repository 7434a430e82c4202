import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createRedactor, REDACTED } from './create-redactor.js';

const redactDefaults = createRedactor({ patterns: [], defaults: true });

/** Made-up secrets of the real shapes (none of them is a live credential). */
const OPENAI_LEGACY = 'sk-4f9Qz8XkLm2Pq7Rt1Vb6Nc3Hd5Jg0WyTe8Ua2Si9Ox4';
const OPENAI_PROJECT = 'sk-proj-Ab3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3zA5bC7dE9fG1hJ3kL5mN7pQ9rS1tU3vW5xY7_-zA9';
const ANTHROPIC = 'sk-ant-api03-Zx9Yw8Vu7Ts6Rq5Po4Nm3Lk2Ji1Hg0Fe9Dc8Ba7Zx6Yw5Vu4Ts3Rq2Po1Nm0Lk9Ji8Hg7Fe6Dc5Ba4Zx3Yw2Vu1-AAAA';
const SKYROUTE = 'sk-sr-q3N8v0Jd2X9Lw5Tc7Hb1Rk4Ym6Pf8Gz0As2Ue4Oi6Wn';
const AWS_LONG = 'AKIAIOSFODNN7EXAMPLE';
const AWS_TEMPORARY = 'ASIAY34FZKBOKMUTVV7A';
const GOOGLE = 'AIzaSyD-9tSrke72PouQMnMX-a7eZSW0jkFMBWY';
const PEM = [
  '-----BEGIN RSA PRIVATE KEY-----',
  'MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun',
  'VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK',
  '-----END RSA PRIVATE KEY-----',
].join('\n');

test('each built-in secret shape is redacted where it stands, and the text around it stays', () => {
  const cases: Array<[string, string]> = [
    [`key ${OPENAI_LEGACY} here`, `key ${REDACTED} here`],
    [`OPENAI_API_KEY=${OPENAI_PROJECT}`, `OPENAI_API_KEY=${REDACTED}`],
    [`"${ANTHROPIC}"`, `"${REDACTED}"`],
    [`my gateway key is ${SKYROUTE}.`, `my gateway key is ${REDACTED}.`],
    [`aws_access_key_id = ${AWS_LONG}`, `aws_access_key_id = ${REDACTED}`],
    [`id ${AWS_TEMPORARY},`, `id ${REDACTED},`],
    [`?key=${GOOGLE}&q=1`, `?key=${REDACTED}&q=1`],
    ['Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.abc-_123', `Authorization: Bearer ${REDACTED}`],
    ['curl -H "authorization: bearer 0123456789abcdefXYZ=="', `curl -H "authorization: bearer ${REDACTED}"`],
    [`before\n${PEM}\nafter`, `before\n${REDACTED}\nafter`],
    ['-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC (pasted without its end', REDACTED],
    ['-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----', REDACTED],
    ['write to jane.doe+billing@example.co.uk today', `write to ${REDACTED} today`],
    ['<ops@skyroute.dev>', `<${REDACTED}>`],
    ['card 4111 1111 1111 1111 exp 12/29', `card ${REDACTED} exp 12/29`],
    ['card 4111-1111-1111-1111', `card ${REDACTED}`],
    ['amex 378282246310005.', `amex ${REDACTED}.`],
    ['mc 5500 0000 0000 0004; disc 6011111111111117', `mc ${REDACTED}; disc ${REDACTED}`],
    // A card followed by another number: the prefix that passes the check goes, the rest stays.
    ['order 4111 1111 1111 1111 2', `order ${REDACTED} 2`],
    // A number before the card does not hide it.
    ['ref 1234 4111 1111 1111 1111', `ref 1234 ${REDACTED}`],
  ];
  for (const [input, expected] of cases) assert.equal(redactDefaults(input), expected, input);
});

test('near misses of the built-in shapes stay as they are', () => {
  const keep = [
    'sk-' + 'a'.repeat(19), // too short for a key
    'we use sk-learn and risk-assessment-framework-documents', // "sk-" not at a word start, or short
    'AKIAIOSFODNN7EXAMPL', // 15 characters after AKIA
    'akiaiosfodnn7example', // lowercase
    'AKIAIOSFODNN7EXAMPLE1', // too long to be an id
    'AIzaSyD-9tSrke72Pou', // too short for a Google key
    'the bearer of this letter', // a word, not a token
    'Bearer token', // too short for a token
    '-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8A\n-----END PUBLIC KEY-----',
    '-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkq\n-----END CERTIFICATE-----',
    'user@localhost', // no top-level domain
    'ping @channel about a@b', // mentions, no domain
    'name@example.c', // one-letter top-level domain
    'card 4111 1111 1111 1112', // fails the Luhn check
    '411111111111', // 12 digits: too short
    'call +1 415 555 0132', // a phone number
    'order 2024-05-17 id 98765432109876543210123', // a date; 23 digits are no card
    'ts 1718035200000', // a 13-digit timestamp that fails the check
  ];
  for (const text of keep) assert.equal(redactDefaults(text), text, text);
});

test('without the defaults only the configured patterns apply; each match is replaced, the rest stays', () => {
  const redact = createRedactor({ patterns: ['ACME-\\d{6}', 'project (?:falcon|osprey)'], defaults: false });
  assert.equal(
    redact(`ticket ACME-123456 for project falcon and project osprey, ACME-12345; ${OPENAI_LEGACY}`),
    `ticket ${REDACTED} for ${REDACTED} and ${REDACTED}, ACME-12345; ${OPENAI_LEGACY}`,
  );
  assert.equal(createRedactor({ patterns: [], defaults: false })('nothing to do'), 'nothing to do');
});

test('configured patterns with groups, backreferences or named groups work beside the built-ins', () => {
  const redact = createRedactor({
    patterns: ['(internal|secret)-(\\d+)', '(["\'])hunter\\d\\1', '(?<word>classified)-\\k<word>'],
    defaults: true,
  });
  // The configured groups come before the card alternative: the card and bearer handling must still find theirs.
  assert.equal(
    redact(`internal-42 said "hunter2" and 'hunter3"; classified-classified; Bearer abcdefghijklmnop1234; 4111111111111111`),
    `${REDACTED} said ${REDACTED} and 'hunter3"; ${REDACTED}; Bearer ${REDACTED}; ${REDACTED}`,
  );
  // A configured pattern that starts like an e-mail domain is not hidden by the e-mail pattern.
  const mentions = createRedactor({ patterns: ['@ops-[a-z]+\\.corp\\.example'], defaults: true });
  assert.equal(mentions('ask @ops-oncall.corp.example or ops@corp.example'), `ask ${REDACTED} or ${REDACTED}`);
});

test('an e-mail address right after another secret is still found, without reaching into the replaced text', () => {
  assert.equal(redactDefaults(`${AWS_LONG}+alerts@example.com`), `${REDACTED}${REDACTED}`);
  // The key was the whole local part: once it is replaced, what is left is no address.
  assert.equal(redactDefaults(`${OPENAI_LEGACY}@example.com`), `${REDACTED}@example.com`);
  assert.equal(redactDefaults('mail: "first.last@example.org", @here'), `mail: "${REDACTED}", @here`);
});

test('an invalid pattern is refused at creation with the pattern and the parse error', () => {
  assert.throws(
    () => createRedactor({ patterns: ['ok-\\d+', 'token=([a-z'], defaults: true }),
    (error: Error) => error.message.includes('"token=([a-z"') && /Unterminated character class|missing \)/i.test(error.message) && error.message.includes('request_log.redact;'),
  );
  assert.throws(() => createRedactor({ patterns: ['x*'], defaults: false }), /"x\*" matches the empty text/);
});

test('a text without secrets comes back as the same string', () => {
  const text = 'A plain prompt about invoices, 42 apples and the year 2024.\n'.repeat(100);
  assert.equal(redactDefaults(text), text);
});

test('large texts: every secret in a 100 KB prompt is found (and long words or digit runs do not derail the scan)', () => {
  const filler = 'lorem ipsum dolor sit amet 12345 consectetur '.repeat(50);
  const parts: string[] = [];
  for (let index = 0; index < 40; index += 1) parts.push(filler, index % 2 === 0 ? OPENAI_LEGACY : 'mail me: a.b@c-d.org');
  parts.push('x'.repeat(20_000), '7'.repeat(20_000), 'q@'.repeat(5_000));
  const text = parts.join(' ');
  assert.ok(text.length > 100_000);
  const redacted = redactDefaults(text);
  assert.equal(redacted.split(REDACTED).length - 1, 40);
  assert.ok(!redacted.includes(OPENAI_LEGACY) && !redacted.includes('a.b@c-d.org'));
});
