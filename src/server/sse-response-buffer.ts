import type { ServerResponse } from 'node:http';
import { binaryFromUtf8 } from '../spec/binary-text.js';

/**
 * The byte side both stream writers (OpenAI, Anthropic) share: events made in one burst (the parts of
 * one upstream read arrive within one tick) are joined and written once on the next tick, so a read
 * costs one HTTP chunk and one syscall, not one per event. `send` returns false when the client is
 * slower than the upstream; the caller then awaits `drained()` before pulling more parts.
 *
 * What waits is kept as bytes in a binary string (binary-text.ts), so an upstream's raw events go out
 * as they came, with no decoding and re-encoding, beside events written here.
 */
export class SseResponseBuffer {
  private pending = '';
  private flushScheduled = false;
  private readonly flush = (): void => {
    this.flushScheduled = false;
    if (this.pending === '' || this.response.writableEnded) return;
    const text = this.pending;
    this.pending = '';
    this.response.write(text, 'latin1');
  };

  constructor(private readonly response: ServerResponse) {}

  /** Queues `text` for the next tick; false when the socket buffer is full. */
  send(text: string): boolean {
    return this.sendBinary(binaryFromUtf8(text));
  }

  /** Queues bytes (a binary string) for the next tick; false when the socket buffer is full. */
  sendBinary(binary: string): boolean {
    this.pending += binary;
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(this.flush);
    }
    return !this.response.writableNeedDrain;
  }

  get writable(): boolean {
    return !this.response.writableNeedDrain;
  }

  /** Ends the response with what is queued, then `tail`. */
  end(tail = ''): void {
    const text = this.pending;
    this.pending = '';
    this.response.end(text + binaryFromUtf8(tail), 'latin1');
  }

  drained(): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        this.response.off('drain', done);
        this.response.off('close', done);
        resolve();
      };
      this.response.on('drain', done);
      this.response.on('close', done);
    });
  }
}
