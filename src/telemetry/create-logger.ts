import { pino, type Logger } from 'pino';

export type { Logger };

/** Structured JSON logs on stdout (or a given stream); built once in app.ts and passed in, never global. */
export function createLogger(options: { level?: string; destination?: NodeJS.WritableStream } = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      redact: { paths: ['*.api_key', '*.apiKey', '*.authorization', 'headers.authorization', 'headers["api-key"]'], censor: '[redacted]' },
    },
    options.destination ?? process.stdout,
  );
}
