/** Quotes, brackets, markdown emphasis and punctuation a model may put around its one-word answer. */
const WRAPPING = /^[\s"'`*.:;,!?()[\]{}<>]+|[\s"'`*.:;,!?()[\]{}<>]+$/g;

/**
 * Reads a classifier's answer: trimmed of quotes and punctuation, case-insensitive; the exact name,
 * else the first category name that appears in it as a word (letters and digits around it end the
 * match, so `code` is found in "Category: code." and in "code-review", not in "encode"; a longer
 * name wins over a shorter one starting at the same place). Undefined when no category is named.
 */
export function llmCategoryParser(names: readonly string[]): (answer: string) => string | undefined {
  const byLowerName = new Map(names.map((name) => [name.toLowerCase(), name]));
  const alternatives = [...byLowerName.keys()].sort((first, second) => second.length - first.length).map(escapeRegExp);
  const anywhere = new RegExp(`(?<![a-z0-9])(${alternatives.join('|')})(?![a-z0-9])`, 'i');
  return (answer) => {
    const lower = answer.replace(WRAPPING, '').toLowerCase();
    const exact = byLowerName.get(lower);
    if (exact !== undefined) return exact;
    const found = anywhere.exec(lower);
    return found === null ? undefined : byLowerName.get(found[1]!);
  };
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
