import type http from 'node:http';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { signalsServiceRef } from '@backstage/plugin-signals-node';
import type {
  DrStatus,
  FailoverRequest,
} from '@internal/plugin-ack-one-common';
import type { Simulator } from '@internal/ack-one-simulator';
import request from 'supertest';
import { ackOnePlugin } from '../plugin';
import { simulatorConfig } from './simulatorConfig';
import { demoEntities, eventually } from './demo';

export { demoEntities, eventually };

export const ALICE = 'user:default/alice';
export const BOB = 'user:default/bob';
export const CAROL = 'user:default/carol';
export const WEB_DEMO = 'component:default/web-demo';

/** Owners of every demo service: alice and bob; alice may also override. */
const OWNERS = [ALICE, BOB];

function component(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: {
      type: 'service',
      lifecycle: 'production',
      owner: 'group:default/platform-team',
    },
  };
}

/** Services that cannot fail over: no DR annotations; no gateway route. */
export const extraEntities: Entity[] = [
  component('no-dr', { 'backstage.io/kubernetes-id': 'no-dr' }),
  component('no-route', {
    'backstage.io/kubernetes-id': 'web-demo',
    'backstage.io/kubernetes-label-selector': 'app=no-route',
    'ack-one/fleet': 'ackone-fleet',
    'ack-one/cluster-roles': 'active-active',
  }),
];

/**
 * The portal's policy as the tests need it: reads allowed to everyone,
 * failover permissions to the owners (alice, bob), the emergency override
 * to alice only.
 */
export const ownersPolicy = mockServices.permissions.mock({
  authorize: async (requests, options) => {
    const user = (options.credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    return requests.map(r => {
      const name = r.permission.name;
      let ok = true;
      if (name === 'ack-one.failover.override') ok = user === ALICE;
      else if (name.startsWith('ack-one.failover.'))
        ok = OWNERS.includes(user ?? '');
      return { result: ok ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    });
  },
});

export interface AuditRecord {
  eventId: string;
  severityLevel?: string;
  meta?: Record<string, unknown>;
  outcome?: 'success' | 'fail';
  error?: string;
}

/** Auditor, notifications and signals that record what they are given. */
export function recorders() {
  const audits: AuditRecord[] = [];
  const send = jest.fn(async (_: unknown) => {});
  const publish = jest.fn(async (_: unknown) => {});
  return {
    audits,
    send,
    publish,
    factories: [
      createServiceFactory({
        service: coreServices.auditor,
        deps: {},
        factory: () => ({
          createEvent: async (opts: any) => {
            const rec: AuditRecord = {
              eventId: opts.eventId,
              severityLevel: opts.severityLevel,
              meta: opts.meta,
            };
            audits.push(rec);
            return {
              success: async () => {
                rec.outcome = 'success';
              },
              fail: async ({ error }: { error: Error }) => {
                rec.outcome = 'fail';
                rec.error = error.message;
              },
            };
          },
        }),
      }),
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({ send }),
      }),
      createServiceFactory({
        service: signalsServiceRef,
        deps: {},
        factory: () => ({ publish }),
      }),
    ],
  };
}

export type Recorders = ReturnType<typeof recorders>;

/** Fast timings for tests. */
export const FAST_FAILOVER = {
  pollIntervalSeconds: 0.2,
  leaseSeconds: 2,
  verifyTimeoutSeconds: 4,
  warmUpTimeoutSeconds: 15,
  kubeRequestTimeoutSeconds: 5,
};

/** A test backend with the ack-one plugin on the simulator. */
export async function startFailoverBackend(options: {
  sim: Simulator;
  rec: Recorders;
  failover?: Record<string, unknown>;
  /** A database service factory (default: SQLite in memory). */
  database?: ReturnType<typeof mockServices.database.factory>;
}): Promise<{ server: http.Server; stop: () => Promise<void> }> {
  const backend = await startTestBackend({
    features: [
      ackOnePlugin,
      catalogServiceMock.factory({
        entities: [...demoEntities, ...extraEntities],
      }),
      simulatorConfig(
        options.sim,
        { probeIntervalSeconds: 0.5, probeTimeoutSeconds: 1 },
        { ...FAST_FAILOVER, ...options.failover },
      ),
      ownersPolicy.factory,
      ...options.rec.factories,
      ...(options.database ? [options.database] : []),
    ],
  });
  return { server: backend.server, stop: () => backend.stop() };
}

