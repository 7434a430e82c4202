import { createHash } from 'node:crypto';

/** What Bedrock accepts as a toolUseId (ToolUseBlock: `[a-zA-Z0-9_-]+`, 1–64 characters). */
const VALID_ID = /^[a-zA-Z0-9_-]{1,64}$/;

/**
 * A tool-call id from the conversation history as Bedrock accepts it. Ids Bedrock issued
 * (`tooluse_…`) and OpenAI-style ids (`call_…`) pass unchanged; others (longer ones, or ones with `.`,
 * `:`, `/`, `+`… from other providers) become a hash of themselves. Deterministic, so an assistant
 * tool call and the tool result that answers it map to the same id on every turn.
 */
export function bedrockToolCallId(id: string): string {
  if (VALID_ID.test(id)) return id;
  // base64url's alphabet is exactly Bedrock's; 43 characters keep the whole SHA-256.
  return `tooluse_${createHash('sha256').update(id).digest('base64url')}`;
}
