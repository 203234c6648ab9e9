import type {
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ACK_ONE_ANNOTATIONS,
  ACK_ONE_ENTITY_TYPES,
  ACK_ONE_SERVICE_ANNOTATIONS,
  ackOneClusterHealthReadPermission,
  declaredRoute,
  refName,
  type DrGatewayObject,
  type DrGatewayOverview,
  type DrGatewayRoute,
} from '@internal/plugin-ack-one-common';
import type { Request, Response } from 'express';
import type { DrCache } from '../cache/DrCache';
import {
  CLUSTER_ID,
  fromAckOneProvider,
  isAllowed,
  waitForDiscovery,
} from './access';
import type { OptedInService, OptedInServices } from './OptedInServices';

type FleetGateway = ReturnType<DrCache['fleetGateway']>;

const annotation = (e: Entity, key: string) =>
  e.metadata.annotations?.[key] || undefined;
const typeOf = (e: Entity) => (e.spec as { type?: unknown } | undefined)?.type;

function gatewayObject(e: Entity): DrGatewayObject {
  const classes = annotation(e, ACK_ONE_ANNOTATIONS.gatewayIngressClass);
  const out: DrGatewayObject = {
    name: e.metadata.title ?? e.metadata.name,
    kind: annotation(e, ACK_ONE_ANNOTATIONS.gatewayKind) ?? 'unknown',
    ingressClasses: (classes ?? '')
      .split(',')
      .map(c => c.trim())
      .filter(Boolean),
    entityRef: stringifyEntityRef(e),
  };
  const status = annotation(e, ACK_ONE_ANNOTATIONS.gatewayStatus);
  const address = annotation(e, ACK_ONE_ANNOTATIONS.gatewayAddress);
  if (status) out.status = status;
  if (address) out.address = address;
  return out;
}

/**
 * Every route of the Fleet's gateway, with the services using it: a route
 * a service uses carries that service's effective weights; the others
 * only their declared ones.
 */
function routesOf(
  fleet: FleetGateway,
  services: OptedInService[],
): DrGatewayRoute[] {
  const key = (r: { namespace: string; id: string }) =>
    `${r.namespace}|${r.id}`;
  const out = new Map<string, DrGatewayRoute>();
  for (const r of fleet?.routes ?? [])
    out.set(key(r), {
      ...declaredRoute(r),
      entityRefs: [],
      healthKnown: false,
    });
  for (const { status } of services)
    for (const r of status.gateway.routes) {
      const seen = out.get(key(r));
      if (seen?.healthKnown) seen.entityRefs.push(status.entityRef);
      else
        out.set(key(r), {
          ...r,
          entityRefs: [...(seen?.entityRefs ?? []), status.entityRef],
          healthKnown: true,
        });
    }
  return [...out.values()]
    .map(r => ({ ...r, entityRefs: r.entityRefs.sort() }))
    .sort(
      (a, b) =>
        a.id.localeCompare(b.id) || a.namespace.localeCompare(b.namespace),
    );
}

/**
 * `GET /v1/fleets/:fleetId/gateway`: a Fleet's gateway objects (from the
 * catalog), the state of the backend's watch on it and its routes (from
 * the DR cache), for a caller who may read the Fleet's health.
 */
export class GatewayHandler {
  readonly #httpAuth: HttpAuthService;
  readonly #catalog: CatalogService;
  readonly #permissions: PermissionsService;
  readonly #drCache: Pick<DrCache, 'fleetGateway' | 'ready'>;
  readonly #services: OptedInServices;
  readonly #discoveryWaitMs: number;

  constructor(options: {
    httpAuth: HttpAuthService;
    catalog: CatalogService;
    permissions: PermissionsService;
    drCache: Pick<DrCache, 'fleetGateway' | 'ready'>;
    services: OptedInServices;
    discoveryWaitMs: number;
  }) {
    this.#httpAuth = options.httpAuth;
    this.#catalog = options.catalog;
    this.#permissions = options.permissions;
    this.#drCache = options.drCache;
    this.#services = options.services;
    this.#discoveryWaitMs = options.discoveryWaitMs;
  }

