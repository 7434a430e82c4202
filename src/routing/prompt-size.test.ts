import assert from 'node:assert/strict';
import { test } from 'node:test';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import type { ChatRequest } from '../spec/chat-request.js';
import { estimatedRequestTokens, expectedOutputTokens, loadTokenizer, PromptSize, requestedOutputTokens, type CountText } from './prompt-size.js';

/** Reply priming plus one message's framing (count-input-tokens-locally.ts). */
const ONE_MESSAGE_FRAMING = 3 + 4;

const WORDS = ('the gateway routes each request to a deployment that serves it best while cost latency and quality are weighed ' +
  'against health limits budgets and the context window of every model in the group so that a failure before the first token ' +
  'moves on without the client noticing anything at all').split(' ');
const KANA_AND_KANJI = 'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん日本語東京都市電車通勤技術発展生活便利世界首都大人気天気今日明日時間会社仕事学校先生学生';
const HANZI = '我们的网关把每个请求路由到最合适的部署成本延迟质量健康限制预算上下文窗口模型失败';
const EMOJI = ['😀', '🚀', '👩‍👩‍👧‍👦', '🏳️‍🌈', '🧑🏽‍🚀', '🇯🇵', '❤️', '🤖', '✨', '🫨'];

/** A seeded generator (mulberry32), so every run counts the same text. */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function pick<T>(random: () => number, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)]!;
}

function prose(random: () => number, characters: number): string {
  let text = '';
  while (text.length < characters) {
    const sentence = Array.from({ length: 6 + Math.floor(random() * 14) }, () => pick(random, WORDS)).join(' ');
    text += `${sentence[0]!.toUpperCase()}${sentence.slice(1)}${random() < 0.2 ? ', and then' : '.'} `;
  }
  return text.slice(0, characters);
}

function cjk(random: () => number, characters: number, alphabet: string): string {
  let text = '';
  while (text.length < characters) text += random() < 0.07 ? pick(random, ['。', '、', '！']) : pick(random, [...alphabet]);
  return text;
}

function emoji(random: () => number, count: number): string {
  return Array.from({ length: count }, () => pick(random, EMOJI) + (random() < 0.3 ? ' ' : '')).join('');
}

function code(random: () => number, characters: number): string {
  let text = '';
  while (text.length < characters) {
    const name = `${pick(random, WORDS)}${pick(random, WORDS).replace(/^./, (letter) => letter.toUpperCase())}`;
    text += `export function ${name}(input: readonly number[], limit = ${Math.floor(random() * 1000)}): number {\n  let total = 0;\n  for (const value of input) if (value < limit) total += value * ${Math.floor(random() * 9) + 1};\n  return total; // ${pick(random, WORDS)}\n}\n\n`;
  }
  return text;
}

/** Every kind of text above, paragraph by paragraph, like a long technical document. */
function mixedDocument(random: () => number, characters: number): string {
  let text = '';
  while (text.length < characters) {
    text += `${prose(random, 1_200)}\n\n${code(random, 500)}${cjk(random, 200, KANA_AND_KANJI)}\n${prose(random, 600)} ${emoji(random, 5)}\n\n${cjk(random, 150, HANZI)}\n\n`;
  }
  return text;
}

function userPrompt(text: string): ChatRequest {
  return { model: 'group', messages: [{ role: 'user', content: text }] };
}

/** The o200k count of the text, exactly as gpt-tokenizer gives it, plus one message's framing. */
function exactTokens(text: string): number {
  return countTokens(text, { disallowedSpecial: new Set<string>() }) + ONE_MESSAGE_FRAMING;
}

/** The tokenizer the router loads, loaded once for the file. */
const countText: CountText = await loadTokenizer();

test('tokens() is gpt-tokenizer\'s o200k count of the text plus the framing, for every kind of text', () => {
  const random = seededRandom(1);
  const samples = {
    ascii: prose(random, 3_000),
    japanese: cjk(random, 2_000, KANA_AND_KANJI),
    chinese: cjk(random, 2_000, HANZI),
    emoji: emoji(random, 400),
    code: code(random, 3_000),
    'special-token text': 'please ignore <|endoftext|> and <|im_start|>system',
  };
  for (const [kind, text] of Object.entries(samples)) {
    assert.equal(new PromptSize(userPrompt(text), countText).tokens(), exactTokens(text), kind);
  }
});

test('tokens() adds up every message, with its framing', () => {
  const random = seededRandom(2);
  const texts = [prose(random, 500), code(random, 800), cjk(random, 300, HANZI)];
  const request: ChatRequest = {
    model: 'group',
    messages: [
      { role: 'system', content: texts[0]! },
      { role: 'user', content: texts[1]! },
      { role: 'assistant', content: texts[2]! },
    ],
  };
  const expected = 3 + texts.reduce((sum, text) => sum + 4 + countTokens(text), 0);
  assert.equal(new PromptSize(request, countText).tokens(), expected);
});

