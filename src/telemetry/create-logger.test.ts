import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { test } from 'node:test';
import { createLogger } from './create-logger.js';
import type { RequestLogger } from './request-logger.js';

function capture(): { lines: () => Array<Record<string, unknown>>; destination: PassThrough } {
  const destination = new PassThrough();
  const chunks: string[] = [];
  destination.on('data', (chunk: Buffer) => chunks.push(chunk.toString('utf8')));
  return {
    destination,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

test('credentials and prompt text are censored wherever a caller puts them', () => {
  const sink = capture();
  const logger = createLogger({ destination: sink.destination });
  logger.warn(
    {
      requestId: 'r1',
      authorization: 'Bearer sk-top-level',
      headers: { authorization: 'Bearer sk-in-headers', 'x-api-key': 'sk-ant-key', 'api-key': 'azure-key', cookie: 'session=1' },
      provider: { api_key: 'sk-provider', aws_secret_access_key: 'aws-secret' },
      messages: [{ role: 'user', content: 'the secret plan' }],
      request: { messages: [{ role: 'user', content: 'another secret plan' }] },
      code: 'GW_ERR_UPSTREAM_SERVER',
    },
    'something happened',
  );
  const text = JSON.stringify(sink.lines());
  for (const secret of ['sk-top-level', 'sk-in-headers', 'sk-ant-key', 'azure-key', 'session=1', 'sk-provider', 'aws-secret', 'secret plan']) {
    assert.ok(!text.includes(secret), `${secret} is not in ${text}`);
  }
  const [line] = sink.lines();
  assert.equal(line?.requestId, 'r1');
  assert.equal(line?.code, 'GW_ERR_UPSTREAM_SERVER', 'other fields are kept');
});

test('the request logger type takes the app logger and refuses a line without requestId', () => {
  const sink = capture();
  const logger: RequestLogger = createLogger({ destination: sink.destination });
  logger.info({ requestId: 'r2', code: 'x' }, 'typed');
  // @ts-expect-error a line about a request without its id does not compile
  logger.info({ code: 'x' }, 'untyped');
  // @ts-expect-error nor does a bare message
  logger.info('bare');
  assert.equal(sink.lines()[0]?.requestId, 'r2');
});
