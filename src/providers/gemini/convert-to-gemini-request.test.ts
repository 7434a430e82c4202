import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { ChatMessage, ChatRequest } from '../../spec/chat-request.js';
import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';
import { Cancellation } from '../../upstream/cancellation.js';
import type { FetchedImage, ImageFetcher } from '../../upstream/fetch-image.js';
import { collectChatResult } from '../collect-chat-result.js';
import { SKIP_THOUGHT_SIGNATURE } from './convert-gemini-assistant-message.js';
import { convertToGeminiRequest, type GeminiRequestOptions } from './convert-to-gemini-request.js';
import { decodeGeminiStream } from './decode-gemini-stream.js';
import { createGeminiPartState, endGeminiParts, geminiResponseToParts } from './gemini-response-to-parts.js';
import type { GeminiResponse } from './gemini-wire.js';

const SIGNATURE_A = Buffer.from('gemini thought state for the first call \u00ff\u00fe').toString('base64');
const SIGNATURE_TEXT = Buffer.from('text part signature ??>>').toString('base64');

function options(overrides: Partial<GeminiRequestOptions> = {}): GeminiRequestOptions {
  return {
    provider: 'gem',
    providerType: 'gemini',
    sendCallIds: true,
    fetchImage: async (url) => {
      throw new Error(`unexpected fetch of ${url}`);
    },
    cancellation: new Cancellation(),
    ...overrides,
  };
}

function request(messages: ChatMessage[], extra: Partial<ChatRequest> = {}): ChatRequest {
  return { model: 'gemini-2.5-flash', messages, ...extra };
}

async function rejection(promise: Promise<unknown>): Promise<GatewayError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  assert.ok(error instanceof GatewayError, `expected a GatewayError, got ${String(error)}`);
  return error;
}

/** What Gemini 3 answers when it calls two tools at once: the signature is on the first call only. */
const TOOL_TURN: GeminiResponse = {
  candidates: [
    {
      content: {
        role: 'model',
        parts: [
          { functionCall: { name: 'get_weather', args: { city: 'Lisbon' } }, thoughtSignature: SIGNATURE_A },
          { functionCall: { name: 'get_time', args: {} } },
        ],
      },
      finishReason: 'STOP',
    },
  ],
  usageMetadata: { promptTokenCount: 40, candidatesTokenCount: 12, thoughtsTokenCount: 30 },
  modelVersion: 'gemini-3-pro-preview',
  responseId: 'resp-Tool1',
};

async function collected(response: GeminiResponse) {
  const state = createGeminiPartState('gem', 'gemini-3-pro-preview');
  const parts: StreamPart[] = [];
  geminiResponseToParts(response, state, parts);
  endGeminiParts(state, parts);
  return collectChatResult(
    (async function* () {
      yield parts;
    })(),
    'gemini-3-pro-preview',
  );
}

