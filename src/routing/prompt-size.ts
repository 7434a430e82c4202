import type { ChatRequest } from '../spec/chat-request.js';
import { countInputTokensLocally } from './count-input-tokens-locally.js';

/** Counts a text's tokens; `once` says the text will not recur (a slice of a long document), so a cache should not keep it. */
export type CountText = (text: string, once?: boolean) => number;

/** Past this many characters a text is counted from a sample of this size and extrapolated: counting costs ~0.1–1 µs a token. */
const EXACT_COUNT_CHARACTERS = 32_768;
const SAMPLE_SLICES = 64;
const SAMPLE_SLICE_CHARACTERS = EXACT_COUNT_CHARACTERS / SAMPLE_SLICES;

/**
 * The size of a request's prompt, measured once per request and only as far as someone asks.
 * `upperBound()` is nearly free (UTF-8 bytes: every o200k token covers at least one byte), so the
 * context-window filter counts only when even the bound does not fit. `tokens()` counts with the
 * o200k tokenizer (GPT-4o/4.1/5's; other families' tokenizers differ by some percent).
 */
export class PromptSize {
  private bound: number | undefined;
  private counted: number | undefined;

  constructor(
    private readonly request: ChatRequest,
    private readonly countText: CountText,
  ) {}

  upperBound(): number {
    this.bound ??= countInputTokensLocally(this.request, (text) => Buffer.byteLength(text));
    return this.bound;
  }

  tokens(): number {
    this.counted ??= countInputTokensLocally(this.request, (text) => (text.length <= EXACT_COUNT_CHARACTERS ? this.countText(text) : this.sampledCount(text)));
    return this.counted;
  }

  /**
   * A long text's count from evenly spaced slices (a document that opens in one language and goes on
   * in another is sampled throughout, not judged by its opening), capped by its byte length.
   */
  private sampledCount(text: string): number {
    const step = text.length / SAMPLE_SLICES;
    let sampled = 0;
    for (let index = 0; index < SAMPLE_SLICES; index++) {
      const start = Math.floor(index * step);
      sampled += this.countText(text.slice(start, start + SAMPLE_SLICE_CHARACTERS), true);
    }
    const estimate = Math.ceil((sampled * text.length) / (SAMPLE_SLICES * SAMPLE_SLICE_CHARACTERS));
    return Math.min(estimate, Buffer.byteLength(text));
  }

  /** Whether tokens() has run (an estimate built from the count rather than the bound). */
  isCounted(): boolean {
    return this.counted !== undefined;
  }
}

/** The output the request allows for (`max_completion_tokens`, else `max_tokens`); undefined when it sets none. */
export function requestedOutputTokens(request: ChatRequest): number | undefined {
  return request.max_completion_tokens ?? request.max_tokens ?? undefined;
}

/**
 * The o200k tokenizer, loaded when a router is built (not at import: its tables are megabytes a process
 * that never routes need not hold). Special-token text in a prompt is plain text to count, not a failure.
 */
export async function loadTokenizer(): Promise<CountText> {
  const { countTokens } = await import('gpt-tokenizer/encoding/o200k_base');
  const options = { disallowedSpecial: new Set<string>() };
  return (text) => countTokens(text, options);
}

/** Output tokens assumed for estimates (cost, latency, TPM) when the request sets no limit. */
const DEFAULT_EXPECTED_OUTPUT_TOKENS = 256;

/** The output to expect: what the request allows, else a typical answer's length. */
export function expectedOutputTokens(request: ChatRequest): number {
  return requestedOutputTokens(request) ?? DEFAULT_EXPECTED_OUTPUT_TOKENS;
}

/** Tokens an attempt draws from a TPM allowance before the real usage is known: the prompt plus the expected output. */
export function estimatedRequestTokens(request: ChatRequest, promptSize: PromptSize): number {
  return promptSize.tokens() + expectedOutputTokens(request);
}
