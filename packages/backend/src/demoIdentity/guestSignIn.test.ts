import { rootConfigServiceFactory } from '@backstage/backend-defaults/rootConfig';
import { startTestBackend } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import authPlugin from '@backstage/plugin-auth-backend';
import guestProvider from '@backstage/plugin-auth-backend-module-guest-provider';
import path from 'node:path';
import request from 'supertest';

jest.setTimeout(60_000);

/** The catalog's guest user of examples/org.yaml, as the catalog serves it. */
const guest: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'User',
  metadata: { name: 'guest', namespace: 'default' },
  spec: { memberOf: ['platform-team'] },
  relations: [{ type: 'memberOf', targetRef: 'group:default/platform-team' }],
};

function claimsOf(token: string): { sub: string } {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

describe('guest sign-in with the local app-config.yaml', () => {
  const env = process.env.NODE_ENV;
  beforeAll(() => {
    // The guest provider signs in only in development.
    process.env.NODE_ENV = 'development';
  });
  afterAll(() => {
    process.env.NODE_ENV = env;
  });

  it("signs in as the catalog's guest user, with its group", async () => {
    const { server } = await startTestBackend({
      features: [
        rootConfigServiceFactory({
          argv: [
            '--config',
            path.resolve(__dirname, '../../../../app-config.yaml'),
          ],
        }),
        catalogServiceMock.factory({ entities: [guest] }),
        authPlugin,
        guestProvider,
      ],
    });
    const res = await request(server)
      .post('/api/auth/guest/refresh')
      .set('x-requested-with', 'XMLHttpRequest');
    expect(res.status).toBe(200);
    const { identity, token } = res.body.backstageIdentity;
    expect(claimsOf(token).sub).toBe('user:default/guest');
    expect(identity.userEntityRef).toBe('user:default/guest');
    expect(identity.ownershipEntityRefs).toEqual([
      'user:default/guest',
      'group:default/platform-team',
    ]);
  });
});
