import type { IngressLike } from '@internal/plugin-ack-one-common';
import {
  FAILOVER_MARKER_ANNOTATION,
  planLayout,
  recordBefore,
  targetsFor,
} from './gatewayPlan';

const IDC = 'cidc';
const ACK = 'cack';
const clusters = [
  { clusterId: IDC, name: 'idc-k8s', location: 'idc' },
  { clusterId: ACK, name: 'ack-hangzhou', location: 'cloud' },
];

function ing(
  name: string,
  annotations: Record<string, string> = {},
  host = 'example.com',
): IngressLike {
  return {
    metadata: { name, namespace: 'shop', annotations },
    spec: {
      ingressClassName: 'mse',
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path: '/',
                backend: { service: { name: 'svc', port: { number: 80 } } },
              },
            ],
          },
        },
      ],
    },
  };
}

const pin = (c: string) => ({
  'mse.ingress.kubernetes.io/service-subset': c,
  'mse.ingress.kubernetes.io/subset-labels': `topology.istio.io/cluster ${c}`,
});
const canary = (c: string, w: string, extra: Record<string, string> = {}) => ({
  ...pin(c),
  'nginx.ingress.kubernetes.io/canary': 'true',
  'nginx.ingress.kubernetes.io/canary-weight': w,
  ...extra,
});

describe('planLayout', () => {
  it('uses a pinned base and its canary as they are', () => {
    const { layout } = planLayout(
      [ing('web', pin(IDC)), ing('web-canary', canary(ACK, '50'))],
      clusters,
    );
    expect(layout!.routes).toEqual([
      {
        namespace: 'shop',
        base: 'web',
        baseCluster: IDC,
        pinBase: false,
        canary: 'web-canary',
        canaryCluster: ACK,
        createCanary: false,
        weightTotal: 100,
      },
    ]);
  });

  it('pins a base that follows pod counts to the IDC and creates a canary for the other cluster', () => {
    const { layout } = planLayout([ing('orders')], clusters);
    expect(layout!.routes[0]).toMatchObject({
      baseCluster: IDC,
      pinBase: true,
      canary: 'orders-failover',
      canaryCluster: ACK,
      createCanary: true,
    });
  });

  it('explains what it cannot express', () => {
    expect(planLayout([ing('web')], clusters.slice(0, 1)).error).toBe(
      'the service runs in 1 cluster of its Fleet; a failover moves traffic between exactly two (the IDC and the ACK cluster)',
    );
    expect(planLayout([], clusters).error).toMatch(
      /no route on the Fleet gateway/,
    );
    expect(
      planLayout(
        [
          ing('web', pin(IDC)),
          ing('c1', canary(ACK, '10')),
          ing('c2', canary(ACK, '20')),
        ],
        clusters,
      ).error,
    ).toBe(
      'Ingress shop/web has 2 weighted canary Ingresses (shop/c1, shop/c2); a failover shifts routes with one',
    );
    expect(
      planLayout([ing('web', pin(ACK)), ing('c', canary(ACK, '10'))], clusters)
        .error,
    ).toBe(
      'Ingress shop/web and its canary shop/c are pinned to the same cluster; pin them to different clusters',
    );
    expect(
      planLayout(
        [ing('web', pin(IDC)), ing('c', canary('elsewhere', '10'))],
        clusters,
      ).error,
    ).toMatch(/canary Ingress shop\/c is not pinned to a member cluster/);
  });
});

describe('targetsFor', () => {
  it('writes the share of the canary cluster as its weight (0 and 100 included), of canary-weight-total', () => {
    const ingresses = [
      ing('web', pin(IDC)),
      ing(
        'web-canary',
        canary(ACK, '50', {
          'nginx.ingress.kubernetes.io/canary-weight-total': '1000',
        }),
      ),
    ];
    const { layout } = planLayout(ingresses, clusters);
    const annotations = (w: Record<string, number>) =>
      targetsFor(layout!, w, 'r', () => undefined).map(t => t.annotations);
    expect(annotations({ [IDC]: 0, [ACK]: 100 })).toEqual([
      {
        'nginx.ingress.kubernetes.io/canary': 'true',
        'nginx.ingress.kubernetes.io/canary-weight': '1000',
      },
    ]);
    expect(
      annotations({ [IDC]: 75, [ACK]: 25 })[0][
        'nginx.ingress.kubernetes.io/canary-weight'
      ],
    ).toBe('250');
    expect(
      annotations({ [IDC]: 100, [ACK]: 0 })[0][
        'nginx.ingress.kubernetes.io/canary-weight'
      ],
    ).toBe('0');
  });

  it('keeps the mse.ingress.kubernetes.io/ prefix an Ingress uses', () => {
    const mse = {
      ...pin(ACK),
      'mse.ingress.kubernetes.io/canary': 'true',
      'mse.ingress.kubernetes.io/canary-weight': '10',
    };
    const { layout } = planLayout(
      [ing('web', pin(IDC)), ing('c', mse)],
      clusters,
    );
    const [t] = targetsFor(layout!, { [IDC]: 40, [ACK]: 60 }, 'r', () => mse);
    expect(t.annotations).toEqual({
      'mse.ingress.kubernetes.io/canary': 'true',
      'mse.ingress.kubernetes.io/canary-weight': '60',
    });
  });

  it('creates the canary first, marked with the request, then pins the base; records what was there before', () => {
    const base = ing('orders');
    const { layout } = planLayout([base], clusters);
    const targets = targetsFor(
      layout!,
      { [IDC]: 0, [ACK]: 100 },
      'req-7',
      () => undefined,
    );
    expect(targets.map(t => [t.name, t.createFrom?.base])).toEqual([
      ['orders-failover', 'orders'],
      ['orders', undefined],
    ]);
    expect(targets[0].annotations[FAILOVER_MARKER_ANNOTATION]).toBe('req-7');
    expect(targets[1].annotations).toEqual(pin(IDC));
    const before = recordBefore(targets, (_, n) =>
      n === 'orders' ? base : undefined,
    );
    expect(before).toEqual([
      expect.objectContaining({
        name: 'orders-failover',
        existed: false,
        annotations: {},
      }),
      expect.objectContaining({
        name: 'orders',
        existed: true,
        annotations: {},
        keys: Object.keys(pin(IDC)),
      }),
    ]);
  });
});
