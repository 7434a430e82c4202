import { createHmac } from 'node:crypto';
import type { SimulatorState } from './create-simulator-state.js';

// OAuth access tokens the simulator's /token endpoint issues for Vertex tests. They are
// self-verifying (an HMAC keyed by the simulator's seed and key), so no token table is kept.

const prefix = 'ya29.sim.';

function tag(state: SimulatorState, payload: string): string {
  return createHmac('sha256', `skyroute-sim-oauth:${state.seed}:${state.apiKey ?? ''}`).update(payload).digest('base64url');
}

export const simAccessToken = {
  issue(state: SimulatorState, subject: string, expiresAt: number): string {
    const payload = Buffer.from(JSON.stringify({ sub: subject, exp: Math.floor(expiresAt / 1000) })).toString('base64url');
    return `${prefix}${payload}.${tag(state, payload)}`;
  },
  /** True for an unexpired token this simulator issued. */
  isValid(state: SimulatorState, token: string, now: number): boolean {
    if (!token.startsWith(prefix)) return false;
    const [payload, signature] = token.slice(prefix.length).split('.');
    if (payload === undefined || signature !== tag(state, payload)) return false;
    try {
      const { exp } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { exp?: unknown };
      return typeof exp === 'number' && exp * 1000 > now;
    } catch {
      return false;
    }
  },
};
