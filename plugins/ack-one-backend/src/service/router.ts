import type {
  HttpAuthService,
  LoggerService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ackOneClusterHealthReadPermission,
  ackOneDrStatusReadPermission,
} from '@internal/plugin-ack-one-common';
import express from 'express';
import Router from 'express-promise-router';
import type { DrCache } from '../cache/DrCache';
import type { FailoverService } from '../failover/FailoverService';
import { registerFailoverRoutes } from '../failover/routes';
import {
  CLUSTER_ID,
  findClusterEntity,
  isAllowed,
  waitForDiscovery,
} from '../overview/access';
import { GatewayHandler } from '../overview/GatewayHandler';
import { OptedInServices } from '../overview/OptedInServices';
import {
  OverviewHandler,
  type LastFailoverSource,
} from '../overview/OverviewHandler';
import { createOpenApiRouter } from '../schema/openapi';
import { ClusterHealthChecker } from './ClusterHealth';

const REF_PART = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

export interface RouterOptions {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  health: ClusterHealthChecker;
  catalog: CatalogService;
  /** What the routes read of the DR cache (all from memory). */
  drCache: Pick<DrCache, 'ready' | 'getStatus' | 'fleetGateway'>;
  logger: LoggerService;
  /** The failover workflow (`/v1/failovers`); absent, those routes are not served. */
  failovers?: FailoverService;
  /** The last failover of each service, for the overview; absent, none is shown. */
  lastFailovers?: LastFailoverSource;
  /** How long a request may wait for the first Fleet discovery after start. */
  discoveryWaitMs?: number;
}

type ExpressRouter = ReturnType<typeof Router>;

/** `GET /v1/clusters/:clusterId/health` */
function registerClusterHealth(router: ExpressRouter, options: RouterOptions) {
  const { httpAuth, catalog, permissions, health } = options;
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
      !(await isAllowed(
        permissions,
        ackOneClusterHealthReadPermission,
        entity,
        credentials,
      ))
    )
      throw notFound;
    res.json(await health.check(clusterId));
  });
}

/** `GET /v1/entities/:kind/:namespace/:name/dr-status` */
function registerDrStatus(
  router: ExpressRouter,
  options: RouterOptions,
  discoveryWaitMs: number,
) {
  const { httpAuth, catalog, permissions, drCache } = options;
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
        !(await isAllowed(
          permissions,
          ackOneDrStatusReadPermission,
          entity,
          credentials,
        ))
      ) {
        throw new NotAllowedError(
          `you may not read the DR status of ${ref} (permission ${ackOneDrStatusReadPermission.name})`,
        );
      }
      await waitForDiscovery(drCache, discoveryWaitMs);
      res.json(drCache.getStatus(entity));
    },
  );
}

/** The DR overview, the blast radius of a cluster, and a Fleet's gateway. */
function registerOverview(
  router: ExpressRouter,
  options: RouterOptions,
  discoveryWaitMs: number,
) {
  const { httpAuth, catalog, permissions, drCache } = options;
  const services = new OptedInServices({
    catalog,
    permissions,
    drCache,
    discoveryWaitMs,
  });
  const overview = new OverviewHandler({
    httpAuth,
    services,
    failovers: options.lastFailovers,
  });
  const gateway = new GatewayHandler({
    httpAuth,
    catalog,
    permissions,
    drCache,
    services,
    discoveryWaitMs,
  });
  router.get('/v1/overview', overview.overview);
  router.get('/v1/overview/blast-radius', overview.blastRadius);
  router.get('/v1/fleets/:fleetId/gateway', gateway.gateway);
}

export async function createRouter(
  options: RouterOptions,
): Promise<express.Router> {
  const discoveryWaitMs = options.discoveryWaitMs ?? 5_000;
  // The failover API is described by the OpenAPI spec (which the router
  // serves at /openapi.json and validates requests against); the read
  // routes below are not described and pass through it.
  const api = createOpenApiRouter();
  if (options.failovers)
    registerFailoverRoutes(api, {
      httpAuth: options.httpAuth,
      failovers: options.failovers,
    });
  const router = Router();
  router.use(api);
  router.use(express.json());
  registerClusterHealth(router, options);
  registerDrStatus(router, options, discoveryWaitMs);
  registerOverview(router, options, discoveryWaitMs);
  return router;
}
