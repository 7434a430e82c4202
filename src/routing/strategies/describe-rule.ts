import type { RuleCondition } from '../../config/routing-config-schema.js';

const longest = 40;

/** The fields of a rule's condition in a few words, for the routing reason: `has_images`, `keywords refund|invoice, hours 09-17`. */
export function describeRule(condition: RuleCondition): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(condition.headers ?? {})) parts.push(`header ${name}=${listed(value)}`);
  for (const [key, value] of Object.entries(condition.metadata ?? {})) parts.push(`metadata ${key}=${listed(value)}`);
  if (condition.keys !== undefined) parts.push(`key ${listed(condition.keys)}`);
  if (condition.teams !== undefined) parts.push(`team ${listed(condition.teams)}`);
  if (condition.prompt_tokens !== undefined) {
    const { gt, lt } = condition.prompt_tokens;
    if (gt !== undefined) parts.push(`prompt_tokens > ${gt}`);
    if (lt !== undefined) parts.push(`prompt_tokens < ${lt}`);
  }
  if (condition.keywords !== undefined) parts.push(`keywords ${listed(condition.keywords)}`);
  if (condition.regex !== undefined) parts.push(`regex /${shortened(condition.regex)}/`);
  if (condition.has_images !== undefined) parts.push(condition.has_images ? 'has_images' : 'no images');
  if (condition.has_tools !== undefined) parts.push(condition.has_tools ? 'has_tools' : 'no tools');
  if (condition.json_mode !== undefined) parts.push(condition.json_mode ? 'json_mode' : 'not json_mode');
  if (condition.hours !== undefined) parts.push(`hours ${condition.hours} UTC`);
  return parts.length === 0 ? 'always' : parts.join(', ');
}

function listed(value: string | readonly string[]): string {
  return shortened(typeof value === 'string' ? value : value.join('|'));
}

function shortened(text: string): string {
  return text.length > longest ? `${text.slice(0, longest - 1)}…` : text;
}
