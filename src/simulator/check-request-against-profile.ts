import type { ModelProfile } from './model-profile.js';
import type { SimulatedChatRequest } from './simulated-chat-request.js';

/** Why a model refuses a well-formed request; each wire format words it its own way. */
export type ProfileViolation =
  | { kind: 'image-not-supported'; messageIndex: number; partIndex: number }
  | { kind: 'tools-not-supported' }
  | { kind: 'legacy-max-tokens' }
  | { kind: 'max-tokens-too-large'; field: string; requested: number; limit: number }
  | { kind: 'context-exceeded'; limit: number; promptTokens: number; completionTokens: number | undefined };

/** The capability and size checks a provider makes before it generates anything. */
export function checkRequestAgainstProfile(
  request: SimulatedChatRequest,
  profile: ModelProfile,
  promptTokens: number,
): ProfileViolation | undefined {
  if (!profile.supportsVision) {
    const messageIndex = request.messages.findIndex((message) => message.imageCount > 0);
    if (messageIndex >= 0) {
      return { kind: 'image-not-supported', messageIndex, partIndex: request.messages[messageIndex]?.firstImagePartIndex ?? 0 };
    }
  }
  if (!profile.supportsTools && request.tools.length > 0) return { kind: 'tools-not-supported' };
  if (profile.rejectsMaxTokens && request.legacyMaxTokens === true) return { kind: 'legacy-max-tokens' };
  const requested = request.maxOutputTokens;
  if (requested !== undefined && requested > profile.maxOutputTokens) {
    return { kind: 'max-tokens-too-large', field: request.maxOutputTokensField ?? 'max_tokens', requested, limit: profile.maxOutputTokens };
  }
  if (promptTokens > profile.contextWindow || promptTokens + (requested ?? 0) > profile.contextWindow) {
    return { kind: 'context-exceeded', limit: profile.contextWindow, promptTokens, completionTokens: requested };
  }
  return undefined;
}
