import type { LearnedStrategyConfig, RouteTarget } from '../../config/routing-config-schema.js';
import { scoreRouterModel } from '../../router-model/score-router-model.js';
import type { LearnedRouter } from './load-learned-routers.js';
import { lastUserText } from './request-features.js';
import type { RouteSelection, SyncRouteSelector } from './select-route.js';

/**
 * A `learned` strategy: the router scores the request's last user message (its text parts joined by
 * newlines; earlier turns, the system prompt, tools and images are not scored) 0–1 by the strong
 * model's expected gain over the weak one: how the two did on similar training prompts, blended with
 * the prompt's length (src/router-model/router-model.ts; a rank, not a probability); score ≥
 * threshold → `strong`, else `weak` (RouteLLM's rule). The text is
 * taken only here, so other strategies pay nothing for it. The reason line names score and threshold.
 */
export function compileLearnedSelector(config: LearnedStrategyConfig, router: LearnedRouter): SyncRouteSelector {
  const { model, threshold } = router;
  const strong: RouteTarget = Object.freeze(config.strong.group !== undefined ? { group: config.strong.group } : { strategy: config.strong.strategy });
  const weak: RouteTarget = Object.freeze(config.weak.group !== undefined ? { group: config.weak.group } : { strategy: config.weak.strategy });
  const strongName = describeLearnedTarget(strong);
  const weakName = describeLearnedTarget(weak);
  return (features): RouteSelection => {
    const score = scoreRouterModel(model, lastUserText(features.request));
    const isStrong = score >= threshold;
    const [shownScore, shownThreshold] = formatPair(score, threshold);
    return {
      target: isStrong ? strong : weak,
      reason: isStrong ? `learned: score ${shownScore} ≥ ${shownThreshold} → strong (${strongName})` : `learned: score ${shownScore} < ${shownThreshold} → weak (${weakName})`,
      learned: { score, threshold, choice: isStrong ? 'strong' : 'weak' },
    };
  };
}

function describeLearnedTarget(target: RouteTarget): string {
  return target.group ?? `strategy ${target.strategy?.type ?? 'priority'}`;
}

/** Two decimals, more when two would show a score below the threshold as equal to it. */
function formatPair(score: number, threshold: number): [string, string] {
  if (!Number.isFinite(threshold)) return [score.toFixed(2), '∞'];
  for (let digits = 2; digits < 6; digits++) {
    const shownScore = score.toFixed(digits);
    const shownThreshold = threshold.toFixed(digits);
    if (shownScore !== shownThreshold || score === threshold) return [shownScore, shownThreshold];
  }
  return [String(score), String(threshold)];
}
