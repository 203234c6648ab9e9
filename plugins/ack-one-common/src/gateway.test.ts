import {
  effectiveWeights,
  GATEWAY_ANNOTATIONS as A,
  IngressLike,
  isMseIngress,
  parseGatewayIngresses,
  parseSubsetLabels,
} from './gateway';

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

describe('parseGatewayIngresses', () => {
  it('follows pod counts without weights', () => {
    const { routes, issues } = parseGatewayIngresses([ing('a')]);
    expect(issues).toEqual([]);
    expect(routes).toHaveLength(1);
    expect(effectiveWeights(routes[0], { [IDC]: 3, [ACK]: 1 })).toEqual({
      [IDC]: 75,
      [ACK]: 25,
    });
  });

  it('pins a cluster with service-subset and subset-labels', () => {
    const { routes } = parseGatewayIngresses([ing('a', pin(IDC))]);
    expect(routes[0].base).toMatchObject({
      clusterId: IDC,
      subsetLabels: { 'topology.istio.io/cluster': IDC },
    });
    expect(effectiveWeights(routes[0], { [IDC]: 2, [ACK]: 2 })).toEqual({
      [IDC]: 100,
    });
  });

  it('weights a canary cluster (nginx and mse prefixes)', () => {
    for (const prefix of [
      'nginx.ingress.kubernetes.io/',
      'mse.ingress.kubernetes.io/',
    ]) {
      const { routes, issues } = parseGatewayIngresses([
        ing('a', pin(IDC)),
        ing('b', {
          ...pin(ACK),
          [`${prefix}canary`]: 'true',
          [`${prefix}canary-weight`]: '20',
        }),
      ]);
      expect(issues).toEqual([]);
      expect(effectiveWeights(routes[0], { [IDC]: 2, [ACK]: 2 })).toEqual({
        [IDC]: 80,
        [ACK]: 20,
      });
    }
  });

  it('supports canary-weight-total', () => {
    const { routes } = parseGatewayIngresses([
      ing('a', pin(IDC)),
      ing('b', {
        ...pin(ACK),
        [A.canary]: 'true',
        [A.canaryWeight]: '1',
        [A.canaryWeightTotal]: '4',
      }),
    ]);
    expect(effectiveWeights(routes[0], { [IDC]: 1, [ACK]: 1 })).toEqual({
      [IDC]: 75,
      [ACK]: 25,
    });
  });

  it('fails over to healthy clusters', () => {
    const { routes } = parseGatewayIngresses([
      ing('a', pin(IDC)),
      ing('b', { ...pin(ACK), [A.canary]: 'true', [A.canaryWeight]: '50' }),
    ]);
    expect(effectiveWeights(routes[0], { [IDC]: 2, [ACK]: 2 })).toEqual({
      [IDC]: 50,
      [ACK]: 50,
    });
    expect(effectiveWeights(routes[0], { [IDC]: 0, [ACK]: 2 })).toEqual({
      [ACK]: 100,
    });
    expect(effectiveWeights(routes[0], { [IDC]: 2, [ACK]: 0 })).toEqual({
      [IDC]: 100,
    });
    expect(effectiveWeights(routes[0], { [IDC]: 0, [ACK]: 0 })).toEqual({});
  });

  it('reports malformed annotations without throwing', () => {
    const { routes, issues } = parseGatewayIngresses([
      ing('a', { [A.serviceSubset]: IDC, [A.subsetLabels]: '!!bad line!!' }),
      ing('b', {
        [A.canary]: 'true',
        [A.canaryWeight]: 'abc',
        [A.canaryByHeader]: 'bad header',
        [A.canaryByHeaderPattern]: '(',
      }),
      ing('c', { [A.canary]: 'yes' }, 'other.example.com'),
      ing(
        'd',
        { [A.canary]: 'true', [A.canaryWeight]: '10' },
        'orphan.example.com',
      ),
      ing('e', { [A.canary]: 'true', [A.canaryWeight]: '150', ...pin(ACK) }),
      {
        metadata: { name: 'f', namespace: 'x' },
        spec: {
          rules: [
            {
              host: 'f',
              http: { paths: [{ path: '/', backend: { resource: {} } }] },
            },
          ],
        },
      },
      { metadata: { name: 'g' } } as IngressLike,
      ing(
        'h',
        {
          [A.canaryWeight]: '10',
          'mse.ingress.kubernetes.io/destination':
            '60% foo.default.svc.cluster.local:80',
        },
        'h.example.com',
      ),
    ]);
    const msgs = issues.map(i => `${i.ingress}: ${i.message}`).join('\n');
    expect(msgs).toMatch(/web-demo\/a: subset-labels entry "!!bad line!!"/);
    expect(msgs).toMatch(/canary-weight "abc" is not a non-negative integer/);
    expect(msgs).toMatch(
      /canary-by-header "bad header" is not a valid header name/,
    );
    expect(msgs).toMatch(/canary must be "true" or "false", got "yes"/);
    expect(msgs).toMatch(/canary for orphan.example.com \/svc1 has no main/);
    expect(msgs).toMatch(/canary-weight 150 exceeds the total 100; capped/);
    expect(msgs).toMatch(/x\/f: path \/ has no service backend/);
    expect(msgs).toMatch(/default\/g: ingress has no rules/);
    expect(msgs).toMatch(/canary-weight has no effect without canary/);
    expect(msgs).toMatch(/destination is not modelled/);
    expect(routes.map(r => r.id).sort()).toEqual([
      'example.com /svc1',
      'h.example.com /svc1',
      'other.example.com /svc1',
    ]);
    // the capped canary takes everything from the base
    expect(
      effectiveWeights(routes.find(r => r.id === 'example.com /svc1')!, {
        [IDC]: 1,
        [ACK]: 1,
      }),
    ).toEqual({ [ACK]: 100 });
  });

  it('filters by IngressClass controller', () => {
    const classes = [
      {
        metadata: { name: 'mse' },
        spec: { controller: 'mse.alibabacloud.com/ingress' },
      },
      {
        metadata: { name: 'nginx' },
        spec: { controller: 'k8s.io/ingress-nginx' },
      },
    ];
    const other = ing('n');
    other.spec!.ingressClassName = 'nginx';
    expect(isMseIngress(ing('a'), classes)).toBe(true);
    expect(isMseIngress(other, classes)).toBe(false);
    const r = parseGatewayIngresses([ing('a'), other], {
      ingressClasses: classes,
    });
    expect(r.routes).toHaveLength(1);
    expect(r.issues[0]).toMatchObject({
      severity: 'info',
      ingress: 'web-demo/n',
    });
  });

  it('parses subset-labels forms', () => {
    expect(parseSubsetLabels('a b\nc=d, e: f')).toEqual({
      labels: { a: 'b', c: 'd', e: 'f' },
    });
    expect(parseSubsetLabels('').error).toBeDefined();
  });
});
