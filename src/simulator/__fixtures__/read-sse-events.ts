// Test support: strict SSE parsing for the wires whose events carry `event:` names (Anthropic,
// Cohere) or end with CRLF CRLF (Gemini), so a test fails on any framing the provider would not send.

export interface NamedSseEvent {
  /** The `event:` name, or undefined when the event has only a data line. */
  event: string | undefined;
  data: unknown;
}

/**
 * Splits an SSE body on `separator` (the blank line) and parses each event: an optional
 * `event: <name>` line then exactly one `data: <json>` line. Throws on anything else.
 */
export function readSseEvents(text: string, separator: '\n\n' | '\r\n\r\n' = '\n\n'): NamedSseEvent[] {
  if (!text.endsWith(separator)) throw new Error(`SSE body does not end with ${JSON.stringify(separator)}`);
  const lineBreak = separator === '\n\n' ? '\n' : '\r\n';
  return text
    .slice(0, -separator.length)
    .split(separator)
    .map((block) => {
      const lines = block.split(lineBreak);
      let event: string | undefined;
      if (lines[0]?.startsWith('event: ')) event = lines.shift()?.slice('event: '.length);
      if (lines.length !== 1 || !lines[0]?.startsWith('data: ')) throw new Error(`not an SSE event of one data line: ${JSON.stringify(block)}`);
      return { event, data: JSON.parse(lines[0].slice('data: '.length)) as unknown };
    });
}
