import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

/** A stream fixture frame: its string headers and its JSON payload. */
export interface FixtureFrame {
  headers: Record<string, string>;
  payload: unknown;
}

/**
 * Test support: fixture frames → the binary `application/vnd.amazon.eventstream` body Bedrock sends
 * (each frame: prelude, string headers, JSON payload, CRC32s), encoded with Smithy's codec.
 */
export function encodeBedrockFrames(frames: FixtureFrame[]): Buffer {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  return Buffer.concat(
    frames.map((frame) => {
      const headers: Record<string, { type: 'string'; value: string }> = {};
      for (const [name, value] of Object.entries(frame.headers)) headers[name] = { type: 'string', value };
      return codec.encode({ headers, body: fromUtf8(JSON.stringify(frame.payload)) });
    }),
  );
}