/** HTTP calls of the failover API as a given user. */
export function api(server: any) {
  const as = (user: string) => mockCredentials.user.header(user);
  return {
    post: (p: string, user: string, body: unknown = {}) =>
      request(server)
        .post(`/api/ack-one${p}`)
        .set('authorization', as(user))
        .send(body as object),
    get: (p: string, user: string = ALICE) =>
      request(server).get(`/api/ack-one${p}`).set('authorization', as(user)),
    status: async (name = 'web-demo'): Promise<DrStatus> =>
      (
        await request(server)
          .get(`/api/ack-one/v1/entities/component/default/${name}/dr-status`)
          .set('authorization', as(ALICE))
      ).body,
    failover: async (id: string): Promise<FailoverRequest> =>
      (
        await request(server)
          .get(`/api/ack-one/v1/failovers/${id}`)
          .set('authorization', as(ALICE))
      ).body,
  };
}

export const FINAL = [
  'completed',
  'rolled-back',
  'failed',
  'rejected',
  'expired',
  'cancelled',
];

/** The cluster ids of the demo world. */
export function clusterIds(sim: Simulator) {
  return {
    idc: sim.endpoints.clusters.idc.clusterId!,
    ack: sim.endpoints.clusters.ack.clusterId!,
  };
}

const CANARY_WEIGHT = 'nginx.ingress.kubernetes.io/canary-weight';

/** Writes to a namespace's Ingresses seen by the Fleet's API server (annotation changes only). */
export function watchIngressWrites(sim: Simulator, namespace: string) {
  const writes: Array<{
    type: string;
    name: string;
    weight?: string;
    annotations: Record<string, string>;
  }> = [];
  const off = sim.world.server('fleet').api.store.onEvent((ev: any) => {
    if (ev.typeKey !== 'networking.k8s.io/ingresses') return;
    if (ev.obj?.metadata?.namespace !== namespace) return;
    const a = ev.obj.metadata.annotations ?? {};
    if (
      ev.type === 'MODIFIED' &&
      JSON.stringify(a) === JSON.stringify(ev.prev?.metadata?.annotations ?? {})
    )
      return;
    writes.push({
      type: ev.type,
      name: ev.obj.metadata.name,
      weight: a[CANARY_WEIGHT],
      annotations: a,
    });
  });
  return { writes, off };
}

function canaryOf(sim: Simulator, namespace: string) {
  return sim.world
    .server('fleet')
    .api.getObj(
      'networking.k8s.io/v1',
      'Ingress',
      namespace,
      `${namespace}-canary`,
    );
}

/** The canary weight of a demo service (`<ns>/<ns>-canary`) as the Fleet holds it. */
export function canaryWeight(
  sim: Simulator,
  namespace: string,
): string | undefined {
  return canaryOf(sim, namespace)?.metadata.annotations?.[CANARY_WEIGHT];
}

/** Sets a demo service's canary weight directly in the Fleet (another writer). */
export function setCanaryWeight(
  sim: Simulator,
  namespace: string,
  weight: string,
  extra: Record<string, string> = {},
) {
  const canary = canaryOf(sim, namespace);
  sim.world.server('fleet').api.upsert({
    ...canary,
    metadata: {
      ...canary.metadata,
      resourceVersion: undefined,
      annotations: {
        ...canary.metadata.annotations,
        [CANARY_WEIGHT]: weight,
        ...extra,
      },
    },
  });
}

/**
 * Puts the demo services back as the demo world has them: web-demo 50/50
 * with 2 ready replicas and an HPA minimum of 2 on each side, payments
 * 100/0, every pod ready, every API server up.
 */
export async function resetDemo(sim: Simulator) {
  await sim.faults.reset();
  if (canaryWeight(sim, 'web-demo') !== '50')
    setCanaryWeight(sim, 'web-demo', '50');
  if (canaryWeight(sim, 'payments') !== '0')
    setCanaryWeight(sim, 'payments', '0');
  for (const c of ['idc', 'ack']) {
    const kube = sim.world.server(c).api;
    const hpa = kube.getObj(
      'autoscaling/v2',
      'HorizontalPodAutoscaler',
      'web-demo',
      'web-demo',
    );
    if (hpa && hpa.spec.minReplicas !== 2)
      kube.upsert({
        ...hpa,
        metadata: { ...hpa.metadata, resourceVersion: undefined },
        spec: { ...hpa.spec, minReplicas: 2 },
      });
    for (const ns of ['web-demo', 'payments']) {
      const d = kube.getObj('apps/v1', 'Deployment', ns, ns);
      if (d && d.spec.replicas !== 2) await sim.faults.scale(c, ns, ns, 2);
    }
  }
}

/** A DR status with both clusters reachable, every replica ready, and the given split in effect. */
export function settledAt(split: Record<string, number>) {
  return (s: DrStatus) =>
    s.clusters?.length === 2 &&
    s.clusters.every(c => c.reachable) &&
    s.gateway?.reachable &&
    s.workloads.length > 0 &&
    s.workloads.every(w => w.clusters.every(c => c.ready === c.desired)) &&
    Object.entries(split).every(
      ([c, v]) => Math.abs((s.gateway.routes[0]?.effective[c] ?? 0) - v) < 0.5,
    );
}
