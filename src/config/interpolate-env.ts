/**
 * Replaces `${NAME}` and `${NAME:-default}` in every string of a parsed YAML tree. `$${` writes a
 * literal `${`. Unset variables become "" and are reported, so the caller can say which field is
 * empty because of which variable.
 */
export interface InterpolationResult<T> {
  value: T;
  missing: Array<{ path: string; variable: string }>;
}

const PATTERN = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g;

export function interpolateEnv<T>(tree: T, environment: NodeJS.ProcessEnv): InterpolationResult<T> {
  const missing: Array<{ path: string; variable: string }> = [];
  const visit = (node: unknown, path: string): unknown => {
    if (typeof node === 'string') {
      return node.replace(PATTERN, (match, name: string | undefined, fallback: string | undefined) => {
        if (name === undefined) return '${';
        const found = environment[name];
        if (found !== undefined && found !== '') return found;
        if (fallback !== undefined) return fallback;
        missing.push({ path, variable: name });
        return '';
      });
    }
    if (Array.isArray(node)) return node.map((item, index) => visit(item, `${path}[${index}]`));
    if (node !== null && typeof node === 'object') {
      return Object.fromEntries(
        Object.entries(node).map(([key, child]) => [key, visit(child, path === '' ? key : `${path}.${key}`)]),
      );
    }
    return node;
  };
  return { value: visit(tree, '') as T, missing };
}
