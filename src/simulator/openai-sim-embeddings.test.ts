import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import OpenAI from 'openai';
import { postJson } from './__fixtures__/post-json.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const norm = (vector: number[]): number => Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0));

function decodeLittleEndianFloat32(base64: string): number[] {
  const bytes = Buffer.from(base64, 'base64');
  const values: number[] = [];
  for (let offset = 0; offset < bytes.length; offset += 4) values.push(bytes.readFloatLE(offset));
  return values;
}

describe('OpenAI embeddings and models', () => {
  let sim: RunningSimulator;
  let client: OpenAI;
  before(async () => {
    sim = await startSimulator({ profiles: { embed: { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0 } } });
    client = new OpenAI({ baseURL: sim.url, apiKey: 'x', maxRetries: 0 });
  });
  after(() => sim.close());

  it('returns deterministic unit vectors as floats', async () => {
    const answer = await postJson(`${sim.url}/embeddings`, { model: 'embed', input: ['alpha', 'beta', 'alpha'], encoding_format: 'float' });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.object, 'list');
    assert.equal(answer.json.model, 'embed');
    assert.deepEqual(Object.keys(answer.json.usage ?? {}), ['prompt_tokens', 'total_tokens']);
    const [alpha, beta, alphaAgain] = answer.json.data as { object: string; index: number; embedding: number[] }[];
    assert.deepEqual(
      answer.json.data?.map((item: { object: string; index: number }) => [item.object, item.index]),
      [
        ['embedding', 0],
        ['embedding', 1],
        ['embedding', 2],
      ],
    );
    assert.equal(alpha?.embedding.length, 256);
    assert.ok(Math.abs(norm(alpha?.embedding ?? []) - 1) < 1e-5);
    assert.deepEqual(alphaAgain?.embedding, alpha?.embedding);
    assert.notDeepEqual(beta?.embedding, alpha?.embedding);
  });

  it('encodes base64 as little-endian float32, which the SDK decodes to the float answer', async () => {
    const floats = await postJson(`${sim.url}/embeddings`, { model: 'embed', input: 'gateway' });
    const base64 = await postJson(`${sim.url}/embeddings`, { model: 'embed', input: 'gateway', encoding_format: 'base64' });
    const encoded = base64.json.data?.[0]?.embedding as string;
    assert.equal(typeof encoded, 'string');
    const decoded = decodeLittleEndianFloat32(encoded);
    assert.deepEqual(decoded, floats.json.data?.[0]?.embedding, 'floats are float32 values, so both encodings agree exactly');

    // The SDK asks for base64 by default and decodes it.
    const viaSdk = await client.embeddings.create({ model: 'embed', input: 'gateway' });
    assert.equal(sim.requests().at(-1)?.body && (sim.requests().at(-1)?.body as Record<string, unknown>).encoding_format, 'base64');
    assert.deepEqual(viaSdk.data[0]?.embedding, decoded);
  });

  it('honours dimensions by shortening and renormalising', async () => {
    const full = await client.embeddings.create({ model: 'embed', input: 'route', encoding_format: 'float' });
    const short = await client.embeddings.create({ model: 'embed', input: 'route', dimensions: 8, encoding_format: 'float' });
    const fullVector = full.data[0]?.embedding ?? [];
    const shortVector = short.data[0]?.embedding ?? [];
    assert.equal(shortVector.length, 8);
    assert.ok(Math.abs(norm(shortVector) - 1) < 1e-5);
    const scale = (shortVector[0] ?? 0) / (fullVector[0] ?? 1);
    shortVector.forEach((value, index) => assert.ok(Math.abs(value - (fullVector[index] ?? 0) * scale) < 1e-5));
    const tooMany = await postJson(`${sim.url}/embeddings`, { model: 'embed', input: 'route', dimensions: 4096 });
    assert.equal(tooMany.status, 400);
    assert.equal(tooMany.json.error?.param, 'dimensions');
  });

  it('accepts token arrays and counts their tokens', async () => {
    const answer = await postJson(`${sim.url}/embeddings`, { model: 'embed', input: [[1, 2, 3], [4, 5]], encoding_format: 'float' });
    assert.equal(answer.status, 200);
    assert.equal(answer.json.data?.length, 2);
    assert.equal(answer.json.usage?.prompt_tokens, 5);
  });

  it('rejects bad input and non-embedding models as OpenAI does', async () => {
    const chatModel = await postJson(`${sim.url}/embeddings`, { model: 'fast', input: 'hello' });
    assert.equal(chatModel.status, 403);
    assert.deepEqual(chatModel.json.error, {
      message: 'You are not allowed to generate embeddings from this model',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
    const empty = await postJson(`${sim.url}/embeddings`, { model: 'embed', input: '' });
    assert.equal(empty.status, 400);
    const missing = await postJson(`${sim.url}/embeddings`, { model: 'embed' });
    assert.equal(missing.status, 400);
    assert.equal(missing.json.error?.param, 'input');
    const format = await postJson(`${sim.url}/embeddings`, { model: 'embed', input: 'x', encoding_format: 'hex' });
    assert.equal(format.status, 400);
    assert.equal(format.json.error?.param, 'encoding_format');
    const unknown = await postJson(`${sim.url}/embeddings`, { model: 'nope', input: 'x' });
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error?.code, 'model_not_found');
  });

  it('lists and retrieves models in OpenAI shape', async () => {
    const listed = [];
    for await (const model of client.models.list()) listed.push(model);
    const ids = listed.map((model) => model.id);
    for (const id of ['fast', 'smart', 'vision', 'embed', 'bench']) assert.ok(ids.includes(id), id);
    assert.deepEqual(Object.keys(listed[0] ?? {}), ['id', 'object', 'created', 'owned_by']);
    const fast = await client.models.retrieve('fast');
    assert.equal(fast.object, 'model');
    assert.equal(fast.id, 'fast');
    await assert.rejects(client.models.retrieve('nope'), OpenAI.NotFoundError);
  });
});
