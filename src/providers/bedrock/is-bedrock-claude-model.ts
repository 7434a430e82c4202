/**
 * Whether a Bedrock model id names an Anthropic Claude model: a base id (`anthropic.claude-…`), a
 * cross-region inference profile (`us.anthropic.claude-…`, `global.…`) or a foundation-model ARN.
 * Application inference profile ARNs do not name their model, so they count as unknown (not Claude).
 */
export function isBedrockClaudeModel(modelId: string): boolean {
  return /(?:^|[.:/])anthropic\.claude/.test(modelId);
}
