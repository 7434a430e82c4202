import { DeploymentsJson } from './admin-output-schemas.js';
import { adminRoute, type AdminRoute } from './admin-route.js';
import { describeDeployments } from './describe-deployments.js';

/** /admin/deployments: what the router is working with now, for the dashboard to poll. */
export const deploymentRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'GET',
    path: '/admin/deployments',
    operationId: 'listDeployments',
    tag: 'routing',
    summary: "Every configured group's deployments, with their health and rate-limit headroom now",
    description:
      "Health is this replica's view (shared across replicas through the state store): circuit, cooldown, moving averages of latency, error rate, requests in flight. Headroom is read from the state store in one call that takes nothing; the database is not read, so polling every few seconds is cheap.",
    response: { status: 200, description: 'The groups, their deployments, and a summary per provider.', schema: DeploymentsJson },
    async handle({ runtime, now }) {
      return describeDeployments(runtime, now);
    },
  }),
];
