/**
 * Reads what the gateway sent an OpenAI client (a JSON body or an SSE stream) into the facts the
 * fixtures' `expect` blocks state: text, reasoning, tool calls, finish reason, usage, error.
 */
export interface OpenAIOutput {
  status: number;
  content: string;
  reasoning: string;
  refusal: string;
  toolCalls: Array<{ id: string; name: string; arguments: string }>;
  finishReason: string | null;
  usage: Record<string, unknown> | undefined;
  error: Record<string, unknown> | undefined;
  /** Top-level fields of the body (or of the first chunk). */
  topLevel: Record<string, unknown>;
  chunks: Array<Record<string, unknown>>;
  raw: string;
}

export function collectOpenAIOutput(status: number, contentType: string, text: string): OpenAIOutput {
  const output: OpenAIOutput = {
    status,
    content: '',
    reasoning: '',
    refusal: '',
    toolCalls: [],
    finishReason: null,
    usage: undefined,
    error: undefined,
    topLevel: {},
    chunks: [],
    raw: text,
  };
  if (!contentType.includes('text/event-stream')) {
    const body = JSON.parse(text) as Record<string, unknown>;
    output.topLevel = body;
    if (body.error !== undefined) {
      output.error = body.error as Record<string, unknown>;
      return output;
    }
    const choice = (body.choices as Array<Record<string, unknown>>)[0]!;
    const message = choice.message as Record<string, unknown>;
    output.content = typeof message.content === 'string' ? message.content : '';
    output.reasoning = typeof message.reasoning_content === 'string' ? message.reasoning_content : '';
    output.refusal = typeof message.refusal === 'string' ? message.refusal : '';
    for (const call of (message.tool_calls as Array<Record<string, any>> | undefined) ?? []) {
      output.toolCalls.push({ id: call.id, name: call.function.name, arguments: call.function.arguments });
    }
    output.finishReason = choice.finish_reason as string | null;
    output.usage = body.usage as Record<string, unknown> | undefined;
    return output;
  }
  const events = text.split('\n\n').filter((event) => event.trim() !== '');
  for (const event of events) {
    const data = event
      .split('\n')
      .filter((line) => line.startsWith('data: '))
      .map((line) => line.slice(6))
      .join('\n');
    if (data === '[DONE]') continue;
    const chunk = JSON.parse(data) as Record<string, any>;
    output.chunks.push(chunk);
    if (chunk.error !== undefined) {
      output.error = chunk.error;
      continue;
    }
    if (output.chunks.length === 1) output.topLevel = chunk;
    if (chunk.usage !== null && chunk.usage !== undefined) output.usage = chunk.usage;
    for (const choice of chunk.choices ?? []) {
      const delta = choice.delta ?? {};
      if (typeof delta.content === 'string') output.content += delta.content;
      if (typeof delta.reasoning_content === 'string') output.reasoning += delta.reasoning_content;
      if (typeof delta.refusal === 'string') output.refusal += delta.refusal;
      for (const call of delta.tool_calls ?? []) {
        const at = call.index as number;
        const existing = output.toolCalls[at] ?? (output.toolCalls[at] = { id: '', name: '', arguments: '' });
        if (call.id) existing.id = call.id;
        if (call.function?.name) existing.name = call.function.name;
        if (call.function?.arguments) existing.arguments += call.function.arguments;
      }
      if (choice.finish_reason) output.finishReason = choice.finish_reason;
    }
  }
  output.toolCalls = output.toolCalls.filter((call) => call !== undefined);
  return output;
}
