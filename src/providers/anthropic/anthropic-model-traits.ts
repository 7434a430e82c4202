/**
 * What the Messages API accepts for a model, read from its id. Two cut-offs matter to the
 * translation, and they differ (Anthropic's thinking docs; the per-model tables in vercel/ai
 * `packages/anthropic` getModelCapabilities and the AWS Bedrock adaptive-thinking page):
 *
 * - Claude 4.6 and later think in the adaptive form (`thinking: {type: "adaptive"}` plus
 *   `output_config.effort`); from 4.7 on the budget form (`type: "enabled", budget_tokens`) is
 *   refused with a 400, and on 4.6 it is deprecated. Earlier models know only the budget form.
 * - Claude 4.7 and later (and Mythos Preview) refuse non-default `temperature`, `top_p` and
 *   `top_k` on every request.
 *
 * Ids without a readable Claude version (a proxy's own names, fine-tunes) keep the older behaviour:
 * the budget form and sampling fields pass through, and the API decides.
 */
export interface AnthropicModelTraits {
  /** Thinking is configured with `{type: "adaptive"}` and an effort, not a token budget. */
  adaptiveThinking: boolean;
  /** Non-default temperature, top_p and top_k are refused by the API. */
  rejectsSamplingParameters: boolean;
}

const FAMILIES = 'opus|sonnet|haiku|fable|mythos|instant';

/** `claude-sonnet-4-5-20250929`, `claude-opus-4-7`, `claude-fable-5`, `us.anthropic.claude-sonnet-5@…`. */
const FAMILY_FIRST = new RegExp(`claude-(?:${FAMILIES})-(\\d{1,2})(?:[-.](\\d{1,2}))?(?![0-9])`);
/** `claude-3-7-sonnet-20250219`, `claude-3-5-haiku-latest`. */
const VERSION_FIRST = new RegExp(`claude-(\\d{1,2})(?:[-.](\\d{1,2}))?-(?:${FAMILIES})`);

export function anthropicModelTraits(model: string): AnthropicModelTraits {
  const id = model.toLowerCase();
  if (/claude-mythos-preview/.test(id)) return { adaptiveThinking: true, rejectsSamplingParameters: true };
  const version = claudeVersion(id);
  if (version === undefined) return { adaptiveThinking: false, rejectsSamplingParameters: false };
  const atLeast = (major: number, minor: number): boolean => version.major > major || (version.major === major && version.minor >= minor);
  return { adaptiveThinking: atLeast(4, 6), rejectsSamplingParameters: atLeast(4, 7) };
}

/** Major and minor version of a Claude model id; a trailing 8-digit date is not a minor version. */
function claudeVersion(id: string): { major: number; minor: number } | undefined {
  const match = FAMILY_FIRST.exec(id) ?? VERSION_FIRST.exec(id);
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: match[2] === undefined ? 0 : Number(match[2]) };
}
