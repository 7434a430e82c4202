/** A `data:<media type>;base64,<data>` URL split into its parts; undefined for anything else. */
export function parseDataUrl(url: string): { mediaType: string; base64: string } | undefined {
  if (!url.startsWith('data:')) return undefined;
  const comma = url.indexOf(',');
  if (comma < 0) return undefined;
  const header = url.slice(5, comma);
  if (!header.endsWith(';base64')) return undefined;
  const mediaType = header.slice(0, -';base64'.length).split(';')[0]!.trim().toLowerCase();
  return { mediaType: mediaType === '' ? 'application/octet-stream' : mediaType, base64: url.slice(comma + 1) };
}