describe('multi-turn tool loop', () => {
  test("the first call's thoughtSignature travels in its id and returns on the same functionCall part", async () => {
    const turn = await collected(TOOL_TURN);
    const calls = turn.choices[0]!.toolCalls;
    assert.equal(calls.length, 2);
    assert.equal(turn.choices[0]!.finishReason, 'tool_calls');
    assert.ok(calls[0]!.id.startsWith('call_resp-Tool1_0~ts~'), calls[0]!.id);
    assert.equal(calls[1]!.id, 'call_resp-Tool1_1');

    const next = await convertToGeminiRequest(
      {
        model: 'gemini-3-pro-preview',
        messages: [
          { role: 'user', content: 'Weather and time in Lisbon?' },
          { role: 'assistant', content: null, tool_calls: calls },
          { role: 'tool', tool_call_id: calls[0]!.id, content: '{"temperature": 21, "unit": "C"}' },
          { role: 'tool', tool_call_id: calls[1]!.id, content: '10:42' },
          { role: 'user', content: 'Thanks. And in Porto?' },
        ],
      },
      options(),
    );
    assert.deepEqual(next.contents, [
      { role: 'user', parts: [{ text: 'Weather and time in Lisbon?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { id: 'call_resp-Tool1_0', name: 'get_weather', args: { city: 'Lisbon' } }, thoughtSignature: SIGNATURE_A },
          { functionCall: { id: 'call_resp-Tool1_1', name: 'get_time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { id: 'call_resp-Tool1_0', name: 'get_weather', response: { temperature: 21, unit: 'C' } } },
          { functionResponse: { id: 'call_resp-Tool1_1', name: 'get_time', response: { output: '10:42' } } },
          { text: 'Thanks. And in Porto?' },
        ],
      },
    ]);
  });

  test('a streamed turn gives the same ids as the collected one', async () => {
    const event = `data: ${JSON.stringify(TOOL_TURN)}\r\n\r\n`;
    const parts: StreamPart[] = [];
    for await (const batch of decodeGeminiStream(
      (async function* () {
        yield Buffer.from(event);
      })(),
      'gem',
      'm',
    )) {
      parts.push(...batch);
    }
    const starts = parts.filter((part) => part.type === 'tool-call-start');
    const turn = await collected(TOOL_TURN);
    assert.deepEqual(
      starts.map((part) => part.id),
      turn.choices[0]!.toolCalls.map((call) => call.id),
    );
  });

  test('Vertex gets no call ids (it refuses them); the signature still returns', async () => {
    const turn = await collected(TOOL_TURN);
    const calls = turn.choices[0]!.toolCalls;
    const body = await convertToGeminiRequest(
      {
        model: 'gemini-3-pro-preview',
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: '', tool_calls: [calls[0]!] },
          { role: 'tool', tool_call_id: calls[0]!.id, content: 'sunny' },
        ],
      },
      options({ providerType: 'vertex', sendCallIds: false }),
    );
    assert.deepEqual(body.contents[1], {
      role: 'model',
      parts: [{ functionCall: { name: 'get_weather', args: { city: 'Lisbon' } }, thoughtSignature: SIGNATURE_A }],
    });
    assert.deepEqual(body.contents[2], { role: 'user', parts: [{ functionResponse: { name: 'get_weather', response: { output: 'sunny' } } }] });
  });

  test('history from another provider gets the documented stand-in signature on Gemini 3 only', async () => {
    const messages: ChatMessage[] = [
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: 'toolu_01', type: 'function', function: { name: 'a', arguments: '' } },
          { id: 'toolu_02', type: 'function', function: { name: 'b', arguments: '{"x":1}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'toolu_01', content: 'failed: no such file', is_error: true },
      { role: 'tool', tool_call_id: 'toolu_02', content: '[1,2]' },
    ];
    const gemini3 = await convertToGeminiRequest({ model: 'gemini-3-flash-preview', messages }, options());
    assert.deepEqual(gemini3.contents[1]!.parts, [
      { functionCall: { id: 'toolu_01', name: 'a', args: {} }, thoughtSignature: SKIP_THOUGHT_SIGNATURE },
      { functionCall: { id: 'toolu_02', name: 'b', args: { x: 1 } } },
    ]);
    assert.deepEqual(gemini3.contents[2]!.parts, [
      { functionResponse: { id: 'toolu_01', name: 'a', response: { error: 'failed: no such file' } } },
      { functionResponse: { id: 'toolu_02', name: 'b', response: { output: '[1,2]' } } },
    ]);
    const gemini25 = await convertToGeminiRequest({ model: 'gemini-2.5-flash', messages }, options());
    assert.equal(gemini25.contents[1]!.parts[0]!.thoughtSignature, undefined);
  });

  test('a tool result that matches no call is refused with its index', async () => {
    const error = await rejection(convertToGeminiRequest(request([{ role: 'user', content: 'q' }, { role: 'tool', tool_call_id: 'nope', content: 'x' }]), options()));
    assert.equal(error.code, 'GW_ERR_REQUEST_INVALID');
    assert.match(error.message, /messages\[1\].*"nope"/);
  });
});

describe('reasoning state on text and thought parts', () => {
  test('a text signature (a block with empty thinking) returns on the text part', async () => {
    const body = await convertToGeminiRequest(
      request([
        { role: 'user', content: 'q' },
        { role: 'assistant', content: 'There are 3.', reasoning_content: 'Counting letters', thinking_blocks: [{ type: 'thinking', thinking: '', signature: SIGNATURE_TEXT }] },
        { role: 'user', content: 'sure?' },
      ]),
      options(),
    );
    assert.deepEqual(body.contents[1], {
      role: 'model',
      parts: [
        { text: 'Counting letters', thought: true },
        { text: 'There are 3.', thoughtSignature: SIGNATURE_TEXT },
      ],
    });
  });

  test('collected thinking blocks become signed thought parts, in order', async () => {
    const body = await convertToGeminiRequest(
      request([
        { role: 'user', content: 'q' },
        {
          role: 'assistant',
          content: 'Answer.',
          reasoning_content: 'AB',
          thinking_blocks: [
            { type: 'thinking', thinking: 'A', signature: SIGNATURE_A },
            { type: 'redacted_thinking', data: 'anthropic-only' },
            { type: 'thinking', thinking: 'B', signature: SIGNATURE_TEXT },
          ],
        },
      ]),
      options(),
    );
    assert.deepEqual(body.contents[1]!.parts, [
      { text: 'A', thought: true, thoughtSignature: SIGNATURE_A },
      { text: 'B', thought: true, thoughtSignature: SIGNATURE_TEXT },
      { text: 'Answer.' },
    ]);
  });

  test('a response with thoughts and a signed text part round-trips through collectChatResult', async () => {
    const turn = await collected({
      candidates: [
        {
          content: { role: 'model', parts: [{ text: 'Let me count.', thought: true }, { text: 'Three.', thoughtSignature: SIGNATURE_TEXT }] },
          finishReason: 'STOP',
        },
      ],
      responseId: 'r',
    });
    const choice = turn.choices[0]!;
    assert.equal(choice.reasoning, 'Let me count.');
    assert.equal(choice.content, 'Three.');
    assert.deepEqual(choice.thinkingBlocks, [{ type: 'thinking', thinking: 'Let me count.', signature: SIGNATURE_TEXT }]);
    const body = await convertToGeminiRequest(
      request([
        { role: 'user', content: 'q' },
        { role: 'assistant', content: choice.content, reasoning_content: choice.reasoning, thinking_blocks: choice.thinkingBlocks },
      ]),
      options(),
    );
    // The signature stays in the turn (on the thought it closed); Gemini enforces only call signatures.
    assert.deepEqual(body.contents[1]!.parts, [{ text: 'Let me count.', thought: true, thoughtSignature: SIGNATURE_TEXT }, { text: 'Three.' }]);
  });
});

describe('content', () => {
  test('system and developer messages become the system instruction; empty parts are left out', async () => {
    const body = await convertToGeminiRequest(
      request([
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: [{ type: 'text', text: '' }, { type: 'text', text: 'Hello' }] },
      ]),
      options(),
    );
    assert.deepEqual(body.systemInstruction, { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] });
    assert.deepEqual(body.contents, [{ role: 'user', parts: [{ text: 'Hello' }] }]);
  });

  test('http(s) images are fetched through the image fetcher, data URLs read in place', async () => {
    const fetched: Array<{ url: string; cancellation: Cancellation }> = [];
    const fetchImage: ImageFetcher = async (url, cancellation): Promise<FetchedImage> => {
      fetched.push({ url, cancellation });
      return { mediaType: 'image/jpeg', base64: '/9j/4AAQSkZJRg==' };
    };
    const cancellation = new Cancellation();
    const body = await convertToGeminiRequest(
      request([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare' },
            { type: 'image_url', image_url: { url: 'https://images.example.com/cat.jpg', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
          ],
        },
      ]),
      options({ fetchImage, cancellation }),
    );
    assert.deepEqual(body.contents[0]!.parts, [
      { text: 'Compare' },
      { inlineData: { mimeType: 'image/jpeg', data: '/9j/4AAQSkZJRg==' } },
      { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
    ]);
    assert.deepEqual(
      fetched.map((call) => call.url),
      ['https://images.example.com/cat.jpg'],
    );
    assert.equal(fetched[0]!.cancellation, cancellation, "the fetch is cancelled with the client's request");
  });

  test('a failed image fetch fails the request with the fetcher’s error', async () => {
    const refusal = new GatewayError('GW_ERR_REQUEST_IMAGE_FETCH', 'refused: private address', { param: 'messages' });
    const error = await rejection(
      convertToGeminiRequest(
        request([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'http://10.0.0.1/x.png' } }] }]),
        options({ fetchImage: async () => Promise.reject(refusal) }),
      ),
    );
    assert.equal(error, refusal);
  });

  test('audio and PDF data URLs become inline data; other parts are refused', async () => {
    const body = await convertToGeminiRequest(
      request([
        {
          role: 'user',
          content: [
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
            { type: 'file', file: { filename: 'a.pdf', file_data: 'data:application/pdf;base64,JVBERi0=' } },
          ],
        },
      ]),
      options(),
    );
    assert.deepEqual(body.contents[0]!.parts, [{ inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } }, { inlineData: { mimeType: 'application/pdf', data: 'JVBERi0=' } }]);
    const error = await rejection(convertToGeminiRequest(request([{ role: 'user', content: [{ type: 'file', file: { file_id: 'file-abc' } }] }]), options()));
    assert.equal(error.code, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
  });
});

