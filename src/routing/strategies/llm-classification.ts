/**
 * How an `llm` selector reached a request's category, for the debug trace, the request log and the
 * caller's spend. One object per classification outcome; cached answers share one frozen object.
 */
export interface LlmClassification {
  /** The classifier's model group (the strategy's `model`). */
  model: string;
  category: string;
  /** `answered`: the classifier named it now; `cached`: an earlier answer; `default`: see `fallback`. */
  outcome: 'answered' | 'cached' | 'default';
  /** Why the default category: a timeout, an error, an answer naming no category, no text to classify. */
  fallback?: string;
  /** This request waited for a classification another request had started (single flight): it pays nothing. */
  shared?: boolean;
  /** The classifier deployment that answered (`provider/model`). */
  deployment?: string;
  /** How long this request waited for the classifier (undefined: it did not wait). */
  latencyMs?: number;
  inputTokens?: number;
  outputTokens?: number;
  /** What the classifier call costs this request, in nano-dollars: 0 on a cache hit or a shared call. */
  costNusd: number;
}
