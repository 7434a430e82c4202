import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { findSchemaViolations } from './__fixtures__/find-schema-violations.js';
import { readSseEvents } from './__fixtures__/read-sse-events.js';
import { startSimulator, type RunningSimulator } from './start-simulator.js';

const instant = { timeToFirstTokenMs: 0, timeToFirstTokenJitterMs: 0, tokensPerSecond: 0 };
const hello = [{ role: 'user', parts: [{ text: 'Say hello to the gateway.' }] }];
const weather = {
  name: 'get_weather',
  description: 'Weather for a city',
  parameters: { type: 'OBJECT', properties: { city: { type: 'STRING' }, days: { type: 'INTEGER', minimum: 1, maximum: 7 } }, required: ['city'] },
};
const askWeather = [{ role: 'user', parts: [{ text: 'Use the get_weather tool for Oslo.' }] }];

interface Part { text?: string; thought?: boolean; thoughtSignature?: string; functionCall?: { name: string; args: Record<string, unknown> } }
interface Usage { promptTokenCount: number; candidatesTokenCount?: number; thoughtsTokenCount?: number; cachedContentTokenCount?: number; totalTokenCount: number }
interface Answer { candidates: { content: { parts?: Part[]; role: string }; finishReason?: string; index: number }[]; usageMetadata: Usage; modelVersion: string; responseId: string }

