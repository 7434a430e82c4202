import { createHmac, timingSafeEqual } from 'node:crypto';

// Providers hand out opaque signatures with reasoning and refuse a conversation whose signature
// was altered or lost. The simulator signs with an HMAC keyed by its seed, so it can check what
// comes back without keeping state: a gateway that drops or mangles signatures fails like it would
// against the provider.

const gemini3DummySignatures = new Set(['skip_thought_signature_validator', 'context_engineering_is_the_way_to_go']);

function mac(seed: number, purpose: string, text: string): Buffer {
  return createHmac('sha256', `skyroute-sim:${purpose}:${seed}`).update(text).digest();
}

export const simThinkingSignature = {
  /** Anthropic/Bedrock style: a signature over the thinking text itself. */
  forText(seed: number, thinking: string): string {
    return mac(seed, 'thinking', thinking).toString('base64');
  },
  /** True when `signature` is the one `forText` gives for this text. */
  matchesText(seed: number, thinking: string, signature: unknown): boolean {
    if (typeof signature !== 'string') return false;
    const given = Buffer.from(signature, 'base64');
    const expected = mac(seed, 'thinking', thinking);
    return given.length === expected.length && timingSafeEqual(given, expected);
  },
  /** Gemini style: an opaque token (not tied to the part it rides on), made from a per-answer nonce. */
  opaque(seed: number, nonce: string): string {
    return Buffer.from(`${nonce}.${mac(seed, 'thought', nonce).toString('base64url')}`).toString('base64');
  },
  /** True for a token `opaque` issued, or one of the placeholders Google documents for Gemini 3. */
  isOpaque(seed: number, signature: unknown): boolean {
    if (typeof signature !== 'string') return false;
    if (gemini3DummySignatures.has(signature)) return true;
    const decoded = Buffer.from(signature, 'base64').toString('utf8');
    const dot = decoded.lastIndexOf('.');
    return dot > 0 && decoded.slice(dot + 1) === mac(seed, 'thought', decoded.slice(0, dot)).toString('base64url');
  },
};
