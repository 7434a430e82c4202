// The wire-neutral request the behaviour engine works on. Each wire format (OpenAI, Anthropic,
// Gemini, Bedrock, Cohere) decodes its own JSON into this shape and never passes raw bodies on.

export interface SimulatedToolCallReference {
  id: string;
  name: string;
}

export interface SimulatedMessage {
  /** system, developer, user, assistant or tool. */
  role: string;
  /** All text of the message joined (tool-call names and arguments included), for token counts and hashing. */
  text: string;
  /** Number of image parts. */
  imageCount: number;
  /** Position of the first image part inside the message's content array, or -1. */
  firstImagePartIndex: number;
  /** For `tool` messages: the call this message answers. */
  toolCallId?: string;
  /** For assistant messages: the tool calls it made. */
  toolCalls?: SimulatedToolCallReference[];
}

export interface SimulatedTool {
  name: string;
  /** JSON Schema of the arguments, as the client sent it. */
  parameters: unknown;
  /** Characters of the serialized definition: tools count against the prompt. */
  definitionSize: number;
}

export type SimulatedToolChoice =
  | { kind: 'auto' }
  | { kind: 'none' }
  | { kind: 'required' }
  | { kind: 'named'; name: string };

export type SimulatedResponseFormat =
  | { kind: 'text' }
  | { kind: 'json_object' }
  | { kind: 'json_schema'; schema: unknown };

export interface SimulatedChatRequest {
  model: string;
  messages: SimulatedMessage[];
  tools: SimulatedTool[];
  toolChoice: SimulatedToolChoice;
  parallelToolCalls: boolean;
  responseFormat: SimulatedResponseFormat;
  /** The completion cap the client asked for (max_tokens or max_completion_tokens), if any. */
  maxOutputTokens: number | undefined;
  /** Which request field carried the cap, so errors can name it. */
  maxOutputTokensField: string | undefined;
  /** minimal, low, medium, high (or none); undefined means the model's default (medium). */
  reasoningEffort: string | undefined;
  /** A cap on reasoning tokens where the wire has one (Anthropic budget_tokens, Gemini thinkingBudget…). */
  reasoningBudgetTokens?: number;
  /** OpenAI only: the cap came in the legacy `max_tokens`, which reasoning models refuse. */
  legacyMaxTokens?: boolean;
  /** Text that ends the answer where it first appears (the sequence itself is not sent). */
  stopSequences?: readonly string[];
}
