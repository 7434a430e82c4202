/**
 * The oracle: score = strong outcome − weak outcome. With 0/1 correctness that is 1 where only the
 * strong model is right, 0 where both agree and −1 where only the weak one is, so the strong model is
 * used first exactly where it alone is right; for MT-Bench, where its judge score beats the weak
 * model's by the most. Ties move together in the sweep, so its curve reaches the best quality at the
 * share of prompts where strong alone is right, as RouteLLM's `get_optimal_accuracy` does.
 */
export function oracleScores(items: readonly { readonly strong: number; readonly weak: number }[]): number[] {
  return items.map((item) => item.strong - item.weak);
}
