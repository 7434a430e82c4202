import { GatewayError } from '../spec/gateway-error.js';
import type { Refusal } from './admission-checks.js';

/** The error a refused request gets: which limit of which key or team, and when there is room again. */
export function refusalError(refusal: Refusal, now: number): GatewayError {
  const who = `${refusal.scope.kind} "${refusal.scope.name}"`;
  switch (refusal.kind) {
    case 'rpm':
    case 'tpm': {
      const seconds = Math.max(1, Math.ceil(refusal.retryAfterMs / 1000));
      const unit = refusal.kind === 'rpm' ? 'requests' : 'tokens';
      const extra = refusal.kind === 'tpm' ? ' (a request counts its prompt plus max_tokens until it finishes)' : '';
      return new GatewayError('GW_ERR_KEY_RATE_LIMITED', `Rate limit: ${who} allows ${refusal.limit} ${unit} per minute${extra}; there is room again in ${seconds} s.`, {
        retryAfterSeconds: seconds,
        param: refusal.kind,
      });
    }
    case 'parallel':
      return new GatewayError('GW_ERR_KEY_TOO_MANY_PARALLEL', `Too many requests at once: ${who} allows ${refusal.limit} in parallel; retry when one of them has finished.`, {
        retryAfterSeconds: 1,
        param: 'max_parallel',
      });
    case 'budget': {
      const { budget } = refusal;
      const period = budget.period === 'total' ? 'total' : `${budget.period === 'day' ? 'daily' : `${budget.period}ly`}`;
      const resets = refusal.resetsAt === undefined ? 'it does not reset (a total budget); raise it to go on' : `it resets at ${new Date(refusal.resetsAt).toISOString()}`;
      const retryAfterSeconds = refusal.resetsAt === undefined ? undefined : Math.max(1, Math.ceil((refusal.resetsAt - now) / 1000));
      return new GatewayError(
        'GW_ERR_BUDGET_EXCEEDED',
        `Budget exceeded: ${who} has spent or reserved ${usd(refusal.spentNusd)} of its ${period} budget of ${usd(budget.limitUsd * 1e9)}, ` +
          `and this request may cost up to ${usd(refusal.amountNusd)}; ${resets}.`,
        { param: 'budget', ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }) },
      );
    }
  }
}

function usd(nanoDollars: number): string {
  const dollars = nanoDollars / 1e9;
  return `$${dollars >= 1 ? dollars.toFixed(2) : dollars.toPrecision(3)}`;
}
