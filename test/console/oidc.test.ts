import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import jwt from 'jsonwebtoken';
import { Provider } from 'oidc-provider';

/* eslint-disable @typescript-eslint/no-explicit-any -- the provider's context objects are untyped */
type KoaContextWithOIDC = any;
import type { Browser } from 'playwright-core';
import { startTestHub, type TestHub } from '../support/hub.js';
import { launchBrowser, newPage, pageErrors, screenshot } from './browser.js';

// Sign-in through OpenID Connect (authorization code + PKCE, oidc-client-ts in the console)
// against a real OpenID provider (oidc-provider) whose JWKS URL the hub trusts.

const CLIENT_ID = 'sharehub-console';
/** The hub as a resource server (RFC 8707 wants an absolute URI); its tokens' audience is the hub's `sharehub`. */
const HUB_RESOURCE = 'urn:sharehub:hub';
const PEOPLE: Record<string, { name: string; dept: string; roles: string[] }> = {
  'auditor-chen': { name: '陈审计', dept: 'ZJ-DSJJ', roles: ['auditor'] },
};

let server: Server;
let issuer: string;
let hub: TestHub;
let browser: Browser;

beforeAll(async () => {
  // The provider's address must be known before the hub (its issuer) and the hub's before the provider (redirect URI).
  const route: { handler?: (req: never, res: never) => void } = {};
  server = createServer((req, res) => route.handler!(req as never, res as never));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  hub = await startTestHub({ SHAREHUB_JWT_ISSUER: issuer, SHAREHUB_JWKS_URL: `${issuer}/jwks`, SHAREHUB_OIDC_CLIENT_ID: CLIENT_ID, SHAREHUB_TRUST_DEV_KEY: 'false' }, { seedCatalog: true });
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const provider = new Provider(issuer, {
    clients: [{ client_id: CLIENT_ID, token_endpoint_auth_method: 'none', redirect_uris: [`${hub.url}/console/callback`], post_logout_redirect_uris: [`${hub.url}/console/`], grant_types: ['authorization_code'], response_types: ['code'], id_token_signed_response_alg: 'ES256' }],
    jwks: { keys: [{ ...privateKey.export({ format: 'jwk' }), kid: 'op-key-1', alg: 'ES256', use: 'sig' }] },
    findAccount: async (_ctx: KoaContextWithOIDC, id: string) => ({ accountId: id, claims: async () => ({ sub: id, name: PEOPLE[id]?.name }) }),
    claims: { openid: ['sub'], profile: ['name'] },
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => HUB_RESOURCE,
        useGrantedResource: () => true,
        getResourceServerInfo: () => ({ audience: 'sharehub', scope: 'hub', accessTokenFormat: 'jwt', accessTokenTTL: 600, jwt: { sign: { alg: 'ES256' } } }),
      },
    },
    // The people's department and roles travel in the access token the hub reads.
    extraTokenClaims: async (_ctx: KoaContextWithOIDC, token: { accountId?: string }) => {
      const person = PEOPLE[token.accountId ?? ''];
      return person ? { dept: person.dept, roles: person.roles, name: person.name } : {};
    },
    // First-party console: consent is implied (no consent screen).
    loadExistingGrant: async (ctx: KoaContextWithOIDC) => {
      const oidc = ctx.oidc;
      const existing = oidc.session?.grantIdFor(oidc.client!.clientId);
      if (existing) return oidc.provider.Grant.find(existing);
      const grant = new oidc.provider.Grant({ clientId: oidc.client!.clientId, accountId: oidc.session!.accountId! });
      grant.addOIDCScope('openid profile');
      grant.addResourceScope(HUB_RESOURCE, 'hub');
      await grant.save();
      return grant;
    },
  } as never);
  route.handler = provider.callback() as never;
  browser = await launchBrowser();
}, 120_000);

afterEach(() => {
  if (pageErrors.length) process.stderr.write(`browser errors:\n${pageErrors.splice(0).join('\n')}\n`);
});

afterAll(async () => {
  await browser?.close();
  await hub?.close();
  await new Promise((resolve) => server?.close(resolve));
});

describe('console sign-in through OpenID Connect', () => {
  it('signs in with authorization code + PKCE at the provider, shows person, department and roles, and signs out', async () => {
    const page = await newPage(browser);
    await page.goto(`${hub.url}/console/audit`);
    const [authorize] = await Promise.all([
      page.waitForRequest((request) => request.url().startsWith(`${issuer}/auth?`)),
      page.getByRole('button', { name: /统一身份认证登录/ }).click(),
    ]);
    const params = new URL(authorize.url()).searchParams;
    expect(params.get('response_type')).toBe('code');
    expect(params.get('code_challenge_method')).toBe('S256');
    const login = page.locator('input[name="login"]');
    await login.waitFor({ timeout: 5_000 }).catch(async () => {
      throw new Error(`no login form at the provider: ${(await page.textContent('body'))?.slice(0, 500)}`);
    });
    await login.fill('auditor-chen');
    await page.locator('input[name="password"]').fill('any');
    await page.locator('button[type="submit"]').click();
    const signedIn = page.getByTestId('signed-in');
    await signedIn.getByText('陈审计').waitFor({ timeout: 15_000 });
    await signedIn.getByText('审计员').waitFor();
    const accessToken = await page.evaluate("sessionStorage.getItem('sharehub.console.token')");
    const accepted = await hub.gql('{ department(code: "ZJ-DSJJ") { shortName } }', {}, { authorization: `Bearer ${accessToken}` });
    expect(accepted.body).toEqual({ data: { department: { shortName: '省大数据局' } } });
    // The department's name comes from the hub, which accepted the provider's token.
    await signedIn.getByText('省大数据局').waitFor();
    await screenshot(page, 'oidc-signed-in');
    // The hub accepted the provider's token: the auditor's desk loads data.
    await page.getByText('最新签名树头').or(page.getByRole('tab', { name: '审计日志' })).first().waitFor();
    await page.getByRole('button', { name: /退出登录/ }).click();
    await page.getByRole('button', { name: /统一身份认证登录/ }).waitFor();
    await page.close();
  }, 60_000);

  it('refuses a token from an issuer the hub does not trust', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const forged = jwt.sign({ dept: 'ZJ-DSJJ', roles: ['auditor'] }, privateKey, { algorithm: 'ES256', keyid: 'op-key-1', subject: 'auditor-chen', issuer: 'http://127.0.0.1:1', audience: 'sharehub', expiresIn: 600, jwtid: randomUUID() });
    const response = await hub.gql('{ auditEvents(first: 1) { pageInfo { hasNextPage } } }', {}, { authorization: `Bearer ${forged}` });
    expect(response.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
  });
});
