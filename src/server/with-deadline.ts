import { GatewayError } from '../spec/gateway-error.js';
import { Cancellation } from '../upstream/cancellation.js';
import type { RequestContext } from './request-context.js';

/**
 * Runs `work` with a cancellation that fires when the client disconnects before the answer is complete,
 * or when the request's total deadline (timeouts.total_ms) passes. Cancelling aborts the upstream
 * request at once. `work` also gets the deadline (epoch ms, 0: none), so the router waits no backoff past it.
 */
export async function withDeadline(context: RequestContext, work: (cancellation: Cancellation, deadlineAt: number) => Promise<void>): Promise<void> {
  const controller = new Cancellation();
  const { response } = context;
  const onClose = (): void => {
    if (!response.writableFinished) controller.abort(new Error('the client disconnected'));
  };
  response.once('close', onClose);
  const totalMs = context.runtime.timeouts.totalMs;
  const timer =
    totalMs > 0
      ? setTimeout(
          () =>
            controller.abort(
              new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `The request did not complete within ${totalMs} ms (timeouts.total_ms).`),
            ),
          totalMs,
        )
      : undefined;
  try {
    await work(controller, totalMs > 0 ? Date.now() + totalMs : 0);
  } finally {
    if (timer !== undefined) clearTimeout(timer);
    response.off('close', onClose);
  }
}
