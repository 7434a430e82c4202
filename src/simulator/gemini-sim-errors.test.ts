import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { readSseEvents } from './__fixtures__/read-sse-events.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = { contents: [{ role: 'user', parts: [{ text: 'Say hello to the gateway.' }] }] };
const key = 'AIza-sim-key';

interface Status {
  error: { code: number; message: string; status: string; details?: Record<string, unknown>[] };
}

function jwt(claims: Record<string, unknown>): string {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${encode({ alg: 'RS256', typ: 'JWT' })}.${encode(claims)}.c2lnbmF0dXJl`;
}

describe('Gemini and Vertex wire: auth, errors, faults, embeddings', () => {
  let sim: RunningSimulator;
  const call = async (url: string, body: unknown, headers: Record<string, string> = { 'x-goog-api-key': key }) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(text) as Status & Record<string, unknown>) : undefined;
    return { status: response.status, text, json };
  };
  const gemini = (model: string, method: string) => `${sim.baseUrls.gemini}/models/${model}:${method}`;
  const vertex = (model: string, method: string) => `${sim.baseUrls.vertex}/projects/demo/locations/us-central1/publishers/google/models/${model}:${method}`;
  const token = async (claims: Record<string, unknown>) => {
    const response = await fetch(sim.baseUrls.googleTokenUri, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ grant_type: 'urn:ietf:params:oauth:grant-type:jwt-bearer', assertion: jwt(claims) }),
    });
    return { status: response.status, json: (await response.json()) as Record<string, unknown> };
  };

  before(async () => {
    sim = await startSimulator({ apiKey: key, profiles: { fast: instant, embed: instant } });
  });
  after(() => sim.close());

  it('takes the key as x-goog-api-key or ?key=, and answers a wrong one with 400 API_KEY_INVALID', async () => {
    assert.equal((await call(gemini('fast', 'generateContent'), hello)).status, 200);
    assert.equal((await call(`${gemini('fast', 'generateContent')}?key=${key}`, hello, {})).status, 200);
    const missing = await call(gemini('fast', 'generateContent'), hello, {});
    assert.equal(missing.status, 403);
    assert.equal(missing.json?.error.status, 'PERMISSION_DENIED');
    const wrong = await call(gemini('fast', 'generateContent'), hello, { 'x-goog-api-key': 'AIza-other' });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.json?.error.status, 'INVALID_ARGUMENT');
    assert.equal(wrong.json?.error.message, 'API key not valid. Please pass a valid API key.');
    assert.equal(wrong.json?.error.details?.[0]?.reason, 'API_KEY_INVALID');
  });

  it('issues OAuth tokens for service-account JWTs that the Vertex routes accept', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { iss: 'sim@demo.iam.gserviceaccount.com', scope: 'https://www.googleapis.com/auth/cloud-platform', aud: sim.baseUrls.googleTokenUri, iat: now, exp: now + 3600 };
    const granted = await token(claims);
    assert.equal(granted.status, 200);
    assert.deepEqual(Object.keys(granted.json).sort(), ['access_token', 'expires_in', 'token_type']);
    assert.equal(granted.json.token_type, 'Bearer');
    assert.equal(granted.json.expires_in, 3599);
    const answered = await call(vertex('fast', 'generateContent'), hello, { authorization: `Bearer ${String(granted.json.access_token)}` });
    assert.equal(answered.status, 200);
    assert.equal((answered.json as unknown as { modelVersion: string }).modelVersion, 'fast');

    assert.equal((await token({ ...claims, exp: now + 7200 })).json.error, 'invalid_grant', 'tokens must be short-lived');
    assert.equal((await token({ ...claims, scope: undefined })).json.error, 'invalid_scope');
    const forged = await call(vertex('fast', 'generateContent'), hello, { authorization: 'Bearer ya29.sim.eyJleHAiOjk5OTk5OTk5OTl9.forged' });
    assert.equal(forged.status, 401);
    assert.equal(forged.json?.error.status, 'UNAUTHENTICATED');
    assert.equal((await call(vertex('fast', 'generateContent'), hello, {})).status, 401);
    assert.equal((await call(vertex('fast', 'generateContent'), hello, { authorization: `Bearer ${key}` })).status, 200, 'the key itself is accepted as a token');
    const missingModel = await call(vertex('nope', 'generateContent'), hello, { authorization: `Bearer ${key}` });
    assert.equal(missingModel.status, 404);
    assert.match(missingModel.json?.error.message ?? '', /^Publisher Model `projects\/demo\/locations\/us-central1\/publishers\/google\/models\/nope` was not found/);
  });

  it('refuses malformed requests with INVALID_ARGUMENT in Gemini’s wording', async () => {
    const cases: [unknown, RegExp][] = [
      [{ contents: [] }, /contents is not specified/],
      [{ ...hello, temperature: 0.5 }, /Unknown name "temperature": Cannot find field/],
      [{ ...hello, generationConfig: { max_tokens: 5 } }, /Unknown name "max_tokens" at 'generation_config'/],
      [{ contents: [{ role: 'assistant', parts: [{ text: 'x' }] }] }, /Please use a valid role: user, model\./],
      [{ contents: [{ role: 'user', parts: [] }] }, /contents\.parts must not be empty/],
      [{ ...hello, tools: [{ functionDeclarations: [{ name: 'f', parameters: { type: ['string', 'null'] } }] }] }, /Proto field is not repeating, cannot start list/],
      [{ ...hello, tools: [{ functionDeclarations: [{ name: 'has space' }] }] }, /Invalid function name/],
      [{ ...hello, generationConfig: { candidateCount: 2 } }, /Multiple candidates is not enabled/],
      [{ ...hello, generationConfig: { thinkingConfig: { thinkingBudget: 100, thinkingLevel: 'low' } } }, /cannot both be set/],
    ];
    for (const [body, message] of cases) {
      const answer = await call(gemini('fast', 'generateContent'), body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.equal(answer.json?.error.status, 'INVALID_ARGUMENT');
      assert.match(answer.json?.error.message ?? '', message);
    }
    const unknown = await call(gemini('gemini-nope', 'generateContent'), hello);
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json?.error.status, 'NOT_FOUND');
    assert.match(unknown.json?.error.message ?? '', /^models\/gemini-nope is not found for API version v1beta/);
  });

  it('rate limits with RESOURCE_EXHAUSTED and a RetryInfo delay, and overloads with UNAVAILABLE', async () => {
    sim.setProfile('fast', { rateLimitRate: 1, retryAfterSeconds: 34 });
    const limited = await call(gemini('fast', 'generateContent'), hello);
    assert.equal(limited.status, 429);
    assert.equal(limited.json?.error.status, 'RESOURCE_EXHAUSTED');
    const retry = limited.json?.error.details?.find((detail) => detail['@type'] === 'type.googleapis.com/google.rpc.RetryInfo');
    assert.equal(retry?.retryDelay, '34s');
    sim.setProfile('fast', { rateLimitRate: 0, outages: [{ mode: 'error' }] });
    const outage = await call(gemini('fast', 'streamGenerateContent?alt=sse'), hello);
    assert.equal(outage.status, 503, 'an error before the stream starts is a real status with a JSON body');
    assert.deepEqual(outage.json?.error, { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' });
    sim.setProfile('fast', { outages: [], errorRate: 1 });
    assert.equal((await call(gemini('fast', 'generateContent'), hello)).json?.error.status, 'INTERNAL');
    sim.setProfile('fast', { errorRate: 0 });
  });

  it('breaks a stream with an error event after the 200', async () => {
    sim.setProfile('fast', { midStreamFailureRate: 1, midStreamFailureAfterChunks: 2 });
    try {
      const broken = await call(gemini('fast', 'streamGenerateContent?alt=sse'), hello);
      assert.equal(broken.status, 200);
      const events = readSseEvents(broken.text, '\r\n\r\n').map((event) => event.data as Record<string, unknown>);
      assert.equal(events.length, 3);
      assert.deepEqual(events.at(-1), { error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } });
    } finally {
      sim.setProfile('fast', { midStreamFailureRate: 0 });
    }
  });

  it('embeds with embedContent, batchEmbedContents and Vertex predict, shortening on request', async () => {
    const single = await call(gemini('embed', 'embedContent'), { content: { parts: [{ text: 'hello' }] } });
    const values = (single.json as unknown as { embedding: { values: number[] } }).embedding.values;
    assert.equal(values.length, 256);
    const batch = await call(gemini('embed', 'batchEmbedContents'), {
      requests: [
        { model: 'models/embed', content: { parts: [{ text: 'hello' }] } },
        { model: 'models/embed', content: { parts: [{ text: 'other' }] }, outputDimensionality: 8 },
      ],
    });
    const embeddings = (batch.json as unknown as { embeddings: { values: number[] }[] }).embeddings;
    assert.deepEqual(embeddings[0]?.values, values, 'the same text embeds the same');
    assert.equal(embeddings[1]?.values.length, 8);
    const mismatch = await call(gemini('embed', 'batchEmbedContents'), { requests: [{ model: 'models/other', content: { parts: [{ text: 'x' }] } }] });
    assert.equal(mismatch.status, 400);
    assert.equal((await call(gemini('fast', 'embedContent'), { content: { parts: [{ text: 'x' }] } })).status, 404, 'a chat model does not embed');

    const predicted = await call(vertex('embed', 'predict'), { instances: [{ content: 'hello' }], parameters: { outputDimensionality: 16 } }, { authorization: `Bearer ${key}` });
    const prediction = (predicted.json as unknown as { predictions: { embeddings: { values: number[]; statistics: { token_count: number } } }[] }).predictions[0];
    assert.equal(prediction?.embeddings.values.length, 16);
    assert.ok((prediction?.embeddings.statistics.token_count ?? 0) > 0);
  });
});
