import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { databaseCredentialEnv, productionKeyEnv } from '../support/production-env.js';
import { createApp } from '../../src/app.js';
import { devTokenKey } from '../../src/auth/trusted-keys.js';
import { loadOrCreateSigningKey } from '../../src/config/key-store.js';
import { ConfigError, loadConfig } from '../../src/config/config.js';
import { createTestDatabase, type TestDatabase } from '../support/database.js';
import { killSpawnedHubs, spawnHub } from '../support/hub-process.js';
import { freePort } from '../support/ports.js';

const HS256 = { SHAREHUB_JWT_HS256_SECRET: 'a-secret-of-at-least-thirty-two-bytes!!' };

/** What an operator gives a production hub: keys made for it, outside the data dir. */
function productionEnv(root: string): Record<string, string> {
  const keyDir = join(root, 'etc-keys');
  mkdirSync(keyDir, { recursive: true });
  return { SHAREHUB_DATA_DIR: join(root, 'data'), ...HS256, ...productionKeyEnv(keyDir) };
}

function configError(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('production is the default mode', () => {
  let root: string;
  beforeEach(() => (root = mkdtempSync(join(tmpdir(), 'sharehub-prodmode-'))));
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('without NODE_ENV: production, no introspection, no dev token key', () => {
    const config = loadConfig(productionEnv(root));
    expect(config.nodeEnv).toBe('production');
    expect(config.introspection).toBe(false);
    expect(config.auth.trustDevKey).toBe(false);
    // Development and test are what one asks for.
    expect(loadConfig({ NODE_ENV: 'development', SHAREHUB_DATA_DIR: root }).introspection).toBe(true);
  });

  it('refuses production without token keys, naming the setting', () => {
    expect(configError(() => loadConfig({ SHAREHUB_DATA_DIR: root })).variable).toBe('SHAREHUB_JWKS_FILE');
  });

  it('refuses keys from the development key store, naming the setting', () => {
    const env = productionEnv(root);
    const devAuditKey = join(env.SHAREHUB_DATA_DIR, 'keys', 'audit-checkpoint.pem');
    const error = configError(() => loadConfig({ ...env, SHAREHUB_AUDIT_KEY_FILE: devAuditKey }));
    expect(error.variable).toBe('SHAREHUB_AUDIT_KEY_FILE');
    expect(error.message).toContain('development key store');
    expect(configError(() => loadConfig({ ...env, SHAREHUB_SEAL_KEY_DIR: join(env.SHAREHUB_DATA_DIR, 'keys') })).variable).toBe('SHAREHUB_SEAL_KEY_DIR');
    expect(configError(() => loadConfig({ ...env, SHAREHUB_TRUST_DEV_KEY: 'true' })).variable).toBe('SHAREHUB_TRUST_DEV_KEY');
  });

  it('refuses copies of development keys kept elsewhere, and a JWKS that trusts the dev token key', () => {
    const env = productionEnv(root);
    // What a development run of the same data dir left behind.
    const devStore = loadConfig({ NODE_ENV: 'development', SHAREHUB_DATA_DIR: env.SHAREHUB_DATA_DIR });
    const devAudit = loadOrCreateSigningKey(devStore.dataDir, 'audit-checkpoint');
    const copy = join(root, 'etc-keys', 'copied-audit.pem');
    writeFileSync(copy, readFileSync(join(devStore.dataDir, 'keys', 'audit-checkpoint.pem')));
    expect(devAudit.kid).toMatch(/^[0-9a-f]{16}$/);
    const copied = configError(() => loadConfig({ ...env, SHAREHUB_AUDIT_KEY_FILE: copy }));
    expect(copied.variable).toBe('SHAREHUB_AUDIT_KEY_FILE');
    expect(copied.message).toMatch(/is a copy of a development key/);

    const devToken = devTokenKey(devStore.dataDir);
    const jwks = join(root, 'etc-keys', 'jwks.json');
    writeFileSync(jwks, JSON.stringify({ keys: [{ ...devToken.publicKey.export({ format: 'jwk' }), kid: 'looks-innocent', alg: 'ES256', use: 'sig' }] }));
    const trusting = configError(() => loadConfig({ ...env, SHAREHUB_JWT_HS256_SECRET: '', SHAREHUB_JWKS_FILE: jwks }));
    expect(trusting.variable).toBe('SHAREHUB_JWKS_FILE');
    expect(trusting.message).toMatch(/trusts the development token key/);
    // The operator's own keys pass.
    expect(loadConfig(env).nodeEnv).toBe('production');
  });

  it('refuses a DATABASE_URL without a password, and accepts one with a credential', () => {
    const env = productionEnv(root);
    const error = configError(() => loadConfig({ ...env, DATABASE_URL: 'postgres://sharehub@db.example:5432/sharehub' }));
    expect(error.variable).toBe('DATABASE_URL');
    expect(error.message).toMatch(/has no password/);
    expect(loadConfig({ ...env, DATABASE_URL: 'postgres://sharehub:s3cret@db.example:5432/sharehub' }).databaseUrl).toBeDefined();
    expect(loadConfig({ ...env, PGPASSWORD: 's3cret', DATABASE_URL: 'postgres://sharehub@db.example:5432/sharehub' }).databaseUrl).toBeDefined();
    // Outside production the local trust-authenticated server of a developer is fine.
    expect(loadConfig({ NODE_ENV: 'test', SHAREHUB_DATA_DIR: root, DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/x' }).databaseUrl).toBeDefined();
  });
});

describe('a production hub', () => {
  let root: string;
  let database: TestDatabase;
  // One set of keys for both starts: the first registers them in the database, as a deployment's first start does.
  let keys: Record<string, string>;
  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'sharehub-prodmode-'));
    keys = productionEnv(root);
    database = await createTestDatabase();
  });
  afterAll(async () => {
    await killSpawnedHubs();
    await database.drop();
    rmSync(root, { recursive: true, force: true });
  });

  it('answers without introspection, suggestions, landing page or error details', async () => {
    const config = loadConfig({ LOG_LEVEL: 'silent', ...keys, ...databaseCredentialEnv(database.url) });
    const app = await createApp(config, database.url);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const url = await app.getUrl();
    try {
      const post = async (query: string) =>
        (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query }) })).json() as Promise<{
          errors?: { message: string; extensions: Record<string, unknown> }[];
        }>;
      const introspection = await post('{ __schema { queryType { name } } }');
      expect(introspection.errors?.[0]?.message).toMatch(/introspection/i);
      const typo = await post('{ hubInfo { nam } }');
      expect(typo.errors?.[0]?.message).not.toMatch(/Did you mean/);
      expect(JSON.stringify(typo)).not.toMatch(/stacktrace|detail/);
      const page = await fetch(`${url}/graphql`, { headers: { accept: 'text/html', 'apollo-require-preflight': '1' } });
      expect(page.headers.get('content-type') ?? '').not.toMatch(/html/);
      expect(await page.text()).not.toMatch(/<html/i);
    } finally {
      await app.close();
    }
  });

  it('names its mode in the startup log, and a missing DB password stops it with the setting to fix', async () => {
    const env = { ...keys, DATABASE_URL: database.url, PORT: String(await freePort()) };
    const passwordless = new URL(database.url);
    passwordless.password = '';
    const refused = spawnHub({ ...env, DATABASE_URL: passwordless.toString() });
    expect((await refused.exited).code).toBe(78);
    expect(refused.output()).toMatch(/^sharehub: configuration error: DATABASE_URL: has no password/);

    const hub = spawnHub({ ...env, ...databaseCredentialEnv(database.url) });
    await hub.ready();
    expect(hub.output()).toMatch(/sharehub listening on http:\/\/127\.0\.0\.1:\d+ .* in production mode/);
    hub.child.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
  }, 60_000);
});
