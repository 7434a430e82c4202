// Test support: raw HTTP against the simulator, for checks the SDK would hide (bytes, headers).

/** The fields the simulator's tests read from an OpenAI JSON answer; absent ones are undefined. */
export interface SimJson {
  object?: string;
  model?: string;
  error?: { message: string; type: string; param: string | null; code: string | null } & Record<string, unknown>;
  usage?: { prompt_tokens: number; completion_tokens?: number; total_tokens: number };
  data?: Array<{ object: string; index: number; embedding: number[] | string }>;
}

export interface RawAnswer {
  status: number;
  headers: Headers;
  text: string;
  /** The parsed body; `{}` when it was not JSON. */
  json: SimJson;
}

export async function postJson(url: string, body: unknown, headers: Record<string, string> = {}): Promise<RawAnswer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: 'Bearer test', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json: SimJson;
  try {
    json = JSON.parse(text) as SimJson;
  } catch {
    json = {};
  }
  return { status: response.status, headers: response.headers, text, json };
}

/** The JSON payloads of an SSE body, `[DONE]` kept as the string. Fails on anything but `data:` events. */
export function parseSseEvents(text: string): unknown[] {
  if (!text.endsWith('\n\n')) throw new Error('SSE body does not end with a blank line');
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((event) => {
      if (!event.startsWith('data: ') || event.includes('\n')) throw new Error(`not a single-line data event: ${JSON.stringify(event)}`);
      const data = event.slice('data: '.length);
      return data === '[DONE]' ? data : JSON.parse(data);
    });
}
