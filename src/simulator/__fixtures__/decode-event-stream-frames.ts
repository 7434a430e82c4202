// Test support: splits a binary application/vnd.amazon.eventstream body into frames and decodes
// each with @smithy/eventstream-codec, which verifies both CRC32 checksums.

import { EventStreamCodec } from '@smithy/eventstream-codec';
import { fromUtf8, toUtf8 } from '@smithy/util-utf8';

export interface DecodedFrame {
  headers: Record<string, string>;
  payload: unknown;
}

export function decodeEventStreamFrames(body: Uint8Array): DecodedFrame[] {
  const codec = new EventStreamCodec(toUtf8, fromUtf8);
  const bytes = Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const frames: DecodedFrame[] = [];
  let offset = 0;
  while (offset < bytes.length) {
    if (bytes.length - offset < 4) throw new Error('truncated frame prelude');
    const length = bytes.readUInt32BE(offset);
    const message = codec.decode(bytes.subarray(offset, offset + length));
    offset += length;
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers)) headers[name] = String(header.value);
    frames.push({ headers, payload: JSON.parse(toUtf8(message.body)) as unknown });
  }
  return frames;
}
