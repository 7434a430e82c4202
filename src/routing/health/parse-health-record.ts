import { z } from 'zod';
import type { HealthRecord } from './health-record.js';

const epochMs = z.number().nonnegative();
const count = z.number().int().nonnegative();

/** Lenient about what it does not need (another version of the gateway may add fields), strict about what it reads. */
const HealthRecordSchema = z.object({
  circuit: z.enum(['closed', 'open', 'half-open']),
  openedAt: epochMs,
  probeUntil: epochMs,
  consecutiveFailures: count,
  window: z.object({ startedAt: epochMs, requests: count, failures: count }),
  coolingUntil: epochMs,
  reason: z.string().optional(),
  ttftMs: z.number().nonnegative().optional(),
  tokensPerSecond: z.number().nonnegative().optional(),
  latencySamples: count,
  lastSampleAt: epochMs,
  lastError: z.string().optional(),
  updatedAt: epochMs,
}) satisfies z.ZodType<HealthRecord>;

/** A stored record's JSON text as a HealthRecord; undefined when it is not one (then the next write replaces it). */
export function parseHealthRecord(text: string): HealthRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = HealthRecordSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
