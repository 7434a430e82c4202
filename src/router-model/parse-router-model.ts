import { ROUTER_MODEL_FORMAT, ROUTER_MODEL_VERSION, RouterModelSchema, type RouterModel } from './router-model.js';

const SHOWN_ISSUES = 5;

/**
 * Validates a parsed `router.json`. A file of another format or version is named as such (retrain it)
 * rather than listed field by field; otherwise the first problems are given with their paths.
 */
export function parseRouterModel(json: unknown): RouterModel {
  if (json === null || typeof json !== 'object' || Array.isArray(json)) {
    throw new Error(`Not a router model: expected a JSON object, got ${Array.isArray(json) ? 'an array' : json === null ? 'null' : typeof json}.`);
  }
  const { format, version } = json as { format?: unknown; version?: unknown };
  if (format !== ROUTER_MODEL_FORMAT) {
    throw new Error(`Not a router model: "format" is ${JSON.stringify(format) ?? 'missing'}, expected "${ROUTER_MODEL_FORMAT}".`);
  }
  if (version !== ROUTER_MODEL_VERSION) {
    throw new Error(
      `Router model version ${JSON.stringify(version) ?? '(missing)'} is not supported: this version of Skyroute reads version ${ROUTER_MODEL_VERSION}. Retrain it with \`skyroute router train\`.`,
    );
  }
  const result = RouterModelSchema.safeParse(json);
  if (result.success) return result.data;
  const issues = result.error.issues;
  const described = issues.slice(0, SHOWN_ISSUES).map((issue) => `${formatPath(issue.path) || '(model)'}: ${issue.message}`);
  const more = issues.length > SHOWN_ISSUES ? ` (and ${issues.length - SHOWN_ISSUES} more)` : '';
  throw new Error(`Invalid router model: ${described.join('; ')}${more}.`);
}

function formatPath(path: readonly PropertyKey[]): string {
  return path.map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`)).join('');
}
