import { createModelRuntime, type ModelRuntime } from './create-model-runtime.js';
import { createRequestLog, type RequestLog } from './create-request-log.js';
import { baseSimulatorProfile, defaultSimulatorProfiles, type ModelProfile } from './model-profile.js';
import { modelProfilePatchSchema } from './model-profile-patch-schema.js';
import { createSimulatorStats, type SimulatorStats } from './simulator-stats.js';

const requestLogCapacity = 200;

/** Everything one simulator owns. Nothing lives at module level, so simulators never share state. */
/** AWS test credentials the Bedrock routes verify SigV4 signatures against. */
export interface SimulatorAwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
}

export interface SimulatorState {
  seed: number;
  apiKey: string | undefined;
  awsCredentials: SimulatorAwsCredentials | undefined;
  runtimes: Map<string, ModelRuntime>;
  log: RequestLog;
  stats: SimulatorStats;
  /** Cancel functions of generations in flight, so close() can stop their timers. */
  pending: Set<() => void>;
  /**
   * Per wire format, text an encoder rendered for an immutable object shared across answers (a
   * model's fixed-text parts), so benchmarks do not re-encode the same chunk; entries die with the object.
   */
  encoderCache(wire: string): WeakMap<object, string>;
  /** A per-simulator counter for response ids. */
  nextSequence(): number;
  /** Merges a validated patch over the model's profile (or over the base profile for a new model). */
  setProfile(model: string, patch: Partial<ModelProfile>): ModelProfile;
  profiles(): Record<string, ModelProfile>;
}

export function createSimulatorState(options: {
  seed: number;
  apiKey: string | undefined;
  awsCredentials?: SimulatorAwsCredentials | undefined;
  profiles: Record<string, Partial<ModelProfile>> | undefined;
}): SimulatorState {
  const runtimes = new Map<string, ModelRuntime>();
  let sequence = 0;
  const encoderCaches = new Map<string, WeakMap<object, string>>();
  const startedAt = Date.now();
  for (const [id, profile] of Object.entries(defaultSimulatorProfiles)) {
    runtimes.set(id, createModelRuntime(id, profile, options.seed, startedAt));
  }

  const setProfile = (model: string, patch: Partial<ModelProfile>): ModelProfile => {
    const parsed = modelProfilePatchSchema.safeParse(patch);
    if (!parsed.success) {
      throw new TypeError(`invalid simulator profile for ${model}: ${parsed.error.issues.map(describeIssue).join('; ')}`);
    }
    const previous = runtimes.get(model);
    // An explicit `undefined` in a patch means "leave as is", not "erase the field".
    const defined = Object.fromEntries(Object.entries(parsed.data).filter(([, value]) => value !== undefined));
    const profile: ModelProfile = { ...(previous?.profile ?? baseSimulatorProfile), ...(defined as Partial<ModelProfile>) };
    runtimes.set(model, createModelRuntime(model, profile, options.seed, Date.now(), previous));
    return profile;
  };

  for (const [id, patch] of Object.entries(options.profiles ?? {})) setProfile(id, patch);

  return {
    seed: options.seed,
    apiKey: options.apiKey,
    awsCredentials: options.awsCredentials,
    runtimes,
    log: createRequestLog(requestLogCapacity),
    stats: createSimulatorStats(),
    pending: new Set(),
    encoderCache: (wire) => {
      let cache = encoderCaches.get(wire);
      if (!cache) encoderCaches.set(wire, (cache = new WeakMap()));
      return cache;
    },
    nextSequence: () => ++sequence,
    setProfile,
    profiles: () => Object.fromEntries([...runtimes].map(([id, runtime]) => [id, runtime.profile])),
  };
}

function describeIssue(issue: { path: PropertyKey[]; message: string }): string {
  return `${issue.path.map(String).join('.') || '(root)'}: ${issue.message}`;
}
