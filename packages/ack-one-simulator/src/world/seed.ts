import type { KubeServer } from '../kube/KubeServer';
import { CRD_TYPES } from '../kube/resources';
import { nowRfc3339 } from '../kube/Store';
import { ARGOCD_NAMESPACE } from './constants';
import type { ServerKind } from './World';

type CrdType = (typeof CRD_TYPES)[number];

function seedNode(name: string, kind: ServerKind, i: number) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `${name}-node-${i}`,
      labels: {
        'kubernetes.io/hostname': `${name}-node-${i}`,
        'kubernetes.io/os': 'linux',
        'topology.kubernetes.io/zone': kind === 'idc' ? 'idc' : `zone-${i}`,
      },
    },
    status: {
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          reason: 'KubeletReady',
          lastTransitionTime: nowRfc3339(),
        },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.31.1-aliyun.1',
        containerRuntimeVersion: 'containerd://1.6.28',
        osImage: 'Alibaba Cloud Linux 3',
        architecture: 'amd64',
      },
      capacity: { cpu: '8', memory: '32Gi', pods: '110' },
      allocatable: { cpu: '7800m', memory: '30Gi', pods: '110' },
    },
  };
}

function seedCrd(t: CrdType) {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${t.plural}.${t.group}` },
    spec: {
      group: t.group,
      names: {
        kind: t.kind,
        plural: t.plural,
        singular: t.singular,
        listKind: `${t.kind}List`,
        ...(t.shortNames ? { shortNames: t.shortNames } : {}),
      },
      scope: t.namespaced ? 'Namespaced' : 'Cluster',
      versions: [
        {
          name: t.version,
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              'x-kubernetes-preserve-unknown-fields': true,
            },
          },
          ...(t.subresources?.includes('status')
            ? { subresources: { status: {} } }
            : {}),
        },
      ],
    },
    status: {
      conditions: [{ type: 'Established', status: 'True' }],
      acceptedNames: { kind: t.kind, plural: t.plural },
    },
  };
}

/**
 * Seeds a fresh API server with the base objects of a new cluster:
 * namespaces, nodes (none in a Fleet) and the CRDs the simulator serves.
 */
export function seedServer(server: KubeServer, name: string, kind: ServerKind) {
  const api = server.api;
  for (const ns of [
    'default',
    'kube-system',
    'kube-public',
    'kube-node-lease',
    ...(kind === 'fleet' ? [ARGOCD_NAMESPACE] : []),
  ]) {
    api.upsert({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  }
  const nodes = kind === 'fleet' ? 0 : 2;
  for (let i = 1; i <= nodes; i++) api.upsert(seedNode(name, kind, i));
  for (const t of CRD_TYPES) api.upsert(seedCrd(t));
}
