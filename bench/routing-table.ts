import type { RoutingDeployment } from './routing-deployments.js';
import type { CombinedRoutingSummary } from './routing-summary.js';

/**
 * The Markdown tables of `npm run bench:routing`: one row per strategy with success, latency, cost and
 * share per deployment; then how it got there (attempts, retries, errors). Shares are of all requests,
 * so with `failed` they add up to 100%.
 */
export function formatRoutingTables(rows: readonly CombinedRoutingSummary[], deployments: readonly RoutingDeployment[]): string {
  const multipleRounds = rows.some((row) => row.p50ByRound.length > 1);
  const names = deployments.map((deployment) => deployment.name);
  const hasOther = rows.some((row) => (row.servedBy.other ?? 0) > 0);
  const shareColumns = [...names, ...(hasOther ? ['other'] : []), 'failed'];
  const lines = [
    `| strategy | success | p50 ms | p95 ms | cost USD | ${shareColumns.join(' | ')} |${multipleRounds ? ' p50 / p95 ms per round |' : ''}`,
    `|---|---:|---:|---:|---:|${shareColumns.map(() => '---:').join('|')}|${multipleRounds ? '---|' : ''}`,
  ];
  for (const row of rows) {
    const share = (count: number): string => `${((count / row.requests) * 100).toFixed(1)}%`;
    const shares = shareColumns.map((name) => share(name === 'failed' ? row.requests - row.succeeded : (row.servedBy[name] ?? 0)));
    const spread = multipleRounds ? ` ${row.p50ByRound.map((value, index) => `${whole(value)}/${whole(row.p95ByRound[index]!)}`).join(', ')} |` : '';
    lines.push(
      `| ${row.label} | ${((row.succeeded / row.requests) * 100).toFixed(1)}% | ${whole(row.p50Ms)} | ${whole(row.p95Ms)} | ${row.costUsd.toFixed(4)} | ${shares.join(' | ')} |${spread}`,
    );
  }
  const passes = multipleRounds ? ', all passes' : '';
  lines.push('', `| strategy | attempts / request | requests retried${multipleRounds ? ' (per pass)' : ''} | failures (client-visible${passes}) | wall s |`, '|---|---:|---:|---|---:|');
  for (const row of rows) {
    const failures = Object.entries(row.errors)
      .sort((left, right) => right[1] - left[1])
      .map(([code, count]) => `${count}× ${code}`)
      .join(', ');
    const retried = Number.isInteger(row.retried) ? String(row.retried) : row.retried.toFixed(1);
    lines.push(`| ${row.label} | ${row.meanAttempts.toFixed(2)} | ${retried} | ${failures === '' ? '–' : failures} | ${row.wallSeconds.toFixed(1)} |`);
  }
  return `${lines.join('\n')}\n`;
}

/** The deployments as the run configured them, for the report's header. */
export function formatRoutingDeployments(deployments: readonly RoutingDeployment[]): string {
  const lines = ['| deployment | simulated behaviour | price in / out (USD per 1M) | quality | weight | priority |', '|---|---|---:|---:|---:|---:|'];
  for (const deployment of deployments) {
    lines.push(
      `| ${deployment.name} (\`${deployment.model}\`) | ${deployment.description} | ${deployment.price.input} / ${deployment.price.output} | ${deployment.quality} | ${deployment.weight} | ${deployment.priority} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

function whole(value: number): string {
  return Number.isFinite(value) ? value.toFixed(0) : '–';
}
