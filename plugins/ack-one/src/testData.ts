import { Entity } from '@backstage/catalog-model';

/** Sample entities, as the ACK One catalog provider writes them. */
export const fleetEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'fleet-hz',
    namespace: 'default',
    annotations: {
      'ack-one/account': 'default',
      'ack-one/cluster-id': 'cfleet0001',
      'ack-one/state': 'running',
      'ack-one/region': 'cn-hangzhou',
      'ack-one/vpc-id': 'vpc-fleet',
      'ack-one/gitops-enabled': 'true',
      'ack-one/gateway-enabled': 'false',
    },
  },
  spec: { type: 'ack-one-fleet', owner: 'group:default/platform' },
};

export const idcCluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'idc-prod',
    namespace: 'default',
    annotations: {
      'ack-one/account': 'default',
      'ack-one/cluster-id': 'cidc0001',
      'ack-one/cluster-type': 'ExternalKubernetes',
      'ack-one/location': 'idc',
      'ack-one/region': 'cn-hangzhou',
      'ack-one/zone': 'cn-hangzhou-idc',
      'ack-one/vpc-id': 'vpc-idc',
      'ack-one/state': 'running',
      'ack-one/kubernetes-version': '1.31.1',
      'ack-one/fleet-id': 'cfleet0001',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
};

export const ackCluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'ack-standby',
    namespace: 'default',
    annotations: {
      'ack-one/cluster-id': 'cack0001',
      'ack-one/cluster-type': 'ManagedKubernetes',
      'ack-one/location': 'cloud',
      'ack-one/region': 'cn-hangzhou',
      'ack-one/zone': 'cn-hangzhou-h',
      'ack-one/vpc-id': 'vpc-ack',
      'ack-one/state': 'disconnected',
      'ack-one/kubernetes-version': '1.32.1',
      'ack-one/fleet-id': 'cfleet0001',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
};

export const otherFleetCluster: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'elsewhere',
    namespace: 'default',
    annotations: {
      'ack-one/cluster-id': 'cother0001',
      'ack-one/cluster-type': 'ManagedKubernetes',
      'ack-one/state': 'running',
      'ack-one/fleet-id': 'cfleet9999',
    },
  },
  spec: { type: 'kubernetes-cluster', owner: 'group:default/platform' },
};

export const gatewayEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'fleet-hz-gateway',
    namespace: 'default',
    annotations: {
      'ack-one/fleet-id': 'cfleet0001',
      'ack-one/gateway-kind': 'MseIngressConfig',
      'ack-one/gateway-status': 'Listening',
      'ack-one/gateway-address': '47.0.0.10',
    },
  },
  spec: { type: 'multi-cluster-gateway', owner: 'group:default/platform' },
};

export const allEntities = [
  fleetEntity,
  idcCluster,
  ackCluster,
  otherFleetCluster,
  gatewayEntity,
];
