import { createSeededRandom, type SeededRandom } from './create-seeded-random.js';
import { hashString } from './hash-string.js';
import type { ModelProfile, OutageMode, OutageWindow } from './model-profile.js';
import { splitIntoWordTokens } from './plan-completion.js';
import type { SimulatedStreamPart } from './simulated-stream-part.js';

/** An outage window with both ends as epoch milliseconds. */
export interface ResolvedOutageWindow {
  mode: OutageMode;
  from: number;
  to: number;
}

/** The live state of one simulated model: its profile plus what fault injection counts. */
export interface ModelRuntime {
  id: string;
  profile: ModelProfile;
  outageWindows: ResolvedOutageWindow[];
  /** Requests seen since the profile last changed (drives error bursts). */
  requestCount: number;
  /** Draws for faults and jitter, separate from content so a fault never changes an answer. */
  random: SeededRandom;
  /** `fixedText` cut into tokens once, not on every benchmark request. */
  fixedTextTokens: readonly string[] | undefined;
  /** The same tokens as stream parts, shared by every answer so encoders can memoise their bytes. */
  fixedTextParts: readonly SimulatedStreamPart[] | undefined;
  /** `scriptedReplies` compiled once: the pattern and the reply cut into tokens. */
  scriptedReplies: readonly CompiledScriptedReply[];
}

export interface CompiledScriptedReply {
  pattern: RegExp;
  tokens: readonly string[];
}

/**
 * Builds the runtime for a profile that takes effect at `appliedAt`. Relative outage bounds are
 * pinned to that moment here, so a later patch that touches other fields does not move them.
 */
export function createModelRuntime(
  id: string,
  profile: ModelProfile,
  seed: number,
  appliedAt: number,
  previous?: ModelRuntime,
): ModelRuntime {
  const outageWindows =
    previous && previous.profile.outages === profile.outages
      ? previous.outageWindows
      : profile.outages.map((window) => resolveOutageWindow(window, appliedAt));
  const fixedTextTokens = profile.fixedText === null ? undefined : Object.freeze(splitIntoWordTokens(profile.fixedText));
  return {
    id,
    profile,
    outageWindows,
    requestCount: 0,
    // Reseeded on every change, so "after setProfile, the n-th request fails" is reproducible.
    random: createSeededRandom(hashString(id, hashString(`faults:${seed}`))),
    fixedTextTokens,
    fixedTextParts: fixedTextTokens && Object.freeze(fixedTextTokens.map((text) => Object.freeze({ type: 'text-delta' as const, text }))),
    scriptedReplies:
      previous && previous.profile.scriptedReplies === profile.scriptedReplies
        ? previous.scriptedReplies
        : profile.scriptedReplies.map((entry) => Object.freeze({ pattern: new RegExp(entry.match, 'i'), tokens: Object.freeze(splitIntoWordTokens(entry.reply)) })),
  };
}

function resolveOutageWindow(window: OutageWindow, appliedAt: number): ResolvedOutageWindow {
  const from =
    window.startsAt !== undefined
      ? toEpochMs(window.startsAt)
      : window.startAfterMs !== undefined
        ? appliedAt + window.startAfterMs
        : -Infinity;
  const to =
    window.endsAt !== undefined ? toEpochMs(window.endsAt) : window.endAfterMs !== undefined ? appliedAt + window.endAfterMs : Infinity;
  return { mode: window.mode, from, to };
}

function toEpochMs(value: number | string): number {
  return typeof value === 'number' ? value : Date.parse(value);
}
