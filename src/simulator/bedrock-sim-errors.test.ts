import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { request } from 'undici';
import { decodeEventStreamFrames } from './__fixtures__/decode-event-stream-frames.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = { messages: [{ role: 'user', content: [{ text: 'Say hello to the gateway.' }] }] };
const credentials = { accessKeyId: 'AKIASIMULATOR', secretAccessKey: 'sim-secret-key' };
const apiKey = 'bedrock-api-key';

describe('Bedrock wire: auth, errors and faults', () => {
  let sim: RunningSimulator;
  const send = async (path: string, body: string, headers: Record<string, string>) => {
    const response = await request(`${sim.baseUrls.bedrock}${path}`, { method: 'POST', headers, body });
    const bytes = Buffer.from(await response.body.arrayBuffer());
    const type = String(response.headers['content-type'] ?? '');
    return {
      status: response.statusCode,
      errorType: response.headers['x-amzn-errortype'] as string | undefined,
      json: (type.startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) : undefined) as Record<string, unknown> | undefined,
      bytes,
    };
  };
  const withKey = (model: string, operation: string, body: unknown, key = apiKey) =>
    send(`/model/${encodeURIComponent(model)}/${operation}`, JSON.stringify(body), { 'content-type': 'application/json', authorization: `Bearer ${key}` });
  const signed = async (path: string, body: unknown, signing = credentials, extra: Record<string, string> = {}) => {
    const text = JSON.stringify(body);
    const signer = new SignatureV4({ credentials: signing, region: 'us-east-1', service: 'bedrock', sha256: Sha256 });
    const host = `127.0.0.1:${sim.port}`;
    const request = await signer.sign({ method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: sim.port, path, query: {}, headers: { host, 'content-type': 'application/json', ...extra }, body: text });
    return send(path, text, request.headers);
  };

  before(async () => {
    sim = await startSimulator({ apiKey, awsCredentials: credentials, profiles: { fast: instant, 'us.anthropic.claude-sim:0': instant } });
  });
  after(() => sim.close());

  it('accepts a Bedrock API key or a SigV4 signature it can verify', async () => {
    assert.equal((await withKey('fast', 'converse', hello)).status, 200);
    const wrongKey = await withKey('fast', 'converse', hello, 'other-key');
    assert.equal(wrongKey.status, 403);
    assert.deepEqual(wrongKey.json, { Message: 'Authentication failed: Please make sure your API Key is valid.' });

    assert.equal((await signed('/model/fast/converse', hello)).status, 200);
    assert.equal((await signed('/model/us.anthropic.claude-sim%3A0/converse-stream', hello)).status, 200, 'encoded model ids are signed as sent');
    assert.equal((await signed('/model/fast/converse', hello, credentials, { 'x-amz-security-token': 'session' })).status, 200);
    const badSecret = await signed('/model/fast/converse', hello, { ...credentials, secretAccessKey: 'wrong' });
    assert.equal(badSecret.status, 403);
    assert.match(String(badSecret.errorType), /^InvalidSignatureException:/);
    const unknownKey = await signed('/model/fast/converse', hello, { ...credentials, accessKeyId: 'AKIAOTHER' });
    assert.match(String(unknownKey.errorType), /^UnrecognizedClientException:/);
    assert.deepEqual(unknownKey.json, { message: 'The security token included in the request is invalid.' });

    const signedRequest = await new SignatureV4({ credentials, region: 'us-east-1', service: 'bedrock', sha256: Sha256 }).sign({
      method: 'POST', protocol: 'http:', hostname: '127.0.0.1', port: sim.port, path: '/model/fast/converse', query: {},
      headers: { host: `127.0.0.1:${sim.port}`, 'content-type': 'application/json' }, body: JSON.stringify(hello),
    });
    const altered = await send('/model/fast/converse', JSON.stringify({ ...hello, inferenceConfig: { maxTokens: 1 } }), signedRequest.headers);
    assert.equal(altered.status, 403, 'the body is part of the signature');
    const missing = await send('/model/fast/converse', JSON.stringify(hello), { 'content-type': 'application/json' });
    assert.equal(missing.status, 403);
    assert.match(String(missing.errorType), /^MissingAuthenticationTokenException:/);
  });

  it('refuses what Converse refuses, with ValidationException', async () => {
    const user = (text: string) => ({ role: 'user', content: [{ text }] });
    const toolUse = { toolUse: { toolUseId: 'tooluse_abc', name: 'get_weather', input: {} } };
    const toolConfig = { tools: [{ toolSpec: { name: 'get_weather', inputSchema: { json: { type: 'object' } } } }] };
    const cases: [unknown, RegExp][] = [
      [{ messages: [{ role: 'assistant', content: [{ text: 'hi' }] }] }, /^A conversation must start with a user message/],
      [{ messages: [user('a'), user('b')] }, /^A conversation must alternate between user and assistant roles/],
      [{ messages: [{ role: 'user', content: [] }] }, /^The content field in the Message object at messages\.0 is empty/],
      [{ messages: [user(' ')] }, /^The text field in the ContentBlock object at messages\.0\.content\.0 is blank/],
      [{ ...hello, inferenceConfig: { temperature: 1.5 } }, /^1 validation error detected: Value '1\.5' at 'inferenceConfig\.temperature'/],
      [{ messages: [user('x'), { role: 'assistant', content: [toolUse] }, user('y')] }, /^The toolConfig field must be defined when using toolUse and toolResult content blocks\.$/],
      [{ toolConfig, messages: [user('x'), { role: 'assistant', content: [toolUse] }, user('y')] }, /^Expected toolResult blocks at messages\.2\.content for the following Ids: tooluse_abc$/],
      [{ toolConfig, messages: [user('x'), { role: 'assistant', content: [{ toolUse: { ...toolUse.toolUse, toolUseId: 'call:1' } }] }] }, /Member must satisfy regular expression pattern/],
      [{ toolConfig: { tools: [{ toolSpec: { name: 'get weather', inputSchema: { json: {} } } }] }, ...hello }, /toolSpec\.name' failed to satisfy constraint/],
      [{ messages: [{ role: 'user', content: [{ image: { format: 'bmp', source: { bytes: 'AA==' } } }] }] }, /Member must satisfy enum value set: \[gif, jpeg, png, webp\]/],
    ];
    for (const [body, message] of cases) {
      const answer = await withKey('fast', 'converse', body);
      assert.equal(answer.status, 400, JSON.stringify(body));
      assert.match(String(answer.errorType), /^ValidationException:/);
      assert.match(String(answer.json?.message), message);
    }
    const unknown = await withKey('anthropic.claude-nope', 'converse', hello);
    assert.deepEqual([unknown.status, unknown.json?.message], [400, 'The provided model identifier is invalid.']);
    assert.match(String((await withKey('embed', 'converse', hello)).json?.message), /doesn't support the model that you provided/);
  });

  it('throttles with ThrottlingException and answers outages with ServiceUnavailableException', async () => {
    sim.setProfile('fast', { rateLimitRate: 1 });
    const throttled = await withKey('fast', 'converse', hello);
    assert.equal(throttled.status, 429);
    assert.match(String(throttled.errorType), /^ThrottlingException:/);
    assert.deepEqual(throttled.json, { message: 'Too many requests, please wait before trying again.' });
    sim.setProfile('fast', { rateLimitRate: 0, outages: [{ mode: 'error' }] });
    const outage = await withKey('fast', 'converse-stream', hello);
    assert.equal(outage.status, 503);
    assert.match(String(outage.errorType), /^ServiceUnavailableException:/);
    sim.setProfile('fast', { outages: [], errorRate: 1 });
    assert.match(String((await withKey('fast', 'converse', hello)).errorType), /^InternalServerException:/);
    sim.setProfile('fast', { errorRate: 0 });
  });

  it('breaks a stream with an exception frame', async () => {
    sim.setProfile('fast', { midStreamFailureRate: 1, midStreamFailureAfterChunks: 4 });
    try {
      const broken = await withKey('fast', 'converse-stream', hello);
      assert.equal(broken.status, 200);
      const frames = decodeEventStreamFrames(broken.bytes);
      assert.equal(frames.length, 6, 'messageStart, 4 deltas, the exception');
      assert.deepEqual(frames.at(-1), {
        headers: { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' },
        payload: { message: 'Too many requests, please wait before trying again.' },
      });
    } finally {
      sim.setProfile('fast', { midStreamFailureRate: 0 });
    }
  });
});