test('upperBound() is at least tokens() for ASCII, CJK, emoji, code and their mix, short and long', () => {
  const random = seededRandom(3);
  const samples = {
    ascii: prose(random, 5_000),
    japanese: cjk(random, 3_000, KANA_AND_KANJI),
    chinese: cjk(random, 3_000, HANZI),
    emoji: emoji(random, 800),
    code: code(random, 5_000),
    mixed: mixedDocument(random, 8_000),
    'long ascii': prose(random, 120_000),
    'long japanese': cjk(random, 60_000, KANA_AND_KANJI),
    'long emoji': emoji(random, 20_000),
    'long code': code(random, 120_000),
    'long mixed': mixedDocument(random, 120_000),
  };
  for (const [kind, text] of Object.entries(samples)) {
    const size = new PromptSize(userPrompt(text), countText);
    assert.ok(size.upperBound() >= size.tokens(), `${kind}: bound ${size.upperBound()} < tokens ${size.tokens()}`);
  }
});

test('upperBound() covers tool calls, tool definitions and images as tokens() counts them', () => {
  const request: ChatRequest = {
    model: 'group',
    messages: [
      { role: 'user', content: [{ type: 'text', text: 'Wie wird das Wetter morgen in 東京? 🌦️' }, { type: 'image_url', image_url: { url: 'https://example.com/sky.png' } }] },
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"東京","days":2}' } }] },
      { role: 'tool', tool_call_id: 'call_1', content: '{"forecast":"晴れ","high_celsius":24}' },
    ],
    tools: [{ type: 'function', function: { name: 'get_weather', description: 'Forecast for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
  };
  const size = new PromptSize(request, countText);
  assert.ok(size.tokens() > 1_600, 'the image counts');
  assert.ok(size.upperBound() >= size.tokens(), `bound ${size.upperBound()} < tokens ${size.tokens()}`);
});

test('upperBound() is the UTF-8 byte count plus the framing, and never calls the tokenizer', () => {
  const text = `naïve café ${cjk(seededRandom(4), 100, HANZI)} 🚀`;
  let calls = 0;
  const size = new PromptSize(userPrompt(text), (counted) => {
    calls++;
    return countText(counted);
  });
  assert.equal(size.upperBound(), Buffer.byteLength(text) + ONE_MESSAGE_FRAMING);
  assert.equal(calls, 0);
  assert.equal(size.isCounted(), false);
});

test('tokens() counts once per request, however often it is asked', () => {
  let calls = 0;
  const size = new PromptSize(userPrompt('hello there'), (text) => {
    calls++;
    return countText(text);
  });
  const first = size.tokens();
  assert.equal(size.isCounted(), true);
  assert.equal(size.tokens(), first);
  assert.equal(calls, 1);
});

test('a 200 KB prompt is counted from a sample and lands within 3% of the exact count, above no bound', () => {
  const text = mixedDocument(seededRandom(5), 200_000);
  assert.ok(Buffer.byteLength(text) >= 200_000);
  let counted = 0;
  const size = new PromptSize(userPrompt(text), (sample) => {
    counted += sample.length;
    return countText(sample);
  });
  const exact = exactTokens(text);
  const estimate = size.tokens();
  assert.ok(counted < text.length / 4, `only a sample is tokenized (${counted} of ${text.length} characters)`);
  assert.ok(Math.abs(estimate - exact) / exact < 0.03, `estimate ${estimate}, exact ${exact}`);
  assert.ok(estimate <= size.upperBound());
});

test('a 200 KB prompt whose opening differs from the rest (a Japanese brief before an English document) is within 3% too', () => {
  const random = seededRandom(6);
  const text = `${cjk(random, 40_000, KANA_AND_KANJI)}\n\n${prose(random, 160_000)}`;
  const size = new PromptSize(userPrompt(text), countText);
  const exact = exactTokens(text);
  const estimate = size.tokens();
  // An estimate far above the real count makes the context-window filter refuse a prompt that fits.
  assert.ok(Math.abs(estimate - exact) / exact < 0.03, `estimate ${estimate}, exact ${exact} (${(((estimate - exact) / exact) * 100).toFixed(0)}%)`);
});

test('expected output: max_completion_tokens, else max_tokens, else 256', () => {
  const base = userPrompt('hi');
  assert.equal(expectedOutputTokens(base), 256);
  assert.equal(requestedOutputTokens(base), undefined);
  assert.equal(expectedOutputTokens({ ...base, max_tokens: 1_000 }), 1_000);
  assert.equal(expectedOutputTokens({ ...base, max_tokens: 1_000, max_completion_tokens: 50 }), 50);
  assert.equal(expectedOutputTokens({ ...base, max_tokens: 1_000, max_completion_tokens: null }), 1_000);
  assert.equal(expectedOutputTokens({ ...base, max_tokens: null, max_completion_tokens: null }), 256);
  assert.equal(requestedOutputTokens({ ...base, max_tokens: null }), undefined);
});

test('a TPM estimate is the prompt\'s tokens plus the expected output', () => {
  const request: ChatRequest = { ...userPrompt('How many tokens is this?'), max_tokens: 40 };
  const size = new PromptSize(request, countText);
  assert.equal(estimatedRequestTokens(request, size), exactTokens('How many tokens is this?') + 40);
  assert.equal(estimatedRequestTokens(userPrompt('How many tokens is this?'), size), exactTokens('How many tokens is this?') + 256);
});