  gateway = async (req: Request, res: Response) => {
    const credentials = await this.#httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const { fleetId } = req.params;
    if (!CLUSTER_ID.test(fleetId))
      throw new InputError(`"${fleetId}" is not an ACK One Fleet id`);
    const gateways = await this.#fleetGateways(fleetId, credentials);
    await waitForDiscovery(this.#drCache, this.#discoveryWaitMs);
    const fleet = this.#drCache.fleetGateway(fleetId);
    const services = await this.#servicesOf(fleetId, fleet?.name, credentials);
    const body: DrGatewayOverview = {
      fleetId,
      ...(fleet ? { fleetName: fleet.name } : {}),
      reachable: fleet?.reachable ?? false,
      ...(fleet?.lastSyncAt
        ? { lastSyncAt: fleet.lastSyncAt.toISOString() }
        : {}),
      ...(fleet?.message || !fleet
        ? {
            message:
              fleet?.message ??
              'The backend has not found this Fleet in the configured ACK One accounts yet.',
          }
        : {}),
      gateways,
      routes: routesOf(fleet, services),
      issues: (fleet?.issues ?? []).map(i => ({
        ingress: i.ingress,
        severity: i.severity,
        message: i.message,
      })),
      generatedAt: new Date().toISOString(),
    };
    res.json(body);
  };

  /**
   * The Fleet's gateway entities, after checking that the caller may read
   * the Fleet entity the ACK One provider wrote (one catalog query for
   * both). The same 404 whether the Fleet is absent or not allowed.
   */
  async #fleetGateways(
    fleetId: string,
    credentials: BackstageCredentials,
  ): Promise<DrGatewayObject[]> {
    const { items } = await this.#catalog.getEntities(
      {
        filter: [
          {
            kind: 'Resource',
            [`metadata.annotations.${ACK_ONE_ANNOTATIONS.clusterId}`]: fleetId,
          },
          {
            kind: 'Resource',
            'spec.type': ACK_ONE_ENTITY_TYPES.gateway,
            [`metadata.annotations.${ACK_ONE_ANNOTATIONS.fleetId}`]: fleetId,
          },
        ],
      },
      { credentials },
    );
    const ours = items.filter(fromAckOneProvider);
    const fleet = ours.find(
      e =>
        typeOf(e) === ACK_ONE_ENTITY_TYPES.fleet &&
        annotation(e, ACK_ONE_ANNOTATIONS.clusterId) === fleetId,
    );
    if (
      !fleet ||
      !(await isAllowed(
        this.#permissions,
        ackOneClusterHealthReadPermission,
        fleet,
        credentials,
      ))
    )
      throw new NotFoundError(
        `Fleet ${fleetId} is not in the catalog, or you may not read it`,
      );
    return ours
      .filter(
        e =>
          typeOf(e) === ACK_ONE_ENTITY_TYPES.gateway &&
          annotation(e, ACK_ONE_ANNOTATIONS.fleetId) === fleetId,
      )
      .map(gatewayObject)
      .sort((a, b) => a.name.localeCompare(b.name));
  }

  /** The opted-in services of the Fleet whose DR status the caller may read. */
  async #servicesOf(
    fleetId: string,
    fleetName: string | undefined,
    credentials: BackstageCredentials,
  ): Promise<OptedInService[]> {
    const names = (e: Entity) => {
      const v = annotation(e, ACK_ONE_SERVICE_ANNOTATIONS.fleet)?.trim();
      return !!v && (v === fleetId || refName(v) === fleetName);
    };
    const services = await this.#services.read(credentials, (_, e) => names(e));
    return services.filter(s => s.status.fleet?.clusterId === fleetId);
  }
}
