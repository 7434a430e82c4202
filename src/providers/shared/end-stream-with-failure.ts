import { GatewayError } from '../../spec/gateway-error.js';
import type { StreamPart } from '../../spec/stream-part.js';

/**
 * The end of a stream decoder that failed, after `parts` (decoded, not yet sent). A GatewayError is
 * a failure the body reported, already mapped: it becomes the `error` part that ends the stream. Anything
 * else (the client went away) is not the stream's to report: the parts go out, then it is thrown again.
 * Use as `yield* endStreamWithFailure(error, parts); return;` in the decoder's catch.
 */
export async function* endStreamWithFailure(error: unknown, parts: StreamPart[]): AsyncGenerator<StreamPart[]> {
  if (!(error instanceof GatewayError)) {
    if (parts.length > 0) yield parts;
    throw error;
  }
  yield [...parts, { type: 'error', error }];
}
