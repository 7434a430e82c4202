import type { AdminRoute } from './admin-route.js';
import { credentialRoutes } from './credential-routes.js';
import { deploymentRoutes } from './deployment-routes.js';
import { keyRoutes } from './key-routes.js';
import { logRoutes } from './log-routes.js';
import { spendRoutes } from './spend-routes.js';
import { statsRoutes } from './stats-routes.js';
import { teamRoutes } from './team-routes.js';
import { whatIfRoutes } from './what-if-routes.js';

/** The admin route table: handleAdmin serves exactly these, and /openapi.json describes exactly these. */
export const ADMIN_ROUTES: readonly AdminRoute[] = [...keyRoutes, ...teamRoutes, ...credentialRoutes, ...spendRoutes, ...logRoutes, ...statsRoutes, ...deploymentRoutes, ...whatIfRoutes];
