import { setImmediate } from 'node:timers/promises';
import type { WhatIfStrategyConfig } from '../../routing/what-if/estimate-what-if.js';
import { estimateWhatIf } from '../../routing/what-if/estimate-what-if.js';
import { GatewayError } from '../../spec/gateway-error.js';
import { WHAT_IF_PRESETS, WhatIfBody } from './admin-input-schemas.js';
import { isoOf } from './admin-json.js';
import { WhatIfJson } from './admin-output-schemas.js';
import { adminRoute, type AdminRoute } from './admin-route.js';
import { readLoggedRequests } from './read-logged-requests.js';
import { whatIfFigures } from './what-if-json.js';

/** /admin/what-if: the logged traffic of a window, routed again by another strategy, for the dashboard's comparison. */
export const whatIfRoutes: readonly AdminRoute[] = [
  adminRoute({
    method: 'POST',
    path: '/admin/what-if',
    operationId: 'estimateWhatIf',
    tag: 'routing',
    summary: 'Estimate what the logged traffic of a window would have cost and taken under another routing strategy',
    description:
      "Replays the window's served requests (the newest max_rows of them) through the real strategy function over each group's current deployments, prices the first choice with the catalog on the logged tokens, and compares with what was logged. Changes nothing. docs/routing.md (What-if) says what it can and cannot estimate.",
    body: WhatIfBody,
    response: { status: 200, description: 'Logged against estimated, per group and overall, with the caveats.', schema: WhatIfJson },
    writes: false,
    async handle({ body, admin, runtime, now }) {
      const window = typeof body.window === 'string' ? { from: now - WHAT_IF_PRESETS[body.window], to: now } : { from: body.window.from, to: body.window.to ?? now };
      if (window.from >= window.to) {
        throw new GatewayError('GW_ERR_ADMIN_INVALID', `window.from: ${isoOf(window.from)} is not before window.to (${isoOf(window.to)}); give from < to.`, { param: 'window.from' });
      }
      if (body.model !== undefined && runtime.models.resolve(body.model) === undefined) {
        throw new GatewayError('GW_ERR_ADMIN_INVALID', `model: the current config serves no model named "${body.model}"; GET /admin/deployments lists the configured groups (or leave model out for every group).`, {
          param: 'model',
        });
      }
      const strategy = body.strategy;
      // The body schema refuses a bandit already; this tells the compiler.
      if (strategy.type === 'bandit') throw new GatewayError('GW_ERR_ADMIN_INVALID', 'strategy: a what-if cannot replay "bandit".', { param: 'strategy' });
      const read = await readLoggedRequests(admin.store, { from: window.from, to: window.to, model: body.model, limit: body.max_rows });
      const health = runtime.router.parts.health;
      const result = await estimateWhatIf({
        requests: read.requests,
        strategy: strategy satisfies WhatIfStrategyConfig,
        resolveGroup: (name) => runtime.models.resolve(name),
        currentHealth: (id) => health.view(id, now),
        seed: body.seed,
        // About a millisecond of work between turns of the event loop, which the gateway's requests share.
        pause: () => setImmediate(),
        rowsPerPause: 1_000,
      });
      const sampledFrom = read.capped ? read.requests[0]?.at : undefined;
      const caveats = [...result.caveats];
      if (sampledFrom !== undefined) {
        caveats.unshift(`The window holds more than ${body.max_rows.toLocaleString('en-US')} rows: only the newest ${body.max_rows.toLocaleString('en-US')} were read, so the figures cover ${isoOf(sampledFrom)} to ${isoOf(window.to)}.`);
      }
      return {
        window: { from: isoOf(window.from), to: isoOf(window.to) },
        model: body.model ?? null,
        strategy: { ...strategy },
        seed: body.seed,
        rows_read: read.requests.length,
        sampled: read.capped,
        sampled_from: sampledFrom === undefined ? null : isoOf(sampledFrom),
        ...whatIfFigures(result),
        caveats,
      };
    },
  }),
];
