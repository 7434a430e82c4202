import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { hashSecret } from '../../governance/key-secret.js';
import { startAdminServer, TEST_MASTER_KEY, type RunningAdminServer } from '../../server/admin/__fixtures__/start-admin-server.js';

/** The real `skyroute` command (from source, in a child process) against a real admin server and store. */
const MAIN = fileURLToPath(new URL('../main.ts', import.meta.url));
const PROJECT = fileURLToPath(new URL('../../../', import.meta.url));

let server: RunningAdminServer;

before(async () => {
  server = await startAdminServer({ now: Date.now() });
});
after(() => server.close());

interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function skyroute(args: string[], environment: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: PROJECT,
      env: { PATH: process.env.PATH, NODE_OPTIONS: '', SKYROUTE_URL: server.url, SKYROUTE_MASTER_KEY: TEST_MASTER_KEY, ...environment },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function succeeded(result: CliResult): CliResult {
  assert.equal(result.code, 0, `exit ${result.code}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

test('keys create prints the new key on the first line, then a summary; the key is stored with its limits', async () => {
  const result = succeeded(await skyroute(['keys', 'create', '--name', 'app1', '--budget', '50/month', '--rpm', '600', '--models', 'chat,embed']));
  const [first, ...summary] = result.stdout.split('\n');
  assert.match(first!, /^sk-sr-[A-Za-z0-9_-]{43}$/);
  assert.match(summary.join('\n'), /Created key key_\S+ "app1".*models chat,embed · 600 rpm · \$50\.00\/month/);
  assert.match(summary.join('\n'), /shown only this once/);

  const key = await server.store.findKeyByHash(hashSecret(first!), Date.now());
  assert.equal(key?.name, 'app1');
  assert.deepEqual(key.limits, { models: ['chat', 'embed'], rpm: 600, budgets: [{ period: 'month', limitUsd: 50 }] });
});

test('keys create --json prints the whole record, key included; --url and --master-key override the environment', async () => {
  const result = succeeded(
    await skyroute(
      ['keys', 'create', '--name', 'app2', '--json', '--url', server.url, '--master-key', TEST_MASTER_KEY, '--tag', 'a', '--tag', 'b', '--expires', '30d', '--budget', '5/day@80%', '--budget', '100/total', '--meta', 'owner=ada'],
      { SKYROUTE_URL: 'http://127.0.0.1:9', SKYROUTE_MASTER_KEY: 'wrong-wrong-wrong-wrong' },
    ),
  );
  const record = JSON.parse(result.stdout) as Record<string, any>;
  assert.match(record.key, /^sk-sr-/);
  assert.equal(record.name, 'app2');
  assert.deepEqual(record.tags, ['a', 'b']);
  assert.deepEqual(record.metadata, { owner: 'ada' });
  assert.deepEqual(record.budgets, [
    { period: 'day', limit_usd: 5, alert_at: 0.8 },
    { period: 'total', limit_usd: 100, alert_at: null },
  ]);
  const expiresIn = Date.parse(record.expires_at) - Date.now();
  assert.ok(expiresIn > 29 * 86_400_000 && expiresIn <= 30 * 86_400_000, `expires ${record.expires_at}`);
  assert.equal((await server.store.getKey(record.id))?.hash, hashSecret(record.key));
});

test('keys list, get, update, rotate and revoke by the key itself', async () => {
  const created = JSON.parse(succeeded(await skyroute(['keys', 'create', '--name', 'app3', '--json'])).stdout) as { id: string; key: string; preview: string };

  const list = succeeded(await skyroute(['keys', 'list']));
  assert.match(list.stdout, /^ID\s+NAME\s+KEY\s+TEAM\s+STATUS\s+LIMITS\s+CREATED/);
  assert.match(list.stdout, new RegExp(`${created.id}\\s+app3\\s+${created.preview.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\s+-\\s+active\\s+no limits`));

  const updated = succeeded(await skyroute(['keys', 'update', created.id, '--rpm', '30', '--models', 'chat']));
  assert.match(updated.stdout, /limits\s+models chat · 30 rpm/);
  assert.deepEqual((await server.store.getKey(created.id))!.limits, { models: ['chat'], rpm: 30 });
  succeeded(await skyroute(['keys', 'update', created.id, '--clear', 'models']));
  assert.deepEqual((await server.store.getKey(created.id))!.limits, { rpm: 30 });

  const rotated = succeeded(await skyroute(['keys', 'rotate', created.id, '--grace', '1h']));
  const newSecret = rotated.stdout.split('\n')[0]!;
  assert.match(newSecret, /^sk-sr-/);
  assert.notEqual(newSecret, created.key);
  assert.match(rotated.stdout, /old secret works until/);
  const stored = await server.store.getKey(created.id);
  assert.equal(stored!.hash, hashSecret(newSecret));
  assert.equal(stored!.previousHash, hashSecret(created.key));
  assert.equal(stored!.previousValidUntil, server.clock.now + 3_600_000);

  const revoked = succeeded(await skyroute(['keys', 'revoke', newSecret]));
  assert.match(revoked.stdout, new RegExp(`Revoked key ${created.id} "app3"`));
  assert.ok((await server.store.getKey(created.id))!.revokedAt !== undefined);

  const get = succeeded(await skyroute(['keys', 'get', created.id]));
  assert.match(get.stdout, /status\s+revoked/);
  assert.ok(!succeeded(await skyroute(['keys', 'list'])).stdout.includes(created.id), 'revoked keys are listed only with --all');
  assert.ok(succeeded(await skyroute(['keys', 'list', '--all'])).stdout.includes(created.id));
});

test('errors print the API message and exit 1', async () => {
  const duplicate = await skyroute(['keys', 'create', '--name', 'app1']);
  assert.equal(duplicate.code, 1);
  assert.equal(duplicate.stdout, '');
  assert.match(duplicate.stderr, /^skyroute keys: A key named "app1" already exists: choose another name\. \(HTTP 409, GW_ERR_ADMIN_CONFLICT\)\n$/);

  const wrongKey = await skyroute(['keys', 'list'], { SKYROUTE_MASTER_KEY: 'not-the-master-key-1234' });
  assert.equal(wrongKey.code, 1);
  assert.match(wrongKey.stderr, /is not the master key.*HTTP 401/);

  const badBudget = await skyroute(['keys', 'create', '--name', 'x', '--budget', '50/year']);
  assert.equal(badBudget.code, 1);
  assert.match(badBudget.stderr, /--budget "50\/year": expected AMOUNT\/PERIOD/);

  const noName = await skyroute(['keys', 'create']);
  assert.equal(noName.code, 1);
  assert.match(noName.stderr, /--name is required/);

  const unknownFlag = await skyroute(['keys', 'list', '--colour']);
  assert.equal(unknownFlag.code, 1);
  assert.match(unknownFlag.stderr, /--colour/);

  const missing = await skyroute(['keys', 'revoke', 'key_does_not_exist']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /No key has the id "key_does_not_exist"/);
});

test('a gateway that does not answer: a message naming the URL and how to set it, exit 1', async () => {
  const closedPort = await new Promise<number>((resolve) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
  const url = `http://127.0.0.1:${closedPort}`;
  const result = await skyroute(['keys', 'list'], { SKYROUTE_URL: url });
  assert.equal(result.code, 1);
  assert.match(result.stderr, new RegExp(`Could not reach the gateway at ${url.replace(/\./g, '\\.')} \\(ECONNREFUSED; the URL came from SKYROUTE_URL\\)`));
  assert.match(result.stderr, /--url URL or SKYROUTE_URL/);

  const noKey = await skyroute(['keys', 'list'], { SKYROUTE_MASTER_KEY: '' });
  assert.equal(noKey.code, 1);
  assert.match(noKey.stderr, /No master key: pass --master-key KEY or set SKYROUTE_MASTER_KEY/);
});

test('teams, credentials, spend and logs', async () => {
  const team = JSON.parse(succeeded(await skyroute(['teams', 'create', '--name', 'research', '--rpm', '100', '--json'])).stdout) as { id: string };
  const member = JSON.parse(succeeded(await skyroute(['keys', 'create', '--name', 'researcher', '--team', team.id, '--json'])).stdout) as { id: string };
  assert.match(succeeded(await skyroute(['teams', 'list'])).stdout, new RegExp(`${team.id}\\s+research\\s+100 rpm`));
  const refused = await skyroute(['teams', 'delete', team.id]);
  assert.equal(refused.code, 1);
  assert.match(refused.stderr, /still has 1 key/);

  const secret = 'sk-cli-secret-value-WXYZ';
  const set = succeeded(await skyroute(['credentials', 'set', 'openai-main', '--provider', 'openai', '--from-env', 'MY_OPENAI_KEY'], { MY_OPENAI_KEY: secret }));
  assert.match(set.stdout, /Stored credential "openai-main" for openai \(…WXYZ\), encrypted/);
  const stored = await server.store.getCredential('openai-main');
  assert.deepEqual(JSON.parse(server.secretBox!.open(stored!.ciphertext, 'openai-main')), { api_key: secret });
  const credentials = succeeded(await skyroute(['credentials', 'list']));
  assert.match(credentials.stdout, /openai-main\s+openai\s+…WXYZ/);
  assert.ok(!credentials.stdout.includes(secret));
  const unset = await skyroute(['credentials', 'set', 'x', '--provider', 'openai', '--from-env', 'NOT_SET_ANYWHERE']);
  assert.equal(unset.code, 1);
  assert.match(unset.stderr, /NOT_SET_ANYWHERE is not set/);

  const today = new Date(server.clock.now).toISOString().slice(0, 10);
  await server.store.writeRequests(
    [
      {
        id: 'cli-req-1',
        at: server.clock.now - 1000,
        endpoint: 'chat',
        keyId: member.id,
        teamId: team.id,
        model: 'chat',
        deployment: 'openai/gpt-4o-mini',
        provider: 'openai',
        attempts: 1,
        stream: true,
        status: 200,
        inputTokens: 1200,
        outputTokens: 300,
        cachedInputTokens: 0,
        cacheWriteInputTokens: 0,
        reasoningTokens: 0,
        costNusd: 2_500_000_000,
        latencyMs: 850,
        routeReason: 'cheapest healthy',
        category: 'code',
      },
    ],
    { log: true },
  );
  const spend = succeeded(await skyroute(['spend', '--by', 'day,key', '--from', today, '--to', today]));
  assert.match(spend.stdout, new RegExp(`${today}\\s+${member.id}\\s+1\\s+1200\\s+300\\s+0\\s+0\\s+\\$2\\.50`));
  assert.match(spend.stdout, /TOTAL\s+1\s+1200\s+300\s+0\s+0\s+\$2\.50/);

  const logs = succeeded(await skyroute(['logs', '--key', member.id]));
  assert.match(logs.stdout, new RegExp(`cli-req-1\\s+${member.id}\\s+chat\\s+openai/gpt-4o-mini\\s+200\\s+1200/300\\s+\\$2\\.50\\s+850 ms`));
  const detail = succeeded(await skyroute(['logs', 'get', 'cli-req-1']));
  assert.match(detail.stdout, /route reason\s+cheapest healthy/);
  assert.match(detail.stdout, /category\s+code/);
  const json = JSON.parse(succeeded(await skyroute(['logs', 'get', 'cli-req-1', '--json'])).stdout) as { cost_usd: number };
  assert.equal(json.cost_usd, 2.5);
});

test('each command has its help', async () => {
  for (const command of ['keys', 'teams', 'credentials', 'spend', 'logs']) {
    const result = succeeded(await skyroute([command, '--help']));
    assert.match(result.stdout, new RegExp(`^skyroute ${command} — `));
    assert.match(result.stdout, /SKYROUTE_URL/);
  }
  assert.match(succeeded(await skyroute(['--help'])).stdout, /skyroute keys create/);
  const missing = await skyroute(['keys']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /Missing subcommand/);
});
