/** Column and `model` names of the routed pair in RouteLLM's evaluation data. */
export const routellmModels = {
  strong: 'gpt-4-1106-preview',
  weak: 'mistralai/Mixtral-8x7B-Instruct-v0.1',
} as const;
