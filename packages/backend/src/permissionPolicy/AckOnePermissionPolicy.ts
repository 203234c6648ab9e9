import {
  AuthorizeResult,
  isPermission,
  isResourcePermission,
  type PolicyDecision,
} from '@backstage/plugin-permission-common';
import type {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  ackOneFailoverPermissions,
  ackOneReadPermissions,
} from '@internal/plugin-ack-one-common';
import type { Audience, PolicyConfig } from './config';

const ALLOW: PolicyDecision = { result: AuthorizeResult.ALLOW };
const DENY: PolicyDecision = { result: AuthorizeResult.DENY };

/** Catalog writes an entity's owners may do to their own entities. */
const OWNER_CATALOG_WRITES = new Set([
  'catalog.entity.refresh',
  'catalog.entity.delete',
]);
/** Catalog writes that add or remove what the catalog reads. */
const REGISTRATION = new Set([
  'catalog.entity.create',
  'catalog.location.create',
  'catalog.location.delete',
]);
/** Harmless checks that write nothing (validating or analysing a file). */
const CHECKS = new Set(['catalog.entity.validate', 'catalog.location.analyze']);

/**
 * The portal's permission policy. Reading is open to signed-in users;
 * every write needs a rule that allows it, and anything not named here is
 * denied unless the user is an admin:
 *
 * - admins (`ackOne.permissionPolicy.admins`) may do everything;
 * - the Kubernetes proxy (`kubernetes.proxy`, which forwards any request to
 *   a cluster with the backend's credentials) is for admins and the users
 *   and groups in `kubernetesProxy` only;
 * - owners of an entity may refresh or unregister it and request, approve
 *   or override its failover (self-approval is refused by the failover
 *   workflow itself);
 * - registering catalog locations and running templates follow
 *   `catalogRegistration` and `scaffolder` (`admins` or `signed-in`).
 */
export class AckOnePermissionPolicy implements PermissionPolicy {
  readonly #config: PolicyConfig;

  constructor(config: PolicyConfig) {
    this.#config = config;
  }

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) return DENY;
    const claims = user.info.ownershipEntityRefs ?? [];
    if (this.#isAdmin(claims)) return ALLOW;
    const { permission } = request;
    const name = permission.name;

    if (name === 'kubernetes.proxy') {
      return claims.some(c => this.#config.kubernetesProxy.includes(c))
        ? ALLOW
        : DENY;
    }
    if (ackOneReadPermissions.some(p => isPermission(permission, p))) {
      return ALLOW;
    }
    if (ackOneFailoverPermissions.some(p => isPermission(permission, p))) {
      return this.#ownersOnly(request, claims);
    }
    if (OWNER_CATALOG_WRITES.has(name)) {
      return this.#ownersOnly(request, claims);
    }
    if (REGISTRATION.has(name)) {
      return this.#audience(this.#config.catalogRegistration);
    }
    if (name.startsWith('scaffolder.') && !isRead(request)) {
      return this.#audience(this.#config.scaffolder);
    }
    if (CHECKS.has(name) || isRead(request)) return ALLOW;
    return DENY;
  }

  #isAdmin(claims: string[]): boolean {
    return claims.some(c => this.#config.admins.includes(c));
  }

  #audience(audience: Audience): PolicyDecision {
    return audience === 'signed-in' ? ALLOW : DENY;
  }

  #ownersOnly(request: PolicyQuery, claims: string[]): PolicyDecision {
    const { permission } = request;
    if (!isResourcePermission(permission, 'catalog-entity')) return DENY;
    return createCatalogConditionalDecision(
      permission,
      catalogConditions.isEntityOwner({ claims }),
    );
  }
}

function isRead(request: PolicyQuery): boolean {
  return request.permission.attributes.action === 'read';
}
