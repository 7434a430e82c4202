import { computeCost, costNusd } from '../catalog/compute-cost.js';
import type { Deployment } from '../routing/deployment.js';
import type { Usage } from '../spec/usage.js';

/** What a request cost on the deployment that served it, in nano-dollars (0 without usage). */
export function requestCostNusd(usage: Usage | undefined, deployment: Deployment): number {
  return usage === undefined ? 0 : costNusd(computeCost(usage, deployment.price));
}

/** Dollars with up to nine decimals (nano-dollars), no exponent: what x-skyroute-cost-usd carries. */
export function formatCostUsd(nanoDollars: number): string {
  if (nanoDollars === 0) return '0';
  return (nanoDollars / 1e9).toFixed(9).replace(/0+$/, '').replace(/\.$/, '');
}
