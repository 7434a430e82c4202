/**
 * Routing for fixture replays: each fixture answers one request once, and the test checks what that
 * one answer becomes. So: one attempt (no retry replays the fixture), and no circuit breaker (one
 * fixture's deliberate failure must not close the deployment to the next fixture).
 */
export const ONE_ATTEMPT_ROUTING = Object.freeze({
  retry: { max_attempts: 1 },
  circuit_breaker: { consecutive_failures: 0, min_requests: 1_000_000 },
  cooldown: { rate_limited_ms: 0, credentials_ms: 0 },
});

/** The database of a test gateway: in memory, so no test writes a file or shares one with another. */
export const TEST_DATABASE = Object.freeze({ url: ':memory:' });