describe('tools, formats and sampling', () => {
  const tools: ChatRequest['tools'] = [
    {
      type: 'function',
      function: {
        name: 'get_weather',
        description: 'Weather for a city',
        parameters: { $schema: 'http://json-schema.org/draft-07/schema#', type: 'object', properties: { city: { type: 'string', title: 'City' } }, required: ['city'], additionalProperties: false },
        strict: true,
      },
    },
  ];

  test('tools keep their full JSON Schema; every tool_choice form maps', async () => {
    const cases: Array<[ChatRequest['tool_choice'], unknown]> = [
      [undefined, undefined],
      ['auto', { functionCallingConfig: { mode: 'AUTO' } }],
      ['none', { functionCallingConfig: { mode: 'NONE' } }],
      ['required', { functionCallingConfig: { mode: 'ANY' } }],
      [{ type: 'function', function: { name: 'get_weather' } }, { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['get_weather'] } }],
    ];
    for (const [choice, expected] of cases) {
      const body = await convertToGeminiRequest(request([{ role: 'user', content: 'q' }], { tools, tool_choice: choice, parallel_tool_calls: false }), options());
      assert.deepEqual(body.tools, [{ functionDeclarations: [{ name: 'get_weather', description: 'Weather for a city', parametersJsonSchema: tools[0]!.function.parameters }] }]);
      assert.deepEqual(body.toolConfig, expected, `tool_choice ${JSON.stringify(choice)}`);
    }
    const noParameters = await convertToGeminiRequest(
      request([{ role: 'user', content: 'q' }], { tools: [{ type: 'function', function: { name: 'ping', parameters: {} } }] }),
      options(),
    );
    assert.deepEqual(noParameters.tools, [{ functionDeclarations: [{ name: 'ping' }] }], 'an empty schema is no parameters');
    const unknown = await rejection(convertToGeminiRequest(request([{ role: 'user', content: 'q' }], { tools, tool_choice: { type: 'function', function: { name: 'nope' } } }), options()));
    assert.equal(unknown.param, 'tool_choice');
  });

  test('sampling, length, stop and response formats go into generationConfig', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'], additionalProperties: false };
    const body = await convertToGeminiRequest(
      request([{ role: 'user', content: 'q' }], {
        max_completion_tokens: 256,
        max_tokens: 100,
        temperature: 1.5,
        top_p: 0.9,
        top_k: 40,
        stop: 'END',
        seed: 7,
        presence_penalty: 0.5,
        frequency_penalty: -0.5,
        n: 1,
        logprobs: false,
        response_format: { type: 'json_schema', json_schema: { name: 'a', schema, strict: true } },
      }),
      options(),
    );
    assert.deepEqual(body.generationConfig, {
      maxOutputTokens: 256,
      temperature: 1.5,
      topP: 0.9,
      topK: 40,
      stopSequences: ['END'],
      seed: 7,
      presencePenalty: 0.5,
      frequencyPenalty: -0.5,
      responseMimeType: 'application/json',
      responseJsonSchema: schema,
    });
    const jsonMode = await convertToGeminiRequest(request([{ role: 'user', content: 'q' }], { response_format: { type: 'json_object' } }), options());
    assert.deepEqual(jsonMode.generationConfig, { responseMimeType: 'application/json' });
    const plain = await convertToGeminiRequest(request([{ role: 'user', content: 'q' }], { response_format: { type: 'text' } }), options());
    assert.equal(plain.generationConfig, undefined);
  });

  test('reasoning_effort: a budget for 2.5, a level for 3 (Pro: low/high only)', async () => {
    const cases: Array<[string, string, unknown]> = [
      ['gemini-2.5-flash', 'medium', { thinkingBudget: 8192, includeThoughts: true }],
      ['gemini-2.5-flash', 'none', { thinkingBudget: 0 }],
      ['gemini-3-pro-preview', 'minimal', { thinkingLevel: 'low', includeThoughts: true }],
      ['gemini-3-pro-preview', 'medium', { thinkingLevel: 'high', includeThoughts: true }],
      ['gemini-3-flash-preview', 'medium', { thinkingLevel: 'medium', includeThoughts: true }],
      ['gemini-3-flash-preview', 'none', { thinkingLevel: 'minimal' }],
      ['gemini-flash-latest', 'high', { thinkingLevel: 'high', includeThoughts: true }],
    ];
    for (const [model, effort, expected] of cases) {
      const body = await convertToGeminiRequest({ model, messages: [{ role: 'user', content: 'q' }], reasoning_effort: effort }, options());
      assert.deepEqual(body.generationConfig?.thinkingConfig, expected, `${model} ${effort}`);
    }
    const bad = await rejection(convertToGeminiRequest(request([{ role: 'user', content: 'q' }], { reasoning_effort: 'extreme' }), options()));
    assert.equal(bad.param, 'reasoning_effort');
  });

  test('what cannot be translated is refused, naming the field and the provider', async () => {
    const cases: Array<[Partial<ChatRequest>, string]> = [
      [{ n: 2 }, 'n'],
      [{ logprobs: true }, 'logprobs'],
      [{ top_logprobs: 3 }, 'top_logprobs'],
      [{ logit_bias: { '1': 2 } }, 'logit_bias'],
      [{ modalities: ['audio'] }, 'modalities'],
      [{ tools: [{ type: 'web_search', function: { name: 'x' } } as never] }, 'tools'],
    ];
    for (const [extra, param] of cases) {
      const error = await rejection(convertToGeminiRequest(request([{ role: 'user', content: 'q' }], extra), options()));
      assert.equal(error.code, 'GW_ERR_REQUEST_UNSUPPORTED_PARAMETER', param);
      assert.equal(error.param, param);
      assert.match(error.message, /gem/);
    }
    const role = await rejection(convertToGeminiRequest(request([{ role: 'function', name: 'f', content: 'x' }]), options()));
    assert.equal(role.code, 'GW_ERR_REQUEST_UNSUPPORTED_CONTENT');
  });

  test('providerOptions merge into the body: objects one level deep, other fields replaced', async () => {
    const safetySettings = [{ category: 'HARM_CATEGORY_HARASSMENT', threshold: 'BLOCK_NONE' }];
    const body = await convertToGeminiRequest(
      request([{ role: 'user', content: 'q' }], {
        temperature: 0.2,
        providerOptions: { gemini: { safetySettings, generationConfig: { responseModalities: ['TEXT'] } }, vertex: { labels: { team: 'x' } } },
      }),
      options(),
    );
    assert.deepEqual(body.safetySettings, safetySettings);
    assert.deepEqual(body.generationConfig, { temperature: 0.2, responseModalities: ['TEXT'] });
    assert.equal(body.labels, undefined, "another type's options stay out");
  });
});
