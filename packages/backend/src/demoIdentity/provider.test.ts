import { mockServices } from '@backstage/backend-test-utils';
import { FlowClient } from './__testUtils__/oidcFlow';
import { DemoOidcProvider, startDemoOidcProvider } from './provider';
import type { DemoUser, DemoUsers } from './users';

const REDIRECT_URI = 'http://localhost:7007/api/auth/oidc/handler/frame';
const SECRET = 'test-client-secret';

const people: DemoUser[] = [
  { name: 'alice', email: 'alice@example.com', displayName: 'Alice' },
  { name: 'bob', email: 'bob@example.com', displayName: 'Bob' },
];
const users: DemoUsers = {
  find: async name => people.find(p => p.name === name),
  list: async () => people,
};

describe('startDemoOidcProvider', () => {
  let provider: DemoOidcProvider;
  let client: FlowClient;

  beforeEach(async () => {
    provider = await startDemoOidcProvider({
      port: 0,
      clientSecret: SECRET,
      redirectUri: REDIRECT_URI,
      users,
      logger: mockServices.logger.mock(),
    });
    client = new FlowClient(provider.issuer);
  });

  afterEach(() => provider.stop());

  const basic = `Basic ${Buffer.from(`backstage:${SECRET}`).toString(
    'base64',
  )}`;
  const token = (form: Record<string, string>) =>
    fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: basic,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: new URLSearchParams(form).toString(),
    });

  /** Signs in through the login and consent forms; returns the callback. */
  async function signIn(login: string): Promise<URL> {
    const loginStep = await client.authorize(REDIRECT_URI);
    const form = await client.request(loginStep);
    expect(form.body).toContain('name="login"');
    const posted = await client.request(`${loginStep}/login`, {
      form: { login },
    });
    expect(posted.status).toBe(303);
    const consentStep = await client.follow(posted.location!);
    const consent = await client.request(consentStep);
    expect(consent.body).toContain('Allow');
    const allowed = await client.request(`${consentStep}/confirm`, {
      form: {},
    });
    return new URL(await client.follow(allowed.location!));
  }

  it('serves its discovery document', async () => {
    const res = await fetch(
      `${provider.issuer}/.well-known/openid-configuration`,
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      issuer: provider.issuer,
      authorization_endpoint: `${provider.issuer}/auth`,
      token_endpoint: `${provider.issuer}/token`,
      userinfo_endpoint: `${provider.issuer}/me`,
      claims_supported: expect.arrayContaining(['sub', 'email', 'name']),
    });
  });

  it('signs a demo user in with the authorization code flow and refreshes', async () => {
    const callback = await signIn('alice');
    expect(`${callback.origin}${callback.pathname}`).toBe(REDIRECT_URI);
    expect(callback.searchParams.get('state')).toBe('state-1');
    const code = callback.searchParams.get('code')!;
    expect(code).toBeTruthy();

    const tokens = await token({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
    });
    expect(tokens.status).toBe(200);
    const set = await tokens.json();
    expect(set).toMatchObject({
      access_token: expect.any(String),
      id_token: expect.any(String),
      refresh_token: expect.any(String),
    });

    const me = await fetch(`${provider.issuer}/me`, {
      headers: { authorization: `Bearer ${set.access_token}` },
    });
    expect(await me.json()).toEqual({
      sub: 'alice',
      email: 'alice@example.com',
      email_verified: true,
      name: 'Alice',
    });

    const refreshed = await token({
      grant_type: 'refresh_token',
      refresh_token: set.refresh_token,
    });
    expect(refreshed.status).toBe(200);
    expect(await refreshed.json()).toMatchObject({
      access_token: expect.any(String),
    });
  });

  it('refuses a name that is not a demo user, naming the ones there are', async () => {
    const loginStep = await client.authorize(REDIRECT_URI);
    const refused = await client.request(`${loginStep}/login`, {
      form: { login: 'mallory' },
    });
    expect(refused.status).toBe(401);
    expect(refused.location).toBeUndefined();
    expect(refused.body).toContain(
      'There is no demo user named &quot;mallory&quot;',
    );
    expect(refused.body).toContain('Sign in as one of: alice, bob.');

    // The same sign-in still works with a demo user's name.
    const posted = await client.request(`${loginStep}/login`, {
      form: { login: 'bob' },
    });
    expect(posted.status).toBe(303);
  });

  it('asks who signs in again on the next authorization', async () => {
    await signIn('alice');
    const next = await client.follow(await client.authorize(REDIRECT_URI));
    const page = await client.request(next);
    expect(page.body).toContain('name="login"');
  });

  it('refuses a token request with a wrong client secret', async () => {
    const res = await fetch(`${provider.issuer}/token`, {
      method: 'POST',
      headers: {
        authorization: `Basic ${Buffer.from('backstage:wrong').toString(
          'base64',
        )}`,
        'content-type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=authorization_code&code=x&redirect_uri=x',
    });
    expect(res.status).toBe(401);
  });
});
