/**
 * Tool-call ids for Gemini, which needs two things OpenAI Chat cannot carry:
 *
 * - Gemini's own call id, when it sends one (`functionCall.id`); otherwise the gateway makes one up
 *   from the response id and the call's position (`call_<responseId>_<n>`), the same in a stream and
 *   in a collected result.
 * - The call's `thoughtSignature`, which Gemini 3 requires back on the same `functionCall` part
 *   next turn (else 400). It travels INSIDE the id, so every OpenAI client returns it without
 *   knowing: `<base>~ts~<signature as base64url>`. base64url has no `~`, so the last marker is
 *   always ours, whatever the base holds.
 *
 * Signatures are proto `bytes` (standard base64 with padding on the wire); they are re-encoded
 * through their bytes, which gives back Google's exact text. One that would not survive that
 * (not canonical base64) is kept verbatim, URI-encoded, behind a second marker.
 */
const BYTES_MARKER = '~ts~';
const TEXT_MARKER = '~tsu~';

export interface GeminiToolCallIdParts {
  /** Gemini's id, ours, or a foreign provider's: what the conversation calls this call. */
  base: string;
  signature: string | undefined;
}

export function encodeGeminiToolCallId(base: string, signature: string | undefined): string {
  if (signature === undefined || signature === '') return base;
  const bytes = Buffer.from(signature, 'base64');
  if (bytes.toString('base64') === signature) return `${base}${BYTES_MARKER}${bytes.toString('base64url')}`;
  // `~` is escaped too, so the last marker in an id is always the one written here.
  return `${base}${TEXT_MARKER}${encodeURIComponent(signature).replace(/~/g, '%7E')}`;
}

export function decodeGeminiToolCallId(id: string): GeminiToolCallIdParts {
  const text = id.lastIndexOf(TEXT_MARKER);
  if (text >= 0) {
    try {
      return { base: id.slice(0, text), signature: decodeURIComponent(id.slice(text + TEXT_MARKER.length)) };
    } catch {
      return { base: id, signature: undefined };
    }
  }
  const bytes = id.lastIndexOf(BYTES_MARKER);
  if (bytes < 0) return { base: id, signature: undefined };
  const encoded = id.slice(bytes + BYTES_MARKER.length);
  // Ids from elsewhere that happen to hold the marker are left alone rather than guessed at.
  if (encoded === '' || !/^[A-Za-z0-9_-]+$/.test(encoded)) return { base: id, signature: undefined };
  return { base: id.slice(0, bytes), signature: Buffer.from(encoded, 'base64url').toString('base64') };
}

/** The id the gateway gives a call Gemini sent without one. */
export function syntheticGeminiToolCallId(responseId: string, index: number): string {
  return `call_${responseId}_${index}`;
}
