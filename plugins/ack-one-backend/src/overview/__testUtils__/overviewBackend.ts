import type { Server } from 'node:http';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  catalogServiceRef,
  type CatalogService,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  buildDrStatus,
  parseDrAnnotations,
  type DrStatus,
  type DrWorkloadInput,
  type GatewayRoute,
} from '@internal/plugin-ack-one-common';
import { FailoverStore } from '../../failover/FailoverStore';
import { createRouter, type RouterOptions } from '../../service/router';

export const IDC = 'c-idc';
export const ACK = 'c-ack';
export const FLEET = 'c-fleet';
export const NOW = new Date('2026-11-27T06:00:00.000Z');

/**
 * How a test service is deployed:
 * - `covered`: primary 3 ready, standby 3 ready;
 * - `scales`: primary 6, standby 2 ready with an HPA up to 8;
 * - `short`: primary 3, standby 1 (no HPA);
 * - `one-sided`: only the primary runs it (2);
 * - `active`: active-active, 2 ready on each side (HPA up to 4), behind a
 *   gateway route split by ready pods.
 */
export type Pattern = 'covered' | 'scales' | 'short' | 'one-sided' | 'active';
export const PATTERNS: Pattern[] = [
  'covered',
  'scales',
  'short',
  'one-sided',
  'active',
];

export function serviceEntity(
  name: string,
  pattern: Pattern,
  spec: { owner?: string; system?: string } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      title: `Service ${name}`,
      annotations: {
        'backstage.io/kubernetes-id': name,
        'ack-one/fleet': 'ackone-fleet',
        'ack-one/cluster-roles':
          pattern === 'active'
            ? 'active-active'
            : 'idc-k8s=primary,ack-hangzhou=standby',
        'ack-one/rto': '5m',
        'test/pattern': pattern,
      },
    },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: spec.owner ?? 'team-a',
      ...(spec.system ? { system: spec.system } : {}),
    },
  };
}

/** An entity as the ACK One catalog provider writes it. */
export function ackOneEntity(
  name: string,
  type: string,
  annotations: Record<string, string>,
  location = 'ack-one',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/managed-by-location': `${location}:sim/cn-hangzhou/${name}`,
        ...annotations,
      },
    },
    spec: { type, owner: 'group:default/platform' },
  };
}

export function routeFor(host: string, namespace: string): GatewayRoute {
  return {
    id: `${host} /`,
    host,
    path: '/',
    pathType: 'Prefix',
    namespace,
    service: { name: namespace },
    base: { ingress: `${namespace}/${namespace}` },
    canaries: [],
  };
}

const workload = (
  clusterId: string,
  namespace: string,
  desired: number,
  ready: number,
  hpaMax?: number,
): DrWorkloadInput => ({
  kind: 'Deployment',
  namespace,
  name: namespace,
  clusterId,
  desired,
  ready,
  available: ready,
  updated: desired,
  images: ['registry/app:1'],
  ...(hpaMax
    ? {
        hpa: { name: namespace, minReplicas: desired, maxReplicas: hpaMax },
      }
    : {}),
});

function workloadsOf(pattern: Pattern, ns: string): DrWorkloadInput[] {
  switch (pattern) {
    case 'covered':
      return [workload(IDC, ns, 3, 3), workload(ACK, ns, 3, 3)];
    case 'scales':
      return [workload(IDC, ns, 6, 6), workload(ACK, ns, 2, 2, 8)];
    case 'short':
      return [workload(IDC, ns, 3, 3), workload(ACK, ns, 1, 1)];
    case 'one-sided':
      return [workload(IDC, ns, 2, 2)];
    default:
      return [workload(IDC, ns, 2, 2, 4), workload(ACK, ns, 2, 2, 4)];
  }
}

/**
 * Stands for the DR cache: every status is built from memory by the same
 * pure function the cache uses, from the pattern the entity names.
 */
export class FakeDrCache {
  statusCalls = 0;

  /** The Fleet's routes: one per `active` service given, and one nobody uses. */
  constructor(private readonly activeServices: string[] = []) {}

  async ready() {}

  getStatus(entity: Entity, now: Date = NOW): DrStatus {
    this.statusCalls++;
    const { policy, problems } = parseDrAnnotations(entity);
    const pattern = entity.metadata.annotations?.['test/pattern'] as Pattern;
    const ns = entity.metadata.name;
    return buildDrStatus({
      entityRef: stringifyEntityRef(entity),
      now,
      policy: policy!,
      problems,
      fleet: { clusterId: FLEET, name: 'ackone-fleet' },
      members: [
        {
          clusterId: IDC,
          name: 'idc-k8s',
          location: 'idc',
          reachable: true,
          lastSyncAt: now,
        },
        {
          clusterId: ACK,
          name: 'ack-hangzhou',
          location: 'cloud',
          reachable: true,
          lastSyncAt: now,
        },
      ],
      workloads: workloadsOf(pattern, ns),
      gateway: {
        reachable: true,
        lastSyncAt: now,
        routes: pattern === 'active' ? [routeFor(`${ns}.example.com`, ns)] : [],
        issues: [],
      },
    });
  }

