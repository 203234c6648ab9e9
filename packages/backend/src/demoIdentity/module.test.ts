import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { FlowClient, freePort } from './__testUtils__/oidcFlow';
import { demoIdentityModule } from './module';

jest.setTimeout(60_000);

const user = (name: string, email?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name, namespace: 'default' },
  spec: { profile: email ? { email, displayName: name.toUpperCase() } : {} },
});
const entities = [
  user('alice', 'alice@example.com'),
  user('carol', 'carol@example.com'),
  user('guest'),
];

/** Serves the two catalog reads the demo identity provider makes. */
const fakeCatalog = createBackendPlugin({
  pluginId: 'catalog',
  register(env) {
    env.registerInit({
      deps: { http: coreServices.httpRouter },
      async init({ http }) {
        http.use((req, res) => {
          const byName = /^\/entities\/by-name\/user\/default\/(.+)$/.exec(
            req.path,
          );
          if (byName) {
            const found = entities.find(e => e.metadata.name === byName[1]);
            if (found) res.json(found);
            else res.status(404).json({ error: { name: 'NotFoundError' } });
          } else if (req.path === '/entities') {
            res.json(entities);
          } else {
            res.status(404).end();
          }
        });
      },
    });
  },
});

/**
 * Stands in for the auth plugin, which reads the provider's metadata when it
 * initializes: records what the discovery URL answered at that moment.
 */
function fakeAuthPlugin(metadataUrl: string, seen: { status?: number }) {
  return createBackendPlugin({
    pluginId: 'auth',
    register(env) {
      env.registerInit({
        deps: {},
        async init() {
          seen.status = await fetch(metadataUrl).then(
            r => r.status,
            () => 0,
          );
        },
      });
    },
  });
}

describe('demoIdentityModule', () => {
  const logger = mockServices.logger.mock();

  beforeEach(() => jest.clearAllMocks());

  const start = async (enabled: boolean) => {
    const port = await freePort();
    const issuer = `http://127.0.0.1:${port}`;
    const metadataUrl = `${issuer}/.well-known/openid-configuration`;
    const seen: { status?: number } = {};
    const backend = await startTestBackend({
      features: [
        demoIdentityModule,
        fakeAuthPlugin(metadataUrl, seen),
        fakeCatalog,
        logger.factory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            auth: {
              providers: {
                oidc: {
                  development: { metadataUrl, clientId: 'backstage' },
                },
              },
            },
            ackOne: {
              simulator: {
                enabled,
                oidcPort: port,
                oidcClientSecret: 'module-test-secret',
              },
            },
          },
        }),
      ],
    });
    return { backend, issuer, seen };
  };

  it('is up before the auth plugin initializes when the simulator is on', async () => {
    const { backend, issuer, seen } = await start(true);
    try {
      expect(seen.status).toBe(200);
      const res = await fetch(`${issuer}/.well-known/openid-configuration`);
      expect((await res.json()).issuer).toBe(issuer);
    } finally {
      await backend.stop();
    }
    await expect(fetch(issuer)).rejects.toThrow();
  });

  it("offers the catalog's users with an email and signs them in", async () => {
    const { backend, issuer } = await start(true);
    try {
      const client = new FlowClient(issuer);
      const loginStep = await client.authorize(
        'http://localhost:7007/api/auth/oidc/handler/frame',
      );
      const form = await client.request(loginStep);
      expect(form.body).toContain('<code>alice</code> (ALICE)');
      expect(form.body).toContain('<code>carol</code>');
      expect(form.body).not.toContain('<code>guest</code>');

      const noEmail = await client.request(`${loginStep}/login`, {
        form: { login: 'guest' },
      });
      expect(noEmail.status).toBe(401);
      const carol = await client.request(`${loginStep}/login`, {
        form: { login: 'carol' },
      });
      expect(carol.status).toBe(303);
    } finally {
      await backend.stop();
    }
  });

  it('is not started when the simulator is off, and says what that breaks', async () => {
    const { backend, issuer, seen } = await start(false);
    try {
      expect(seen.status).toBe(0);
      await expect(
        fetch(`${issuer}/.well-known/openid-configuration`),
      ).rejects.toThrow();
      expect(logger.warn).toHaveBeenCalledWith(
        expect.stringMatching(
          /auth\.providers\.oidc\.development\.metadataUrl points at the demo .* ackOne\.simulator\.enabled/,
        ),
      );
    } finally {
      await backend.stop();
    }
  });

  it('does not warn while the simulator runs the provider', async () => {
    const { backend } = await start(true);
    await backend.stop();
    expect(logger.warn).not.toHaveBeenCalled();
  });
});
