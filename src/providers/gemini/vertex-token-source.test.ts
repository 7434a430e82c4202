import assert from 'node:assert/strict';
import { generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { Agent } from 'undici';
import { ConfigError } from '../../config/config-error.js';
import { parseConfig } from '../../config/load-config.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { Cancellation } from '../../upstream/cancellation.js';
import { DEFAULT_UPSTREAM_TIMEOUTS } from '../../upstream/upstream-timeouts.js';
import { readVertexCredentials } from './read-vertex-credentials.js';
import { vertexProviderDefinition } from './vertex-provider-definition.js';
import { CLOUD_PLATFORM_SCOPE, VertexTokenSource } from './vertex-token-source.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const PEM = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

interface TokenExchange {
  form: URLSearchParams;
  header: Record<string, unknown>;
  claims: Record<string, unknown>;
  signatureValid: boolean;
}

/** A stand-in for oauth2.googleapis.com/token that checks what it is sent. */
let tokenServer: ReturnType<typeof createServer>;
let tokenUri: string;
const exchanges: TokenExchange[] = [];
let answer: (response: ServerResponse, count: number) => void;
let hold: Promise<void> = Promise.resolve();

function decodeJwt(jwt: string, key: KeyObject): Omit<TokenExchange, 'form'> {
  const [header, claims, signature] = jwt.split('.');
  return {
    header: JSON.parse(Buffer.from(header!, 'base64url').toString()) as Record<string, unknown>,
    claims: JSON.parse(Buffer.from(claims!, 'base64url').toString()) as Record<string, unknown>,
    signatureValid: verify('sha256', Buffer.from(`${header}.${claims}`), key, Buffer.from(signature!, 'base64url')),
  };
}

before(async () => {
  tokenServer = createServer((request: IncomingMessage, response: ServerResponse) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', async () => {
      const form = new URLSearchParams(body);
      const assertion = form.get('assertion');
      const decoded = assertion === null ? { header: {}, claims: {}, signatureValid: false } : decodeJwt(assertion, publicKey);
      exchanges.push({ form, ...decoded });
      await hold;
      answer(response, exchanges.length);
    });
  });
  await new Promise<void>((resolve) => tokenServer.listen(0, '127.0.0.1', resolve));
  tokenUri = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
});

after(async () => {
  tokenServer.closeAllConnections();
  await new Promise<void>((resolve) => tokenServer.close(() => resolve()));
});

function grant(response: ServerResponse, count: number): void {
  response.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  response.end(JSON.stringify({ access_token: `ya29.token-${count}`, expires_in: 3599, token_type: 'Bearer' }));
}

function serviceAccount(extra: Record<string, unknown> = {}): string {
  return JSON.stringify({
    type: 'service_account',
    project_id: 'key-project',
    private_key_id: 'kid-123',
    private_key: PEM,
    client_email: 'gateway@key-project.iam.gserviceaccount.com',
    token_uri: tokenUri,
    ...extra,
  });
}

function source(now: () => number, credentials = serviceAccount()): { tokens: VertexTokenSource; close: () => Promise<void> } {
  const dispatcher = new Agent();
  const read = readVertexCredentials('providers.v', credentials, {})!;
  return { tokens: new VertexTokenSource({ provider: 'v', credentials: read, dispatcher, timeouts: DEFAULT_UPSTREAM_TIMEOUTS, now }), close: () => dispatcher.close() };
}

describe('service-account tokens', () => {
  test('a signed RS256 JWT with the cloud-platform scope is traded at token_uri', async () => {
    exchanges.length = 0;
    answer = grant;
    const { tokens, close } = source(() => 1_700_000_000_000);
    assert.equal(await tokens.accessToken(), 'ya29.token-1');
    await close();
    const [exchange] = exchanges;
    assert.equal(exchange!.form.get('grant_type'), 'urn:ietf:params:oauth:grant-type:jwt-bearer');
    assert.ok(exchange!.signatureValid, "the JWT verifies with the key's public half");
    assert.deepEqual(exchange!.header, { alg: 'RS256', typ: 'JWT', kid: 'kid-123' });
    assert.deepEqual(exchange!.claims, {
      iss: 'gateway@key-project.iam.gserviceaccount.com',
      scope: CLOUD_PLATFORM_SCOPE,
      aud: tokenUri,
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
  });

  test('one exchange for concurrent callers; cached until shortly before expiry; renewed after', async () => {
    exchanges.length = 0;
    answer = grant;
    let now = 1_700_000_000_000;
    const { tokens, close } = source(() => now);
    let release!: () => void;
    hold = new Promise((resolve) => (release = resolve));
    const waiting = [tokens.accessToken(), tokens.accessToken(), tokens.accessToken()];
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    assert.deepEqual(await Promise.all(waiting), ['ya29.token-1', 'ya29.token-1', 'ya29.token-1']);
    assert.equal(exchanges.length, 1, 'one refresh in flight at a time');
    now += 3000 * 1000;
    assert.equal(await tokens.accessToken(), 'ya29.token-1', 'still fresh after 50 minutes');
    assert.equal(exchanges.length, 1);
    now += 5 * 60 * 1000;
    assert.equal(await tokens.accessToken(), 'ya29.token-2', 'renewed within five minutes of expiry');
    tokens.invalidate();
    assert.equal(await tokens.accessToken(), 'ya29.token-3', 'a 401 from Vertex drops the cached token');
    await close();
  });

  test("a refused exchange is the gateway's auth error, naming the provider; a failing endpoint is retryable", async () => {
    const { tokens, close } = source(() => Date.now());
    answer = (response) => {
      response.writeHead(400, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'invalid_grant', error_description: 'Invalid JWT Signature.' }));
    };
    const refused = await tokens.accessToken().then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(refused instanceof GatewayError);
    assert.equal(refused.code, 'GW_ERR_UPSTREAM_AUTH');
    assert.equal(refused.status, 502);
    assert.equal(refused.retryable, false);
    assert.equal(refused.provider, 'v');
    assert.match(refused.message, /^v: .*invalid_grant: Invalid JWT Signature\./);
    answer = (response) => {
      response.writeHead(503);
      response.end('backend unavailable');
    };
    const failed = await tokens.accessToken().then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(failed instanceof GatewayError && failed.code === 'GW_ERR_UPSTREAM_AUTH' && failed.retryable, String(failed));
    answer = grant;
    assert.match(await tokens.accessToken(), /^ya29\./, 'a failed refresh is not cached');
    await close();
  });
});