  fleetGateway(fleetId: string) {
    if (fleetId !== FLEET) return undefined;
    return {
      name: 'ackone-fleet',
      reachable: true,
      lastSyncAt: NOW,
      message: undefined,
      routes: [
        ...this.activeServices.map(ns => routeFor(`${ns}.example.com`, ns)),
        routeFor('legacy.example.com', 'legacy'),
      ],
      issues: [
        {
          ingress: 'legacy/broken',
          severity: 'warning' as const,
          message: 'ingress has no rules; nothing to route',
        },
      ],
    };
  }
}

/**
 * The catalog mock, counting `getEntities` calls and showing nothing to
 * `hiddenFrom` (it stands for the catalog's read permissions).
 */
function countingCatalog(entities: Entity[], hiddenFrom?: string) {
  const inner = catalogServiceMock({ entities });
  const calls = { getEntities: 0 };
  const catalog: CatalogService = new Proxy(inner, {
    get(target, prop, receiver) {
      if (prop === 'getEntities')
        return async (request: any, options: any) => {
          calls.getEntities++;
          const p = options?.credentials?.principal;
          if (p?.type === 'user' && p.userEntityRef === hiddenFrom)
            return { items: [] };
          return target.getEntities(request, options);
        };
      return Reflect.get(target, prop, receiver);
    },
  });
  return { catalog, calls };
}

/**
 * A permission policy for the tests: the decision for a user (undefined
 * for a service) on an entity ref, or without one (`authorizeConditional`),
 * where `CONDITIONAL` means "it depends on the entity".
 */
export type TestPolicy = (
  who: string | undefined,
  resourceRef: string | undefined,
) => AuthorizeResult;

function mockPermissions(policy: TestPolicy) {
  const who = (options: any) => options?.credentials?.principal?.userEntityRef;
  return mockServices.permissions.mock({
    authorize: async (requests, options) =>
      requests.map(r => {
        const result = policy(who(options), (r as any).resourceRef);
        if (result === AuthorizeResult.CONDITIONAL)
          throw new Error('a resource decision cannot be conditional');
        return { result };
      }),
    authorizeConditional: async (requests, options) =>
      requests.map(() => {
        const result = policy(who(options), undefined);
        return result === AuthorizeResult.CONDITIONAL
          ? {
              result,
              pluginId: 'catalog',
              resourceType: 'catalog-entity',
              conditions: {
                rule: 'IS_ENTITY_OWNER',
                resourceType: 'catalog-entity',
                params: { claims: [] },
              },
            }
          : { result };
      }) as any,
  });
}

/** The test backend, and what the tests count. */
export interface OverviewBackend {
  server: Server;
  stop(): Promise<void>;
  /** The failover store on the test database. */
  store(): FailoverStore;
  catalogCalls(): number;
  authorize: jest.Mock;
  authorizeConditional: jest.Mock;
}

/**
 * A backend with the `ack-one` routes of `createRouter` on a fake DR cache,
 * the catalog mock, the given permission policy, and a real failover store
 * on the test database.
 */
export async function startOverviewBackend(options: {
  entities: Entity[];
  drCache: FakeDrCache;
  policy: TestPolicy;
  hiddenFrom?: string;
}): Promise<OverviewBackend> {
  const { catalog, calls } = countingCatalog(
    options.entities,
    options.hiddenFrom,
  );
  const permissions = mockPermissions(options.policy);
  let store: FailoverStore | undefined;
  const plugin = createBackendPlugin({
    pluginId: 'ack-one',
    register(env) {
      env.registerInit({
        deps: {
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          logger: coreServices.logger,
          database: coreServices.database,
          catalog: catalogServiceRef,
        },
        async init({ httpRouter, ...deps }) {
          store = await FailoverStore.create(deps.database);
          httpRouter.use(
            await createRouter({
              ...deps,
              health: undefined as unknown as RouterOptions['health'],
              drCache: options.drCache,
              lastFailovers: store,
            }),
          );
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      plugin,
      permissions.factory,
      createServiceFactory({
        service: catalogServiceRef,
        deps: {},
        factory: () => catalog,
      }),
    ],
  });
  return {
    server: backend.server,
    stop: () => backend.stop(),
    store: () => store!,
    catalogCalls: () => calls.getEntities,
    authorize: permissions.authorize as jest.Mock,
    authorizeConditional: permissions.authorizeConditional as jest.Mock,
  };
}
