// How one simulated upstream model behaves. The behaviour engine reads only these fields, so a
// second wire format (Anthropic, Gemini…) gets the same latency, faults and content for free.

/** What an outage does to a request: `error` answers 503, `hang` never answers, `reset` destroys the socket. */
export type OutageMode = 'error' | 'hang' | 'reset';

/** How a stream breaks: `error-event` sends the provider's in-stream error event and ends, `cut` destroys the socket. */
export type MidStreamFailureMode = 'error-event' | 'cut';

/**
 * A time range during which every request to the model fails. Bounds are either relative
 * (`startAfterMs`/`endAfterMs`, counted from the moment the window was applied: simulator start
 * for constructor profiles, the `setProfile` call otherwise) or absolute (`startsAt`/`endsAt`,
 * epoch milliseconds or an ISO 8601 string). A missing start means "already started", a missing
 * end means "until the profile changes", so `{ mode: 'error' }` is an outage you end with
 * `setProfile(model, { outages: [] })`.
 */
export interface OutageWindow {
  mode: OutageMode;
  startAfterMs?: number;
  endAfterMs?: number;
  startsAt?: number | string;
  endsAt?: number | string;
}

/**
 * Deterministic bursts of failures: requests are counted per model (from 1, reset by every
 * profile change) and the last `length` requests of every period of `every` requests fail.
 * `{ every: 10, length: 3 }` fails requests 8, 9, 10, 18, 19, 20…
 */
export interface ErrorBurst {
  every: number;
  length: number;
  /** HTTP status of the failures; 503 (overloaded) unless set. */
  status?: number;
}

export interface ModelProfile {
  /** `chat` models serve /chat/completions, `embedding` models serve /embeddings; the wrong endpoint fails like the provider does. */
  kind: 'chat' | 'embedding';
  /** Delay before the first token (stream) or before the whole answer starts to count (non-stream). */
  timeToFirstTokenMs: number;
  /** A uniform random 0..jitter ms added to every time to first token. */
  timeToFirstTokenJitterMs: number;
  /** Output speed after the first token. 0 or Infinity sends everything at once (no timers). */
  tokensPerSecond: number;
  /** Completion length in tokens when the request sets no smaller max_tokens/max_completion_tokens. */
  outputTokens: number;
  /** The largest max_tokens the model accepts; more is a 400 like the provider's. */
  maxOutputTokens: number;
  /** Prompt tokens (plus requested completion tokens) above this are a 400 `context_length_exceeded`. */
  contextWindow: number;
  /** Fraction (0..1) of requests answered with a 500 server error. */
  errorRate: number;
  /** Fraction (0..1) of requests answered with a 429 `rate_limit_exceeded`. */
  rateLimitRate: number;
  /** The `retry-after` a 429 carries, in seconds. */
  retryAfterSeconds: number;
  /** Periodic bursts of consecutive failures, or null for none. */
  errorBurst: ErrorBurst | null;
  /** Time windows during which every request fails (see OutageWindow). */
  outages: OutageWindow[];
  /** Fraction (0..1) of streams that break after `midStreamFailureAfterChunks` chunks. */
  midStreamFailureRate: number;
  /** Content chunks sent before a mid-stream failure. */
  midStreamFailureAfterChunks: number;
  /** How a stream breaks when it does. */
  midStreamFailureMode: MidStreamFailureMode;
  /** Accepts image parts; otherwise an image is a 400 like the provider's. */
  supportsVision: boolean;
  /** Accepts `tools`; otherwise they are a 400 `unsupported_parameter`. */
  supportsTools: boolean;
  /** Emits reasoning (`reasoning_content`) before the answer and reports `reasoning_tokens`. */
  reasoning: boolean;
  /** Reasoning tokens at `reasoning_effort: medium` (low halves, high doubles, minimal/none skips). */
  reasoningTokens: number;
  /** Rejects the legacy `max_tokens` (asks for `max_completion_tokens`), as OpenAI reasoning models do. */
  rejectsMaxTokens: boolean;
  /** Embedding size; `dimensions` in a request may ask for fewer. */
  embeddingDimensions: number;
  /** When set, every plain-text answer is exactly this text (one token per word): for benchmarks. */
  fixedText: string | null;
  /**
   * With `tool_choice: "auto"`, the fraction (0..1) of requests that call a tool although the
   * prompt neither names a tool nor asks to use one (drawn from the seeded PRNG, so reproducible).
   */
  autoToolCallRate: number;
  /** Fraction of the prompt reported as `cached_tokens` once the prompt reaches 1024 tokens (in 128-token steps, as OpenAI caches). */
  cachedPromptFraction: number;
  /**
   * Canned answers: the first entry whose `match` (a regular expression, case-insensitive) finds
   * itself in the last user message's text gives the answer's text (one token per word) instead of
   * random words. Lets a test make one model good or bad at one kind of prompt, or act as a
   * classifier. Plain-text answers only (tools and JSON modes are unaffected).
   */
  scriptedReplies: ScriptedReply[];
}

