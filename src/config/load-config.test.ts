import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { ConfigError } from './config-error.js';
import { loadConfigFile, parseConfig } from './load-config.js';

const ISSUE_SAMPLE = `server: { host: 127.0.0.1, port: 4000 }
auth: { keys: ["\${SKYROUTE_KEY}"] }
providers:
  openai:    { type: openai, api_key: "\${OPENAI_API_KEY}" }
  local:     { type: openai-compatible, base_url: "http://127.0.0.1:11434/v1" }
  ark:       { type: byteplus, api_key: "\${ARK_API_KEY}" }
models:
  - name: fast
    deployments:
      - { provider: local, model: llama3.2 }
      - { provider: openai, model: gpt-4.1-mini }
`;

function writeConfig(text: string): string {
  const directory = mkdtempSync(join(tmpdir(), 'skyroute-config-'));
  const path = join(directory, 'skyroute.yaml');
  writeFileSync(path, text);
  return path;
}

test('the sample config from the docs loads as written', () => {
  const path = writeConfig(ISSUE_SAMPLE);
  const loaded = loadConfigFile(path, { SKYROUTE_KEY: 'sk-client', OPENAI_API_KEY: 'sk-openai', ARK_API_KEY: 'ark-key' });
  assert.deepEqual(loaded.config.auth.keys, ['sk-client']);
  assert.equal(loaded.config.providers.openai?.api_key, 'sk-openai');
  assert.equal(loaded.config.providers.ark?.type, 'byteplus');
  assert.equal(loaded.config.models[0]?.deployments.length, 2);
  assert.deepEqual(loaded.warnings, []);
});

test('an unset provider key variable is a warning naming the field and the variable', () => {
  const loaded = loadConfigFile(writeConfig(ISSUE_SAMPLE), { SKYROUTE_KEY: 'sk-client' });
  assert.ok(loaded.warnings.some((warning) => warning.includes('providers.openai.api_key') && warning.includes('OPENAI_API_KEY')));
  assert.equal(loaded.config.providers.openai?.api_key, '');
});

test('an unset client key variable refuses to start rather than opening the gateway', () => {
  assert.throws(() => loadConfigFile(writeConfig(ISSUE_SAMPLE), {}), (error: unknown) => {
    assert.ok(error instanceof ConfigError);
    assert.match(error.message, /auth\.keys\[0\]: \$\{SKYROUTE_KEY\} is not set/);
    return true;
  });
});

test('errors name the field and say what is wrong', () => {
  const cases: Array<[unknown, RegExp]> = [
    [{ providers: { x: { type: 'anthropix' } } }, /providers\.x\.type: unknown provider type "anthropix"; expected one of openai, azure/],
    [{ providers: { x: { type: 'openai', base_url: 'not a url' } } }, /providers\.x\.base_url: must be an absolute http\(s\) URL/],
    [{ server: { port: 'eighty' } }, /server\.port: /],
    [{ server: { prot: 4000 } }, /server: unknown field prot/],
    [{ models: [{ name: 'fast', deployments: [{ provider: 'nope', model: 'm' }] }] }, /models\[0\]\.deployments\[0\]\.provider: no provider "nope" is configured/],
    [{ models: [{ name: 'fast', deployments: [] }] }, /models\[0\]\.deployments: a model group needs at least one deployment/],
    [{ models: [{ name: 'auto', deployments: [{ provider: 'p', model: 'm' }] }], providers: { p: { type: 'openai' } } }, /models\[0\]\.name: "auto" is reserved/],
  ];
  for (const [tree, expected] of cases) {
    assert.throws(() => parseConfig(tree, { baseDirectory: '/tmp', environment: {} }), (error: unknown) => {
      assert.ok(error instanceof ConfigError, 'a ConfigError');
      assert.match(error.message, expected);
      return true;
    });
  }
});

test('env interpolation supports defaults and a literal escape', () => {
  const loaded = parseConfig(
    { providers: { p: { type: 'openai-compatible', base_url: '${BASE:-http://127.0.0.1:9/v1}', headers: { x: '$${NOT_A_VAR}' } } } },
    { baseDirectory: '/tmp', environment: {} },
  );
  assert.equal(loaded.config.providers.p?.base_url, 'http://127.0.0.1:9/v1');
  assert.equal(loaded.config.providers.p?.headers?.x, '${NOT_A_VAR}');
});

test('paths in a config file are relative to the file, not the working directory', () => {
  const path = writeConfig('server: { data_dir: ./state }\ncatalog: { files: [extra.yaml] }\n');
  const loaded = loadConfigFile(path, {});
  assert.equal(loaded.config.server.data_dir, join(path, '..', 'state'));
  assert.equal(loaded.config.catalog.files[0], join(path, '..', 'extra.yaml'));
});

test('invalid YAML says where', () => {
  assert.throws(() => loadConfigFile(writeConfig('server: {host: [\n'), {}), /not valid YAML at line/);
});

test('an empty file is a valid config with every default', () => {
  const loaded = loadConfigFile(writeConfig(''), {});
  assert.equal(loaded.config.server.port, 4000);
  assert.equal(loaded.config.server.host, '127.0.0.1');
  assert.equal(loaded.config.server.body_limit_bytes, 20 * 1024 * 1024);
});
