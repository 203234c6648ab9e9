import type {
  AuthService,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';

/** A person who may sign in through the demo identity provider. */
export interface DemoUser {
  /** The User entity's name in the default namespace; the OIDC subject. */
  name: string;
  email: string;
  displayName: string;
}

/** Where the demo identity provider looks its users up. */
export interface DemoUsers {
  find(name: string): Promise<DemoUser | undefined>;
  list(): Promise<DemoUser[]>;
}

const ENTITY_NAME = /^[a-zA-Z0-9](?:[-_.a-zA-Z0-9]{0,61}[a-zA-Z0-9])?$/;

/** A User entity of the default namespace with an email, as a demo user. */
export function toDemoUser(entity: Entity): DemoUser | undefined {
  const profile = (entity.spec?.profile ?? {}) as {
    email?: unknown;
    displayName?: unknown;
  };
  const namespace = entity.metadata.namespace ?? 'default';
  if (entity.kind.toLowerCase() !== 'user' || namespace !== 'default') {
    return undefined;
  }
  if (typeof profile.email !== 'string' || !profile.email) return undefined;
  return {
    name: entity.metadata.name,
    email: profile.email,
    displayName:
      typeof profile.displayName === 'string' && profile.displayName
        ? profile.displayName
        : entity.metadata.name,
  };
}

/**
 * The demo users are the catalog's User entities (default namespace) that
 * have `spec.profile.email`: locally those of examples/org.yaml. The same
 * email is what the OIDC sign-in resolver matches, so whoever may sign in
 * here also resolves to a catalog user.
 */
export function catalogDemoUsers(options: {
  discovery: DiscoveryService;
  auth: AuthService;
}): DemoUsers {
  const { discovery, auth } = options;

  async function get(path: string): Promise<Response> {
    const baseUrl = await discovery.getBaseUrl('catalog');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'catalog',
    });
    const res = await fetch(`${baseUrl}${path}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    if (!res.ok && res.status !== 404) {
      throw new Error(
        `The catalog answered ${res.status} ${res.statusText} when the demo ` +
          `identity provider looked up its users; check the catalog backend's log`,
      );
    }
    return res;
  }

  return {
    async find(name) {
      if (!ENTITY_NAME.test(name)) return undefined;
      const res = await get(
        `/entities/by-name/user/default/${encodeURIComponent(name)}`,
      );
      if (res.status === 404) return undefined;
      return toDemoUser((await res.json()) as Entity);
    },
    async list() {
      const res = await get(
        '/entities?filter=kind=user,metadata.namespace=default',
      );
      if (res.status === 404) return [];
      const entities = (await res.json()) as Entity[];
      return entities
        .flatMap(e => toDemoUser(e) ?? [])
        .sort((a, b) => a.name.localeCompare(b.name));
    },
  };
}
