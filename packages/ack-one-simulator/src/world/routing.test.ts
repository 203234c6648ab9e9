import {
  GATEWAY_ANNOTATIONS as A,
  IngressLike,
  parseGatewayIngresses,
} from '@internal/plugin-ack-one-common';
import {
  compileRoute,
  findRoute,
  pickCluster,
  pickFromCompiled,
} from './routing';

const IDC = 'c-idc';
const ACK = 'c-ack';

function ing(
  name: string,
  annotations: Record<string, string> = {},
  host = 'example.com',
  path = '/svc1',
): IngressLike {
  return {
    metadata: { name, namespace: 'web-demo', annotations },
    spec: {
      ingressClassName: 'mse',
      rules: [
        {
          host,
          http: {
            paths: [
              {
                path,
                pathType: 'Prefix',
                backend: {
                  service: { name: 'service1', port: { number: 80 } },
                },
              },
            ],
          },
        },
      ],
    },
  };
}
const pin = (c: string) => ({
  [A.serviceSubset]: c,
  [A.subsetLabels]: `topology.istio.io/cluster ${c}`,
});

describe('gateway data plane routing', () => {
  it('selects by header value, pattern and always/never', () => {
    const { routes } = parseGatewayIngresses([
      ing('a', pin(IDC)),
      ing('b', {
        ...pin(ACK),
        [A.canary]: 'true',
        [A.canaryByHeader]: 'stage',
        [A.canaryByHeaderValue]: 'gray',
      }),
    ]);
    const h = { [IDC]: 1, [ACK]: 1 };
    expect(pickCluster(routes[0], { stage: 'gray' }, h)).toBe(ACK);
    expect(pickCluster(routes[0], { stage: 'other' }, h)).toBe(IDC);
    expect(pickCluster(routes[0], {}, h)).toBe(IDC);
    const p = parseGatewayIngresses([
      ing('a', pin(IDC)),
      ing('b', {
        ...pin(ACK),
        [A.canary]: 'true',
        [A.canaryByHeader]: 'x-user',
        [A.canaryByHeaderPattern]: 'test-.*',
      }),
    ]).routes[0];
    expect(pickCluster(p, { 'x-user': 'test-1' }, h)).toBe(ACK);
    expect(pickCluster(p, { 'x-user': 'prod' }, h)).toBe(IDC);
    const aw = parseGatewayIngresses([
      ing('a', pin(IDC)),
      ing('b', {
        ...pin(ACK),
        [A.canary]: 'true',
        [A.canaryByHeader]: 'canary',
        [A.canaryWeight]: '100',
      }),
    ]).routes[0];
    expect(pickCluster(aw, { canary: 'always' }, h)).toBe(ACK);
    expect(pickCluster(aw, { canary: 'never' }, h, () => 0.99)).toBe(ACK); // never skips the header rule; the weight still applies
  });

  it('answers no cluster when none is healthy, and skips an unhealthy header target', () => {
    const { routes } = parseGatewayIngresses([
      ing('a', pin(IDC)),
      ing('b', { ...pin(ACK), [A.canary]: 'true', [A.canaryWeight]: '50' }),
    ]);
    const c = compileRoute(routes[0], { [IDC]: 0, [ACK]: 0 });
    expect(pickFromCompiled(c, () => undefined)).toBeUndefined();
    const hdr = parseGatewayIngresses([
      ing('a', pin(IDC)),
      ing('b', {
        ...pin(ACK),
        [A.canary]: 'true',
        [A.canaryByHeader]: 'stage',
        [A.canaryByHeaderValue]: 'gray',
      }),
    ]).routes[0];
    expect(pickCluster(hdr, { stage: 'gray' }, { [IDC]: 1, [ACK]: 0 })).toBe(
      IDC,
    );
  });

  it('matches hosts and paths like Kubernetes', () => {
    const { routes } = parseGatewayIngresses([
      ing('a', {}, 'example.com', '/svc1'),
      ing('b', {}, 'example.com', '/'),
      ing('c', {}, '', '/svc1'),
    ]);
    expect(findRoute(routes, 'example.com:8080', '/svc1/x')?.path).toBe(
      '/svc1',
    );
    expect(findRoute(routes, 'example.com', '/svc10')?.path).toBe('/');
    expect(findRoute(routes, 'else.com', '/svc1')?.host).toBe('');
    expect(findRoute(routes, 'else.com', '/nope')).toBeUndefined();
  });
});
