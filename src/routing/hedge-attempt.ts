import { GatewayError } from '../spec/gateway-error.js';
import { Cancellation } from '../upstream/cancellation.js';
import type { Candidate } from './strategies/strategy.js';

export type HedgeSender<T> = (candidate: Candidate, cancellation: Cancellation) => Promise<T>;

export interface HedgeFailure {
  candidate: Candidate;
  error: GatewayError;
  /** Milliseconds after the primary started. */
  startedAtMs: number;
  durationMs: number;
}

export type HedgeResult<T> =
  | { kind: 'ok'; value: T; winner: Candidate; backupStartedAtMs: number | undefined; failures: HedgeFailure[] }
  | { kind: 'failed'; backupStartedAtMs: number | undefined; failures: HedgeFailure[] };

/**
 * Request hedging: send to `primary`; if it has not answered (for a stream: produced its first output)
 * within `delayMs`, send the same request to `backup` as well. The first answer wins and the other
 * attempt is cancelled (its upstream request aborted) and `dispose`d. A primary that fails before the
 * delay is an ordinary failure (the backup is not started; the router moves on as usual). Each attempt
 * gets its own cancellation, tied to the request's, so cancelling the loser leaves the winner alone.
 */
export function hedgeAttempt<T>(
  send: HedgeSender<T>,
  primary: Candidate,
  backup: Candidate,
  delayMs: number,
  parent: Cancellation,
  now: () => number,
  dispose: (value: T) => void,
): Promise<HedgeResult<T>> {
  const startedAt = now();
  const cancellations = [childOf(parent), childOf(parent)] as const;
  const failures: HedgeFailure[] = [];
  let backupStartedAtMs: number | undefined;
  let settled = false;
  let running = 1;
  return new Promise((resolve, reject) => {
    const finish = (result: HedgeResult<T>): void => {
      settled = true;
      clearTimeout(timer);
      resolve(result);
    };
    const launch = (candidate: Candidate, index: 0 | 1): void => {
      const launchedAt = now();
      send(candidate, cancellations[index]).then(
        (value) => {
          if (settled) {
            dispose(value);
            return;
          }
          cancellations[1 - index]!.abort(new GatewayError('GW_ERR_UPSTREAM_TIMEOUT', `hedged: ${candidate.deployment.id} answered first`));
          finish({ kind: 'ok', value, winner: candidate, backupStartedAtMs, failures });
        },
        (error: unknown) => {
          running--;
          if (settled) return;
          if (!(error instanceof GatewayError)) {
            // Not an upstream failure: let the router see it as it would without hedging.
            cancellations[1 - index]!.abort(error);
            settled = true;
            clearTimeout(timer);
            reject(error);
            return;
          }
          failures.push({ candidate, error, startedAtMs: launchedAt - startedAt, durationMs: now() - launchedAt });
          if (backupStartedAtMs === undefined || running === 0) finish({ kind: 'failed', backupStartedAtMs, failures });
        },
      );
    };
    const timer = setTimeout(() => {
      if (settled) return;
      backupStartedAtMs = now() - startedAt;
      running++;
      launch(backup, 1);
    }, delayMs);
    launch(primary, 0);
  });
}

function childOf(parent: Cancellation): Cancellation {
  const child = new Cancellation();
  parent.onAbort((reason) => child.abort(reason));
  return child;
}
