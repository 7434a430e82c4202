import type { TimeoutsConfig } from '../config/config-schema.js';

export interface UpstreamTimeouts {
  connectMs: number;
  firstByteMs: number;
  idleMs: number;
  totalMs: number;
}

export const DEFAULT_UPSTREAM_TIMEOUTS: Readonly<UpstreamTimeouts> = Object.freeze({
  connectMs: 10_000,
  firstByteMs: 120_000,
  idleMs: 120_000,
  totalMs: 600_000,
});

/** Provider timeouts win over global ones, which win over the defaults; 0 means "no limit". */
export function resolveTimeouts(...layers: Array<TimeoutsConfig | undefined>): UpstreamTimeouts {
  const result: UpstreamTimeouts = { ...DEFAULT_UPSTREAM_TIMEOUTS };
  for (const layer of layers) {
    if (layer === undefined) continue;
    result.connectMs = layer.connect_ms ?? result.connectMs;
    result.firstByteMs = layer.first_byte_ms ?? result.firstByteMs;
    result.idleMs = layer.idle_ms ?? result.idleMs;
    result.totalMs = layer.total_ms ?? result.totalMs;
  }
  return result;
}
