import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LoggerService } from '@backstage/backend-plugin-api';
import Provider, { interactionPolicy } from 'oidc-provider';
import type { Account, Configuration } from 'oidc-provider';
import { DemoInteractions } from './interactions';
import { createMemoryAdapterFactory } from './memoryAdapter';
import { errorPage } from './pages';
import type { DemoUser, DemoUsers } from './users';

/** The client id that Backstage's OIDC auth provider uses. */
export const DEMO_CLIENT_ID = 'backstage';

export interface DemoOidcProviderOptions {
  /** Port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** The secret of the `backstage` client. */
  clientSecret: string;
  /** Backstage's callback, `<backend.baseUrl>/api/auth/oidc/handler/frame`. */
  redirectUri: string;
  users: DemoUsers;
  logger: LoggerService;
}

export interface DemoOidcProvider {
  /** `http://127.0.0.1:<port>`; discovery is under `/.well-known/`. */
  issuer: string;
  stop(): Promise<void>;
}

function account(user: DemoUser): Account {
  return {
    accountId: user.name,
    claims: () => ({
      sub: user.name,
      email: user.email,
      email_verified: true,
      name: user.displayName,
    }),
  };
}

/** A signing key of its own for each start; tokens do not outlive it. */
function signingKey() {
  const { privateKey } = crypto.generateKeyPairSync('rsa', {
    modulusLength: 2048,
  });
  return {
    ...privateKey.export({ format: 'jwk' }),
    kid: crypto.randomUUID(),
    alg: 'RS256',
    use: 'sig',
  };
}

/**
 * Asks who signs in on every authorization, even with a session at the
 * provider, so that one browser can switch between the demo users.
 */
function alwaysAskWhoSignsIn() {
  const policy = interactionPolicy.base();
  policy
    .get('login')
    ?.checks.add(
      new interactionPolicy.Check(
        'demo_user_choice',
        'The demo asks which user signs in each time',
        ctx =>
          ctx.oidc.result?.login
            ? interactionPolicy.Check.NO_NEED_TO_PROMPT
            : interactionPolicy.Check.REQUEST_PROMPT,
      ),
    );
  return policy;
}

const DAY = 24 * 60 * 60;
/** Lifetimes in seconds: an hour for tokens, two weeks for sessions. */
const TTL = {
  AccessToken: 60 * 60,
  AuthorizationCode: 60,
  IdToken: 60 * 60,
  RefreshToken: 14 * DAY,
  Interaction: 60 * 60,
  Session: 14 * DAY,
  Grant: 14 * DAY,
};

/** A client may revoke (on sign-out) only the tokens issued to it. */
const revocationAllowedPolicy = async (
  _ctx: unknown,
  client: { clientId: string },
  token: { clientId: string },
) => token.clientId === client.clientId;

function configuration(options: DemoOidcProviderOptions): Configuration {
  const { clientSecret, redirectUri, users } = options;
  return {
    adapter: createMemoryAdapterFactory(),
    clients: [
      {
        client_id: DEMO_CLIENT_ID,
        client_secret: clientSecret,
        client_name: 'Backstage',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [redirectUri],
      },
    ],
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    cookies: { keys: [crypto.randomBytes(32).toString('base64url')] },
    jwks: { keys: [signingKey()] },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true, allowedPolicy: revocationAllowedPolicy },
    },
    interactions: { policy: alwaysAskWhoSignsIn() },
    clientBasedCORS: () => false,
    ttl: TTL,
    async findAccount(_ctx, id) {
      const user = await users.find(id);
      return user && account(user);
    },
    // Refresh tokens without asking for offline_access, as Backstage keeps
    // its session by refreshing.
    issueRefreshToken: (_ctx, client) =>
      client.grantTypeAllowed('refresh_token'),
    renderError(ctx, out) {
      ctx.type = 'html';
      ctx.body = errorPage('The sign-in failed', [
        ...Object.entries(out).map(([k, v]) => `${k}: ${v}`),
        'Close this window and sign in again from the portal.',
      ]);
    },
  };
}

function listen(server: http.Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          `The demo OpenID Connect provider could not listen on ` +
            `127.0.0.1:${port} (${error.code ?? error.message}). Set ` +
            'ackOne.simulator.oidcPort to a free port and point ' +
            'auth.providers.oidc.development.metadataUrl at it, or stop ' +
            'whatever uses the port.',
        ),
      ),
    );
    server.listen(port, '127.0.0.1', () =>
      resolve((server.address() as AddressInfo).port),
    );
  });
}

/**
 * Starts a real OpenID Connect provider (oidc-provider) on 127.0.0.1 for the
 * local portal: one confidential client, `backstage`, with the authorization
 * code flow and refresh tokens; sign-in by demo user name, then consent.
 */
export async function startDemoOidcProvider(
  options: DemoOidcProviderOptions,
): Promise<DemoOidcProvider> {
  const server = http.createServer();
  const port = await listen(server, options.port);
  const issuer = `http://127.0.0.1:${port}`;
  const provider = new Provider(issuer, configuration(options));
  const oidc = provider.callback();
  const interactions = new DemoInteractions(
    provider,
    options.users,
    options.logger,
  );
  server.on('request', (req, res) => {
    const path = new URL(req.url ?? '/', issuer).pathname;
    const match = /^\/interaction\/([^/]+)(?:\/([a-z]+))?$/.exec(path);
    if (match) {
      interactions.handle(req, res, match[2]);
    } else {
      oidc(req, res);
    }
  });
  return {
    issuer,
    stop: () =>
      new Promise<void>(resolve => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
