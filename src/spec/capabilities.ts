/** What a model can take or do; the router filters deployments on these. */
export const CAPABILITIES = ['vision', 'tools', 'json_schema', 'reasoning', 'embeddings', 'audio'] as const;
export type Capability = (typeof CAPABILITIES)[number];
