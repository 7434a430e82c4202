import type { ChatRequest } from '../../spec/chat-request.js';
import type { Usage } from '../../spec/usage.js';
import type { Cancellation } from '../../upstream/cancellation.js';

/** The answer to a request the gateway made for itself: its text, who served it, and what it cost. */
export interface InternalChatAnswer {
  /** The first choice's text ('' when it had none). */
  text: string;
  /** The deployment that served it (`provider/model`). */
  deployment: string;
  usage: Usage;
  /** Priced like any answer (catalog/compute-cost.ts) at the serving deployment's price, in nano-dollars. */
  costNusd: number;
}

/**
 * A non-streaming chat request the gateway sends on its own behalf (an `llm` classifier), routed by
 * the same Router to the model group `groupName`: retries, fallbacks, health and prices as for a
 * client's request, but no key, budget, hints or request log of its own. Rejects with the routing
 * error (a GatewayError), or with the cancellation's reason once `cancellation` fires.
 */
export type InternalChat = (groupName: string, request: ChatRequest, cancellation: Cancellation) => Promise<InternalChatAnswer>;
