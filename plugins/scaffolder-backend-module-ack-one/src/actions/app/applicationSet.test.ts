import { applicationSetOf, AppSetSpec, checkAppSpec } from './applicationSet';

const spec: AppSetSpec = {
  name: 'shop',
  namespace: 'shop',
  clusters: [
    { clusterId: 'c-idc', clusterName: 'idc-k8s', replicas: 3 },
    { clusterId: 'c-ack', clusterName: 'ack-hangzhou' },
  ],
  repoURL: 'https://example.com/charts.git',
  path: 'charts/shop',
  targetRevision: 'main',
  helm: { parameters: { replicaCount: '2', image: 'shop:1' } },
  serviceName: 'shop',
  clusterIdParameter: 'clusterId',
  catalog: {
    owner: 'group:default/team-a',
    clusterRoles: 'idc-k8s=primary,ack-hangzhou=standby',
    minStandbyCapacity: 50,
    rto: '5m',
  },
};

describe('applicationSetOf', () => {
  it('deploys one Application per cluster with the same namespace and Service', () => {
    const appSet = applicationSetOf(spec);
    expect(appSet.metadata).toMatchObject({
      name: 'shop',
      namespace: 'argocd',
      annotations: {
        'backstage.io/owner': 'group:default/team-a',
        'backstage.io/kubernetes-id': 'shop',
        'backstage.io/kubernetes-namespace': 'shop',
        'ack-one/cluster-roles': 'idc-k8s=primary,ack-hangzhou=standby',
        'ack-one/min-standby-capacity': '50',
        'ack-one/rto': '5m',
      },
    });
    expect(appSet.spec.generators[0].list.elements).toEqual([
      { clusterId: 'c-idc', clusterName: 'idc-k8s', replicaCount: '3' },
      { clusterId: 'c-ack', clusterName: 'ack-hangzhou', replicaCount: '2' },
    ]);
    const template = appSet.spec.template.spec;
    expect(template.destination).toEqual({
      name: '{{.clusterName}}',
      namespace: 'shop',
    });
    expect(template.source.helm.parameters).toEqual(
      expect.arrayContaining([
        { name: 'clusterId', value: '{{.clusterId}}' },
        { name: 'service.name', value: 'shop' },
        { name: 'replicaCount', value: '{{.replicaCount}}' },
        { name: 'image', value: 'shop:1' },
      ]),
    );
    expect(template.syncPolicy.managedNamespaceMetadata).toEqual({
      labels: { 'backstage.io/kubernetes-id': 'shop' },
    });
  });

  it('keeps per-cluster replicas out when none are given', () => {
    const appSet = applicationSetOf({
      ...spec,
      clusters: spec.clusters.map(c => ({ ...c, replicas: undefined })),
    });
    expect(appSet.spec.generators[0].list.elements[0]).toEqual({
      clusterId: 'c-idc',
      clusterName: 'idc-k8s',
    });
  });
});

describe('checkAppSpec', () => {
  it('accepts a sound policy', () => {
    expect(() => checkAppSpec(spec)).not.toThrow();
  });

  it('lists each problem the DR tab would report', () => {
    expect(() =>
      checkAppSpec({
        ...spec,
        name: 'Shop_1',
        catalog: {
          owner: 'group:default/team-a',
          clusterRoles: 'other=primary,ack-hangzhou=standby',
          minStandbyCapacity: 150,
          rto: 'later',
        },
      }),
    ).toThrow(
      'name "Shop_1" is not a DNS label (lower-case letters, digits, hyphens); ack-one/cluster-roles names other, not among the clusters deployed to (idc-k8s, ack-hangzhou); ack-one/min-standby-capacity is "150"; write a whole percentage of the primary between 1 and 100, such as "100" or "50%"; ack-one/rto "later" is not a duration such as 5m',
    );
  });
});
