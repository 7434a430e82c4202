/**
 * Merges a request's `providerOptions` for this provider (providerOptionsFor) into the body the adapter
 * built: a field that is an object on both sides is merged one level deep, so options add to a
 * translated config (`generationConfig`, `additionalModelRequestFields`) rather than replace it; any
 * other field replaces the translated one.
 */
export function mergeProviderOptions(body: Record<string, unknown>, options: Record<string, unknown> | undefined): void {
  if (options === undefined) return;
  for (const [key, value] of Object.entries(options)) {
    const current = body[key];
    body[key] = isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
  }
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
