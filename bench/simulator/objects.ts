/*
 * 1. 10,000 objects held by one cluster: 5,000 Deployments with 0 replicas
 *    and the ReplicaSets the controllers create for them.
 */
import type { Simulator } from '@internal/ack-one-simulator';
import { Row, sleep } from './stats';

export const DEPLOYMENTS = 5000;

function benchDeployment(i: number) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name: `bench-${String(i).padStart(5, '0')}`,
      namespace: 'bench',
      labels: { app: `bench-${i}`, tier: i % 2 ? 'odd' : 'even' },
    },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: `bench-${i}` } },
      template: {
        metadata: { labels: { app: `bench-${i}` } },
        spec: {
          containers: [
            {
              name: 'c',
              image: 'registry-cn-hangzhou.ack.aliyuncs.com/acs/web-demo:0.5.0',
              ports: [{ containerPort: 8080 }],
            },
          ],
        },
      },
    },
  };
}

/** Fills the IDC cluster's `bench` namespace; the heap and time it takes. */
export async function measureObjects(sim: Simulator): Promise<Row> {
  const api = sim.world.server('idc').api;
  api.upsert({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'bench' },
  });
  const heapBefore = process.memoryUsage().heapUsed;
  const t0 = performance.now();
  for (let i = 0; i < DEPLOYMENTS; i++) api.upsert(benchDeployment(i));
  // wait for the controllers to create the ReplicaSets (the demo world has 4)
  while (api.store.count('apps/replicasets') < DEPLOYMENTS + 4) await sleep(20);
  const createMs = performance.now() - t0;
  const held = api.store.count();
  const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1048576;
  return [
    'objects held in one cluster',
    '10,000',
    `${held.toLocaleString('en-US')}`,
    `created in ${(createMs / 1000).toFixed(2)} s, +${heapMb.toFixed(
      0,
    )} MB heap`,
  ];
}
