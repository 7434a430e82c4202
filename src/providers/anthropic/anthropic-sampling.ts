import type { ChatRequest } from '../../spec/chat-request.js';
import { unsupportedParameter } from '../shared/unsupported-parameter.js';

export interface AnthropicSamplingRules {
  /** The model (Claude 4.7+) or the API version (2026-10-21+) refuses non-default sampling fields. */
  defaultsOnly: boolean;
  /** Thinking is on: temperature stays at 1, top_k is not allowed, top_p must be within [0.95, 1]. */
  thinking: boolean;
  /** Names the reason in refusals ("claude-opus-5", "anthropic-version 2026-10-21"). */
  defaultsOnlyBecause: string;
}

export interface AnthropicSampling {
  temperature?: number;
  top_p?: number;
  top_k?: number;
}

/**
 * `temperature`, `top_p` and `top_k` under the Messages API's rules. OpenAI's temperature range is
 * 0–2 and Anthropic's 0–1, so values above 1 are clamped to 1 (docs/providers.md). A value equal to
 * Anthropic's default (temperature 1 after clamping, top_p 1) is left out where only defaults are
 * allowed, since sending it or not means the same; any other value the API would reject is refused
 * here with a 400 that says why, rather than dropped.
 */
export function anthropicSampling(request: ChatRequest, rules: AnthropicSamplingRules, provider: string): AnthropicSampling {
  const sampling: AnthropicSampling = {};
  const { temperature, top_p: topP, top_k: topK } = request;
  if (temperature !== undefined && temperature !== null) {
    const clamped = Math.min(Math.max(temperature, 0), 1);
    if (rules.defaultsOnly || rules.thinking) {
      if (clamped !== 1) {
        const why = rules.defaultsOnly
          ? `${rules.defaultsOnlyBecause} accepts only the default temperature (1)`
          : 'with thinking on (reasoning_effort) Anthropic accepts only the default temperature (1)';
        throw unsupportedParameter(provider, 'temperature', why);
      }
    } else sampling.temperature = clamped;
  }
  if (topP !== undefined && topP !== null) {
    if (rules.defaultsOnly) {
      if (topP !== 1) throw unsupportedParameter(provider, 'top_p', `${rules.defaultsOnlyBecause} accepts only the default top_p (1)`);
    } else if (rules.thinking && (topP < 0.95 || topP > 1)) {
      throw unsupportedParameter(provider, 'top_p', 'with thinking on (reasoning_effort) Anthropic accepts top_p only between 0.95 and 1');
    } else sampling.top_p = topP;
  }
  if (topK !== undefined && topK !== null) {
    if (rules.defaultsOnly) throw unsupportedParameter(provider, 'top_k', `${rules.defaultsOnlyBecause} does not accept top_k`);
    if (rules.thinking) throw unsupportedParameter(provider, 'top_k', 'Anthropic does not accept top_k with thinking on (reasoning_effort)');
    sampling.top_k = topK;
  }
  return sampling;
}
