/**
 * The parts of Google's `generateContent` wire format the adapter writes and reads, shared by the
 * Gemini API (https://ai.google.dev/api/generate-content) and Vertex AI (same JSON, other URL and
 * auth). Field names follow googleapis/js-genai `src/types.ts`. Responses are read leniently: every
 * field is optional and checked where it is used; unknown fields and part kinds are ignored.
 */

export interface GeminiFunctionCall {
  /** Sent by newer Gemini API versions; echoed back on the call and its response (not on Vertex). */
  id?: string;
  name?: string;
  args?: Record<string, unknown> | null;
  /** Vertex's streamed arguments (opt-in `streamFunctionCallArguments`); the adapter does not ask for them. */
  partialArgs?: unknown;
  willContinue?: boolean;
}

export interface GeminiFunctionResponse {
  id?: string;
  name: string;
  /** `output` holds a tool's result and `error` its failure; other objects are taken whole as the output. */
  response: Record<string, unknown>;
}

export interface GeminiPart {
  text?: string;
  /** The part is a thought summary, not answer text. */
  thought?: boolean;
  /** Opaque reasoning state (base64); must come back on the same part in the next turn. */
  thoughtSignature?: string;
  inlineData?: { mimeType: string; data: string };
  fileData?: { mimeType?: string; fileUri: string };
  functionCall?: GeminiFunctionCall;
  functionResponse?: GeminiFunctionResponse;
  [extra: string]: unknown;
}

export interface GeminiContent {
  role: 'user' | 'model';
  parts: GeminiPart[];
}

export interface GeminiFunctionDeclaration {
  name: string;
  description?: string;
  /** Full JSON Schema (js-genai FunctionDeclaration.parametersJsonSchema); mutually exclusive with the OpenAPI-subset `parameters`. */
  parametersJsonSchema?: Record<string, unknown>;
}

export interface GeminiToolConfig {
  functionCallingConfig: { mode: 'AUTO' | 'ANY' | 'NONE'; allowedFunctionNames?: string[] };
}

export interface GeminiThinkingConfig {
  includeThoughts?: boolean;
  /** Gemini 2.5: tokens; 0 turns thinking off where the model allows it. */
  thinkingBudget?: number;
  /** Gemini 3: `minimal` | `low` | `medium` | `high` (lower case, as Google's REST examples write them). */
  thinkingLevel?: string;
}

export interface GeminiGenerationConfig {
  maxOutputTokens?: number;
  temperature?: number;
  topP?: number;
  topK?: number;
  stopSequences?: string[];
  seed?: number;
  presencePenalty?: number;
  frequencyPenalty?: number;
  responseMimeType?: string;
  /** Full JSON Schema for the answer (js-genai GenerationConfig.responseJsonSchema). */
  responseJsonSchema?: Record<string, unknown>;
  thinkingConfig?: GeminiThinkingConfig;
  [extra: string]: unknown;
}

export interface GeminiRequestBody {
  contents: GeminiContent[];
  systemInstruction?: { parts: Array<{ text: string }> };
  tools?: Array<{ functionDeclarations: GeminiFunctionDeclaration[] }>;
  toolConfig?: GeminiToolConfig;
  generationConfig?: GeminiGenerationConfig;
  [extra: string]: unknown;
}

export interface GeminiUsageMetadata {
  promptTokenCount?: number;
  candidatesTokenCount?: number;
  thoughtsTokenCount?: number;
  toolUsePromptTokenCount?: number;
  cachedContentTokenCount?: number;
  totalTokenCount?: number;
}

export interface GeminiCandidate {
  content?: { role?: string; parts?: GeminiPart[] };
  finishReason?: string;
  finishMessage?: string;
  index?: number;
}

/** One `generateContent` body, or one event of `streamGenerateContent?alt=sse`. */
export interface GeminiResponse {
  candidates?: GeminiCandidate[];
  promptFeedback?: { blockReason?: string; blockReasonMessage?: string };
  usageMetadata?: GeminiUsageMetadata;
  modelVersion?: string;
  responseId?: string;
  /** Vertex AI: RFC 3339 time the response was created. */
  createTime?: string;
  /** A failure reported inside a 200 stream (google.rpc.Status). */
  error?: unknown;
}
