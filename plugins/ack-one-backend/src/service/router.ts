import type {
  BackstageCredentials,
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  Entity,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  type ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_LOCATION_TYPE,
  ackOneClusterHealthReadPermission,
  ackOneDrStatusReadPermission,
} from '@internal/plugin-ack-one-common';
import express from 'express';
import Router from 'express-promise-router';
import type { DrCache } from '../cache/DrCache';
import type { FailoverService } from '../failover/FailoverService';
import { registerFailoverRoutes } from '../failover/routes';
import { createOpenApiRouter } from '../schema/openapi';
import { ClusterHealthChecker } from './ClusterHealth';

const CLUSTER_ID = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;
const REF_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  health: ClusterHealthChecker;
  catalog: CatalogService;
  drCache: DrCache;
  logger: LoggerService;
  /** The failover workflow (`/v1/failovers`); absent, those routes are not served. */
  failovers?: FailoverService;
  /** How long a request may wait for the first Fleet discovery after start. */
  discoveryWaitMs?: number;
}

/** Whether the caller may use `permission` on `entity`. */
async function allowed(
  options: RouterOptions,
  permission: ResourcePermission<'catalog-entity'>,
  entity: Entity,
  credentials: BackstageCredentials,
): Promise<boolean> {
  const [decision] = await options.permissions.authorize(
    [{ permission, resourceRef: stringifyEntityRef(entity) }],
    { credentials },
  );
  return decision.result === AuthorizeResult.ALLOW;
}

/**
 * The cluster or Fleet entity the ACK One catalog provider wrote for
 * `clusterId`, when the caller may read it. Entities from other sources
 * that merely carry the annotation do not count.
 */
async function findClusterEntity(
  catalog: CatalogService,
  clusterId: string,
  credentials: BackstageCredentials,
): Promise<Entity | undefined> {
  const { items } = await catalog.getEntities(
    {
      filter: {
        kind: 'Resource',
        [`metadata.annotations.${ACK_ONE_ANNOTATIONS.clusterId}`]: clusterId,
      },
    },
    { credentials },
  );
  return items.find(
    e =>
      e.metadata.annotations?.[ACK_ONE_ANNOTATIONS.clusterId] === clusterId &&
      (e.metadata.annotations?.[ANNOTATION_LOCATION] ?? '').startsWith(
        `${ACK_ONE_LOCATION_TYPE}:`,
      ),
  );
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const { httpAuth, health, catalog, drCache } = options;
  const discoveryWaitMs = options.discoveryWaitMs ?? 5_000;
  // The failover API is described by the OpenAPI spec (which the router
  // serves at /openapi.json and validates requests against); the read
  // routes below are not described and pass through it.
  const api = createOpenApiRouter();
  if (options.failovers)
    registerFailoverRoutes(api, { httpAuth, failovers: options.failovers });
  const router = Router();
  router.use(api);
  router.use(express.json());

  router.get('/v1/clusters/:clusterId/health', async (req, res) => {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { clusterId } = req.params;
    if (!CLUSTER_ID.test(clusterId)) {
      throw new InputError(`"${clusterId}" is not an ACK One cluster id`);
    }
    // The same answer whether the cluster does not exist or the caller may
    // not see it, and no cloud call for either.
    const notFound = new NotFoundError(
      `cluster ${clusterId} is not in the catalog, or you may not read it`,
    );
    const entity = await findClusterEntity(catalog, clusterId, credentials);
    if (!entity) throw notFound;
    if (
      !(await allowed(
        options,
        ackOneClusterHealthReadPermission,
        entity,
        credentials,
      ))
    )
      throw notFound;
    res.json(await health.check(clusterId));
  });

  router.get(
    '/v1/entities/:kind/:namespace/:name/dr-status',
    async (req, res) => {
      const credentials = await httpAuth.credentials(req, {
        allow: ['user', 'service'],
      });
      const { kind, namespace, name } = req.params;
      for (const [what, v] of Object.entries({ kind, namespace, name }))
        if (!REF_PART.test(v))
          throw new InputError(`"${v}" is not a valid entity ${what}`);
      const ref = stringifyEntityRef({ kind, namespace, name });
      // The catalog applies its permissions: an entity the caller may not
      // read is as absent as one that does not exist.
      const entity = await catalog.getEntityByRef(ref, { credentials });
      if (!entity) {
        throw new NotFoundError(
          `${ref} is not in the catalog, or you may not read it`,
        );
      }
      if (
        !(await allowed(
          options,
          ackOneDrStatusReadPermission,
          entity,
          credentials,
        ))
      ) {
        throw new NotAllowedError(
          `you may not read the DR status of ${ref} (permission ${ackOneDrStatusReadPermission.name})`,
        );
      }
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([
        drCache.ready(),
        new Promise<void>(resolve => {
          timer = setTimeout(resolve, discoveryWaitMs);
        }),
      ]);
      if (timer) clearTimeout(timer);
      res.json(drCache.getStatus(entity));
    },
  );

  return router;
}
