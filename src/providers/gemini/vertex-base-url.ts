/** Vertex's multi-region locations, served from `aiplatform.{location}.rep.googleapis.com` (js-genai `_api_client.ts`). */
const MULTI_REGIONS = new Set(['us', 'eu']);

/**
 * The Vertex AI URL that `/models/{model}:generateContent` is appended to
 * (https://cloud.google.com/vertex-ai/generative-ai/docs/model-reference/inference):
 * `https://{location}-aiplatform.googleapis.com/v1/projects/{project}/locations/{location}/publishers/google`;
 * the `global` location has no regional host, the multi-regions have their own, and express mode
 * without a project uses the global host without the project path.
 */
export function vertexBaseUrl(project: string | undefined, location: string): string {
  let host = `${location}-aiplatform.googleapis.com`;
  if (location === 'global' || project === undefined) host = 'aiplatform.googleapis.com';
  else if (MULTI_REGIONS.has(location)) host = `aiplatform.${location}.rep.googleapis.com`;
  const scope = project === undefined ? '' : `/projects/${encodeURIComponent(project)}/locations/${location}`;
  return `https://${host}/v1${scope}/publishers/google`;
}
