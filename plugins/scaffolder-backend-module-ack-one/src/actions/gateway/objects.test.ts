import {
  GatewayRoute,
  parseGatewayIngresses,
  effectiveWeights,
} from '@internal/plugin-ack-one-common';
import { appRouteObjects, gatewayObjects } from './objects';

const IDC = 'c-idc';
const ACK = 'c-ack';

function routeOf(spec: Parameters<typeof appRouteObjects>[0]): GatewayRoute {
  const ingresses = appRouteObjects(spec).filter(o => o.kind === 'Ingress');
  const { routes, issues } = parseGatewayIngresses(ingresses as any);
  expect(issues.filter(i => i.severity === 'error')).toEqual([]);
  expect(routes).toHaveLength(1);
  return routes[0];
}

const base = {
  namespace: 'shop',
  name: 'shop',
  host: 'shop.example.com',
  path: '/',
  serviceName: 'shop',
  servicePort: 80,
  ingressClass: 'mse',
  kubernetesId: 'shop',
};

describe('gateway objects', () => {
  it('names the member clusters on the MseIngressConfig and links its IngressClass', () => {
    const [config, cls] = gatewayObjects({
      name: 'gw',
      instanceName: 'mse-ingress',
      ingressClass: 'mse',
      clusterIds: [IDC, ACK],
      vSwitchId: 'vsw-1',
      instanceSpec: '2c4g',
      replicas: 3,
    });
    expect(config.metadata.annotations).toEqual({
      'mse.alibabacloud.com/remote-clusters': `${IDC},${ACK}`,
    });
    expect(cls.spec.parameters).toEqual({
      apiGroup: 'mse.alibabacloud.com',
      kind: 'MseIngressConfig',
      name: 'gw',
    });
  });

  it('splits traffic by weight between the pinned base and the canary cluster', () => {
    const route = routeOf({
      ...base,
      routing: {
        mode: 'weight',
        baseClusterId: IDC,
        canaryClusterId: ACK,
        canaryWeight: 30,
      },
    });
    expect(effectiveWeights(route, { [IDC]: 2, [ACK]: 2 })).toEqual({
      [IDC]: 70,
      [ACK]: 30,
    });
  });

  it('routes a header to the canary cluster and labels the namespace', () => {
    const objects = appRouteObjects({
      ...base,
      routing: {
        mode: 'header',
        baseClusterId: IDC,
        canaryClusterId: ACK,
        header: 'x-cluster',
        value: 'ack',
      },
    });
    expect(objects[0].metadata.labels).toEqual({
      'backstage.io/kubernetes-id': 'shop',
    });
    const route = routeOf({
      ...base,
      routing: {
        mode: 'header',
        baseClusterId: IDC,
        canaryClusterId: ACK,
        header: 'x-cluster',
        value: 'ack',
      },
    });
    expect(route.canaries[0].header).toEqual({
      name: 'x-cluster',
      value: 'ack',
    });
  });

  it('leaves a pod-count route unpinned, without a canary', () => {
    const objects = appRouteObjects({
      ...base,
      routing: { mode: 'pod-count' },
    });
    expect(objects.map(o => o.kind)).toEqual(['Namespace', 'Ingress']);
    expect(
      routeOf({ ...base, routing: { mode: 'pod-count' } }).base.clusterId,
    ).toBeUndefined();
  });
});