test("gcloud's authorized_user file trades its refresh token", async () => {
  exchanges.length = 0;
  answer = grant;
  const { tokens, close } = source(
    () => Date.now(),
    JSON.stringify({ type: 'authorized_user', client_id: 'cid', client_secret: 'secret', refresh_token: '1//refresh', token_uri: tokenUri }),
  );
  assert.equal(await tokens.accessToken(), 'ya29.token-1');
  await close();
  assert.deepEqual(Object.fromEntries(exchanges[0]!.form), { grant_type: 'refresh_token', client_id: 'cid', client_secret: 'secret', refresh_token: '1//refresh' });
});

describe('the vertex provider', () => {
  function create(config: Record<string, unknown>, environment: NodeJS.ProcessEnv = {}) {
    const loaded = parseConfig({ providers: { v: { type: 'vertex', ...config } } }, { baseDirectory: '/tmp', environment: {} });
    return vertexProviderDefinition.create({
      id: 'v',
      config: loaded.config.providers.v!,
      catalogProvider: undefined,
      environment,
      globalTimeouts: undefined,
      fetchImage: async () => Promise.reject(new Error('no images here')),
    });
  }

  test('sends the token as a bearer and refreshes it after a 401', async () => {
    exchanges.length = 0;
    answer = grant;
    const seen: Array<{ url: string; authorization: string | undefined }> = [];
    const api = createServer((request, response) => {
      seen.push({ url: request.url ?? '', authorization: request.headers.authorization });
      request.resume();
      request.on('end', () => {
        if (seen.length === 1) {
          response.writeHead(401, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ error: { code: 401, message: 'Request had invalid authentication credentials.', status: 'UNAUTHENTICATED' } }));
          return;
        }
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: 'hi' }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 1, candidatesTokenCount: 1 } }));
      });
    });
    await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(api.address() as AddressInfo).port}/v1/projects/{project}/locations/{region}/publishers/google`;
    const provider = create({ credentials: serviceAccount(), region: 'europe-west4', base_url: base });
    const context = { requestId: 't', cancellation: new Cancellation() };
    const request = { model: 'gemini-2.5-flash', messages: [{ role: 'user' as const, content: 'hello' }] };
    const first = await provider.chat(request, context).then(
      () => undefined,
      (error: unknown) => error,
    );
    assert.ok(first instanceof GatewayError && first.code === 'GW_ERR_UPSTREAM_AUTH' && first.status === 502, String(first));
    const second = await provider.chat(request, context);
    assert.equal(second.kind === 'result' && second.result.choices[0]!.content, 'hi');
    assert.deepEqual(seen, [
      { url: '/v1/projects/key-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent', authorization: 'Bearer ya29.token-1' },
      { url: '/v1/projects/key-project/locations/europe-west4/publishers/google/models/gemini-2.5-flash:generateContent', authorization: 'Bearer ya29.token-2' },
    ]);
    await provider.close();
    api.closeAllConnections();
    await new Promise<void>((resolve) => api.close(() => resolve()));
  });

  test('config errors say what to set', () => {
    assert.throws(() => create({}), (error: unknown) => error instanceof ConfigError && /GOOGLE_APPLICATION_CREDENTIALS/.test(error.message));
    assert.throws(() => create({ credentials: serviceAccount({ project_id: undefined }) }), /needs a project/);
    assert.throws(() => create({ credentials: '/no/such/key.json' }), /cannot read the credentials file/);
    assert.throws(() => create({ credentials: serviceAccount({ private_key: 'not a key' }) }), /private_key is not a usable PEM key/);
    assert.throws(() => create({ api_key: 'k', credentials: serviceAccount() }), /not both/);
    assert.throws(() => create({ credentials: serviceAccount(), aws_access_key_id: 'AKIA' }), /aws_access_key_id is not used by type vertex/);
    assert.throws(() => create({ credentials: serviceAccount(), region: 'us central' }), /not a Vertex AI location/);
    assert.doesNotThrow(() => create({}, { GOOGLE_APPLICATION_CREDENTIALS: serviceAccount(), GOOGLE_CLOUD_LOCATION: 'global' }));
    assert.doesNotThrow(() => create({ api_key: 'express-key' }));
  });
});
