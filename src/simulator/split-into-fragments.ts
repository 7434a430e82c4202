/**
 * Cuts text into pieces of about `size` characters (never inside a surrogate pair), the way
 * providers stream JSON and tool arguments. Empty text gives no pieces.
 */
export function splitIntoFragments(text: string, size: number): string[] {
  const fragments: string[] = [];
  let start = 0;
  while (start < text.length) {
    let end = Math.min(text.length, start + size);
    const code = text.charCodeAt(end - 1);
    if (end < text.length && code >= 0xd800 && code <= 0xdbff) end++;
    fragments.push(text.slice(start, end));
    start = end;
  }
  return fragments;
}