export interface ScriptedReply {
  match: string;
  reply: string;
}

const chatBase: ModelProfile = {
  kind: 'chat',
  timeToFirstTokenMs: 40,
  timeToFirstTokenJitterMs: 20,
  tokensPerSecond: 500,
  outputTokens: 32,
  maxOutputTokens: 16_384,
  contextWindow: 128_000,
  errorRate: 0,
  rateLimitRate: 0,
  retryAfterSeconds: 1,
  errorBurst: null,
  outages: [],
  midStreamFailureRate: 0,
  midStreamFailureAfterChunks: 5,
  midStreamFailureMode: 'error-event',
  supportsVision: false,
  supportsTools: true,
  reasoning: false,
  reasoningTokens: 0,
  rejectsMaxTokens: false,
  embeddingDimensions: 0,
  fixedText: null,
  autoToolCallRate: 0,
  cachedPromptFraction: 0,
  scriptedReplies: [],
};

const benchText =
  'The quick brown fox jumps over the lazy dog while the simulator answers every benchmark request with these twenty words.';

function freezeProfile(profile: ModelProfile): ModelProfile {
  Object.freeze(profile.outages);
  Object.freeze(profile.scriptedReplies);
  if (profile.errorBurst) Object.freeze(profile.errorBurst);
  return Object.freeze(profile);
}

/**
 * The models every simulator serves unless options override them. Delays are small so gateway
 * tests stay quick, but keep the real ordering (smart is slower than fast).
 */
export const defaultSimulatorProfiles: Readonly<Record<string, ModelProfile>> = Object.freeze({
  // Cheap and quick, 128k context, tools, no images.
  fast: freezeProfile({ ...chatBase }),
  // Slower, 200k context, reasons before answering.
  smart: freezeProfile({
    ...chatBase,
    timeToFirstTokenMs: 250,
    timeToFirstTokenJitterMs: 100,
    tokensPerSecond: 150,
    outputTokens: 64,
    maxOutputTokens: 32_768,
    contextWindow: 200_000,
    reasoning: true,
    reasoningTokens: 32,
  }),
  // Accepts images.
  vision: freezeProfile({
    ...chatBase,
    timeToFirstTokenMs: 120,
    timeToFirstTokenJitterMs: 40,
    tokensPerSecond: 300,
    outputTokens: 48,
    supportsVision: true,
  }),
  // Embeddings only.
  embed: freezeProfile({
    ...chatBase,
    kind: 'embedding',
    timeToFirstTokenMs: 10,
    timeToFirstTokenJitterMs: 5,
    tokensPerSecond: 0,
    contextWindow: 8_192,
    supportsTools: false,
    embeddingDimensions: 256,
  }),
  // The benchmark upstream: no delay, fixed 20-word answer, no timers on the hot path.
  bench: freezeProfile({
    ...chatBase,
    timeToFirstTokenMs: 0,
    timeToFirstTokenJitterMs: 0,
    tokensPerSecond: Infinity,
    outputTokens: 20,
    fixedText: benchText,
  }),
  // A demo of an unreliable provider: 10% 500s, 10% 429s, 5% broken streams.
  flaky: freezeProfile({
    ...chatBase,
    errorRate: 0.1,
    rateLimitRate: 0.1,
    midStreamFailureRate: 0.05,
  }),
});

/** The profile a model id without defaults starts from when a patch creates it. */
export const baseSimulatorProfile: ModelProfile = freezeProfile({ ...chatBase });
