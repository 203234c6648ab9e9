import { Entity } from '@backstage/catalog-model';
import {
  DrCluster,
  DrGatewayOverview,
  DrPolicy,
  DrStatus,
} from '@internal/plugin-ack-one-common';

/**
 * DR statuses as the `ack-one` backend answers them for the simulator's
 * demo world: a Fleet `ackone-fleet` with the IDC cluster `idc-k8s` and the
 * ACK cluster `ack-hangzhou`.
 */
export const IDC_ID = 'c4e1b7a09d3f2c58e6a1b0d9f7c3e2a15';
export const ACK_ID = 'c9b2d4f6a8c0e1f3a5b7d9e0c2f4a6b81';
export const FLEET_ID = 'c0f7e6d5c4b3a29180f7e6d5c4b3a2918';

const GENERATED_AT = '2025-06-01T08:00:05.000Z';
const SYNCED_AT = '2025-06-01T08:00:04.000Z';
const IMAGE = 'registry.cn-hangzhou.aliyuncs.com/acs/web-demo:0.6.0';

function service(name: string, annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'backstage.io/kubernetes-id': name,
        'backstage.io/kubernetes-namespace': name,
        ...annotations,
      },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'platform' },
  };
}

/** `web-demo`: active-active, traffic 50/50. */
export const webDemoEntity = service('web-demo', {
  'ack-one/fleet': 'ackone-fleet',
  'ack-one/cluster-roles': 'active-active',
  'ack-one/min-standby-capacity': '100',
  'ack-one/rto': '5m',
});

/** `orders`: IDC primary, ACK standby. */
export const ordersEntity = service('orders', {
  'ack-one/fleet': 'ackone-fleet',
  'ack-one/cluster-roles': 'idc-k8s=primary,ack-hangzhou=standby',
  'ack-one/min-standby-capacity': '100',
  'ack-one/rto': '5m',
});

/** A service with the Kubernetes annotations but no `ack-one/fleet`. */
export const notOptedInEntity = service('legacy-api', {});

const fleet = {
  clusterId: FLEET_ID,
  name: 'ackone-fleet',
  entityRef: 'resource:default/ackone-fleet',
};

const consoleUrl = (id: string) =>
  `https://cs.console.aliyun.com/#/k8s/cluster/${id}/v2/info/overview`;

const idcCluster: DrCluster = {
  clusterId: IDC_ID,
  name: 'idc-k8s',
  entityRef: 'resource:default/idc-k8s',
  consoleUrl: consoleUrl(IDC_ID),
  location: 'idc',
  role: 'active',
  reachable: true,
  lastSyncAt: SYNCED_AT,
};

const ackCluster: DrCluster = {
  clusterId: ACK_ID,
  name: 'ack-hangzhou',
  entityRef: 'resource:default/ack-hangzhou',
  consoleUrl: consoleUrl(ACK_ID),
  location: 'cloud',
  role: 'active',
  reachable: true,
  lastSyncAt: SYNCED_AT,
};

const activeActive: DrPolicy = {
  fleet: 'ackone-fleet',
  mode: 'active-active',
  roles: {},
  minStandbyCapacity: 100,
  rtoSeconds: 300,
  rto: '5m',
  selector: {
    labelSelector: 'backstage.io/kubernetes-id=web-demo',
    namespace: 'web-demo',
  },
};

