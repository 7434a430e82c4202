import { pino, type Logger } from 'pino';

export type { Logger };

/**
 * Fields that must never reach a log line, wherever a caller puts them: credentials (keys, bearer
 * tokens, AWS and Google secrets) and prompt or answer text (messages, bodies). pino censors them as the
 * line is written; paths are compiled once, and the cost falls only on the rare lines that have fields.
 */
const REDACTED_PATHS = [
  'authorization',
  'api_key',
  'apiKey',
  'secret',
  'password',
  'aws_secret_access_key',
  'aws_session_token',
  'credentials',
  'messages',
  'prompt',
  'input',
  'requestBody',
  'responseBody',
  '*.authorization',
  '*.api_key',
  '*.apiKey',
  '*.secret',
  '*.password',
  '*.aws_secret_access_key',
  '*.aws_session_token',
  '*.credentials',
  '*.messages',
  '*.prompt',
  '*.requestBody',
  '*.responseBody',
  '*["x-api-key"]',
  '*["api-key"]',
  '*["x-goog-api-key"]',
  '*["proxy-authorization"]',
  '*.cookie',
];

/** Structured JSON logs on stdout (or a given stream); built once in app.ts and passed in, never global. */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    },
    options.destination ?? process.stdout,
  );
}
