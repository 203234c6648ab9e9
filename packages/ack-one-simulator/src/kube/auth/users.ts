import { randomBytes } from 'node:crypto';
import { stringify as toYaml } from 'yaml';

/** The identity a request is made as (`user.Info` of the API server). */
export interface UserInfo {
  username: string;
  uid?: string;
  groups: string[];
  extra?: Record<string, string[]>;
}

export const AUTHENTICATED_GROUP = 'system:authenticated';
export const MASTERS_GROUP = 'system:masters';

/**
 * Every token the simulator issued before restricted users existed (the
 * admin kubeconfig, the kubeconfigs ACK One hands out, Argo CD cluster
 * secrets) authenticates as a cluster administrator: the `system:masters`
 * group is never subject to RBAC.
 */
export const ADMIN_USER: UserInfo = {
  username: 'kubernetes-admin',
  groups: [MASTERS_GROUP, AUTHENTICATED_GROUP],
};

/**
 * Tokens of restricted users carry their identity: `sim-user.<base64url
 * JSON>.<random>`. They are registered like any other token, so a token
 * only works once the server accepted it, and a saved world keeps the
 * identity with the token.
 */
const USER_TOKEN_PREFIX = 'sim-user.';

/** The identity of a restricted token that cannot be read: no permissions beyond discovery. */
const UNREADABLE_USER: UserInfo = {
  username: 'system:unknown',
  groups: [AUTHENTICATED_GROUP],
};

export function userOfToken(token: string): UserInfo {
  if (!token.startsWith(USER_TOKEN_PREFIX)) return ADMIN_USER;
  const [, encoded] = token.split('.');
  try {
    const u = JSON.parse(Buffer.from(encoded, 'base64url').toString('utf8'));
    if (typeof u?.n !== 'string' || !u.n) return UNREADABLE_USER;
    const groups = Array.isArray(u.g) ? u.g.map(String) : [];
    return {
      username: u.n,
      ...(typeof u.u === 'string' ? { uid: u.u } : {}),
      groups: [
        ...groups.filter((g: string) => g !== AUTHENTICATED_GROUP),
        AUTHENTICATED_GROUP,
      ],
    };
  } catch {
    return UNREADABLE_USER;
  }
}

/** A new bearer token for `user` (not registered with any server yet). */
export function userToken(user: {
  username: string;
  groups?: string[];
  uid?: string;
}): string {
  const encoded = Buffer.from(
    JSON.stringify({ n: user.username, g: user.groups ?? [], u: user.uid }),
  ).toString('base64url');
  return `${USER_TOKEN_PREFIX}${encoded}.${randomBytes(18).toString(
    'base64url',
  )}`;
}

/** What a server needs to register a token. */
export interface TokenRegistry {
  addToken(token: string, expiresAt?: number): void;
  readonly url: string;
  readonly caCertPem: string;
}

/**
 * Issues a token for a restricted user on `server`: its requests are
 * authorized by the RBAC objects stored in the cluster (Roles,
 * ClusterRoles and their bindings), like a user without `system:masters`.
 */
export function issueUserToken(
  server: TokenRegistry,
  user: { username: string; groups?: string[]; uid?: string },
  expiresAt?: number,
): string {
  const token = userToken(user);
  server.addToken(token, expiresAt);
  return token;
}

/** A kubeconfig for a restricted user of `server` (see issueUserToken). */
export function userKubeconfig(
  server: TokenRegistry,
  user: { username: string; groups?: string[]; uid?: string },
  contextName = user.username,
): string {
  const token = issueUserToken(server, user);
  return toYaml({
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [
      {
        name: contextName,
        cluster: {
          server: server.url,
          'certificate-authority-data': Buffer.from(
            server.caCertPem,
          ).toString('base64'),
        },
      },
    ],
    users: [{ name: contextName, user: { token } }],
    contexts: [
      { name: contextName, context: { cluster: contextName, user: contextName } },
    ],
    'current-context': contextName,
    preferences: {},
  });
}