/** In parity, both clusters reachable, `example.com/svc1` split 50/50. */
export const webDemoInParity: DrStatus = {
  entityRef: 'component:default/web-demo',
  generatedAt: GENERATED_AT,
  state: 'in-parity',
  policy: activeActive,
  problems: [],
  fleet,
  argoCdApplications: [
    {
      name: 'web-demo',
      namespace: 'argocd',
      url: 'https://argocd.example.com/applications/argocd/web-demo',
      syncStatus: 'Synced',
      healthStatus: 'Healthy',
    },
  ],
  clusters: [idcCluster, ackCluster],
  workloads: [
    {
      kind: 'Deployment',
      namespace: 'web-demo',
      name: 'web-demo',
      clusters: [
        {
          clusterId: ACK_ID,
          desired: 2,
          ready: 2,
          available: 2,
          updated: 2,
          images: [IMAGE],
          hpa: { name: 'web-demo', minReplicas: 2, maxReplicas: 6 },
        },
        {
          clusterId: IDC_ID,
          desired: 2,
          ready: 2,
          available: 2,
          updated: 2,
          images: [IMAGE],
          hpa: { name: 'web-demo', minReplicas: 2, maxReplicas: 6 },
        },
      ],
      parity: { state: 'in-parity', findings: [] },
    },
  ],
  parity: { state: 'in-parity', findings: [] },
  gateway: {
    fleetId: FLEET_ID,
    reachable: true,
    lastSyncAt: SYNCED_AT,
    routes: [
      {
        id: 'example.com /svc1',
        host: 'example.com',
        path: '/svc1',
        namespace: 'web-demo',
        service: 'service1',
        ingresses: ['web-demo', 'web-demo-canary'],
        declared: { [IDC_ID]: 50, [ACK_ID]: 50 },
        declaredByPods: 0,
        byPods: {},
        effective: { [IDC_ID]: 50, [ACK_ID]: 50 },
        headerRoutes: [],
      },
    ],
    issues: [],
  },
  capacity: [
    {
      clusterId: IDC_ID,
      ready: 2,
      max: 6,
      load: 4,
      canCarryAllNow: false,
      canCarryAllAfterScaling: true,
    },
    {
      clusterId: ACK_ID,
      ready: 2,
      max: 6,
      load: 4,
      canCarryAllNow: false,
      canCarryAllAfterScaling: true,
    },
  ],
  warnings: [],
};

const STANDBY_NOT_READY =
  'Standby ack-hangzhou has 1 of 3 replicas ready: a failover now would overload it.';

/** `orders`: the ACK standby has 1 of 3 replicas ready; traffic follows pods. */
export const ordersStandbyNotReady: DrStatus = {
  entityRef: 'component:default/orders',
  generatedAt: GENERATED_AT,
  state: 'standby-not-ready',
  policy: {
    ...activeActive,
    mode: 'primary-standby',
    roles: { 'idc-k8s': 'primary', 'ack-hangzhou': 'standby' },
    selector: {
      labelSelector: 'backstage.io/kubernetes-id=orders',
      namespace: 'orders',
    },
  },
  problems: [],
  fleet,
  clusters: [
    { ...idcCluster, role: 'primary' },
    { ...ackCluster, role: 'standby' },
  ],
  workloads: [
    {
      kind: 'Deployment',
      namespace: 'orders',
      name: 'orders',
      clusters: [
        {
          clusterId: ACK_ID,
          desired: 3,
          ready: 1,
          available: 1,
          updated: 3,
          images: ['registry.cn-hangzhou.aliyuncs.com/demo/orders:1.4.2'],
        },
        {
          clusterId: IDC_ID,
          desired: 3,
          ready: 3,
          available: 3,
          updated: 3,
          images: ['registry.cn-hangzhou.aliyuncs.com/demo/orders:1.4.2'],
        },
      ],
      parity: {
        state: 'standby-not-ready',
        findings: [
          {
            state: 'standby-not-ready',
            rule: 'standby-ready',
            clusterId: ACK_ID,
            numbers: {
              required: 3,
              reference: 3,
              minStandbyCapacity: 100,
              desired: 3,
              max: 3,
              ready: 1,
            },
            message: STANDBY_NOT_READY,
          },
        ],
      },
    },
  ],
  parity: {
    state: 'standby-not-ready',
    findings: [
      {
        state: 'standby-not-ready',
        rule: 'standby-ready',
        clusterId: ACK_ID,
        message: `Deployment orders/orders: ${STANDBY_NOT_READY}`,
      },
    ],
  },
  gateway: {
    fleetId: FLEET_ID,
    reachable: true,
    lastSyncAt: SYNCED_AT,
    routes: [
      {
        id: 'orders.example.com /',
        host: 'orders.example.com',
        path: '/',
        namespace: 'orders',
        service: 'orders',
        ingresses: ['orders', 'orders-drill'],
        declared: {},
        declaredByPods: 100,
        byPods: { [IDC_ID]: 75, [ACK_ID]: 25 },
        effective: { [IDC_ID]: 75, [ACK_ID]: 25 },
        headerRoutes: [
          {
            header: 'x-dr-drill',
            value: 'true',
            clusterId: ACK_ID,
            ingress: 'orders-drill',
          },
        ],
      },
    ],
    issues: [
      {
        ingress: 'orders-drill',
        severity: 'warning',
        message:
          'canary-weight is ignored because canary-by-header is set (header routes take precedence)',
      },
    ],
  },
  capacity: [
    {
      clusterId: IDC_ID,
      ready: 3,
      max: 3,
      load: 4,
      canCarryAllNow: false,
      canCarryAllAfterScaling: false,
    },
    {
      clusterId: ACK_ID,
      ready: 1,
      max: 3,
      load: 4,
      canCarryAllNow: false,
      canCarryAllAfterScaling: false,
    },
  ],
  warnings: [
    {
      id: 'standby-ready',
      severity: 'warning',
      clusterId: ACK_ID,
      message: `Deployment orders/orders: ${STANDBY_NOT_READY}`,
      fix: 'Look at the pods of orders in ack-hangzhou on the Kubernetes tab: why are 2 of 3 not ready?',
      link: {
        title: 'Kubernetes tab',
        url: '/catalog/default/component/orders/kubernetes',
      },
    },
    {
      id: 'standby-serving',
      severity: 'warning',
      clusterId: ACK_ID,
      message:
        'Standby ack-hangzhou serves 25% of orders.example.com/ although the policy makes it a standby: no weight is declared, so the gateway splits traffic by ready pods.',
      fix: 'Declare the weights in the Fleet Ingress orders (e.g. 100% to idc-k8s), or make the service active-active in ack-one/cluster-roles.',
    },
    {
      id: 'standby-capacity',
      severity: 'warning',
      clusterId: ACK_ID,
      message:
        'ack-hangzhou could not carry all traffic: it can run 3 replicas against a load of 4 ready in the serving clusters.',
      fix: 'Raise the replicas (or the HPA maximum) of orders in ack-hangzhou to at least 4.',
    },
  ],
};

