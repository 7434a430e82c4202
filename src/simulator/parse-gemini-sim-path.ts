/** Where a Gemini-wire request goes: the model and method from the path, and which API serves it. */
export interface GeminiSimTarget {
  api: 'gemini' | 'vertex';
  model: string;
  method: string;
  /** Vertex only: the full publisher model name, for Vertex's not-found message. */
  vertexName: string | undefined;
  /** streamGenerateContent with `alt=sse` (otherwise a streamed JSON array). */
  sse: boolean;
}

const geminiPath = /^\/(?:v1|v1beta|v1alpha)\/models\/([^/:]+):([A-Za-z]+)$/;
const vertexPath = /^\/(?:v1|v1beta1)\/(projects\/[^/]+\/locations\/[^/]+\/publishers\/google\/models\/([^/:]+)):([A-Za-z]+)$/;

/**
 * Parses `/v1beta/models/{model}:{method}` (Gemini API; v1 and v1alpha too) and
 * `/v1/projects/{p}/locations/{l}/publishers/google/models/{model}:{method}` (Vertex AI; v1beta1
 * too). undefined for any other path.
 */
export function parseGeminiSimPath(path: string, query: URLSearchParams): GeminiSimTarget | undefined {
  const sse = query.get('alt') === 'sse';
  const gemini = geminiPath.exec(path);
  if (gemini) return { api: 'gemini', model: decodeURIComponent(gemini[1] as string), method: gemini[2] as string, vertexName: undefined, sse };
  const vertex = vertexPath.exec(path);
  if (vertex) {
    return { api: 'vertex', model: decodeURIComponent(vertex[2] as string), method: vertex[3] as string, vertexName: decodeURIComponent(vertex[1] as string), sse };
  }
  return undefined;
}
