export interface VerifyOptions {
  url: string;
  body: string;
  stream: boolean;
  /** Content chunks a stream must carry (and words a non-stream answer must have). */
  expectedChunks: number;
  authorization?: string;
}

/**
 * Sends one request and checks that it really succeeded: status 200 and, for a stream, exactly
 * `expectedChunks` chunks with non-empty `delta.content` and a closing `data: [DONE]`; for a
 * non-stream answer, a message whose content has `expectedChunks` words. Throws with the body
 * otherwise, so a benchmark never measures how fast a target fails.
 */
export async function verifyResponse(options: VerifyOptions): Promise<void> {
  const response = await fetch(options.url, { method: 'POST', headers: { 'content-type': 'application/json', ...(options.authorization === undefined ? {} : { authorization: options.authorization }) }, body: options.body });
  const text = await response.text();
  const fail = (why: string): never => {
    throw new Error(`${options.url} (${options.stream ? 'stream' : 'non-stream'}): ${why}\n${text.slice(0, 2000)}`);
  };
  if (response.status !== 200) fail(`status ${response.status}`);
  if (!options.stream) {
    const json = JSON.parse(text) as { choices?: Array<{ message?: { content?: string } }> };
    const content = json.choices?.[0]?.message?.content;
    if (typeof content !== 'string') fail('no choices[0].message.content');
    const words = (content as string).trim().split(/\s+/).length;
    if (words !== options.expectedChunks) fail(`${words} words in the answer, expected ${options.expectedChunks}`);
    return;
  }
  const chunks = countContentChunks(text);
  if (chunks !== options.expectedChunks) fail(`${chunks} content chunks, expected ${options.expectedChunks}`);
  if (!text.trimEnd().endsWith('data: [DONE]')) fail('the stream does not end with data: [DONE]');
}

/** SSE events whose `choices[0].delta.content` is a non-empty string. */
export function countContentChunks(text: string): number {
  let count = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('data: {')) continue;
    const event = JSON.parse(line.slice(6)) as { choices?: Array<{ delta?: { content?: unknown } }> };
    const content = event.choices?.[0]?.delta?.content;
    if (typeof content === 'string' && content !== '') count++;
  }
  return count;
}