const UNREACHABLE = 'The API server did not answer within 5 s.';

/** `web-demo` while `ack-hangzhou` has been unreachable for 42 s. */
export const webDemoAckUnreachable: DrStatus = {
  ...webDemoInParity,
  clusters: [
    webDemoInParity.clusters[0],
    {
      ...webDemoInParity.clusters[1],
      reachable: false,
      lastSyncAt: '2025-06-01T07:59:23.000Z',
      staleSeconds: 42,
      message: UNREACHABLE,
    },
  ],
  workloads: [
    {
      ...webDemoInParity.workloads[0],
      parity: {
        state: 'unknown',
        findings: [
          {
            state: 'unknown',
            rule: 'stale-data',
            clusterId: ACK_ID,
            numbers: { staleSeconds: 42 },
            message: 'ack-hangzhou is unreachable; its figures are 42 s old.',
          },
        ],
      },
    },
  ],
  parity: {
    state: 'unknown',
    findings: [
      {
        state: 'unknown',
        rule: 'stale-data',
        clusterId: ACK_ID,
        numbers: { staleSeconds: 42 },
        message: 'ack-hangzhou is unreachable; its figures are 42 s old.',
      },
    ],
  },
  state: 'site-unreachable',
  warnings: [
    {
      id: 'site-unreachable',
      severity: 'critical',
      clusterId: ACK_ID,
      message: `ack-hangzhou is unreachable; what is shown for it is 42 s old. ${UNREACHABLE}`,
      fix: 'Check the cluster in the ACK console; the figures shown for it are the last known.',
      link: { title: 'ACK console', url: consoleUrl(ACK_ID) },
    },
  ],
};

/** Malformed annotations: no policy, nothing else to show. */
export const annotationProblems: DrStatus = {
  entityRef: 'component:default/web-demo',
  generatedAt: GENERATED_AT,
  state: 'unknown',
  problems: [
    {
      severity: 'error',
      annotation: 'ack-one/cluster-roles',
      message:
        'ack-one/cluster-roles gives cluster "idc-k8s" the role "leader"; roles are primary, standby and active',
    },
    {
      severity: 'error',
      annotation: 'ack-one/rto',
      message:
        'ack-one/rto is "soon"; write a duration such as "90s", "5m", "1h30m" or "PT5M"',
    },
  ],
  clusters: [],
  workloads: [],
  parity: { state: 'unknown', findings: [] },
  gateway: { reachable: true, routes: [], issues: [] },
  capacity: [],
  warnings: [],
};

