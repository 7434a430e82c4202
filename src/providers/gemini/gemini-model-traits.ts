export interface GeminiModelTraits {
  /**
   * Gemini 3 and later: thinking is set by `thinkingLevel` (a budget is rejected), thinking cannot be
   * turned off, and every model turn's first function call must carry a thought signature.
   */
  generation3: boolean;
  /** A Pro model of that generation: only the `low` and `high` levels are documented for it. */
  pro: boolean;
}

const OLDER_GENERATION = /(^|\/)gemini-(1|2)([.-]|$)|(^|\/)gemini-pro(-vision)?$/i;

/**
 * What the adapter needs to know about a model, from its name. Gemini names are open-ended
 * (`gemini-flash-latest`, `gemini-3.1-pro-preview`), so a `gemini-` name that is not known to be
 * from an older generation is taken to be current, as vercel/ai's google provider does
 * (`google-model-capabilities.ts`); names that are not Gemini (Gemma…) are treated as older.
 */
export function geminiModelTraits(model: string): GeminiModelTraits {
  const name = model.toLowerCase();
  const generation3 = /(^|\/)gemini-/.test(name) && !OLDER_GENERATION.test(name);
  return { generation3, pro: generation3 && /-pro([.-]|$)/.test(name) };
}
