import type { DrWorkloadInput } from '@internal/plugin-ack-one-common';
import type { WorkloadWithHpa } from './WatchedCluster';

/** A watched workload (and its HPA) as the DR status rules read it. */
export function toWorkloadInput(
  clusterId: string,
  w: WorkloadWithHpa,
): DrWorkloadInput {
  return {
    clusterId,
    kind: w.kind,
    namespace: w.namespace,
    name: w.name,
    desired: w.desired,
    ready: w.ready,
    available: w.available,
    updated: w.updated,
    images: w.images,
    hpa: w.hpa && {
      name: w.hpa.name,
      minReplicas: w.hpa.minReplicas,
      maxReplicas: w.hpa.maxReplicas,
      currentReplicas: w.hpa.currentReplicas,
      desiredReplicas: w.hpa.desiredReplicas,
    },
  };
}
