import type { ServerResponse } from 'node:http';

// Node's socket high-water mark: past it res.write() reports a full buffer anyway.
const flushThreshold = 16 * 1024;

/** The byte plumbing every wire's stream sink shares; the sink decides what the pieces say. */
export interface SimWireStream {
  /** Buffers encoded output; true means enough is buffered that it should be flushed. */
  push(piece: string | Uint8Array): boolean;
  /** Sends the headers now (a paced stream shows them before its first token). */
  open(): void;
  /** Sends what was buffered in one socket write; false means the socket buffer is full. */
  flush(): boolean;
  onDrain(resume: () => void): void;
  /** Ends the answer; a stream written in one go leaves as one write with a Content-Length. */
  end(): void;
  /** Sends what was buffered, then destroys the socket without ending the answer. */
  cut(): void;
}

export function createSimWireStream(response: ServerResponse, headers: Record<string, string>): SimWireStream {
  let pieces: (string | Uint8Array)[] = [];
  let buffered = 0;
  let binary = false;
  let headWritten = false;

  const writeHead = (contentLength?: number): void => {
    if (headWritten) return;
    headWritten = true;
    response.writeHead(200, contentLength === undefined ? headers : { ...headers, 'content-length': contentLength });
  };
  const take = (): string | Buffer => {
    const taken = binary
      ? Buffer.concat(pieces.map((piece) => (typeof piece === 'string' ? Buffer.from(piece) : piece)))
      : (pieces as string[]).join('');
    pieces = [];
    buffered = 0;
    return taken;
  };
  return {
    push(piece) {
      if (typeof piece !== 'string') binary = true;
      pieces.push(piece);
      buffered += piece.length;
      return buffered >= flushThreshold;
    },
    open() {
      writeHead();
      response.flushHeaders();
    },
    flush() {
      if (pieces.length === 0) return true;
      writeHead();
      return response.write(take());
    },
    onDrain(resume) {
      response.once('drain', resume);
    },
    end() {
      const rest = take();
      writeHead(Buffer.byteLength(rest));
      response.end(rest);
    },
    cut() {
      writeHead();
      response.write(take(), () => response.socket?.destroy());
    },
  };
}
