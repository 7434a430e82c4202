import type { Usage } from './usage.js';

export interface EmbeddingRequest {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  [extra: string]: unknown;
}

/**
 * One vector per input, in input order: a float array, or a base64 string of little-endian float32
 * (OpenAI's `encoding_format: "base64"`). Adapters return what the upstream sent; the ingress converts
 * only when the client asked for the other form, so large vectors are not decoded for nothing.
 */
export type EmbeddingVector = number[] | string;

export interface EmbeddingResult {
  model: string;
  embeddings: EmbeddingVector[];
  usage: Usage;
}
