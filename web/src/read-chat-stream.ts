export interface StreamProgress {
  text: string;
  /** ms from sending to the first content. */
  ttftMs: number | undefined;
  usage: { prompt_tokens: number; completion_tokens: number } | undefined;
  model: string | undefined;
}

/**
 * Reads an OpenAI chat-completion event stream from a fetch response, calling `onProgress` as text
 * arrives. Throws the stream's own error event as an Error with its message.
 */
export async function readChatStream(response: Response, startedAt: number, onProgress: (progress: StreamProgress) => void): Promise<StreamProgress> {
  const progress: StreamProgress = { text: '', ttftMs: undefined, usage: undefined, model: undefined };
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    buffer += value.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) !== -1) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const data = event
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).trimStart())
        .join('\n');
      if (data === '' || data === '[DONE]') continue;
      const chunk = JSON.parse(data) as {
        model?: string;
        error?: { message?: string };
        choices?: Array<{ delta?: { content?: string | null } }>;
        usage?: StreamProgress['usage'] | null;
      };
      if (chunk.error !== undefined) throw new Error(chunk.error.message ?? 'the stream failed');
      progress.model ??= chunk.model;
      const content = chunk.choices?.[0]?.delta?.content;
      if (typeof content === 'string' && content !== '') {
        progress.ttftMs ??= performance.now() - startedAt;
        progress.text += content;
      }
      if (chunk.usage != null) progress.usage = chunk.usage;
      onProgress({ ...progress });
    }
  }
  return progress;
}
