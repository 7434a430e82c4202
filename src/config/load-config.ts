import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { ConfigError } from './config-error.js';
import { ConfigSchema, type Config } from './config-schema.js';
import { interpolateEnv } from './interpolate-env.js';

export interface LoadedConfig {
  config: Config;
  /** Absolute path of the file, or undefined for a config built in code. */
  path: string | undefined;
  /** Relative paths in the config are relative to this directory. */
  baseDirectory: string;
  /** Problems that do not stop the gateway but that an operator must hear about. */
  warnings: string[];
}

export function loadConfigFile(path: string, environment: NodeJS.ProcessEnv = process.env): LoadedConfig {
  const absolutePath = resolve(path);
  let text: string;
  try {
    text = readFileSync(absolutePath, 'utf8');
  } catch (error) {
    throw new ConfigError(`cannot read config file ${absolutePath}: ${(error as Error).message}`);
  }
  let tree: unknown;
  try {
    tree = parseYaml(text) ?? {};
  } catch (error) {
    const where = error instanceof YAMLParseError && error.linePos ? ` at line ${error.linePos[0].line}` : '';
    throw new ConfigError(`config file ${absolutePath} is not valid YAML${where}: ${(error as Error).message}`);
  }
  return parseConfig(tree, { path: absolutePath, baseDirectory: dirname(absolutePath), environment });
}

export function parseConfig(
  tree: unknown,
  options: { path?: string; baseDirectory: string; environment: NodeJS.ProcessEnv },
): LoadedConfig {
  const source = options.path ?? 'config';
  const { value, missing } = interpolateEnv(tree, options.environment);
  const result = ConfigSchema.safeParse(value);
  if (!result.success) throw new ConfigError(`${source} is invalid:`, formatIssues(result.error.issues));
  const config = result.data;
  const warnings: string[] = [];
  const problems: string[] = [];

  for (const { path, variable } of missing) {
    if (path.startsWith('auth.keys')) {
      // An unset key variable must not silently open the gateway.
      problems.push(`${path}: \${${variable}} is not set; set it, or remove the entry to run without client keys`);
    } else {
      warnings.push(`${path}: \${${variable}} is not set, so the value is empty`);
    }
  }
  for (const [index, group] of config.models.entries()) {
    for (const [deploymentIndex, deployment] of group.deployments.entries()) {
      if (!(deployment.provider in config.providers)) {
        const known = Object.keys(config.providers);
        problems.push(
          `models[${index}].deployments[${deploymentIndex}].provider: no provider "${deployment.provider}" is configured` +
            (known.length > 0 ? ` (configured: ${known.join(', ')})` : ' (the providers section is empty)'),
        );
      }
    }
  }
  const names = new Set<string>();
  for (const [index, group] of config.models.entries()) {
    if (names.has(group.name)) problems.push(`models[${index}].name: "${group.name}" is defined twice`);
    names.add(group.name);
  }
  if (problems.length > 0) throw new ConfigError(`${source} is invalid:`, problems);

  config.server.data_dir = resolve(options.baseDirectory, config.server.data_dir);
  const masterKey = options.environment.SKYROUTE_MASTER_KEY;
  if (masterKey !== undefined && masterKey !== '') {
    if (masterKey.length < 16) throw new ConfigError(`${source} is invalid:`, ['SKYROUTE_MASTER_KEY: the master key must be at least 16 characters']);
    config.auth.master_key = masterKey;
  }
  const databaseUrl = options.environment.SKYROUTE_DATABASE_URL;
  if (databaseUrl !== undefined && databaseUrl !== '') config.database.url = databaseUrl;
  const database = config.database.url;
  if (database === undefined) config.database.url = join(config.server.data_dir, 'skyroute.db');
  else if (database !== ':memory:' && !/^postgres(ql)?:\/\//i.test(database)) config.database.url = resolve(options.baseDirectory, database);
  config.catalog.files = config.catalog.files.map((file) => resolve(options.baseDirectory, file));
  return { config, path: options.path, baseDirectory: options.baseDirectory, warnings };
}

function formatIssues(issues: z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length === 0 ? '(top level)' : formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') return `${path}: unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.join(', ')}`;
    return `${path}: ${issue.message}`;
  });
}

function formatPath(path: PropertyKey[]): string {
  return path
    .map((segment, index) => (typeof segment === 'number' ? `[${segment}]` : `${index === 0 ? '' : '.'}${String(segment)}`))
    .join('');
}
