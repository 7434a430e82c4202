/** What a request's decision trace says beyond its first attempt: what the retry, hedge, failure and fallback counters count. */
export interface RouteDetours {
  /** The deployment of each attempt after the first that reached a provider (hedges excluded). */
  retries: string[];
  /** The deployment of each hedged attempt (sent because the one before was slow). */
  hedges: string[];
  /** Each failed attempt: its deployment, error code and status. */
  failures: Array<{ deployment: string; code: string; status: number }>;
  /** Each fallback group the request went on to (a group other than the first it planned), once. */
  fallbacks: string[];
}

/**
 * Reads the request log's copy of the decision trace (RouteTrace.toJSON(): `groups[].group`,
 * `attempts[]` with `outcome`, `hedge`, `error`). A row carries one only when it says more than one
 * plain attempt, so this runs for retries, fallbacks, failures and filtered deployments, not per request.
 * Fields it does not find count nothing: the trace is data from the log, not a type the compiler checks here.
 */
export function routeDetours(trace: unknown): RouteDetours {
  const detours: RouteDetours = { retries: [], hedges: [], failures: [], fallbacks: [] };
  if (typeof trace !== 'object' || trace === null) return detours;
  const { attempts, groups } = trace as { attempts?: unknown; groups?: unknown };
  if (Array.isArray(attempts)) {
    let sent = 0;
    for (const attempt of attempts as Array<Record<string, unknown> | null>) {
      if (typeof attempt !== 'object' || attempt === null || typeof attempt['deployment'] !== 'string') continue;
      const deployment = attempt['deployment'];
      if (attempt['outcome'] === 'skipped') continue;
      if (sent > 0) (attempt['hedge'] === true ? detours.hedges : detours.retries).push(deployment);
      sent++;
      const error = attempt['error'] as { code?: unknown; status?: unknown } | undefined;
      if (attempt['outcome'] === 'error' && typeof error?.code === 'string' && typeof error.status === 'number') {
        detours.failures.push({ deployment, code: error.code, status: error.status });
      }
    }
  }
  if (Array.isArray(groups) && groups.length > 1) {
    const first = (groups[0] as { group?: unknown } | null)?.group;
    for (const decision of groups.slice(1) as Array<{ group?: unknown } | null>) {
      const group = decision?.group;
      if (typeof group === 'string' && group !== first && !detours.fallbacks.includes(group)) detours.fallbacks.push(group);
    }
  }
  return detours;
}