/** When the gateway failed web-demo over to ack-hangzhou. */
export const FAILED_OVER_SINCE = '2025-06-01T07:59:12.000Z';

/**
 * `web-demo` after every IDC pod went unready: the gateway serves all of
 * `example.com/svc1` from ack-hangzhou although 50% is declared for idc-k8s.
 */
export const webDemoFailedOver: DrStatus = {
  ...webDemoInParity,
  state: 'failed-over',
  failedOver: { from: [IDC_ID], to: [ACK_ID], since: FAILED_OVER_SINCE },
  workloads: [
    {
      ...webDemoInParity.workloads[0],
      clusters: webDemoInParity.workloads[0].clusters.map(c =>
        c.clusterId === IDC_ID ? { ...c, ready: 0, available: 0 } : c,
      ),
      parity: {
        state: 'degraded',
        findings: [
          {
            state: 'degraded',
            rule: 'primary-ready',
            clusterId: IDC_ID,
            message: 'idc-k8s has 0 of 2 replicas ready.',
          },
        ],
      },
    },
  ],
  parity: {
    state: 'degraded',
    findings: [
      {
        state: 'degraded',
        rule: 'primary-ready',
        clusterId: IDC_ID,
        message:
          'Deployment web-demo/web-demo: idc-k8s has 0 of 2 replicas ready.',
      },
    ],
  },
  gateway: {
    ...webDemoInParity.gateway,
    routes: [
      {
        ...webDemoInParity.gateway.routes[0],
        effective: { [ACK_ID]: 100 },
      },
    ],
  },
  capacity: [
    { ...webDemoInParity.capacity[0], ready: 0, load: 2 },
    {
      ...webDemoInParity.capacity[1],
      load: 2,
      canCarryAllNow: true,
      canCarryAllAfterScaling: true,
    },
  ],
  warnings: [
    {
      id: 'failed-over',
      severity: 'critical',
      clusterId: IDC_ID,
      message:
        'Route example.com /svc1: idc-k8s is declared 50% but gets 0% because it has no ready replica; the gateway fails its share over to ack-hangzhou.',
      fix: 'Find why the pods of web-demo in idc-k8s are not ready on the Kubernetes tab.',
      link: {
        title: 'Kubernetes tab',
        url: '/catalog/default/component/web-demo/kubernetes',
      },
    },
  ],
};

/** The Fleet's gateway, as `GET /v1/fleets/{fleetId}/gateway` answers it. */
export const fleetGateway: DrGatewayOverview = {
  fleetId: FLEET_ID,
  fleetName: 'ackone-fleet',
  reachable: true,
  lastSyncAt: SYNCED_AT,
  generatedAt: GENERATED_AT,
  gateways: [
    {
      name: 'ackone-gateway',
      kind: 'MseIngressConfig',
      status: 'Listening',
      address: '47.96.10.20',
      ingressClasses: ['mse'],
      entityRef: 'resource:default/ackone-gateway',
    },
  ],
  routes: [
    {
      ...webDemoInParity.gateway.routes[0],
      entityRefs: ['component:default/web-demo'],
      healthKnown: true,
    },
    {
      ...ordersStandbyNotReady.gateway.routes[0],
      headerRoutes: [],
      entityRefs: ['component:default/orders'],
      healthKnown: true,
    },
    {
      id: 'reports.example.com /',
      host: 'reports.example.com',
      path: '/',
      namespace: 'reports',
      service: 'reports',
      ingresses: ['reports'],
      declared: {},
      declaredByPods: 100,
      byPods: {},
      effective: {},
      headerRoutes: [],
      entityRefs: [],
      healthKnown: false,
    },
  ],
  issues: [],
};

/** The gateway's catalog entity, as the ACK One entity provider writes it. */
export const gatewayEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'ackone-gateway',
    namespace: 'default',
    annotations: {
      'ack-one/fleet-id': FLEET_ID,
      'ack-one/gateway-kind': 'MseIngressConfig',
      'ack-one/gateway-status': 'Listening',
      'ack-one/gateway-address': '47.96.10.20',
      'ack-one/gateway-ingress-class': 'mse',
    },
  },
  spec: { type: 'multi-cluster-gateway', owner: 'platform' },
};
