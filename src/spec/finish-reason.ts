/** The OpenAI finish reasons; every adapter maps its provider's stop reason onto one of these. */
export type FinishReason = 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'function_call' | 'error';
