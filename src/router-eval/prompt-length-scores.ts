/**
 * The prompt-length baseline: longer prompts go to the strong model. Length is counted in Unicode
 * code points, so it does not depend on a tokenizer; many prompts tie, which the sweep handles.
 */
export function promptLengthScores(items: readonly { readonly prompt: string }[]): number[] {
  return items.map((item) => {
    let length = 0;
    for (const _codePoint of item.prompt) length++;
    return length;
  });
}