describe('Gemini generateContent wire', () => {
  let sim: RunningSimulator;
  const call = async (model: string, method: string, body: unknown) => {
    const response = await fetch(`${sim.baseUrls.gemini}/models/${model}:${method}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-goog-api-key': 'g-key' },
      body: JSON.stringify(body),
    });
    const text = await response.text();
    const json = (response.headers.get('content-type') ?? '').startsWith('application/json') ? (JSON.parse(text) as Answer) : undefined;
    return { status: response.status, headers: response.headers, text, json: json as Answer };
  };
  const chunks = (text: string): Answer[] =>
    readSseEvents(text, '\r\n\r\n').map(({ event, data }) => {
      assert.equal(event, undefined, 'Gemini sends data lines only');
      return data as Answer;
    });
  const partsOf = (answer: Answer): Part[] => answer.candidates[0]?.content.parts ?? [];

  before(async () => {
    sim = await startSimulator({ apiKey: 'g-key', profiles: { fast: instant, smart: instant, fixed: { ...instant, fixedText: 'alpha beta gamma delta' }, cached: { ...instant, cachedPromptFraction: 1 } } });
  });
  after(() => sim.close());

  it('answers one candidate with usageMetadata, modelVersion and responseId', async () => {
    const answer = await call('fast', 'generateContent', { contents: hello, systemInstruction: { parts: [{ text: 'Be brief.' }] } });
    assert.equal(answer.status, 200);
    const [candidate] = answer.json.candidates;
    assert.equal(candidate?.content.role, 'model');
    assert.equal(candidate?.finishReason, 'STOP');
    assert.equal(partsOf(answer.json).length, 1);
    assert.equal(partsOf(answer.json)[0]?.text?.split(' ').length, 32);
    const usage = answer.json.usageMetadata;
    assert.equal(usage.candidatesTokenCount, 32);
    assert.equal(usage.totalTokenCount, usage.promptTokenCount + 32);
    assert.equal(usage.thoughtsTokenCount, undefined, 'zero counts are left out, as proto3 JSON does');
    assert.equal(answer.json.modelVersion, 'fast');
    assert.match(answer.json.responseId, /^\w+$/);
  });

  it('streams SSE chunks split by CRLF with running usage, the finishReason last, and the same text', async () => {
    const raw = await call('fast', 'streamGenerateContent?alt=sse', { contents: hello });
    assert.equal(raw.headers.get('content-type'), 'text/event-stream');
    const stream = chunks(raw.text);
    assert.equal(stream.length, 33, 'one chunk per token and a closing chunk');
    stream.forEach((chunk, index) => {
      assert.equal(chunk.usageMetadata.candidatesTokenCount, Math.min(index + 1, 32), 'usage is a running total');
      assert.equal(chunk.candidates[0]?.finishReason, index === 32 ? 'STOP' : undefined);
      assert.equal(chunk.responseId, stream[0]?.responseId);
    });
    assert.deepEqual(partsOf(stream[32] as Answer), [{ text: '' }]);
    const text = stream.map((chunk) => partsOf(chunk).map((part) => part.text).join('')).join('');
    assert.equal(text, partsOf((await call('fast', 'generateContent', { contents: hello })).json)[0]?.text);

    const array = await call('fast', 'streamGenerateContent', { contents: hello, generationConfig: { maxOutputTokens: 3 } });
    const elements = JSON.parse(array.text) as Answer[];
    assert.equal(elements.length, 4, 'without alt=sse the chunks form one JSON array');
    assert.equal(elements.at(-1)?.candidates[0]?.finishReason, 'MAX_TOKENS');
  });

  it('calls functions with args objects, whole, in the last chunk', async () => {
    const body = { contents: askWeather, tools: [{ functionDeclarations: [weather] }] };
    const answer = (await call('fast', 'generateContent', body)).json;
    assert.equal(answer.candidates[0]?.finishReason, 'STOP', 'Gemini ends function calls with STOP');
    const [part] = partsOf(answer);
    assert.equal(part?.functionCall?.name, 'get_weather');
    assert.deepEqual(findSchemaViolations(part?.functionCall?.args, { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1, maximum: 7 } }, required: ['city'] }), []);
    assert.equal(part?.thoughtSignature, undefined, 'no signature without thinking');

    const stream = chunks((await call('fast', 'streamGenerateContent?alt=sse', body)).text);
    assert.equal(stream.length, 1);
    assert.deepEqual(partsOf(stream[0] as Answer), partsOf(answer));
    assert.equal(stream[0]?.usageMetadata.candidatesTokenCount, answer.usageMetadata.candidatesTokenCount);

    const forced = (await call('fast', 'generateContent', { contents: hello, tools: [{ functionDeclarations: [weather, { name: 'get_time' }] }], toolConfig: { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_time'] } } })).json;
    assert.deepEqual(partsOf(forced)[0]?.functionCall, { name: 'get_time', args: {} });
    const refused = (await call('fast', 'generateContent', { ...body, toolConfig: { functionCallingConfig: { mode: 'NONE' } } })).json;
    assert.equal(partsOf(refused)[0]?.functionCall, undefined);
  });

  it('answers function responses in text, matched to the call by name', async () => {
    const first = (await call('fast', 'generateContent', { contents: askWeather, tools: [{ functionDeclarations: [weather] }] })).json;
    const contents = [...askWeather, first.candidates[0]?.content, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'sunny' } } }] }];
    const answer = await call('fast', 'generateContent', { contents, tools: [{ functionDeclarations: [weather] }] });
    assert.equal(answer.status, 200);
    assert.match(partsOf(answer.json)[0]?.text ?? '', /^Based on the tool result, the get_weather tool returned \{"output":"sunny"\}\./);
    const orphan = await call('fast', 'generateContent', { contents: [...askWeather, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: {} } }] }] });
    assert.equal(orphan.status, 400);
    assert.match(orphan.text, /function response turn comes immediately after a function call turn/);
  });

  it('thinks by default on a reasoning model, shows thoughts on request and needs signatures back', async () => {
    const plain = (await call('smart', 'generateContent', { contents: hello })).json;
    assert.ok((plain.usageMetadata.thoughtsTokenCount ?? 0) > 0);
    assert.equal(plain.usageMetadata.totalTokenCount, plain.usageMetadata.promptTokenCount + (plain.usageMetadata.candidatesTokenCount ?? 0) + (plain.usageMetadata.thoughtsTokenCount ?? 0));
    assert.ok(!partsOf(plain).some((part) => part.thought), 'thoughts stay hidden without includeThoughts');
    assert.ok(partsOf(plain)[0]?.thoughtSignature, 'the answer part carries the signature');
    const off = (await call('smart', 'generateContent', { contents: hello, generationConfig: { thinkingConfig: { thinkingBudget: 0 } } })).json;
    assert.equal(off.usageMetadata.thoughtsTokenCount, undefined);
    const capped = (await call('smart', 'generateContent', { contents: hello, generationConfig: { thinkingConfig: { thinkingBudget: 5 } } })).json;
    assert.equal(capped.usageMetadata.thoughtsTokenCount, 5, 'a budget caps the thoughts');

    const body = { contents: askWeather, tools: [{ functionDeclarations: [weather] }], generationConfig: { thinkingConfig: { includeThoughts: true } } };
    const answer = (await call('smart', 'generateContent', body)).json;
    const parts = partsOf(answer);
    assert.equal(parts[0]?.thought, true);
    assert.ok(parts[1]?.functionCall && parts[1].thoughtSignature, 'the first call carries the signature');
    const stream = chunks((await call('smart', 'streamGenerateContent?alt=sse', body)).text);
    assert.equal(stream.filter((chunk) => partsOf(chunk)[0]?.thought).map((chunk) => partsOf(chunk)[0]?.text).join(''), parts[0]?.text);
    const [streamedCall] = partsOf(stream.at(-1) as Answer);
    assert.deepEqual(streamedCall?.functionCall, parts[1]?.functionCall);
    assert.ok(streamedCall?.thoughtSignature, 'signatures are opaque and differ per answer, but are always there');

    const next = (modelContent: unknown) =>
      call('smart', 'generateContent', { ...body, contents: [...askWeather, modelContent, { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'rain' } } }] }] });
    assert.equal((await next(answer.candidates[0]?.content)).status, 200);
    const unsigned = await next({ role: 'model', parts: [{ functionCall: parts[1]?.functionCall }] });
    assert.equal(unsigned.status, 400);
    assert.match(unsigned.text, /Function call is missing a thought_signature/);
    const corrupted = await next({ role: 'model', parts: [{ functionCall: parts[1]?.functionCall, thoughtSignature: 'bm90IG91cnM=' }] });
    assert.match(corrupted.text, /Corrupted thought signature/);
    const placeholder = await next({ role: 'model', parts: [{ functionCall: parts[1]?.functionCall, thoughtSignature: 'skip_thought_signature_validator' }] });
    assert.equal(placeholder.status, 200, 'the documented placeholder is accepted');
  });

  it('answers JSON matching responseSchema (OpenAPI subset) or responseJsonSchema', async () => {
    const openApi = { type: 'OBJECT', properties: { name: { type: 'STRING' }, score: { type: 'NUMBER', minimum: 0, maximum: 1 } }, required: ['name', 'score'] };
    const first = (await call('fast', 'generateContent', { contents: hello, generationConfig: { responseMimeType: 'application/json', responseSchema: openApi } })).json;
    assert.deepEqual(findSchemaViolations(JSON.parse(partsOf(first)[0]?.text ?? ''), { type: 'object', properties: { name: { type: 'string' }, score: { type: 'number', minimum: 0, maximum: 1 } }, required: ['name', 'score'] }), []);
    const jsonSchema = { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', properties: { ok: { type: 'boolean' } }, required: ['ok'], additionalProperties: false };
    const second = (await call('fast', 'generateContent', { contents: hello, generation_config: { response_mime_type: 'application/json', response_json_schema: jsonSchema } })).json;
    assert.deepEqual(findSchemaViolations(JSON.parse(partsOf(second)[0]?.text ?? ''), jsonSchema), [], 'snake_case field names work too');
    const leaked = await call('fast', 'generateContent', { contents: hello, generationConfig: { responseMimeType: 'application/json', responseSchema: jsonSchema } });
    assert.equal(leaked.status, 400);
    assert.match(leaked.text, /Unknown name \\"\$schema\\" at 'generation_config.response_schema': Cannot find field/);
    const noMime = await call('fast', 'generateContent', { contents: hello, generationConfig: { responseSchema: openApi } });
    assert.equal(noMime.status, 400);
  });

  it('stops before stop sequences, counts tokens and reports implicit cache hits', async () => {
    const stopped = (await call('fixed', 'generateContent', { contents: hello, generationConfig: { stopSequences: [' gamma'] } })).json;
    assert.equal(partsOf(stopped)[0]?.text, 'alpha beta');
    assert.equal(stopped.candidates[0]?.finishReason, 'STOP');
    const counted = await call('fast', 'countTokens', { contents: hello });
    const answered = (await call('fast', 'generateContent', { contents: hello })).json;
    assert.deepEqual(counted.json, { totalTokens: answered.usageMetadata.promptTokenCount, promptTokensDetails: [{ modality: 'TEXT', tokenCount: answered.usageMetadata.promptTokenCount }] });
    const long = [{ role: 'user', parts: [{ text: 'context '.repeat(800) }] }];
    const cached = (await call('cached', 'generateContent', { contents: long })).json.usageMetadata;
    assert.equal(cached.cachedContentTokenCount, Math.floor(cached.promptTokenCount / 128) * 128, 'promptTokenCount includes the cached tokens');
  });
});
